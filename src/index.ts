// The action's entry point (action.yml runs dist/index.js).
import './gcTuning.js'
import { run } from './main.js'

await run()
