// Type-checked by `tsc -p test/tsconfig.json` (never run): the generated declarations accept
// the documented uses and reject the wrong ones.
import { Linter, Report, FileReport, type Finding, type FileFinding, type Problem, type Severity, type Category, type Issue } from 'phi-lint'

const linter = new Linter({ select: ['ALL'], ignore: ['URL005'], allowTerms: ['Northgate'], redaction: 'label' })
new Linter()
new Linter({ baaProviders: ['twilio'], extendSelect: ['CMP002'] })
new Linter({ config: '.phi-lint.toml' })
new Linter({ config: { ignore: ['URL005'], 'baa-providers': ['twilio'] }, ignore: ['TR'] })

const file: FileReport = linter.checkFile('templates/sms/reminder.liquid', { channel: 'sms' })
const placed: FileFinding[] = file.findings
const where: [string, number, number] | undefined = placed[0] && [placed[0].path, placed[0].line, placed[0].column]
const keyPath: string | null | undefined = placed[0]?.part
const suppressedBy: 'inline' | 'baseline' | undefined = placed[0]?.suppressed?.kind
const problems: Problem[] = file.problems
const fileBlocks: boolean = file.blocks('error')

const report: Report = linter.check('See you Tue at 3 PM.', { channel: 'sms', syntax: 'handlebars' })
const findings: Finding[] = report.findings
const first: Finding | undefined = findings[0]
const category: Category | undefined = first?.category
const start: number | undefined = first?.start
const worst: Severity | null = report.maxSeverity
const blocked: boolean = report.blocks('warning')
const issues: Issue[] = report.issues
const span: [number, number] | undefined = issues[0]?.span
const json: { findings: Finding[]; issues: Issue[] } = report.toJSON()

linter.checkMessage({ subject: 'Your visit', text: 'See you soon', html: '<p>Hi</p>' })
linter.checkUrl('https://portal.example.org/m/7Hq2xK')
linter.checkPayload({ To: '+15555550123', Body: 'Hi' })
linter.checkPayload('{"To": "+15555550123"}')
const many: Report[] = linter.checkMany(['a', { text: 'b', channel: 'push' }], { channel: 'sms' })
async function later(): Promise<boolean> {
  const reports: Report[] = await linter.checkManyAsync(['a', 'b'])
  return reports.every((r) => r.clean)
}

// @ts-expect-error: not a channel
linter.check('x', { channel: 'fax' })
// @ts-expect-error: not a severity
report.blocks('fatal')
// @ts-expect-error: text must be a string
linter.check(42)
// @ts-expect-error: not a redaction
new Linter({ redaction: 'partial' })
// @ts-expect-error: options use camelCase
new Linter({ allow_terms: ['x'] })
// @ts-expect-error: config is a path or an object
new Linter({ config: 5 })
// @ts-expect-error: findings are read-only data, not a method
report.findings()

export { category, start, worst, blocked, span, json, many, later, where, keyPath, suppressedBy, problems, fileBlocks }
