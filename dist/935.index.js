export const id = 935;
export const ids = [935];
export const modules = {

/***/ 5935:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  UPLOADS_INDEX_NAME: () => (/* reexport */ indexFormat/* UPLOADS_INDEX_NAME */.st),
  openUploadsArchive: () => (/* binding */ openUploadsArchive),
  probeUploads: () => (/* binding */ probeUploads)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
var promises_default = /*#__PURE__*/__webpack_require__.n(promises_);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(6118);
// EXTERNAL MODULE: ./src/snapshot/compression.ts + 2 modules
var compression = __webpack_require__(3968);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/sources/uploads/fsCalls.ts

// The file system calls the archive makes once per file, and how any fs error reads in the
// uploads messages (backup and restore alike).
// Metadata calls (open, fstat, close) are synchronous, as GNU tar makes them: through the thread
// pool, each one's hand-off cost more than the call (on 2 cores it contends with the pool's
// threads). Content reads stay on the pool, so the files read ahead are read concurrently: on a
// cold disk that is what keeps the archive near tar's pace. Measured on 5,000 media files
// (docs/benchmarks.md): all five calls on the pool 1.42-1.51 s warm, 1.6-2.5 s cold; all
// synchronous 1.20-1.26 s warm but 2.0 s cold; this split 1.29-1.46 s warm, 1.50-1.57 s cold.
// Errors become rejections either way, so every caller handles them the same.
function syncCall(call) {
    try {
        return Promise.resolve(call());
    }
    catch (error) {
        return Promise.reject(error);
    }
}
const openFile = (abs) => syncCall(() => external_node_fs_default().openSync(abs, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW | O_NONBLOCK));
const fstat = (fd) => syncCall(() => external_node_fs_default().fstatSync(fd));
const readFd = (fd, buffer, offset, length, position) => new Promise((resolve, reject) => external_node_fs_default().read(fd, buffer, offset, length, position, (error, bytesRead) => error ? reject(error) : resolve(bytesRead)));
/** Close, ignoring errors (a read-only descriptor has nothing left to lose). */
const closeFd = (fd) => syncCall(() => {
    try {
        external_node_fs_default().closeSync(fd);
    }
    catch {
        // nothing to lose
    }
});
// O_NONBLOCK is not in every platform's fs.constants typing; Linux and macOS have it.
const O_NONBLOCK = external_node_fs_.constants.O_NONBLOCK ?? 0;

// EXTERNAL MODULE: ./src/sources/uploads/paths.ts
var paths = __webpack_require__(1271);
;// CONCATENATED MODULE: ./src/sources/uploads/archiveEntry.ts




// One entry of the walk into the tar pack and the index, with what the archive counts and
// reports (files that changed while read, entries left out).
/** How many changed/skipped paths the manifest lists (the counts are always whole). */
const MAX_LISTED = 1000;
/** How many of each kind of warning the log shows; the rest are counted (and in the manifest). */
const MAX_LOGGED = 10;
const READ_CHUNK = 256 * 1024;
class ArchiveState {
    dir;
    root;
    log;
    files = 0;
    bytes = 0;
    directories = 0;
    symlinks = 0;
    changed = [];
    changedCount = 0;
    skipped = [];
    skippedCount = 0;
    linksOutside = [];
    linksOutsideCount = 0;
    constructor(dir, root, log) {
        this.dir = dir;
        this.root = root;
        this.log = log;
    }
    change(rel, change) {
        this.changedCount++;
        if (this.changed.length < MAX_LISTED)
            this.changed.push({ path: rel, change });
        this.warn(this.changedCount, `${rel}: ${change}`, 'changed files');
    }
    skip(rel, reason) {
        this.skippedCount++;
        if (this.skipped.length < MAX_LISTED)
            this.skipped.push({ path: rel, reason });
        this.warn(this.skippedCount, `${rel}: ${reason}`, 'entries left out');
    }
    /** A symlink restore would refuse: warned now, not found out at restore time. */
    linkOutside(rel, problem) {
        this.linksOutsideCount++;
        if (this.linksOutside.length < MAX_LISTED)
            this.linksOutside.push({ path: rel, problem });
        this.warn(this.linksOutsideCount, `${rel}: symlink ${problem}: restore will refuse it`, 'such symlinks');
    }
    warn(nth, line, what) {
        if (nth <= MAX_LOGGED)
            this.log.warning(line);
        else if (nth === MAX_LOGGED + 1) {
            this.log.warning(`more ${what}: counted, not logged (the manifest lists up to ${MAX_LISTED})`);
        }
    }
}
async function archiveEntry(pack, { entry, file, link }, state, index) {
    const { rel, stats } = entry;
    if (file) {
        const loaded = await file;
        if (loaded.kind === 'skip')
            return state.skip(rel, loaded.reason);
        if (loaded.kind === 'open')
            return archiveStreamed(pack, entry, loaded, state, index);
        const { before, data, read, after } = loaded;
        const sha256 = (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex');
        await addEntry(pack, fileHeader(rel, before), data);
        return recordFile(state, index, rel, before, read, after, sha256);
    }
    if (!stats)
        return state.skip(rel, 'removed before it was read: left out');
    const common = {
        mode: stats.mode & 0o7777,
        mtime: new Date(Math.floor(stats.mtimeMs / 1000) * 1000),
        uid: stats.uid,
        gid: stats.gid
    };
    const meta = { mtime: common.mtime.toISOString(), mode: octal(common.mode) };
    if (stats.isDirectory()) {
        await addEntry(pack, { ...common, name: `${rel}/`, type: 'directory' });
        state.directories++;
        await index.add({ path: `${rel}/`, type: 'directory', ...meta });
    }
    else if (link) {
        const linkname = await link;
        if (linkname === null)
            return state.skip(rel, 'removed before it was read: left out');
        await addEntry(pack, { ...common, name: rel, type: 'symlink', linkname });
        state.symlinks++;
        // Other symlinks of the tree are not all known yet: '..' and absolute targets are.
        const problem = (0,paths/* linkProblem */.kD)(rel, linkname, () => undefined);
        if (problem)
            state.linkOutside(rel, problem);
        await index.add({ path: rel, type: 'symlink', linkname, ...meta });
    }
    else {
        const kind = stats.isSocket()
            ? 'socket'
            : stats.isFIFO()
                ? 'FIFO'
                : stats.isBlockDevice() || stats.isCharacterDevice()
                    ? 'device'
                    : 'special file';
        state.skip(rel, `${kind} ignored: only files, folders and symlinks are archived`);
    }
}
function fileHeader(rel, before) {
    return {
        name: rel,
        type: 'file',
        size: before.size,
        mode: before.mode & 0o7777,
        mtime: new Date(Math.floor(before.mtimeMs / 1000) * 1000),
        uid: before.uid,
        gid: before.gid
    };
}
/** A file too large to hold whole: read in chunks straight into its tar entry. */
async function archiveStreamed(pack, { abs, rel }, { before, fd }, state, index) {
    try {
        const size = before.size;
        const hash = (0,external_node_crypto_.createHash)('sha256');
        const sink = openEntry(pack, fileHeader(rel, before));
        let position = 0;
        while (position < size) {
            const buffer = Buffer.allocUnsafe(Math.min(READ_CHUNK, size - position));
            let bytesRead;
            try {
                bytesRead = await readFd(fd, buffer, 0, buffer.length, position);
            }
            catch (error) {
                sink.destroy(error);
                throw new errors/* UserError */.yo(`cannot read uploads file ${abs}: ${(0,errors/* fsErrorLine */.qr)(error)}`, {
                    cause: error
                });
            }
            if (bytesRead === 0)
                break;
            const chunk = buffer.subarray(0, bytesRead);
            hash.update(chunk);
            await sink.write(chunk);
            position += bytesRead;
        }
        // Shrank: pad with zeros to the size the header promised, as GNU tar does.
        for (let left = size - position; left > 0;) {
            const zeros = Buffer.alloc(Math.min(READ_CHUNK, left));
            hash.update(zeros);
            await sink.write(zeros);
            left -= zeros.length;
        }
        await sink.end();
        const after = await fstat(fd);
        await recordFile(state, index, rel, before, position, after, hash.digest('hex'));
    }
    finally {
        await closeFd(fd);
    }
}
/** Count an archived file, report how it changed while being read, and index it. */
async function recordFile(state, index, rel, before, read, after, sha256) {
    const size = before.size;
    let change;
    if (read < size) {
        change = `file shrank by ${size - read} bytes while being read; padded with zeros to the ${size} bytes its tar header declares, as GNU tar does`;
    }
    else if (after.nlink === 0) {
        change = `file was removed while being read; its ${size} bytes were archived`;
    }
    else if (after.size > size) {
        change = `file grew from ${size} to ${after.size} bytes while being read; its first ${size} bytes (the size its tar header declares) were archived, as GNU tar does`;
    }
    else if (after.size < size || after.mtimeMs !== before.mtimeMs) {
        change = `file changed as we read it (size ${size} -> ${after.size}); the archived copy may mix old and new content`;
    }
    if (change)
        state.change(rel, change);
    state.files++;
    state.bytes += size;
    await index.add({
        path: rel,
        type: 'file',
        size,
        mtime: new Date(Math.floor(before.mtimeMs / 1000) * 1000).toISOString(),
        mode: octal(before.mode & 0o7777),
        sha256,
        ...(change ? { change } : {})
    });
}
/** A tar entry with promise-returning write/end that respect the pack's backpressure. */
function openEntry(pack, header) {
    let failure;
    let sink;
    // The callback runs once the entry is whole in the pack, or with the error that ended it.
    const settled = new Promise((resolve, reject) => {
        sink = pack.entry(header, (error) => (error ? reject(error) : resolve()));
    });
    settled.catch(() => undefined); // awaited by end()
    sink.on('error', (error) => (failure ??= error));
    const waitDrain = () => new Promise((resolve, reject) => {
        const onClose = () => reject(failure ?? new Error('uploads archive closed'));
        sink.once('close', onClose);
        sink.once('drain', () => {
            sink.off('close', onClose);
            resolve();
        });
    });
    return {
        async write(chunk) {
            if (failure)
                throw failure;
            if (sink.destroyed)
                throw new Error('uploads archive closed');
            if (!sink.write(chunk))
                await waitDrain();
        },
        async end() {
            sink.end(undefined);
            await settled;
        },
        destroy(error) {
            sink.destroy(error);
        }
    };
}
/** A whole entry (a header, and a file's content): resolves once the pack has taken it. */
async function addEntry(pack, header, data) {
    await new Promise((resolve, reject) => {
        const done = (error) => (error ? reject(error) : resolve());
        const sink = data ? pack.entry(header, data, done) : pack.entry(header, done);
        sink.on('error', reject);
    });
}
function octal(mode) {
    return mode.toString(8).padStart(4, '0');
}

// EXTERNAL MODULE: ./src/sources/uploads/exclude.ts
var exclude = __webpack_require__(8277);
// EXTERNAL MODULE: ./src/sources/uploads/indexFormat.ts
var indexFormat = __webpack_require__(8580);
;// CONCATENATED MODULE: ./src/sources/uploads/readAhead.ts



// Reading the next files of the walk while the current one goes into the pack.
/**
 * Files read ahead of the one going into the pack, each whole when at most WHOLE_FILE_MAX (so
 * 16 MiB at most): on the media benchmark 16 beat 8 and 4, and 32 was no faster.
 */
const READ_AHEAD = 16;
const WHOLE_FILE_MAX = 1 << 20;
function prepareEntry(entry, options, slabs) {
    const { abs, stats } = entry;
    if (stats === undefined || stats?.isFile()) {
        const file = loadFile(abs, options, slabs);
        file.catch(() => undefined); // awaited in its turn, or by discard()
        return { entry, file };
    }
    if (stats?.isSymbolicLink()) {
        const link = readLink(abs);
        link.catch(() => undefined);
        return { entry, link };
    }
    return { entry };
}
/** A prepared entry that will not be archived (the archive failed): close what it holds. */
async function discard({ file, link }) {
    await link?.catch(() => undefined);
    const loaded = await file?.catch(() => undefined);
    if (loaded?.kind === 'open')
        await closeFd(loaded.fd);
}
async function readLink(abs) {
    try {
        return await promises_default().readlink(abs);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return null;
        throw new errors/* UserError */.yo(`cannot read symlink ${abs}: ${(0,errors/* fsErrorLine */.qr)(error)}`);
    }
}
async function loadFile(abs, options, slabs) {
    await options.onFile?.(abs, 'listed');
    let fd;
    try {
        // O_NOFOLLOW: a file swapped for a symlink is not followed; O_NONBLOCK: nor does a FIFO hang.
        fd = await openFile(abs);
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT')
            return { kind: 'skip', reason: 'removed before it was read: left out' };
        if (code === 'ELOOP') {
            return { kind: 'skip', reason: 'replaced by a symlink while archiving: left out' };
        }
        throw new errors/* UserError */.yo(`cannot read uploads file ${abs}: ${(0,errors/* fsErrorLine */.qr)(error)}`, { cause: error });
    }
    let keepOpen = false;
    try {
        const before = await fstat(fd);
        if (!before.isFile()) {
            return {
                kind: 'skip',
                reason: 'replaced by something other than a file while archiving: left out'
            };
        }
        await options.onFile?.(abs, 'opened');
        if (before.size > WHOLE_FILE_MAX) {
            keepOpen = true;
            return { kind: 'open', before, fd };
        }
        const data = slabs.take(before.size);
        let read = 0;
        while (read < data.length) {
            let bytesRead;
            try {
                bytesRead = await readFd(fd, data, read, data.length - read, read);
            }
            catch (error) {
                throw new errors/* UserError */.yo(`cannot read uploads file ${abs}: ${(0,errors/* fsErrorLine */.qr)(error)}`, {
                    cause: error
                });
            }
            if (bytesRead === 0)
                break;
            read += bytesRead;
        }
        // The file shrank: the header will promise `before.size` bytes, so pad with zeros as GNU
        // tar does; the index hash is of what was archived.
        data.fill(0, read);
        const after = await fstat(fd);
        return { kind: 'whole', before, data, read, after };
    }
    finally {
        if (!keepOpen)
            await closeFd(fd);
    }
}

// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
var external_node_zlib_default = /*#__PURE__*/__webpack_require__.n(external_node_zlib_);
;// CONCATENATED MODULE: ./src/sources/uploads/walk.ts



// The uploads tree, walked one directory handle at a time (fs.opendir), so that memory does not
// grow with the number of files; the archive, the compression sample and the size hint all walk
// it the same way.
/** Tar headers and the padding after content come in blocks of this size. */
const TAR_BLOCK = 512;
/**
 * Depth first, each folder before its content, one open directory handle per level. The root
 * is stat()ed (a symlinked uploads-dir is followed); everything below is lstat()ed, so
 * symlinks are never followed, except regular files when `statFiles` is false: their type is
 * the directory entry's, and the archive fstat()s them once opened (O_NOFOLLOW).
 */
async function* walk(abs, rel, statFiles, isRoot = false, 
/** uploads-exclude: entries left out (a folder with everything in it). */
excluded) {
    let stats;
    try {
        stats = isRoot ? await promises_default().stat(abs) : await promises_default().lstat(abs);
    }
    catch (error) {
        if (!isRoot && error.code === 'ENOENT')
            stats = null;
        else
            throw new errors/* UserError */.yo(`cannot read ${abs}: ${(0,errors/* fsErrorLine */.qr)(error)}`);
    }
    yield { abs, rel, stats };
    if (!stats?.isDirectory())
        return;
    let handle;
    try {
        handle = await promises_default().opendir(abs, { bufferSize: 64 });
    }
    catch (error) {
        if (error.code === 'ENOENT' && !isRoot)
            return; // reported below
        throw new errors/* UserError */.yo(`cannot read folder ${abs}: ${(0,errors/* fsErrorLine */.qr)(error)}`);
    }
    try {
        for (;;) {
            let dirent;
            try {
                dirent = await handle.read();
            }
            catch (error) {
                throw new errors/* UserError */.yo(`cannot read folder ${abs}: ${(0,errors/* fsErrorLine */.qr)(error)}`);
            }
            if (!dirent)
                break;
            const child = { abs: `${abs}${(external_node_path_default()).sep}${dirent.name}`, rel: `${rel}/${dirent.name}` };
            if (excluded?.(child.rel))
                continue;
            if (!statFiles && dirent.isFile())
                yield child;
            else
                yield* walk(child.abs, child.rel, statFiles, false, excluded);
        }
    }
    finally {
        await handle.close().catch(() => undefined);
    }
}
/** Walk the tree counting what the tar will hold: its content plus headers and padding. */
async function tarSizeHint(dir, root, excluded) {
    let bytes = 0;
    try {
        for await (const { stats } of walk(dir, root, true, true, excluded)) {
            if (stats)
                bytes += 3 * TAR_BLOCK + (stats.isFile() ? stats.size : 0);
        }
    }
    catch {
        // What cannot be read fails the archive itself, with its own message; the hint is a hint.
    }
    return bytes;
}

;// CONCATENATED MODULE: ./src/sources/uploads/sample.ts








// uploads-compression: auto. Media files barely compress and gzip on them costs 14x for 2%
// (DESIGN.md, "Performance"), so a small sample of the tree decides, before the archive starts.
/** auto: gzip the first SAMPLE_BYTES_PER_FILE of up to SAMPLE_FILES files... */
const SAMPLE_FILES = 32;
const SAMPLE_BYTES_PER_FILE = 64 * 1024;
/** ...and store at gzip level 0 when they shrink by less than this. */
const AUTO_MIN_GAIN = 0.05;
/** The compression sample: the start of the first SAMPLE_FILES non-empty files, in walk order. */
async function readSamples(dir, root, excluded) {
    const samples = [];
    for await (const { abs, stats } of walk(dir, root, false, true, excluded)) {
        if (samples.length >= SAMPLE_FILES)
            break;
        if (stats !== undefined && !stats?.isFile())
            continue;
        const sample = await readSample(abs);
        if (sample && sample.length > 0)
            samples.push(sample);
    }
    return samples;
}
async function readSample(file) {
    let handle;
    try {
        handle = await promises_default().open(file, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW | O_NONBLOCK);
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT' || code === 'ELOOP')
            return undefined; // reported by the archive pass
        throw new errors/* UserError */.yo(`cannot read uploads file ${file}: ${(0,errors/* fsErrorLine */.qr)(error)}`);
    }
    try {
        // Listed as a file, but it may have been replaced since: only a file is sampled.
        if (!(await handle.stat()).isFile())
            return undefined;
        const buffer = Buffer.alloc(SAMPLE_BYTES_PER_FILE);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        return buffer.subarray(0, bytesRead);
    }
    catch (error) {
        throw new errors/* UserError */.yo(`cannot read uploads file ${file}: ${(0,errors/* fsErrorLine */.qr)(error)}`);
    }
    finally {
        await handle.close();
    }
}
const deflateRaw = (0,external_node_util_.promisify)((external_node_zlib_default()).deflateRaw);
/** The gain gzip (level 1, as `compression: gzip` writes) gets on the sample: 0.3 = 30% smaller. */
async function sampleGain(samples) {
    const raw = Buffer.concat(samples);
    if (raw.length === 0)
        return { bytes: 0, gain: 0 };
    const packed = await deflateRaw(raw, { level: 1 });
    return { bytes: raw.length, gain: (0,format/* round */.LI)(1 - packed.length / raw.length, 4) };
}
async function chooseCompression(options, samples) {
    const requested = options.uploadsCompression;
    if (requested !== 'auto') {
        return { requested, compression: requested, reason: `uploads-compression: ${requested}` };
    }
    const { bytes, gain } = await sampleGain(samples);
    const sample = { files: samples.length, bytes, gain };
    const percent = `${(gain * 100).toFixed(1)}%`;
    if (options.compression === 'none') {
        return { requested, compression: 'none', sample, reason: 'compression: none' };
    }
    if (bytes === 0) {
        return {
            requested,
            compression: options.compression,
            sample,
            reason: `no file content to sample: compression ${options.compression}`
        };
    }
    if (gain < AUTO_MIN_GAIN) {
        return {
            requested,
            compression: 'gzip',
            level: 0,
            sample,
            reason: `a sample of ${samples.length} files gains ${percent} under gzip (under ${AUTO_MIN_GAIN * 100}%): stored at gzip level 0, still a .tar.gz that tar -xzf extracts`
        };
    }
    return {
        requested,
        compression: options.compression,
        sample,
        reason: `a sample of ${samples.length} files gains ${percent} under gzip: compression ${options.compression}`
    };
}

;// CONCATENATED MODULE: ./src/sources/uploads/slabPool.ts
// Buffers for the files the archive reads whole, reused from one file to the next.
/**
 * `slabSize` buffers for the files read whole (none is larger), each reused once the archive
 * stream has copied its bytes out of the pack (release()): allocating a fresh buffer per file
 * costs more in garbage collection than the copy. Only buffers the pool made come back; at most
 * `maxFree` wait.
 */
class SlabPool {
    slabSize;
    maxFree;
    free = [];
    owned = new WeakSet();
    constructor(slabSize, maxFree) {
        this.slabSize = slabSize;
        this.maxFree = maxFree;
    }
    /** A buffer of `size` (<= slabSize) bytes; small ones come from Node's shared pool. */
    take(size) {
        if (size <= 4096)
            return Buffer.allocUnsafe(size);
        let slab = this.free.pop();
        if (!slab) {
            slab = Buffer.allocUnsafeSlow(this.slabSize);
            this.owned.add(slab.buffer);
        }
        return slab.subarray(0, size);
    }
    /** `chunk` is no longer used: when it is one of ours, its slab can be taken again. */
    release(chunk) {
        if (this.owned.has(chunk.buffer) && this.free.length < this.maxFree) {
            this.free.push(Buffer.from(chunk.buffer, 0, this.slabSize));
        }
    }
}

;// CONCATENATED MODULE: ./src/sources/uploads/archive.ts















// The backup's entry points (probeUploads, openUploadsArchive). The uploads folder as one tar
// stream, entries under the folder's own name (`uploads/...`, as `tar -C <parent> uploads`
// writes them), plus a per-file index with each file's SHA-256 taken from the very bytes that
// went into the archive. The tree is walked one directory handle at a time (fs.opendir); the
// next READ_AHEAD files are opened and read (whole when at most WHOLE_FILE_MAX, larger ones in
// chunks in their turn) while the current one goes into the pack, so memory stays bounded
// whatever the number or size of the files.
// The index file travels with the archive: the backup names it from here.

/**
 * The archive stream's chunk size: what one stored deflate block holds (so at gzip level 0 each
 * chunk is one block), and under glibc's mmap threshold (128 KiB), so the memory of chunks
 * already written is reused for the next ones. 1 MiB chunks were each mapped afresh, a page
 * fault per 4 KiB of archive: twice the page faults, and 0.1-0.15 s more on the 5,000 media
 * files of the benchmark (docs/benchmarks.md).
 */
const OUT_CHUNK = 65_535;
/**
 * Check the folder, read the compression sample (auto only: the first files of the tree), and
 * return the archive stream, which walks the tree as it is read.
 */
async function openUploadsArchive(dirInput, log, options) {
    const dir = await probeUploads(dirInput);
    const root = external_node_path_default().basename(dir);
    // What a drill compares its target with (a symlinked or bind-mounted path resolves to this).
    const realPath = await promises_default().realpath(dir);
    const patterns = options.exclude ?? [];
    const excluded = (0,exclude/* excluder */.H)(patterns);
    let excludedCount = 0;
    const samples = options.uploadsCompression === 'auto' ? await readSamples(dir, root, excluded) : [];
    const choice = await chooseCompression(options, samples);
    const name = `uploads.tar${(0,compression/* compressionSuffix */.uy)(choice.compression)}`;
    log.info(`${dir}: ${name}: ${choice.reason}`);
    let sizeHint;
    const spool = await promises_default().mkdtemp(external_node_path_default().join(external_node_os_default().tmpdir(), 'luneo-uploads-index-'));
    const indexFile = external_node_path_default().join(spool, 'index.json');
    const state = new ArchiveState(dir, root, log);
    let done = false;
    async function* generate() {
        const pack = tar_stream.pack();
        const indexOut = (0,external_node_fs_.createWriteStream)(indexFile);
        const index = new indexFormat/* IndexWriter */.Ku(indexOut, name, root);
        const ahead = [];
        const slabs = new SlabPool(WHOLE_FILE_MAX, READ_AHEAD * 2);
        const walker = (async () => {
            try {
                index.start();
                // The archive's walk counts what it leaves out (the sample's and the hint's do not).
                const counted = excluded &&
                    ((rel) => {
                        if (!excluded(rel))
                            return false;
                        excludedCount++;
                        return true;
                    });
                for await (const entry of walk(dir, root, false, true, counted)) {
                    ahead.push(prepareEntry(entry, options, slabs));
                    if (ahead.length >= READ_AHEAD) {
                        await archiveEntry(pack, ahead.shift(), state, index);
                    }
                }
                while (ahead.length > 0)
                    await archiveEntry(pack, ahead.shift(), state, index);
                await index.end();
                pack.finalize();
            }
            catch (error) {
                pack.destroy(error);
                indexOut.destroy();
                // Files read ahead but not archived: wait for their reads, close what is still open.
                await Promise.all(ahead.splice(0).map(discard));
                throw error;
            }
        })();
        walker.catch(() => undefined); // awaited below; this only keeps it from being unhandled
        try {
            // The pack's many small pieces (a header, a file, its padding) leave as whole OUT_CHUNK
            // buffers: one trip down the pipeline per 64 KiB, not three per file.
            let out = Buffer.allocUnsafe(OUT_CHUNK);
            let used = 0;
            for await (const chunk of pack) {
                for (let at = 0; at < chunk.length;) {
                    const copied = chunk.copy(out, used, at);
                    used += copied;
                    at += copied;
                    if (used === OUT_CHUNK) {
                        yield out;
                        out = Buffer.allocUnsafe(OUT_CHUNK);
                        used = 0;
                    }
                }
                slabs.release(chunk); // copied out: a file's slab can hold the next file
            }
            if (used > 0)
                yield out.subarray(0, used);
        }
        catch (error) {
            // The pack fails because the walker destroyed it: the walker's error is the cause.
            await walker;
            throw error;
        }
        finally {
            if (!pack.destroyed)
                pack.destroy();
            await walker.catch(() => undefined);
        }
        await walker;
        done = true;
    }
    return {
        name,
        choice,
        sizeHint: () => (sizeHint ??= tarSizeHint(dir, root, excluded)),
        stream: external_node_stream_.Readable.from(generate(), { objectMode: false, highWaterMark: 1 << 20 }),
        index() {
            if (!done)
                throw new Error('uploads index read before the archive was complete');
            return (0,external_node_fs_.createReadStream)(indexFile, { highWaterMark: 1 << 20 });
        },
        stats() {
            if (!done)
                throw new Error('uploads stats read before the archive was complete');
            return {
                dir,
                root,
                files: state.files,
                bytes: state.bytes,
                directories: state.directories,
                symlinks: state.symlinks,
                index: indexFormat/* UPLOADS_INDEX_NAME */.st,
                compression: {
                    requested: choice.requested,
                    chosen: choice.compression,
                    ...(choice.level !== undefined ? { level: choice.level } : {}),
                    ...(choice.sample ? { sample: choice.sample } : {}),
                    reason: choice.reason
                },
                changed: state.changed,
                changedCount: state.changedCount,
                skipped: state.skipped,
                skippedCount: state.skippedCount,
                ...(state.linksOutsideCount > 0
                    ? { linksOutside: state.linksOutside, linksOutsideCount: state.linksOutsideCount }
                    : {}),
                ...(patterns.length > 0 ? { exclude: patterns, excludedCount } : {}),
                identity: { realPath }
            };
        },
        close: () => promises_default().rm(spool, { recursive: true, force: true })
    };
}
/** Before any data moves: the folder exists, is a folder with a name, and can be read. */
async function probeUploads(dirInput) {
    const dir = external_node_path_default().resolve(dirInput);
    if (!external_node_path_default().basename(dir)) {
        throw new errors/* UserError */.yo(`uploads-dir "${dirInput}" has no folder name to archive under`);
    }
    await checkFolder(dir);
    return dir;
}
async function checkFolder(dir) {
    let stats;
    try {
        stats = await promises_default().stat(dir);
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT')
            throw new errors/* UserError */.yo(`uploads-dir ${dir} does not exist`);
        throw new errors/* UserError */.yo(`uploads-dir ${dir} cannot be read: ${(0,errors/* fsErrorLine */.qr)(error)}`);
    }
    if (!stats.isDirectory())
        throw new errors/* UserError */.yo(`uploads-dir ${dir} is not a folder`);
    try {
        const handle = await promises_default().opendir(dir);
        await handle.read();
        await handle.close();
    }
    catch (error) {
        throw new errors/* UserError */.yo(`uploads-dir ${dir} cannot be read: ${(0,errors/* fsErrorLine */.qr)(error)}`);
    }
}


/***/ }),

/***/ 8580:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A1: () => (/* binding */ parseIndex),
/* harmony export */   Ku: () => (/* binding */ IndexWriter),
/* harmony export */   st: () => (/* binding */ UPLOADS_INDEX_NAME)
/* harmony export */ });
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6466);
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_stream_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2857);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4377);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(17);



// uploads.index.json.gz: every entry of the archive with its type, size, mode, mtime, link target
// and the SHA-256 of the bytes archived. One schema for both sides: the backup writes it
// (IndexWriter), the restore reads it back (parseIndex) as its plan.
const UPLOADS_INDEX_NAME = 'uploads.index.json.gz';
const INDEX_FORMAT_VERSION = 1;
const INDEX_WRITE = 64 * 1024;
const indexEntrySchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    path: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1),
    type: zod__WEBPACK_IMPORTED_MODULE_2__/* ["enum"] */ .k5n(['file', 'directory', 'symlink']),
    size: zod__WEBPACK_IMPORTED_MODULE_2__/* .number */ .aig().int().nonnegative().optional(),
    mtime: zod__WEBPACK_IMPORTED_MODULE_3__/* .datetime */ .w$(),
    mode: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().regex(/^[0-7]{1,6}$/),
    sha256: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP()
        .regex(/^[0-9a-f]{64}$/)
        .optional(),
    linkname: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional(),
    change: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().optional()
});
const indexSchema = zod__WEBPACK_IMPORTED_MODULE_2__/* .object */ .Ikc({
    formatVersion: zod__WEBPACK_IMPORTED_MODULE_2__/* .literal */ .euz(INDEX_FORMAT_VERSION),
    archive: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP(),
    root: zod__WEBPACK_IMPORTED_MODULE_2__/* .string */ .YjP().min(1),
    entries: zod__WEBPACK_IMPORTED_MODULE_2__/* .array */ .YOg(indexEntrySchema)
});
/** The index, parsed and checked against the schema; `name` is the file it came from. */
function parseIndex(text, name) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (error) {
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${name} is not valid JSON: ${error.message}`);
    }
    const parsed = indexSchema.safeParse(json);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new _util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${name} is not an uploads index: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    return parsed.data;
}
/**
 * The index, spooled to a temporary file as JSON so that memory does not grow with the tree;
 * entries are gathered into writes of about INDEX_WRITE bytes.
 */
class IndexWriter {
    out;
    archive;
    root;
    first = true;
    pending = '';
    failure;
    constructor(out, archive, root) {
        this.out = out;
        this.archive = archive;
        this.root = root;
        // A write that fails (or is cut short when the archive is abandoned) surfaces on the next
        // add() or in end(), never as an unhandled 'error' event.
        out.on('error', (error) => (this.failure ??= error));
    }
    start() {
        const head = { formatVersion: INDEX_FORMAT_VERSION, archive: this.archive, root: this.root };
        this.pending = JSON.stringify(head).slice(0, -1) + ',"entries":[\n';
    }
    async add(entry) {
        this.pending += (this.first ? '' : ',\n') + JSON.stringify(entry);
        this.first = false;
        if (this.pending.length >= INDEX_WRITE) {
            const text = this.pending;
            this.pending = '';
            await this.write(text);
        }
    }
    async end() {
        if (this.failure)
            throw this.failure;
        this.out.end(this.pending + '\n]}\n');
        this.pending = '';
        await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_0__.finished)(this.out);
    }
    async write(text) {
        if (this.failure)
            throw this.failure;
        if (!this.out.write(text)) {
            await new Promise((resolve, reject) => {
                const onError = (error) => reject(error);
                this.out.once('error', onError);
                this.out.once('drain', () => {
                    this.out.off('error', onError);
                    resolve();
                });
            });
        }
    }
}


/***/ }),

/***/ 1271:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gN: () => (/* binding */ parentOf),
/* harmony export */   kD: () => (/* binding */ linkProblem),
/* harmony export */   oM: () => (/* binding */ archivePath)
/* harmony export */ });
// Archive path safety: what an entry's path and a symlink's target may be, checked on the index
// (before anything is downloaded) and on every archive entry (before it is written). Pure.
/** Symlinks followed while resolving one link target before it counts as a loop (Linux: 40). */
const MAX_LINK_HOPS = 40;
/**
 * An archive path (`uploads/a/b`) as a path inside the target (`a/b`), or why it is refused.
 * `.` and empty components are dropped; `..` is refused outright, as GNU tar does.
 */
function archivePath(name, root) {
    if (name.includes('\0'))
        return { problem: 'it holds a NUL byte' };
    if (name.startsWith('/'))
        return { problem: 'it is an absolute path' };
    if (process.platform === 'win32' && /[\\:]/.test(name)) {
        return { problem: 'it holds a backslash or a drive letter' };
    }
    const parts = name.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.includes('..'))
        return { problem: 'it has a ".." component' };
    if (parts[0] !== root)
        return { problem: `it is not under the archive's ${root}/ folder` };
    return { rel: parts.slice(1).join('/') };
}
/**
 * Where a symlink at `rel` (inside the folder) points, resolved as the kernel would in the
 * finished tree, following the tree's other symlinks (`lookup`): undefined when it stays inside,
 * else why not. Dangling targets inside the folder are fine.
 */
function linkProblem(rel, linkname, lookup) {
    if (linkname === '')
        return 'has an empty target';
    if (linkname.includes('\0'))
        return 'holds a NUL byte';
    if (linkname.startsWith('/'))
        return 'points to an absolute path, outside the folder';
    const at = rel.split('/').slice(0, -1);
    const queue = linkname.split('/');
    let hops = 0;
    while (queue.length > 0) {
        const part = queue.shift();
        if (part === '' || part === '.')
            continue;
        if (part === '..') {
            if (at.length === 0)
                return 'points outside the folder';
            at.pop();
            continue;
        }
        const next = [...at, part].join('/');
        const through = lookup(next);
        if (through === undefined) {
            at.push(part);
            continue;
        }
        if (++hops > MAX_LINK_HOPS)
            return 'goes through too many symlinks (a loop)';
        if (through.startsWith('/'))
            return `points outside the folder through the symlink ${next}`;
        queue.unshift(...through.split('/'));
    }
    return undefined;
}
/** The folder of a path inside the target ('' for the top folder). */
function parentOf(rel) {
    const i = rel.lastIndexOf('/');
    return i < 0 ? '' : rel.slice(0, i);
}


/***/ })

};

//# sourceMappingURL=935.index.js.map