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

/** Median per-call time in µs: batches of `inner` calls, `rounds` batches. */
function perCall(fn, { rounds = quick ? 200 : 2000, inner = 50 } = {}) {
  for (let i = 0; i < 2000; i++) fn(i) // warm-up
  const samples = []
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < inner; i++) fn(i)
    samples.push(Number(process.hrtime.bigint() - t0) / inner / 1000)
  }
  return median(samples)
}

const t0 = process.hrtime.bigint()
const linter = new Linter()
console.log(`new Linter(): ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(1)} ms`)
console.log(`SMS length: ${Buffer.byteLength(CLEAN[0])} / ${Buffer.byteLength(PHI[0])} bytes`)

let sink = 0
const clean = perCall((i) => { sink += linter.check(CLEAN[i & 3]).clean })
const phiCall = perCall((i) => { sink += linter.check(PHI[i & 3]).clean })
const phiRead = perCall((i) => { sink += linter.check(PHI[i & 3]).findings.length })
console.log(`check() 160-byte SMS, clean: median ${clean.toFixed(2)} µs`)
console.log(`check() 160-byte SMS, with PHI: median ${phiCall.toFixed(2)} µs (reading .findings too: ${phiRead.toFixed(2)} µs)`)

const N = quick ? 20_000 : 200_000
const messages = Array.from({ length: N }, (_, i) => (i % 5 === 0 ? PHI[i % 4] : CLEAN[i % 4]))
const rate = (ms) => `${Math.round(N / (ms / 1000)).toLocaleString('en-US')} msg/s`
for (let run = 0; run < 3; run++) {
  let t = process.hrtime.bigint()
  const reports = linter.checkMany(messages)
  const syncMs = Number(process.hrtime.bigint() - t) / 1e6
  sink += reports.length
  t = process.hrtime.bigint()
  const later = await linter.checkManyAsync(messages)
  const asyncMs = Number(process.hrtime.bigint() - t) / 1e6
  sink += later.length
  console.log(`checkMany ${N.toLocaleString('en-US')} SMS (1 in 5 with PHI): sync ${syncMs.toFixed(0)} ms = ${rate(syncMs)}; async ${asyncMs.toFixed(0)} ms = ${rate(asyncMs)}`)
}
if (sink < 0) console.log(sink)
