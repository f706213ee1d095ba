// The action's entry point (action.yml runs dist/index.js).
import './gcTuning.js'
import * as core from '@actions/core'
import { run } from './main.js'
import { flushOutput, handleStopSignals } from './util/signals.js'

handleStopSignals((line) => core.warning(line))
await run()
// The outcome is reported: exit now (see src/cli.ts), with the code run() set.
await flushOutput()
process.exit()
