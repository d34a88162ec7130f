import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { phiLint, PHI_SMS } from './helpers.mjs'

const { Linter, FileReport } = phiLint

/** A scratch project (with `.git`, so config discovery stops there) holding `files`. */
function project(files) {
  const root = mkdtempSync(join(tmpdir(), 'phi-lint-node-'))
  mkdirSync(join(root, '.git'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

const FILE_FINDING_FIELDS = ['path', 'rule', 'name', 'category', 'phi', 'severity', 'message', 'location', 'line', 'column', 'end_line', 'end_column', 'start', 'end', 'part', 'fingerprint', 'fix', 'suppressed']

test('checkFile: findings placed in the file with the CLI JSON fields', (t) => {
  const root = project({ 'templates/sms/lab.txt': `Hi there,\n${PHI_SMS}\n` })
  t.after(() => rmSync(root, { recursive: true, force: true }))
  const path = join(root, 'templates/sms/lab.txt')
  const report = new Linter().checkFile(path)
  assert.ok(report instanceof FileReport)
  assert.equal(report.path, path)
  assert.equal(report.blocks('warning'), true)
  assert.equal(report.clean, false)
  assert.equal(report.maxSeverity, 'error')
  const hiv = report.findings.find((f) => f.category === 'diagnosis')
  assert.ok(hiv)
  assert.deepEqual(Object.keys(hiv), FILE_FINDING_FIELDS)
  assert.equal(hiv.path, path)
  assert.deepEqual([hiv.line, hiv.column], [2, 6])
  assert.equal(hiv.phi, true)
  assert.equal(hiv.suppressed, null)
  assert.ok(!JSON.stringify(report).includes('HIV'), 'no file text in the report')
  assert.deepEqual(report.problems, [])
})

test('checkFile: i18n keys, inline suppressions, channel override, problems', (t) => {
  const root = project({
    'config/locales/en.yml': 'en:\n  reminders:\n    sms_body: "Your HIV test results are ready"\n',
    'email/legacy.hbs': '{{!-- phi-lint: ignore-next-line[URL010] -- legacy portal, PRIV-142 --}}\nSee http://legacy.example.org/portal\n',
    'notes.txt': 'Your appointment is Tue at 3 PM.',
    'broken.hbs': 'Hi {{first_name',
  })
  t.after(() => rmSync(root, { recursive: true, force: true }))
  const linter = new Linter()
  const i18n = linter.checkFile(join(root, 'config/locales/en.yml')).findings
  assert.ok(i18n.some((f) => f.part === 'en.reminders.sms_body' && f.line === 3))

  const legacy = linter.checkFile(join(root, 'email/legacy.hbs'))
  const insecure = legacy.findings.find((f) => f.rule === 'URL010')
  assert.deepEqual(insecure.suppressed, { kind: 'inline', reason: 'legacy portal, PRIV-142' })
  assert.equal(legacy.blocks('info'), false, 'a suppressed finding does not block')
  assert.equal(legacy.clean, true)
  assert.equal(legacy.maxSeverity, null)

  const asUrl = linter.checkFile(join(root, 'email/legacy.hbs'), { channel: 'sms', syntax: 'plain' })
  assert.ok(asUrl instanceof FileReport)
  assert.throws(() => linter.checkFile(join(root, 'notes.txt'), { channel: 'fax' }), /unknown channel `fax`/)

  const broken = linter.checkFile(join(root, 'broken.hbs'))
  assert.ok(broken.problems.length > 0)
  assert.deepEqual(Object.keys(broken.problems[0]), ['path', 'line', 'column', 'message'])
})

test('checkFile: an unreadable path throws an Error naming the path, not content', () => {
  const missing = join(tmpdir(), 'phi-lint-node-missing', 'nope.txt')
  assert.throws(() => new Linter().checkFile(missing), (e) => e instanceof Error && e.message.includes('nope.txt'))
  assert.throws(() => new Linter().checkFile(tmpdir()), Error)
  assert.throws(() => new Linter().checkFile(7), Error)
})

test('config: a file path, a directory to discover from, an object', (t) => {
  const root = project({
    '.phi-lint.toml': 'ignore = ["DX006"]\n\n[channels]\nurl = ["links/**"]\n',
    'app/src/notify.js': '',
    'links/portal.txt': 'http://portal.example.org/visit',
  })
  t.after(() => rmSync(root, { recursive: true, force: true }))
  const rules = (linter) => linter.check(PHI_SMS).findings.map((f) => f.rule)
  assert.ok(rules(new Linter()).includes('DX006'))
  assert.ok(!rules(new Linter({ config: join(root, '.phi-lint.toml') })).includes('DX006'))
  const discovered = new Linter({ config: join(root, 'app/src') })
  assert.ok(!rules(discovered).includes('DX006'), 'discovered from a directory below')
  // The configuration's [channels] reach checkFile.
  const link = discovered.checkFile(join(root, 'links/portal.txt')).findings
  assert.ok(link.some((f) => f.category === 'insecure_link'))

  assert.ok(!rules(new Linter({ config: { ignore: ['DX006'] } })).includes('DX006'))
  const allowed = new Linter({ config: { allow: [{ term: 'Northgate Cancer Center', reason: 'our legal name' }], 'baa-providers': ['twilio'] } })
  assert.ok(allowed.check('Northgate Cancer Center: see you Tue at 3 PM.').clean)
  // Options apply on top of the configuration.
  const both = new Linter({ config: { ignore: ['DX006'] }, ignore: ['TR001'] })
  assert.ok(!rules(both).some((r) => r === 'DX006' || r === 'TR001'))
})

test('config errors throw Errors with the diagnostic text', (t) => {
  const root = project({ 'bad/.phi-lint.toml': 'ignore = ["URL005"]\nignroe = ["DX001"]\n', 'worse/phi-lint.toml': 'select = [\n' })
  t.after(() => rmSync(root, { recursive: true, force: true }))
  assert.throws(() => new Linter({ config: join(root, 'bad/.phi-lint.toml') }), (e) => {
    assert.ok(e instanceof Error)
    assert.match(e.message, /ignroe/)
    assert.match(e.message, /\.phi-lint\.toml/)
    assert.match(e.message, /2/, 'the line')
    return true
  })
  assert.throws(() => new Linter({ config: join(root, 'worse') }), /phi-lint\.toml/)
  assert.throws(() => new Linter({ config: { ignroe: ['DX001'] } }), /LinterOptions\.config[\s\S]*ignroe|ignroe[\s\S]*LinterOptions\.config/)
  assert.throws(() => new Linter({ config: { ignore: ['NOPE999'] } }), /NOPE999/)
  assert.throws(() => new Linter({ config: join(root, 'missing.toml') }), /cannot read config/)
  assert.throws(() => new Linter({ config: 5 }), /config is a path or an object/)
  assert.throws(() => new Linter({ config: { ignore: [null] } }), Error)
})
