// dist/lambda/ is zipped whole for AWS Lambda (the Terraform module's archive_file): ncc emits
// ES modules, and Lambda's Node.js runtime reads index.js as one only with this package.json.
import fs from 'node:fs'
fs.writeFileSync(
  new URL('../dist/lambda/package.json', import.meta.url),
  JSON.stringify({ type: 'module', private: true }, null, 2) + '\n'
)
