import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { phiLint, PHI_SMS } from './helpers.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))

test('the generated declarations type-check the documented uses (tsc)', () => {
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url))
  // Throws with tsc's diagnostics on any type error or unused @ts-expect-error.
  execFileSync(process.execPath, [tsc, '-p', 'test/tsconfig.json'], { cwd: root, stdio: 'pipe' })
})

/** The field names of `export interface NAME { … }` in index.d.ts. */
function declaredFields(name) {
  const dts = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8')
  const body = dts.match(new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`))
  assert.ok(body, `interface ${name} is declared`)
  return [...body[1].matchAll(/^\s+(\w+)\??:/gm)].map((m) => m[1])
}

test('the declared Finding and Issue fields are the serialized ones', () => {
  const linter = new phiLint.Linter()
  const finding = linter.check(PHI_SMS).findings[0]
  assert.deepEqual(declaredFields('Finding'), Object.keys(finding))
  const issue = linter.check('Hi {{first_name', { syntax: 'handlebars' }).issues[0]
  assert.deepEqual(declaredFields('Issue'), Object.keys(issue))
})

test('the declared FileFinding and Problem fields are the serialized ones', () => {
  const linter = new phiLint.Linter()
  const lab = fileURLToPath(new URL('../../../examples/sms/lab-result.txt', import.meta.url))
  const finding = linter.checkFile(lab).findings[0]
  assert.ok(finding, 'the example has a finding')
  assert.deepEqual(declaredFields('FileFinding'), Object.keys(finding))
  assert.deepEqual(declaredFields('Problem'), ['path', 'line', 'column', 'message'])
})

