import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

test('`npm pack` output installs into a scratch project and runs', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'phi-lint-pack-'))
  try {
    const [packed] = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', scratch], { cwd: root, encoding: 'utf8' }))
    const files = packed.files.map((f) => f.path).sort()
    assert.ok(files.some((f) => f.endsWith('.node')), 'the native addon is in the package')
    assert.ok(files.includes('index.js') && files.includes('index.d.ts'))
    assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('target/')), files.join())

    const project = join(scratch, 'app')
    execFileSync('mkdir', ['-p', project])
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true }))
    execFileSync(npm, ['install', '--offline', '--no-audit', '--no-fund', join(scratch, packed.filename)], { cwd: project, stdio: 'pipe' })
    writeFileSync(
      join(project, 'main.js'),
      `const { Linter } = require('phi-lint')
const linter = new Linter()
const report = linter.check('Your HIV test came back positive. Call 555-0100.')
console.log(JSON.stringify({ blocks: report.blocks('warning'), categories: report.findings.map((f) => f.category) }))
`,
    )
    const out = JSON.parse(execFileSync(process.execPath, ['main.js'], { cwd: project, encoding: 'utf8' }))
    assert.equal(out.blocks, true)
    assert.ok(out.categories.includes('diagnosis'), out.categories.join())
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
})
