// One cold start of the bundled alerts function: import dist/lambda/index.js as Lambda's Node.js
// runtime does, invoke `handler` with each event of the JSON file given, print one JSON line
// per invocation after @@ ({ result } or { error }), among the function's own log lines.
import fs from 'node:fs'
import { pathToFileURL } from 'node:url'

const [entry, eventsFile] = process.argv.slice(2)
const { handler } = await import(pathToFileURL(entry).href)
for (const event of JSON.parse(fs.readFileSync(eventsFile, 'utf8'))) {
  try {
    console.log('@@' + JSON.stringify({ result: await handler(event) }))
  } catch (error) {
    console.log('@@' + JSON.stringify({ error: error.message }))
  }
}
