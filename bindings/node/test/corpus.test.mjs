// Findings from Node are those of `phi-lint scan` on the development corpus, line for line.
// Needs the corpus (PHI_LINT_CORPUS, default ../shared/corpus/dev.jsonl beside the repository)
// and the CLI (PHI_LINT_BIN, default target/release or target/debug of the repository); skipped
// without them unless PHI_LINT_REQUIRE_CORPUS=1 (CI sets it when ../shared is there).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { phiLint } from './helpers.mjs'

const repo = fileURLToPath(new URL('../../../', import.meta.url))
const corpus = process.env.PHI_LINT_CORPUS ?? `${repo}../shared/corpus/dev.jsonl`
const bins = process.env.PHI_LINT_BIN
  ? [process.env.PHI_LINT_BIN]
  : [`${repo}target/release/phi-lint`, `${repo}target/debug/phi-lint`].filter(existsSync).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
const missing = !existsSync(corpus) ? `no corpus at ${corpus}` : bins.length === 0 ? 'no phi-lint binary (cargo build)' : null
// A string skips with that reason; never pass null (node:test would report failures as skips).
const skip = process.env.PHI_LINT_REQUIRE_CORPUS === '1' ? false : (missing ?? false)

test('check() and checkMany() give the findings of `phi-lint scan` on the dev corpus', { skip }, () => {
  assert.equal(missing, null, missing ?? '')
  // Only the fields scan reads; the expected labels stay out of the comparison.
  const inputs = readFileSync(corpus, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const { id, channel, syntax, text } = JSON.parse(line)
      return { id, channel, syntax: syntax ?? undefined, text }
    })
  const scan = spawnSync(bins[0], ['scan'], {
    input: inputs.map((i) => JSON.stringify(i)).join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  })
  assert.ok(scan.status === 0 || scan.status === 1, `scan exit ${scan.status}: ${scan.stderr}`)
  const scanned = scan.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
  assert.equal(scanned.length, inputs.length)

  const linter = new phiLint.Linter()
  const many = linter.checkMany(inputs.map(({ text, channel, syntax }) => ({ text, channel, syntax })))
  let withFindings = 0
  inputs.forEach((input, i) => {
    assert.equal(scanned[i].id, input.id)
    const single = linter.check(input.text, { channel: input.channel, syntax: input.syntax })
    assert.deepEqual(single.findings, scanned[i].findings, `check() on ${input.id}`)
    assert.deepEqual(many[i].findings, scanned[i].findings, `checkMany() on ${input.id}`)
    if (scanned[i].findings.length) withFindings++
  })
  assert.ok(withFindings > inputs.length / 3, `the corpus exercises the rules (${withFindings} of ${inputs.length})`)
})
