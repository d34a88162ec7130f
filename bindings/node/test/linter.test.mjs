import { test } from 'node:test'
import assert from 'node:assert/strict'
import { phiLint, CLEAN_SMS, PHI_SMS, PHI_WORDS } from './helpers.mjs'
import { inspect } from 'node:util'
import { readFileSync } from 'node:fs'

const { Linter, Report } = phiLint
const linter = new Linter()

const FINDING_FIELDS = ['rule', 'name', 'category', 'severity', 'message', 'start', 'end', 'location', 'part', 'excerpt']

test('check: a clean SMS has no findings', () => {
  const report = linter.check(CLEAN_SMS)
  assert.ok(report instanceof Report)
  assert.equal(report.clean, true)
  assert.deepEqual(report.findings, [])
  assert.deepEqual(report.issues, [])
  assert.equal(report.maxSeverity, null)
  assert.equal(report.blocks('info'), false)
})

test('clean reports are one shared, frozen Report; others are their own', () => {
  const a = linter.check(CLEAN_SMS)
  const b = linter.checkUrl('https://portal.example.org/m/7Hq2xK')
  assert.equal(a, b)
  assert.ok(Object.isFrozen(a))
  assert.throws(() => { 'use strict'; a.extra = 1 }, TypeError)
  assert.equal(a.clean, true)
  assert.equal(a.maxSeverity, null)
  assert.deepEqual(Object.keys(a), [], 'nothing enumerable of its own')
  assert.equal(JSON.stringify(a), '{"findings":[],"issues":[]}')
  const phi = linter.check(PHI_SMS)
  assert.notEqual(phi, linter.check(PHI_SMS))
  assert.ok(!Object.isFrozen(phi))
  const withIssue = linter.check('Hi {{first_name', { syntax: 'handlebars' })
  assert.equal(withIssue.clean, true, 'no findings')
  assert.notEqual(withIssue, a, 'but an issue: not the shared clean report')
  assert.ok(linter.checkMany([CLEAN_SMS, CLEAN_SMS]).every((r) => r === a))
})

test('check: PHI in an SMS is found with every CLI JSON field, spans in UTF-8 bytes', () => {
  const report = linter.check(PHI_SMS)
  assert.equal(report.clean, false)
  assert.equal(report.blocks('warning'), true)
  assert.equal(report.maxSeverity, 'error')
  const categories = report.findings.map((f) => f.category)
  assert.ok(categories.includes('diagnosis') || categories.includes('test_result'), categories.join())
  for (const f of report.findings) {
    assert.deepEqual(Object.keys(f), FINDING_FIELDS)
    assert.match(f.rule, /^[A-Z]+\d{3}$/)
    assert.equal(f.part, 0)
    assert.equal(f.location, 'text')
    assert.ok(f.start < f.end && f.end <= Buffer.byteLength(PHI_SMS))
  }
  const hiv = report.findings.find((f) => Buffer.from(PHI_SMS).subarray(f.start, f.end).toString() === 'HIV')
  assert.ok(hiv, 'a finding spans exactly "HIV"')
})

test('check: spans are byte offsets after multi-byte text', () => {
  const prefix = 'Olá — ✓ '
  const report = linter.check(prefix + PHI_SMS)
  const plain = linter.check(PHI_SMS)
  const shift = Buffer.byteLength(prefix)
  assert.deepEqual(
    report.findings.map((f) => [f.rule, f.start - shift, f.end - shift]),
    plain.findings.map((f) => [f.rule, f.start, f.end]),
  )
})

test('excerpts are redacted by default: no message text in findings, JSON or inspect', () => {
  const report = linter.check(PHI_SMS)
  const outputs = [JSON.stringify(report), JSON.stringify(report.findings), inspect(report)]
  for (const out of outputs) for (const word of PHI_WORDS) assert.ok(!out.includes(word), `${word} leaked`)
  for (const f of report.findings) assert.equal(f.excerpt, `[${f.category}]`)
})

test('redaction option: mask hides the finding, none shows the raw text', () => {
  const masked = new Linter({ redaction: 'mask' }).check(PHI_SMS).findings
  assert.ok(masked.every((f) => !f.excerpt.includes('HIV')))
  assert.ok(masked.some((f) => f.excerpt.includes('*')))
  const raw = new Linter({ redaction: 'none' }).check(PHI_SMS).findings
  assert.ok(raw.some((f) => f.excerpt.includes('HIV')))
})

test('check: channel and syntax options', () => {
  const template = 'Hi {{first_name}}, your {{lab_result}} is ready.'
  const asPlain = linter.check(template, { channel: 'sms' })
  const asTemplate = linter.check(template, { channel: 'sms', syntax: 'handlebars' })
  assert.ok(asTemplate.findings.some((f) => f.location === 'variable' && f.category === 'test_result'))
  assert.ok(!asPlain.findings.some((f) => f.location === 'variable'))
  const link = linter.check('http://portal.example.org/visit', { channel: 'url' })
  assert.ok(link.findings.some((f) => f.category === 'insecure_link'))
  for (const channel of ['sms', 'push', 'email_subject', 'email_text', 'email_html', 'url', 'email-subject']) {
    assert.ok(linter.check(PHI_SMS, { channel }) instanceof Report)
  }
})

test('check: bad arguments throw, naming the problem but not the text', () => {
  assert.throws(() => linter.check(PHI_SMS, { channel: 'fax' }), (e) => /unknown channel `fax`/.test(e.message) && !e.message.includes('HIV'))
  assert.throws(() => linter.check(PHI_SMS, { syntax: 'cobol' }), /unknown syntax `cobol`/)
  assert.throws(() => linter.check(42), Error)
  assert.throws(() => linter.check(), Error)
  assert.throws(() => linter.check(null), Error)
})

test('message content never throws: empty, huge, binary-ish and broken templates', () => {
  for (const text of ['', ' ', '\u0000\uFFFD', '\uD800 lone surrogate \uDFFF', '{{#if', '<a href="', 'x'.repeat(200_000), '😀'.repeat(1000), '{% for %}{{ }}']) {
    for (const channel of ['sms', 'email_html', 'url']) {
      for (const syntax of ['plain', 'handlebars', 'jinja', 'liquid']) {
        const report = linter.check(text, { channel, syntax })
        assert.ok(Array.isArray(report.findings))
      }
    }
  }
  const broken = linter.check('Hi {{first_name', { syntax: 'handlebars' })
  assert.ok(broken.issues.length > 0, 'an unclosed tag is a report issue')
  const [issue] = broken.issues
  assert.deepEqual(Object.keys(issue), ['part', 'span', 'message'])
  assert.equal(issue.span.length, 2)
})

test('blocks: thresholds, and an unknown severity throws', () => {
  const report = linter.check(PHI_SMS)
  assert.equal(report.blocks('error'), true)
  assert.equal(report.blocks('warn'), true)
  assert.throws(() => report.blocks('fatal'), /unknown severity `fatal`/)
})

test('Linter options: select, ignore, extendSelect, allowTerms, baaProviders', () => {
  const all = linter.check(PHI_SMS).findings.map((f) => f.rule)
  const first = all[0]
  const ignored = new Linter({ ignore: [first] }).check(PHI_SMS).findings.map((f) => f.rule)
  assert.ok(!ignored.includes(first))
  const only = new Linter({ select: [first] }).check(PHI_SMS).findings.map((f) => f.rule)
  assert.deepEqual([...new Set(only)], [first])
  const byCategory = new Linter({ ignore: ['diagnosis', 'test_result'] }).check(PHI_SMS).findings
  assert.ok(byCategory.every((f) => f.category !== 'diagnosis' && f.category !== 'test_result'))

  const clinic = 'Reminder from Northgate Cancer Center: your visit is Tue at 3 PM.'
  assert.ok(linter.check(clinic).findings.some((f) => f.category === 'sensitive_service'))
  const allowed = new Linter({ allowTerms: ['Northgate Cancer Center'] }).check(clinic)
  assert.ok(!allowed.findings.some((f) => f.category === 'sensitive_service'))

  const optOut = 'Your appointment is Tue at 3 PM.'
  const plain = linter.check(optOut).findings.map((f) => f.rule)
  const extended = new Linter({ extendSelect: ['CMP002'] }).check(optOut).findings.map((f) => f.rule)
  assert.ok(!plain.includes('CMP002'))
  assert.ok(extended.includes('CMP002'))

  assert.ok(new Linter({ baaProviders: ['twilio', 'ses'] }) instanceof Linter)
})

test('configuration errors throw Errors carrying the diagnostic text', () => {
  assert.throws(() => new Linter({ select: ['NOPE999'] }), (e) => {
    assert.ok(e instanceof Error)
    assert.match(e.message, /`NOPE999` matches no rule code/)
    assert.match(e.message, /phi-lint rules/, 'the help line is part of the text')
    return true
  })
  assert.throws(() => new Linter({ ignore: ['not-a-rule'] }), /`not-a-rule` matches no rule/)
  assert.throws(() => new Linter({ baaProviders: ['pigeon'] }), /`pigeon` is not a known provider[\s\S]*known providers/)
  assert.throws(() => new Linter({ redaction: 'some' }), /unknown redaction `some`/)
  assert.throws(() => new Linter({ select: 'DX001' }), Error)
})

test('a misspelt option is an error, every declared option is accepted', () => {
  assert.throws(() => new Linter({ ignroe: ['URL005'] }), /unknown option `ignroe`: the options are config, select, /)
  assert.throws(() => new Linter({ allow_terms: ['x'] }), /unknown option `allow_terms`/)
  const dts = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8')
  const declared = [...dts.match(/export interface LinterOptions \{([\s\S]*?)\n\}/)[1].matchAll(/^\s+(\w+)\??:/gm)].map((m) => m[1])
  assert.ok(declared.length >= 6, declared.join())
  for (const key of declared) assert.ok(new Linter({ [key]: undefined }) instanceof Linter, key)
  assert.ok(new Linter(null) instanceof Linter)
  assert.ok(new Linter({}) instanceof Linter)
})

test('checkMessage: subject, text and html parts in one report', () => {
  const report = linter.checkMessage({
    subject: 'Your HIV results',
    text: 'See you Tue at 3 PM.',
    html: '<p>Open <a href="http://portal.example.org/r">the portal</a></p>',
  })
  const parts = new Set(report.findings.map((f) => f.part))
  assert.ok(parts.has(0), 'the subject is part 0')
  assert.ok(parts.has(2), 'the html body is part 2')
  assert.ok(report.findings.some((f) => f.part === 2 && f.category === 'insecure_link'))
  const subjectOnly = linter.checkMessage({ subject: 'Your visit summary is ready' })
  assert.equal(subjectOnly.clean, true)
  const templated = linter.checkMessage({ subject: 'Your {{diagnosis}} plan', syntax: 'handlebars' })
  assert.ok(templated.findings.some((f) => f.location === 'variable'))
  assert.throws(() => linter.checkMessage({}), /at least one of subject, text or html/)
  assert.throws(() => linter.checkMessage({ subject: 7 }), Error)
  assert.throws(() => linter.checkMessage('text'), Error)
})

test('checkUrl: identifiers and insecure links', () => {
  const report = linter.checkUrl('http://portal.example.org/results?mrn=4829137&test=hiv')
  const categories = new Set(report.findings.map((f) => f.category))
  assert.ok(categories.has('insecure_link'))
  assert.ok(categories.has('url_phi'))
  assert.equal(linter.checkUrl('https://portal.example.org/m/7Hq2xK').clean, true)
  assert.throws(() => linter.checkUrl(undefined), Error)
})

const sendgrid = {
  personalizations: [{ to: [{ email: 'pat@example.org' }] }],
  from: { email: 'noreply@example.org' },
  subject: 'A new message is waiting',
  content: [{ type: 'text/html', value: '<a href="https://portal.example.org/r?patient_id=558120">Open</a>' }],
  tracking_settings: { click_tracking: { enable: true } },
}

test('checkPayload: an object is read as JSON.stringify(payload)', () => {
  const report = linter.checkPayload(sendgrid)
  const json = JSON.stringify(sendgrid)
  const tracking = report.findings.find((f) => f.category === 'tracking' && f.location === 'payload')
  assert.ok(tracking, 'click tracking over a PHI link')
  assert.equal(Buffer.from(json).subarray(tracking.start, tracking.end).toString(), 'true')
  assert.deepEqual(linter.checkPayload(json).findings, report.findings, 'string and object agree')
})

test('checkPayload: Twilio body, malformed JSON is an issue, wrong types throw', () => {
  const twilio = { To: '+15555550123', From: '+15555550100', Body: PHI_SMS }
  assert.ok(linter.checkPayload(twilio).findings.some((f) => f.category === 'diagnosis' || f.category === 'test_result'))
  const broken = linter.checkPayload('{"Body": "x"')
  assert.ok(broken.issues.length > 0)
  assert.ok(linter.checkPayload('[]') instanceof Report)
  assert.throws(() => linter.checkPayload(5), /JSON string or an object/)
  assert.throws(() => linter.checkPayload(), Error)
})

test('checkMany: one report per message, in order, equal to check()', () => {
  const messages = [CLEAN_SMS, PHI_SMS, { text: 'http://portal.example.org/x', channel: 'url' }, { text: 'Your {{lab_result}}', syntax: 'handlebars' }, '']
  const reports = linter.checkMany(messages)
  assert.equal(reports.length, messages.length)
  const one = (m) => (typeof m === 'string' ? linter.check(m) : linter.check(m.text, m))
  reports.forEach((r, i) => assert.deepEqual(r.findings, one(messages[i]).findings, `message ${i}`))
  const pushed = linter.checkMany([PHI_SMS], { channel: 'push' })[0].findings
  assert.deepEqual(pushed, linter.check(PHI_SMS, { channel: 'push' }).findings)
  assert.deepEqual(linter.checkMany([]), [])
})

test('checkMany: thousands of messages keep their order (work is spread over threads)', () => {
  const messages = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? PHI_SMS : CLEAN_SMS))
  const reports = linter.checkMany(messages)
  assert.equal(reports.length, 5000)
  reports.forEach((r, i) => assert.equal(r.clean, i % 7 !== 0, `message ${i}`))
})

test('checkMany: bad input throws before any work', () => {
  assert.throws(() => linter.checkMany([CLEAN_SMS, 5]), Error)
  assert.throws(() => linter.checkMany([{ text: 'x', channel: 'fax' }]), /unknown channel `fax`/)
  assert.throws(() => linter.checkMany('not an array'), Error)
  assert.throws(() => linter.checkMany([CLEAN_SMS], { syntax: 'cobol' }), /unknown syntax/)
})

test('checkManyAsync: a Promise of the same reports, off the main thread', async () => {
  const messages = Array.from({ length: 3000 }, (_, i) => (i % 5 === 0 ? PHI_SMS : CLEAN_SMS))
  const pending = linter.checkManyAsync(messages)
  assert.ok(pending instanceof Promise)
  let ticked = false
  setImmediate(() => { ticked = true })
  const reports = await pending
  assert.equal(reports.length, messages.length)
  const sync = linter.checkMany(messages)
  reports.forEach((r, i) => assert.deepEqual(r.findings, sync[i].findings))
  assert.ok(ticked || reports.length > 0)
  assert.throws(() => linter.checkManyAsync([{ channel: 'sms' }]), Error, 'an item without text')
})

test('one linter serves concurrent async batches', async () => {
  const batches = await Promise.all([1, 2, 3, 4].map((n) => linter.checkManyAsync(Array(500).fill(n % 2 ? PHI_SMS : CLEAN_SMS))))
  batches.forEach((reports, n) => assert.ok(reports.every((r) => r.clean === (n % 2 === 1))))
})
