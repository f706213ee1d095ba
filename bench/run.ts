// npm run bench [-- --quick]: end-to-end backup and restore times as ratios to the tools that
// bound them, peak memory, on this machine, in one interleaved run (issue 8, DESIGN.md
// "Performance"). Data sets are made if missing; servers come from scripts/services.sh.
import { spawn, execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { generateIdentity, identityToRecipient } from 'age-encryption'

const quick = process.argv.includes('--quick')
const root = path.resolve(import.meta.dirname, '..')
const cli = path.join(root, 'dist/cli/index.js')
const dataDir = path.join(root, 'bench/data', quick ? 'quick' : 'full')
const rounds = quick ? 1 : Number(process.env.BENCH_ROUNDS) || 5
const env = process.env
const must = (name: string): string => {
  if (!env[name])
    throw new Error(`${name} is not set: run through npm run bench (scripts/services.sh)`)
  return env[name]!
}
const pgBase = must('TEST_DATABASE_URL').replace(/\/[^/]*$/, '')
const pgBin = must('TEST_PG_BIN')
const redisUrl = must('TEST_REDIS_URL')
const s3 = [
  '--s3-bucket',
  must('TEST_S3_BUCKET'),
  '--s3-endpoint',
  must('TEST_S3_ENDPOINT'),
  '--s3-force-path-style',
  'true'
]

const sizes = quick
  ? {
      large: { scale: 1, textRows: 20_000 },
      small: { scale: 1, textRows: 2_000 },
      redisKeys: 20_000,
      files: 60,
      fileBytes: 30_000
    }
  : {
      large: { scale: 50, textRows: 1_000_000 },
      small: { scale: 20, textRows: 400_000 },
      redisKeys: 1_000_000,
      files: 5_000,
      fileBytes: 32_000
    }

interface Run {
  seconds: number
  rssMB?: number
}

/** Run a shell command; time it; for our CLI, follow the Node process's peak RSS (VmHWM). */
function run(
  command: string,
  opts: { trackRss?: boolean; env?: NodeJS.ProcessEnv } = {}
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(
      'bash',
      ['-o', 'pipefail', '-c', opts.trackRss ? `exec ${command}` : command],
      {
        env: { ...env, PGPASSWORD: must('TEST_PG_PASSWORD'), ...opts.env },
        stdio: ['ignore', 'ignore', 'pipe']
      }
    )
    let stderr = ''
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)))
    let peak = 0
    const poll = opts.trackRss
      ? setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))
            if (m) peak = Math.max(peak, Number(m[1]) / 1024)
          } catch {
            // exited
          }
        }, 20)
      : undefined
    child.on('close', (code) => {
      if (poll) clearInterval(poll)
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      if (code !== 0) reject(new Error(`failed (${code}): ${command}\n${stderr}`))
      else resolve({ seconds, rssMB: opts.trackRss ? Math.round(peak) : undefined })
    })
  })
}

const sh = (command: string) =>
  execFileSync('bash', ['-o', 'pipefail', '-c', command], {
    env: { ...env, PGPASSWORD: must('TEST_PG_PASSWORD') },
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 26
  }).toString()

function psql(db: string, sql: string): string {
  return sh(`${pgBin}/psql -X -q -t -A "${pgBase}/${db}" -c "${sql.replace(/"/g, '\\"')}"`).trim()
}

// ---- data sets ----
function ensureDatabase(name: string, scale: number, textRows: number): void {
  const marker = `${scale}/${textRows}`
  const exists = psql('postgres', `select 1 from pg_database where datname = '${name}'`) === '1'
  const made = exists && psql(name, "select to_regclass('public.bench_meta') is not null") === 't'
  if (made && psql(name, 'select v from bench_meta') === marker) return
  console.log(`bench: creating ${name} (pgbench -s ${scale} + ${textRows} text rows)`)
  psql('postgres', `drop database if exists ${name} with (force)`)
  psql('postgres', `create database ${name}`)
  sh(`${pgBin}/pgbench -q -i -s ${scale} "${pgBase}/${name}" >/dev/null 2>&1`)
  psql(
    name,
    `create table documents (id bigint primary key, title text, body text, created timestamptz);
     insert into documents select g, 'Document ' || g, repeat(md5(g::text) || ' lorem ipsum dolor sit amet ', 6), now() - g * interval '1 minute' from generate_series(1, ${textRows}) g;
     create table bench_meta (v text); insert into bench_meta values ('${marker}');`
  )
  psql(name, 'vacuum analyze')
}

function ensureRedis(): void {
  const dbsize = Number(sh(`redis-cli -u "${redisUrl}" --no-auth-warning dbsize`).trim())
  if (dbsize >= sizes.redisKeys) return
  console.log(`bench: filling Redis with ${sizes.redisKeys} keys`)
  sh(`redis-cli -u "${redisUrl}" --no-auth-warning flushall >/dev/null`)
  sh(
    `redis-cli -u "${redisUrl}" --no-auth-warning config set repl-diskless-sync-delay 0 >/dev/null`
  )
  const file = path.join(os.tmpdir(), 'bench-redis.txt')
  const out = fs.openSync(file, 'w')
  for (let i = 0; i < sizes.redisKeys; i += 10_000) {
    let chunk = ''
    for (let j = i; j < Math.min(i + 10_000, sizes.redisKeys); j++) {
      chunk +=
        j % 10 === 0
          ? `HSET user:${j} name user${j} email u${j}@example.com visits ${j}\n`
          : `SET key:${j} value-${j}-${'x'.repeat(20)}\n`
    }
    fs.writeSync(out, chunk)
  }
  fs.closeSync(out)
  sh(`redis-cli -u "${redisUrl}" --no-auth-warning --pipe < ${file} >/dev/null`)
  fs.rmSync(file)
}

function ensureUploads(): string {
  const dir = path.join(dataDir, 'uploads')
  const marker = path.join(dataDir, 'uploads.done')
  if (fs.existsSync(marker)) return dir
  console.log(`bench: writing ${sizes.files} media-like files`)
  fs.rmSync(dir, { recursive: true, force: true })
  for (let i = 0; i < sizes.files; i++) {
    const sub = path.join(dir, `album-${i % 50}`)
    fs.mkdirSync(sub, { recursive: true })
    // Random bytes: like jpg/mp4, they barely compress. Sizes vary around fileBytes.
    fs.writeFileSync(
      path.join(sub, `photo-${i}.jpg`),
      randomBytes(Math.round(sizes.fileBytes * (0.5 + (i % 10) / 10)))
    )
  }
  fs.writeFileSync(marker, '')
  return dir
}

// ---- measurements ----
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function main() {
  fs.mkdirSync(dataDir, { recursive: true })
  ensureDatabase('bench_large', sizes.large.scale, sizes.large.textRows)
  ensureDatabase('bench_small', sizes.small.scale, sizes.small.textRows)
  ensureRedis()
  const uploads = ensureUploads()
  const dbBytes = Number(psql('bench_large', 'select pg_database_size(current_database())'))
  const out = path.join(os.tmpdir(), 'bench-out')
  fs.mkdirSync(out, { recursive: true })
  const large = `${pgBase}/bench_large`
  // One environment per case: snapshot ids have one-second resolution.
  const backup = (db: string, compression: string, flags = '') =>
    `node ${cli} backup --environment bench-${db}-${compression}${flags ? '-age' : ''} --database-url ${pgBase}/${db} ${s3.join(' ')} --compression ${compression} ${flags}`
  // encryption: age to a fresh key (only its public half is needed to back up).
  const age = `--encryption age --age-recipients ${await identityToRecipient(await generateIdentity())}`

  const dumpToNull = () => run(`${pgBin}/pg_dump "${large}" > /dev/null`)
  // Each case runs once per round, rounds interleave the cases, and each case a goal compares
  // runs right after its bound: this VM's speed drifts within a minute (see the ratio below).
  const cases: Record<string, () => Promise<Run>> = {
    'seed: pg_dump | gzip > file': () =>
      run(`${pgBin}/pg_dump "${large}" | gzip > ${out}/seed.sql.gz`),
    'pg_dump | zstd -T0 -3 > file': () =>
      run(`${pgBin}/pg_dump "${large}" | zstd -q -T0 -3 > ${out}/seed.sql.zst`),
    'luneo backup gzip -> S3 (small db)': () =>
      run(backup('bench_small', 'gzip'), { trackRss: true }),
    'pg_dump > /dev/null': dumpToNull,
    'luneo backup gzip -> S3': () => run(backup('bench_large', 'gzip'), { trackRss: true }),
    'luneo backup gzip -> S3 (age)': () =>
      run(backup('bench_large', 'gzip', age), { trackRss: true }),
    'pg_dump > /dev/null (before zstd)': dumpToNull,
    'luneo backup zstd -> S3': () => run(backup('bench_large', 'zstd'), { trackRss: true }),
    'gunzip -c | psql': async () => {
      psql('postgres', 'drop database if exists bench_restore_seed with (force)')
      psql('postgres', 'create database bench_restore_seed')
      const result = await run(
        `gunzip -c ${out}/seed.sql.gz | ${pgBin}/psql -X -q -v ON_ERROR_STOP=1 "${pgBase}/bench_restore_seed" > /dev/null`
      )
      // Autovacuum would work on the fresh 1.4 GB copy during the next cases: drop it now.
      psql('postgres', 'drop database bench_restore_seed with (force)')
      return result
    },
    'luneo restore gzip <- S3': async () => {
      psql('postgres', 'drop database if exists bench_restore with (force)')
      psql('postgres', 'create database bench_restore')
      const result = await run(
        `node ${cli} restore --environment bench-bench_large-gzip ${s3.join(' ')} --snapshot latest --target-database-url ${pgBase}/bench_restore`,
        { trackRss: true }
      )
      psql('postgres', 'drop database bench_restore with (force)')
      return result
    },
    'luneo backup redis rdb -> S3': () =>
      run(
        `node ${cli} backup --environment bench-redis-rdb --redis-url "${redisUrl}" --redis-mode rdb ${s3.join(' ')}`,
        { trackRss: true }
      ),
    'luneo backup redis rdb -> S3 (age)': () =>
      run(
        `node ${cli} backup --environment bench-redis-rdb-age --redis-url "${redisUrl}" --redis-mode rdb ${s3.join(' ')} ${age}`,
        { trackRss: true }
      ),
    'luneo backup redis logical -> S3': () =>
      run(
        `node ${cli} backup --environment bench-redis-logical --redis-url "${redisUrl}" --redis-mode logical ${s3.join(' ')}`,
        { trackRss: true }
      ),
    'redis-cli --rdb': () =>
      run(`redis-cli -u "${redisUrl}" --no-auth-warning --rdb ${out}/dump.rdb > /dev/null`),
    // Like for like: redis-cli and tar write a local file, so these write to a local backup-root.
    'luneo backup redis rdb -> folder': () =>
      run(
        `node ${cli} backup --environment bench-redis-rdb-folder --redis-url "${redisUrl}" --redis-mode rdb --backup-root ${out}/root`,
        { trackRss: true }
      ),
    'tar -czf file': () =>
      run(`tar -czf ${out}/uploads.tar.gz -C ${path.dirname(uploads)} uploads`),
    'luneo backup uploads auto -> S3': () =>
      run(
        `node ${cli} backup --environment bench-uploads --uploads-dir ${uploads} ${s3.join(' ')}`,
        { trackRss: true }
      ),
    'luneo backup uploads auto -> S3 (age)': () =>
      run(
        `node ${cli} backup --environment bench-uploads-age --uploads-dir ${uploads} ${s3.join(' ')} ${age}`,
        { trackRss: true }
      ),
    // The least a verifiable archive costs in Node (docs/benchmarks.md, "Uploads"): not a backup.
    'node floor: uploads loop (bench/uploadsFloor.mjs)': () =>
      run(`node ${path.join(root, 'bench/uploadsFloor.mjs')} ${uploads} ${out}/floor.bin`),
    'tar -cf file': () => run(`tar -cf ${out}/uploads.tar -C ${path.dirname(uploads)} uploads`),
    'luneo backup uploads auto -> folder': () =>
      run(
        `node ${cli} backup --environment bench-uploads-folder --uploads-dir ${uploads} --backup-root ${out}/root`,
        { trackRss: true }
      )
  }

  const results: Record<string, Run[]> = {}
  for (let r = 0; r < rounds; r++) {
    for (const [name, measure] of Object.entries(cases)) {
      const result = await measure()
      ;(results[name] ??= []).push(result)
      console.log(
        `round ${r + 1}/${rounds} ${name}: ${result.seconds.toFixed(2)} s${result.rssMB ? `, ${result.rssMB} MB RSS` : ''}`
      )
    }
  }
  const t = (name: string) => median(results[name].map((x) => x.seconds))
  const rss = (name: string) => Math.max(...results[name].map((x) => x.rssMB ?? 0))
  // The median of the per-round ratios: each round runs a case right after its bound, while this
  // VM's speed drifts by up to half between minutes (pg_dump alone took 3.2 to 5.5 s in one run).
  // A ratio of two medians can pair a fast minute with a slow one.
  const ratio = (a: string, b: string) =>
    median(results[a].map((x, i) => x.seconds / results[b][i].seconds))
  const goals = [
    {
      what: 'gzip backup vs pg_dump > /dev/null',
      value: ratio('luneo backup gzip -> S3', 'pg_dump > /dev/null'),
      goal: 1.5
    },
    {
      what: 'zstd backup vs pg_dump > /dev/null',
      value: ratio('luneo backup zstd -> S3', 'pg_dump > /dev/null (before zstd)'),
      goal: 1.2
    },
    {
      what: 'restore vs gunzip -c | psql',
      value: ratio('luneo restore gzip <- S3', 'gunzip -c | psql'),
      goal: 1.1
    },
    {
      what: 'Redis RDB backup (to a folder) vs redis-cli --rdb',
      value: ratio('luneo backup redis rdb -> folder', 'redis-cli --rdb'),
      goal: 1.5
    },
    {
      what: 'uploads auto (to a folder) vs tar -cf',
      value: ratio('luneo backup uploads auto -> folder', 'tar -cf file'),
      goal: 2
    },
    {
      what: 'encrypted (age) vs plain PostgreSQL gzip backup -> S3',
      value: ratio('luneo backup gzip -> S3 (age)', 'luneo backup gzip -> S3'),
      goal: 1.1
    },
    {
      what: 'encrypted (age) vs plain Redis RDB backup -> S3',
      value: ratio('luneo backup redis rdb -> S3 (age)', 'luneo backup redis rdb -> S3'),
      goal: 1.25
    },
    {
      what: 'encrypted (age) vs plain uploads backup -> S3',
      value: ratio('luneo backup uploads auto -> S3 (age)', 'luneo backup uploads auto -> S3'),
      goal: 1.25
    },
    {
      what: 'peak RSS encrypted / plain gzip backup',
      value: rss('luneo backup gzip -> S3 (age)') / Math.max(1, rss('luneo backup gzip -> S3')),
      goal: 1.1
    },
    { what: 'peak RSS of the gzip backup (MB)', value: rss('luneo backup gzip -> S3'), goal: 256 },
    {
      what: 'peak RSS large db / small db',
      value:
        rss('luneo backup gzip -> S3') / Math.max(1, rss('luneo backup gzip -> S3 (small db)')),
      goal: 1.25
    }
  ].map((g) => ({ ...g, value: Math.round(g.value * 100) / 100, met: g.value <= g.goal }))

  console.log('\n| case | median time | peak RSS |\n|---|---:|---:|')
  for (const name of Object.keys(cases)) {
    const cell = name.replace(/\|/g, '\\|')
    console.log(`| ${cell} | ${t(name).toFixed(2)} s | ${rss(name) ? rss(name) + ' MB' : ''} |`)
  }
  console.log('\n| goal | measured | goal | met |\n|---|---:|---:|---|')
  for (const g of goals)
    console.log(`| ${g.what} | ${g.value} | ${g.goal} | ${g.met ? 'yes' : 'NO'} |`)
  const floorVsTar = ratio('node floor: uploads loop (bench/uploadsFloor.mjs)', 'tar -cf file')
  console.log(
    `\nuploads: the Node floor loop takes ${floorVsTar.toFixed(2)}x tar -cf (the goal is 2x for the whole backup)`
  )
  const logicalKeysPerSecond = Math.round(sizes.redisKeys / t('luneo backup redis logical -> S3'))
  console.log(
    `\nRedis logical mode: ${logicalKeysPerSecond} keys/s (RDB: ${Math.round(sizes.redisKeys / t('luneo backup redis rdb -> S3'))} keys/s)`
  )

  const report = {
    date: new Date().toISOString(),
    quick,
    rounds,
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      memoryGB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version
    },
    data: { postgresDatabaseBytes: dbBytes, redisKeys: sizes.redisKeys, uploadFiles: sizes.files },
    medians: Object.fromEntries(
      Object.keys(cases).map((n) => [n, { seconds: t(n), rssMB: rss(n) || undefined }])
    ),
    runs: results,
    goals,
    redisLogicalKeysPerSecond: logicalKeysPerSecond,
    uploadsFloorVsTar: Math.round(floorVsTar * 100) / 100
  }
  if (!quick)
    fs.writeFileSync(path.join(root, 'bench/results.json'), JSON.stringify(report, null, 2) + '\n')
  else
    console.log(
      '\n--quick: tiny data, numbers are not meaningful; bench/results.json left as it was'
    )
  fs.rmSync(out, { recursive: true, force: true })
}

await main()
