// checkFile gives the findings of `phi-lint check --format json` on the repository's examples.
// Needs the CLI (PHI_LINT_BIN, default the newest of target/release and target/debug); skipped
// without it unless PHI_LINT_REQUIRE_CLI=1 (CI sets it after building the workspace).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { phiLint } from './helpers.mjs'

const repo = fileURLToPath(new URL('../../../', import.meta.url))
const bins = process.env.PHI_LINT_BIN
  ? [process.env.PHI_LINT_BIN]
  : [`${repo}target/release/phi-lint`, `${repo}target/debug/phi-lint`].filter(existsSync).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
// A string skips with that reason; never pass null (node:test would report failures as skips).
const skip = process.env.PHI_LINT_REQUIRE_CLI === '1' ? false : bins.length === 0 ? 'no phi-lint binary (cargo build)' : false

const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name === 'README.md' ? [] : [join(dir, e.name)]))

test('checkFile() gives the findings of `phi-lint check --format json` on examples/', { skip }, () => {
  const examples = files(join(repo, 'examples'))
  assert.ok(examples.length >= 5, examples.join())
  const cli = spawnSync(bins[0], ['check', '--format', 'json', ...examples], { cwd: repo, encoding: 'utf8', maxBuffer: 64 << 20 })
  assert.ok(cli.status === 0 || cli.status === 1, `check exit ${cli.status}: ${cli.stderr}`)
  const expected = JSON.parse(cli.stdout)
  const linter = new phiLint.Linter({ config: repo })
  let total = 0
  for (const path of examples) {
    const report = linter.checkFile(path)
    const theirs = expected.findings.filter((f) => f.path === path)
    assert.deepEqual(report.findings, theirs, path)
    assert.deepEqual(report.problems, expected.problems.filter((p) => p.path === path), path)
    total += theirs.length
  }
  assert.ok(total > 5, `the examples exercise the rules (${total} findings)`)
})
