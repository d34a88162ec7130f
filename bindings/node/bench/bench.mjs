// Benchmarks of the Node package (not timed tests): node bench/bench.mjs [--quick]
//
//   check()      median time of one call on a 160-byte SMS, clean and with PHI
//   checkMany()  throughput on 200,000 SMS (a synthetic mix, 1 in 5 with PHI), sync and async
//
// Synthetic messages only (555-01xx phones, example.org domains).
import { createRequire } from 'node:module'

const { Linter } = createRequire(import.meta.url)('..')
const quick = process.argv.includes('--quick')

/** Pads a message with a neutral sign-off to exactly `n` bytes. */
const sized = (text, n = 160) => (text + ' Lakeview Health, 555-0100. Reply STOP to opt out. Thank you!'.repeat(3)).slice(0, n)

const CLEAN = [
  'Hi Dana, this is a reminder of your appointment with Dr. Patel on Tue 3/4 at 2:15 PM at 100 Main St.',
  'Your visit summary is ready. Sign in at https://portal.example.org to read it.',
  'Hi Sam, your prescription order is ready for pickup at the pharmacy counter after 4 PM today.',
  'Lakeview Health: please confirm your visit tomorrow at 9:30 AM by replying C, or call to reschedule.',
].map((t) => sized(t))
const PHI = [
  'Your HIV test came back positive. Call 555-0100 to discuss treatment options with Dr. Patel.',
  'Reminder: take metformin 500 mg twice daily with meals. Your A1c was 8.2% at your last visit.',
  'Your chemotherapy session at the Oncology Infusion Center is Tue at 9 AM. MRN 4829137.',
  'Hi Lee, your methadone dose pickup at the clinic is moved to Friday. Member ID W123456789.',
].map((t) => sized(t))

function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  return s[s.length >> 1]
}

/** CPU time of this process (all threads), in µs. */
const cpuNow = () => {
  const { user, system } = process.cpuUsage()
  return user + system
}

/**
 * Median per-call time in µs, wall clock and CPU (this process): batches of `inner` calls. On a
 * machine shared with other jobs the wall clock includes time the process was not running; the
 * CPU figure does not.
 */
function perCall(fn, { rounds = quick ? 100 : 400, inner = 500 } = {}) {
  for (let i = 0; i < 5000; i++) fn(i) // warm-up
  const wall = []
  const cpu = []
  for (let r = 0; r < rounds; r++) {
    const c0 = cpuNow()
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < inner; i++) fn(i)
    wall.push(Number(process.hrtime.bigint() - t0) / inner / 1000)
    cpu.push((cpuNow() - c0) / inner)
  }
  return `median ${median(wall).toFixed(2)} µs wall, ${median(cpu).toFixed(2)} µs CPU`
}

const cores = (await import('node:os')).availableParallelism()
const t0 = process.hrtime.bigint()
const linter = new Linter()
console.log(`new Linter(): ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(1)} ms; ${cores} cores; load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`)
console.log(`SMS length: ${Buffer.byteLength(CLEAN[0])} / ${Buffer.byteLength(PHI[0])} bytes`)

let sink = 0
console.log(`check() 160-byte SMS, clean: ${perCall((i) => { sink += linter.check(CLEAN[i & 3]).clean })}`)
console.log(`check() 160-byte SMS, with PHI: ${perCall((i) => { sink += linter.check(PHI[i & 3]).clean })}`)
console.log(`check() 160-byte SMS, with PHI, reading .findings: ${perCall((i) => { sink += linter.check(PHI[i & 3]).findings.length })}`)

const N = quick ? 20_000 : 200_000
const rate = (n, us) => `${Math.round(n / (us / 1e6)).toLocaleString('en-US')} msg/s`
async function batch(name, messages) {
  for (const [how, run] of [['sync', () => linter.checkMany(messages)], ['async', () => linter.checkManyAsync(messages)]]) {
    const c0 = cpuNow()
    const t0 = process.hrtime.bigint()
    const reports = await run()
    const wall = Number(process.hrtime.bigint() - t0) / 1000
    const cpu = cpuNow() - c0
    sink += reports.length
    // CPU-bound throughput: the CPU time spread over the cores, as if the machine were ours.
    console.log(`checkMany${how === 'async' ? 'Async' : ''} ${messages.length.toLocaleString('en-US')} ${name}: wall ${(wall / 1000).toFixed(0)} ms = ${rate(messages.length, wall)}; CPU ${(cpu / 1000).toFixed(0)} ms = ${rate(messages.length, cpu / cores)} on ${cores} cores`)
  }
}
const mixed = Array.from({ length: N }, (_, i) => (i % 5 === 0 ? PHI[i % 4] : CLEAN[i % 4]))
const clean = Array.from({ length: N }, (_, i) => CLEAN[i % 4])
for (let run = 0; run < 2; run++) {
  await batch('SMS, all clean', clean)
  await batch('SMS, 1 in 5 with PHI', mixed)
}
if (sink < 0) console.log(sink)
