// The CLI's first import, before any other module is loaded: an older Node fails later with
// errors that name nothing (Node 20: `The "original" argument must be of type function`, from
// zstd, which Node 22 has only as experimental). One line instead, saying what to do.
const NEEDED = 24
const major = Number(process.versions.node.split('.')[0])
if (major < NEEDED) {
  process.stderr.write(
    `luneo-backup: Node ${NEEDED} or newer is needed, this is Node ${process.versions.node} (${process.execPath}): install it (nvm install ${NEEDED}, or https://nodejs.org), or in a clone after npm ci run npm run cli -- <command> (npm ci brings Node ${NEEDED})\n`
  )
  process.exit(1)
}
export {}
