export const id = 272;
export const ids = [272];
export const modules = {

/***/ 4272:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   connectSeconds: () => (/* binding */ connectSeconds),
/* harmony export */   openPostgresDump: () => (/* binding */ openPostgresDump),
/* harmony export */   probePostgres: () => (/* binding */ probePostgres),
/* harmony export */   serverInfo: () => (/* binding */ serverInfo),
/* harmony export */   withPg: () => (/* binding */ withPg)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var pg__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3849);
/* harmony import */ var _util_cancel_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4436);
/* harmony import */ var _util_connectError_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7238);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(17);
/* harmony import */ var _util_redact_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(767);
/* harmony import */ var _util_timeouts_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(4870);
/* harmony import */ var _dumpScanner_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(3616);
/* harmony import */ var _tools_js__WEBPACK_IMPORTED_MODULE_10__ = __webpack_require__(9783);











/** Where a URL points, without secrets: user@host:port/db. */
function describePg(url) {
    return `${decodeURIComponent(url.username) || '(default user)'}@${url.hostname}:${url.port || 5432}${url.pathname}`;
}
/** libpq's PGCONNECT_TIMEOUT is in whole seconds (and it takes 1 as 2). */
const connectSeconds = (timeouts) => Math.max(1, Math.ceil(timeouts.connectMs / 1000));
function clientConfig(url, timeouts) {
    return {
        connectionString: url.href,
        connectionTimeoutMillis: timeouts.connectMs,
        query_timeout: 60_000,
        application_name: 'luneo-backup'
    };
}
/**
 * Run work with a connected client; connection failures become one clear line. `signal` gives the
 * connection up (the caller failed elsewhere first), as cancelling the run does.
 */
async function withPg(url, work, signal, timeouts = _util_timeouts_js__WEBPACK_IMPORTED_MODULE_8__/* .DEFAULT_TIMEOUTS */ .R) {
    (0,_util_cancel_js__WEBPACK_IMPORTED_MODULE_4__/* .throwIfCancelled */ .dZ)();
    if (signal?.aborted)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`PostgreSQL ${describePg(url)}: check given up`);
    const client = new pg__WEBPACK_IMPORTED_MODULE_3__/* ["default"].Client */ .Ay.Client(clientConfig(url, timeouts));
    client.on('error', () => undefined); // reported through the failing query instead
    // end() waits for the server to say goodbye, which a server that never answers never does.
    const abort = () => client.connection.stream.destroy();
    const givenUp = signal ? AbortSignal.any([signal, _util_cancel_js__WEBPACK_IMPORTED_MODULE_4__/* .runSignal */ .KF]) : _util_cancel_js__WEBPACK_IMPORTED_MODULE_4__/* .runSignal */ .KF;
    givenUp.addEventListener('abort', abort, { once: true });
    try {
        try {
            await client.connect();
        }
        catch (error) {
            await client.end().catch(() => undefined);
            (0,_util_cancel_js__WEBPACK_IMPORTED_MODULE_4__/* .throwIfCancelled */ .dZ)();
            throw explainPgError(error, url, timeouts);
        }
        const result = await work(client).catch((error) => {
            (0,_util_cancel_js__WEBPACK_IMPORTED_MODULE_4__/* .throwIfCancelled */ .dZ)();
            throw error;
        });
        (0,_util_cancel_js__WEBPACK_IMPORTED_MODULE_4__/* .throwIfCancelled */ .dZ)();
        return result;
    }
    finally {
        givenUp.removeEventListener('abort', abort);
        await client.end().catch(() => undefined);
    }
}
function explainPgError(error, url, timeouts = _util_timeouts_js__WEBPACK_IMPORTED_MODULE_8__/* .DEFAULT_TIMEOUTS */ .R) {
    const e = error;
    const where = describePg(url);
    const host = `${url.hostname}:${url.port || 5432}`;
    if (e.code === '28P01' || e.code === '28000') {
        return new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`PostgreSQL refused the password for ${where} (${e.code})`);
    }
    if (e.code === '3D000')
        return new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`PostgreSQL database does not exist: ${where}`);
    if (e.code === 'ECONNREFUSED')
        return (0,_util_connectError_js__WEBPACK_IMPORTED_MODULE_5__/* .cannotConnect */ .y)('PostgreSQL', host, 'refused');
    if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') {
        return (0,_util_connectError_js__WEBPACK_IMPORTED_MODULE_5__/* .cannotConnect */ .y)('PostgreSQL', host, 'host not found');
    }
    if (/timeout/i.test(e.message ?? '') || e.code === 'ETIMEDOUT') {
        return (0,_util_connectError_js__WEBPACK_IMPORTED_MODULE_5__/* .cannotConnect */ .y)('PostgreSQL', host, `timeout: no answer within ${timeouts.connectMs / 1000} s`);
    }
    // pg's words for a peer that accepted and hung up before speaking PostgreSQL's protocol.
    if (/Connection terminated unexpectedly/.test(e.message ?? '') || e.code === 'ECONNRESET') {
        return (0,_util_connectError_js__WEBPACK_IMPORTED_MODULE_5__/* .cannotConnect */ .y)('PostgreSQL', host, 'closed before it answered: is it a PostgreSQL server?');
    }
    if (e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH') {
        return (0,_util_connectError_js__WEBPACK_IMPORTED_MODULE_5__/* .cannotConnect */ .y)('PostgreSQL', host, e.code);
    }
    return new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`PostgreSQL ${where}: ${(0,_util_redact_js__WEBPACK_IMPORTED_MODULE_7__/* .redact */ .E$)(e.message ?? String(error))}`);
}
async function serverInfo(url, signal, timeouts = _util_timeouts_js__WEBPACK_IMPORTED_MODULE_8__/* .DEFAULT_TIMEOUTS */ .R) {
    return withPg(url, async (client) => {
        const { rows } = await client.query(`select current_setting('server_version') as version,
              current_setting('server_version_num') as num,
              current_database() as db,
              pg_database_size(current_database())::text as size,
              current_user as user,
              (select oid::text from pg_database where datname = current_database()) as oid`);
        const r = rows[0];
        const systemIdentifier = await client
            .query('select system_identifier::text as id from pg_control_system()')
            .then((result) => result.rows[0]?.id, () => undefined // permission denied: the identity is then the oid alone (not enough)
        );
        return {
            version: r.version.split(' ')[0],
            major: Math.floor(Number(r.num) / 10000),
            database: r.db,
            databaseBytes: Number(r.size),
            user: r.user,
            endpoint: describePg(url),
            databaseOid: Number(r.oid),
            ...(systemIdentifier ? { systemIdentifier } : {})
        };
    }, signal, timeouts);
}
/**
 * Connect once (a wrong password fails here, in one line) and pick the pg_dump to run; `signal`
 * gives up the connection (the backup failed elsewhere first).
 */
async function probePostgres(url, signal, timeouts = _util_timeouts_js__WEBPACK_IMPORTED_MODULE_8__/* .DEFAULT_TIMEOUTS */ .R) {
    const server = await serverInfo(url, signal, timeouts);
    const pgDump = await (0,_tools_js__WEBPACK_IMPORTED_MODULE_10__/* .findPgTool */ .fh)('pg_dump', server.major, server.version);
    return { url, server, pgDump, timeouts };
}
/** Start pg_dump in plain format; the password goes in its environment (PGPASSWORD), never argv. */
async function openPostgresDump({ url, server, pgDump, timeouts }, log, options = {}) {
    log.info(`PostgreSQL ${server.version} at ${server.endpoint}, ${server.databaseBytes} bytes on disk; pg_dump ${pgDump.version} (${pgDump.path})`);
    const compress = options.gzipLevel === undefined ? [] : [`--compress=${options.gzipLevel}`];
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(pgDump.path, ['--format=plain', ...compress, '--no-password', '--dbname', (0,_tools_js__WEBPACK_IMPORTED_MODULE_10__/* .urlWithoutPassword */ .PO)(url)], { env: (0,_tools_js__WEBPACK_IMPORTED_MODULE_10__/* .pgEnv */ .TS)((0,_tools_js__WEBPACK_IMPORTED_MODULE_10__/* .passwordOf */ .No)(url), connectSeconds(timeouts)), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text) => {
        stderr = (stderr + text).slice(-4000);
    });
    const scanner = new _dumpScanner_js__WEBPACK_IMPORTED_MODULE_9__/* .PgDumpScanner */ .c();
    const out = new node_stream__WEBPACK_IMPORTED_MODULE_1__.PassThrough({ highWaterMark: 4 << 20 });
    let sqlBytes = 0;
    scanner.on('data', (chunk) => (sqlBytes += chunk.length));
    /** Set once pg_dump has exited and its output has ended. */
    let exitCode;
    let inflateError;
    /** pg_dump was stopped because its gzip did not inflate: no use dumping the rest. */
    let stoppedForInflate = false;
    const lastLine = () => (0,_util_redact_js__WEBPACK_IMPORTED_MODULE_7__/* .redact */ .E$)(stderr.trim().split('\n').filter(Boolean).pop() ?? '');
    const inflateFailed = () => {
        // A pg_dump built without zlib warns and writes plain SQL: its last line says why.
        const last = lastLine();
        const said = last ? ` (pg_dump: ${last})` : '';
        out.destroy(new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`pg_dump's gzip output does not inflate: ${inflateError.message}${said}`));
    };
    if (compress.length === 0) {
        child.stdout.pipe(scanner).pipe(out, { end: false });
    }
    else {
        // The gzip goes to storage as it is; a copy is inflated and scanned beside it.
        // 1 MiB pieces: a quarter of the thread-pool round trips of 256 KiB ones, 0.1-0.3 s less.
        const inflate = node_zlib__WEBPACK_IMPORTED_MODULE_2___default().createGunzip({ chunkSize: 1 << 20 });
        child.stdout.pipe(out, { end: false });
        child.stdout.pipe(inflate).pipe(scanner);
        // A truncated or corrupt stream fails here. If pg_dump failed by itself, its exit is the
        // cause (reported below); a pg_dump still running is stopped, its gzip being unreadable.
        inflate.on('error', (error) => {
            inflateError = error;
            if (exitCode === 0)
                inflateFailed();
            else if (exitCode === undefined && child.exitCode === null && child.signalCode === null) {
                stoppedForInflate = true;
                child.kill('SIGTERM');
            }
        });
    }
    child.on('error', (error) => out.destroy(new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`cannot run ${pgDump.path}: ${error.message}`)));
    // 'close' comes after stdout has ended and the process has exited: only now is the dump whole.
    child.on('close', (code, signal) => {
        exitCode = code;
        if (inflateError && (code === 0 || (stoppedForInflate && signal === 'SIGTERM'))) {
            inflateFailed();
        }
        else if (code !== 0) {
            const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
            const last = lastLine();
            out.destroy(new _util_errors_js__WEBPACK_IMPORTED_MODULE_6__/* .UserError */ .yo(`pg_dump ${how}${last ? `: ${last}` : ''}; the dump is incomplete`));
        }
        else if (scanner.readableEnded)
            out.end();
        else
            scanner.once('end', () => out.end());
    });
    // If the consumer gives up (upload failed), stop pg_dump rather than leave it running.
    out.on('close', () => {
        if (exitCode === undefined)
            child.kill('SIGTERM');
    });
    return {
        stream: out,
        server,
        pgDumpVersion: pgDump.version,
        compressed: compress.length > 0 ? 'gzip' : undefined,
        facts: () => scanner.facts(),
        sqlBytes: () => sqlBytes,
        close: async () => {
            if (exitCode === undefined && child.exitCode === null)
                child.kill('SIGTERM');
        }
    };
}


/***/ }),

/***/ 3616:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ PgDumpScanner),
/* harmony export */   g: () => (/* binding */ COPY_STATEMENT)
/* harmony export */ });
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_0__);

// Reads a plain-format pg_dump stream as it passes, unchanged, and learns from it what a restore
// needs to know: rows per table (counted in each `COPY ... FROM stdin;` block, so they describe
// exactly this dump), the roles it names, the extensions it creates and its objects.
const NL = 0x0a;
const MAX_STATEMENT_LINE = 64 * 1024;
/** A dump's `COPY <table> (<columns>) FROM stdin;` line; group 1 is the table as the dump names it. */
const COPY_STATEMENT = /^COPY (.+?) (?:\(.*\) )?FROM stdin;$/;
class PgDumpScanner extends node_stream__WEBPACK_IMPORTED_MODULE_0__.Transform {
    constructor() {
        // Room to keep reading pg_dump while compression catches up (its pipe holds only 64 KiB).
        super({ highWaterMark: 4 << 20 });
    }
    copyTable;
    copyRows = 0;
    /** The start of the current line (outside COPY data only the first 64 KiB are kept). */
    partial = [];
    partialLength = 0;
    tables = new Map();
    roles = new Set();
    extensions = new Set();
    usesRestrict = false;
    objects = {
        schemas: [],
        tables: [],
        views: [],
        functions: [],
        indexes: []
    };
    _transform(chunk, _encoding, done) {
        let start = 0;
        for (let nl = chunk.indexOf(NL); nl !== -1; nl = chunk.indexOf(NL, start)) {
            this.line(chunk, start, nl);
            start = nl + 1;
        }
        if (start < chunk.length)
            this.keep(chunk.subarray(start));
        done(null, chunk);
    }
    _flush(done) {
        if (this.partialLength > 0)
            this.line(Buffer.alloc(0), 0, 0);
        done();
    }
    facts() {
        return {
            tables: Object.fromEntries(this.tables),
            roles: [...this.roles].sort(),
            extensions: [...this.extensions].sort(),
            objects: this.objects,
            usesRestrict: this.usesRestrict
        };
    }
    keep(bytes) {
        if (this.copyTable !== undefined && this.partialLength >= 2) {
            // Inside COPY data only "is this line `\.`?" matters: two bytes suffice.
            this.partialLength += bytes.length;
            return;
        }
        if (this.partialLength < MAX_STATEMENT_LINE) {
            this.partial.push(bytes.subarray(0, MAX_STATEMENT_LINE - this.partialLength));
        }
        this.partialLength += bytes.length;
    }
    line(chunk, start, end) {
        if (this.copyTable !== undefined) {
            const length = this.partialLength + (end - start);
            if (length === 2) {
                const text = this.partialLength === 0
                    ? chunk.toString('latin1', start, end)
                    : Buffer.concat([...this.partial, chunk.subarray(start, end)]).toString('latin1');
                if (text === '\\.') {
                    this.tables.set(this.copyTable, (this.tables.get(this.copyTable) ?? 0) + this.copyRows);
                    this.copyTable = undefined;
                    this.resetPartial();
                    return;
                }
            }
            this.copyRows++;
            this.resetPartial();
            return;
        }
        const text = this.partialLength === 0
            ? chunk.toString('utf8', start, Math.min(end, start + MAX_STATEMENT_LINE))
            : Buffer.concat([...this.partial, chunk.subarray(start, end)])
                .subarray(0, MAX_STATEMENT_LINE)
                .toString('utf8');
        this.resetPartial();
        this.statement(text);
    }
    resetPartial() {
        this.partial = [];
        this.partialLength = 0;
    }
    statement(line) {
        if (line.length === 0 || line.startsWith('--'))
            return;
        let m;
        if ((m = COPY_STATEMENT.exec(line))) {
            this.copyTable = m[1];
            this.copyRows = 0;
            if (!this.tables.has(m[1]))
                this.tables.set(m[1], 0);
        }
        else if ((m = /^ALTER .* OWNER TO (.+);$/.exec(line))) {
            this.role(m[1]);
        }
        else if ((m = /^GRANT .* TO (.+?)( WITH GRANT OPTION)?;$/.exec(line))) {
            m[1].split(/,\s*/).forEach((r) => this.role(r));
        }
        else if ((m = /^REVOKE .* FROM (.+);$/.exec(line))) {
            m[1].split(/,\s*/).forEach((r) => this.role(r));
        }
        else if ((m = /^ALTER DEFAULT PRIVILEGES FOR ROLE (\S+)/.exec(line))) {
            this.role(m[1]);
        }
        else if (line.startsWith('\\restrict ')) {
            this.usesRestrict = true;
        }
        else if ((m = /^CREATE SCHEMA (.+);$/.exec(line))) {
            this.objects.schemas.push(m[1]);
        }
        else if ((m = /^CREATE EXTENSION IF NOT EXISTS (\S+)/.exec(line))) {
            this.extensions.add(unquote(m[1]));
        }
        else if ((m = /^CREATE (?:UNLOGGED )?TABLE (.+?) \($/.exec(line))) {
            this.objects.tables.push(m[1]);
        }
        else if ((m = /^CREATE (?:MATERIALIZED )?VIEW (\S+) AS/.exec(line))) {
            this.objects.views.push(m[1]);
        }
        else if ((m = /^CREATE (?:FUNCTION|PROCEDURE|AGGREGATE) (.+?)\(/.exec(line))) {
            this.objects.functions.push(m[1]);
        }
        else if ((m = /^CREATE (?:UNIQUE )?INDEX (\S+) ON/.exec(line))) {
            this.objects.indexes.push(m[1]);
        }
    }
    role(name) {
        const role = unquote(name.trim().replace(/^GROUP /, ''));
        if (role && role.toUpperCase() !== 'PUBLIC' && !role.startsWith('pg_'))
            this.roles.add(role);
    }
}
function unquote(name) {
    return name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name;
}


/***/ }),

/***/ 9783:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BW: () => (/* binding */ findPsqlFor),
/* harmony export */   No: () => (/* binding */ passwordOf),
/* harmony export */   PO: () => (/* binding */ urlWithoutPassword),
/* harmony export */   TS: () => (/* binding */ pgEnv),
/* harmony export */   fh: () => (/* binding */ findPgTool)
/* harmony export */ });
/* unused harmony exports pgToolCandidates, toolVersion, compareVersions */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(17);





// Finding a pg_dump/psql that can talk to the server, and handing them the password through the
// child's environment: never argv (any user reads /proc/<pid>/cmdline), never a file (a killed run
// cannot remove it). A process's environment is readable only by its own user and root.
const run = (0,node_util__WEBPACK_IMPORTED_MODULE_3__.promisify)(node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile);
/**
 * Where to look: $LUNEO_PG_BIN alone when set, else PATH, then <libDir>/<N>/bin newest first.
 * Debian's /usr/bin/pg_dump and psql are pg_wrapper, a Perl script that runs one of those
 * versioned binaries (and costs about 40 ms per call): when they are there, they are used directly.
 */
function pgToolCandidates(tool, env = process.env, libDir = '/usr/lib/postgresql') {
    if (env.LUNEO_PG_BIN)
        return [node_path__WEBPACK_IMPORTED_MODULE_2___default().join(env.LUNEO_PG_BIN, tool)];
    const fromPath = (env.PATH ?? '')
        .split((node_path__WEBPACK_IMPORTED_MODULE_2___default().delimiter))
        .filter(Boolean)
        .map((dir) => node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, tool))
        .filter((p) => (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(p));
    let versioned = [];
    try {
        versioned = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readdirSync)(libDir)
            .filter((v) => /^\d+$/.test(v))
            .sort((a, b) => Number(b) - Number(a))
            .map((v) => node_path__WEBPACK_IMPORTED_MODULE_2___default().join(libDir, v, 'bin', tool))
            .filter((p) => (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(p));
    }
    catch {
        // No Debian-style install: PATH only.
    }
    const direct = versioned.length > 0 ? fromPath.filter((p) => !isPgWrapper(p)) : fromPath;
    return [...new Set([...direct, ...versioned])];
}
function isPgWrapper(file) {
    try {
        return node_path__WEBPACK_IMPORTED_MODULE_2___default().basename((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.realpathSync)(file)) === 'pg_wrapper';
    }
    catch {
        return false;
    }
}
async function toolVersion(toolPath) {
    const { stdout } = await run(toolPath, ['--version'], { timeout: 10_000 });
    const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(stdout) ?? /(\d+)\.(\d+)/.exec(stdout);
    if (!m)
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`cannot read the version of ${toolPath}: "${stdout.trim()}"`);
    return { path: toolPath, version: m[2] ? `${m[1]}.${m[2]}` : m[1], major: Number(m[1]) };
}
/**
 * A client tool at least as new as the server (pg_dump refuses older servers... and newer ones).
 * The first candidate that is new enough wins; none means a clear refusal naming both versions.
 */
async function findPgTool(tool, serverMajor, serverVersion, env = process.env) {
    const candidates = pgToolCandidates(tool, env);
    if (candidates.length === 0) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${tool} not found: install the PostgreSQL ${serverMajor} client (e.g. apt-get install postgresql-client-${serverMajor})`);
    }
    const found = [];
    for (const candidate of candidates) {
        const tool = await toolVersion(candidate).catch(() => undefined);
        if (!tool)
            continue;
        if (tool.major >= serverMajor)
            return tool;
        found.push(tool);
    }
    const newest = found.sort((a, b) => b.major - a.major)[0];
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`${tool} ${newest?.version ?? '(unknown version)'} is older than the PostgreSQL server ${serverVersion}: install the PostgreSQL ${serverMajor} client (apt-get install postgresql-client-${serverMajor}, see README "Client version")`);
}
/**
 * The environment for a libpq tool: the password as PGPASSWORD (or none), a connect timeout.
 * A PGPASSWORD of our own environment is not passed on: the URL's password (or none) is the one.
 */
function pgEnv(password, connectTimeoutSeconds) {
    const env = {
        ...process.env,
        PGCONNECT_TIMEOUT: String(connectTimeoutSeconds)
    };
    delete env.PGPASSWORD;
    if (password)
        env.PGPASSWORD = password;
    return env;
}
/** The URL's password, decoded, for pgEnv: `user:password@`, or libpq's `?password=`. */
function passwordOf(url) {
    if (url.password)
        return decodeURIComponent(url.password);
    return url.searchParams.get('password') || undefined;
}
/** The connection URL libpq tools get on their command line: everything but the password. */
function urlWithoutPassword(url) {
    const copy = new URL(url.href);
    copy.password = '';
    copy.searchParams.delete('password');
    return copy.href;
}
/** Compare two PostgreSQL versions (`15.14`, `16`) by major, then minor. */
function compareVersions(a, b) {
    const [am, an = 0] = a.split('.').map(Number);
    const [bm, bn = 0] = b.split('.').map(Number);
    return am - bm || an - bn;
}
/**
 * The psql to replay a dump with (README "Client version"): at least as new as the pg_dump that
 * wrote it, by minor version (a pg_dump 17.6 file uses \restrict, which psql 17.5 does not
 * know). The server's own version does not matter: psql 15 replays a pg_dump 15 file into
 * PostgreSQL 18. The newest candidate that qualifies is not needed: the first one is.
 */
async function findPsqlFor(pgDumpVersion, env = process.env) {
    const major = pgDumpVersion.split('.')[0];
    const found = [];
    for (const candidate of pgToolCandidates('psql', env)) {
        const tool = await toolVersion(candidate).catch(() => undefined);
        if (!tool)
            continue;
        if (compareVersions(tool.version, pgDumpVersion) >= 0)
            return tool;
        found.push(tool);
    }
    const newest = found.sort((a, b) => compareVersions(b.version, a.version))[0];
    throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .yo(`psql ${newest?.version ?? 'not found'} is older than the pg_dump ${pgDumpVersion} that wrote this dump: install the PostgreSQL ${major} client, ${pgDumpVersion} or newer (apt-get install postgresql-client-${major}, see README "Client version")`);
}


/***/ }),

/***/ 7238:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ cannotConnect)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17);

/**
 * One wording for a server that cannot be reached, whatever the client library said:
 * "cannot connect to PostgreSQL at db:5432 (refused)". `why` is refused, timeout (and after
 * how long), host not found, or what the socket reported.
 */
function cannotConnect(what, hostPort, why) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`cannot connect to ${what} at ${hostPort} (${why})`);
}


/***/ })

};

//# sourceMappingURL=272.index.js.map