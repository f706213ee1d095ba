// node bench/uploadsFloor.mjs <folder> <output file>: the least a verifiable uploads archive costs
// in Node, as a lower bound for `luneo backup --uploads-dir` (docs/benchmarks.md, "Uploads").
// One tight synchronous loop that does only what the archive must: open, fstat, read, fstat and
// close each file; a SHA-256 per file (the index) and one over the stored bytes (the manifest);
// the stored gzip's CRC-32 and block framing; one copy into 4 MiB writes; an fsync at the end.
// No tar headers worth the name, no index file, no streams, no error handling, files read up to
// 1 MiB (the benchmark's are under 50 KB), and no gzip header or trailer: not a backup.
// Plain JavaScript, so that Node starts it as fast as it can (no type stripping).
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

const [dir, outFile] = process.argv.slice(2)
if (!dir || !outFile) throw new Error('usage: node bench/uploadsFloor.mjs <folder> <output file>')

const started = performance.now()
const files = fs
  .readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => path.join(entry.parentPath, entry.name))
const out = fs.openSync(outFile, 'w')
const data = Buffer.allocUnsafeSlow(1 << 20)
const block = Buffer.allocUnsafeSlow(4 << 20)
const whole = createHash('sha256')
let used = 0
let crc = 0
let bytes = 0
const flush = () => {
  whole.update(block.subarray(0, used))
  fs.writeSync(out, block, 0, used)
  used = 0
}
const put = (source) => {
  crc = zlib.crc32(source, crc)
  for (let at = 0; at < source.length;) {
    if (used + 5 + 65_535 > block.length) flush()
    const n = Math.min(65_535, source.length - at)
    block.writeUInt8(0, used)
    block.writeUInt16LE(n, used + 1)
    block.writeUInt16LE(~n & 0xffff, used + 3)
    used += 5 + source.copy(block, used + 5, at, at + n)
    at += n
  }
}
const header = Buffer.alloc(512)
for (const file of files) {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW)
  const before = fs.fstatSync(fd)
  const n = fs.readSync(fd, data, 0, Math.min(before.size, data.length), 0)
  fs.fstatSync(fd)
  fs.closeSync(fd)
  createHash('sha256').update(data.subarray(0, n)).digest('hex')
  put(header)
  put(data.subarray(0, n + ((512 - (n % 512)) % 512)))
  bytes += n
}
flush()
fs.fsyncSync(out)
fs.closeSync(out)
console.log(
  `${files.length} files, ${bytes} bytes: ${Math.round(performance.now() - started)} ms in the loop, ${Math.round(performance.now())} ms since the process started (${whole.digest('hex').slice(0, 8)})`
)
