// Synthetic messages shared by the tests (555-01xx phones, example.org domains only).
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
/** The package as a user loads it (`require('phi-lint')` resolves to ../index.js). */
export const phiLint = require('..')

export const CLEAN_SMS = 'Lakeview Health: your appointment is Tue 3/4 at 2:15 PM. Call 555-0100 to reschedule.'
export const PHI_SMS = 'Your HIV test came back positive. Call 555-0100 to discuss treatment.'
/** The words of PHI_SMS that must never appear in a redacted report. */
export const PHI_WORDS = ['HIV', 'positive']
