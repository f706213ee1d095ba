#!/usr/bin/env node
// The CLI's entry point (dist/cli/index.js): check Node first, then run main() as a process.
import './nodeVersion.js'
import './gcTuning.js'
import { main } from './cli/main.js'
import { flushOutput, handleStopSignals } from './util/signals.js'

handleStopSignals((line) => process.stderr.write(`luneo-backup: ${line}\n`))
const code = await main(process.argv.slice(2), process.env)
// The outcome is reported: exit now. Nothing should be left running (each wait has a bound), but
// a leftover handle must not keep a finished run alive.
await flushOutput()
process.exit(code)
