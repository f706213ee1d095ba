export const id = 738;
export const ids = [738];
export const modules = {

/***/ 3738:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AgeDecrypter: () => (/* binding */ AgeDecrypter),
/* harmony export */   AgeEncrypter: () => (/* binding */ AgeEncrypter),
/* harmony export */   AgeKeyError: () => (/* binding */ AgeKeyError),
/* harmony export */   sealHeader: () => (/* binding */ sealHeader)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var age_encryption__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1539);



// The age v1 format (age-encryption.org/v1), streamed as Node transforms.
//
// The header (the file key wrapped for each X25519 recipient, and its MAC) is made and read by the
// `age-encryption` package, age's author's implementation. The payload is age's STREAM: the
// plaintext in 64 KiB chunks, each sealed with ChaCha20-Poly1305 under a key derived from the file
// key and a 16-byte nonce, the chunk's number and a last-chunk flag as its nonce. It runs here on
// Node's native chacha20-poly1305 (OpenSSL): the package's JavaScript cipher does about 77 MB/s,
// too slow for media stored uncompressed (docs/benchmarks.md). Interop with Debian's `age` and with
// the package's own decrypter is the proof that both halves make one format (test/integration/
// ageInterop.test.ts, test/unit/ageStream.test.ts).
const CHUNK = 64 * 1024;
const TAG = 16;
const SEALED = CHUNK + TAG;
const NONCE = 16;
/** A header names a few recipients: anything much longer is not an age file. */
const MAX_HEADER = 64 * 1024;
function payloadKey(fileKey, nonce) {
    return Buffer.from((0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.hkdfSync)('sha256', fileKey, nonce, 'payload', 32));
}
/** Chunk n's nonce: 11 bytes big-endian counter, then 1 on the last chunk. */
function chunkNonce(counter, last) {
    const nonce = Buffer.alloc(12);
    nonce.writeUIntBE(counter, 5, 6); // 2^48 chunks of 64 KiB is beyond any dump
    nonce[11] = last ? 1 : 0;
    return nonce;
}
/**
 * The header (and payload nonce) for `recipients`, and the payload key. The package makes the
 * header; a recipient of our own, added first, is handed the same random file key the package
 * wraps for the others (and adds no stanza), so the payload can be sealed natively.
 */
async function sealHeader(recipients) {
    let fileKey;
    const capture = {
        wrapFileKey(key) {
            fileKey = key;
            return [];
        }
    };
    const encrypter = new age_encryption__WEBPACK_IMPORTED_MODULE_2__/* .Encrypter */ .T7();
    encrypter.addRecipient(capture);
    for (const r of recipients)
        encrypter.addRecipient(r);
    // An empty file: header, payload nonce, and one empty last chunk (its tag alone).
    const empty = Buffer.from(await encrypter.encrypt(new Uint8Array(0)));
    if (!fileKey)
        throw new Error('age: the file key was not handed to the payload');
    const prefix = empty.subarray(0, empty.length - TAG);
    const nonce = prefix.subarray(prefix.length - NONCE);
    return { prefix, key: payloadKey(fileKey, nonce) };
}
/** Encrypts its input to the recipients: an age file, byte for byte what `age -r` reads. */
class AgeEncrypter extends node_stream__WEBPACK_IMPORTED_MODULE_1__.Transform {
    pending = Buffer.allocUnsafe(CHUNK);
    used = 0;
    counter = 0;
    key;
    ready;
    constructor(recipients) {
        super({ highWaterMark: 1 << 20 });
        this.ready = sealHeader(recipients).then(({ prefix, key }) => {
            this.key = key;
            this.push(prefix);
        });
        this.ready.catch(() => undefined); // reported by the first write or the end
    }
    _transform(chunk, _enc, done) {
        if (!this.key) {
            this.ready.then(() => this._transform(chunk, _enc, done), done);
            return;
        }
        if (chunk.length === 0)
            return done();
        let offset = 0;
        if (this.used > 0) {
            // A full chunk is sealed only once more data comes: the last one carries the flag.
            if (this.used === CHUNK)
                this.seal(this.pending, false);
            const n = Math.min(CHUNK - this.used, chunk.length);
            chunk.copy(this.pending, this.used, 0, n);
            this.used += n;
            offset = n;
            if (offset === chunk.length)
                return done();
            this.seal(this.pending.subarray(0, this.used), false);
        }
        // Whole chunks straight from the input, uncopied; the last 64 KiB at most waits for more.
        while (chunk.length - offset > CHUNK) {
            this.seal(chunk.subarray(offset, offset + CHUNK), false);
            offset += CHUNK;
        }
        chunk.copy(this.pending, 0, offset);
        this.used = chunk.length - offset;
        done();
    }
    _flush(done) {
        this.ready.then(() => {
            this.seal(this.pending.subarray(0, this.used), true);
            done();
        }, done);
    }
    seal(plain, last) {
        const cipher = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createCipheriv)('chacha20-poly1305', this.key, chunkNonce(this.counter++, last), {
            authTagLength: TAG
        });
        this.push(cipher.update(plain));
        cipher.final();
        this.push(cipher.getAuthTag());
        this.used = 0;
    }
}
/** The identities cannot open the file: none of them is one of its recipients. */
class AgeKeyError extends Error {
    constructor(message) {
        super(message);
        this.name = 'AgeKeyError';
    }
}
/**
 * Decrypts an age file as it streams. Every chunk is authenticated before it is passed on, so a
 * changed byte fails its 64 KiB chunk (earlier chunks have gone through by then: the consumer
 * must not commit before the end, as restore's consumers never do).
 */
class AgeDecrypter extends node_stream__WEBPACK_IMPORTED_MODULE_1__.Transform {
    header = [];
    headerBytes = 0;
    key;
    nonce = Buffer.alloc(0);
    sealed = Buffer.allocUnsafe(SEALED);
    used = 0;
    counter = 0;
    identities;
    /** What a wrong key's error adds after "no identity matches": e.g. the manifest's recipients. */
    describeRecipients;
    constructor(identities, describeRecipients = '') {
        super({ highWaterMark: 1 << 20 });
        this.identities = identities;
        this.describeRecipients = describeRecipients;
    }
    _transform(chunk, _enc, done) {
        if (this.key) {
            this.guard(() => this.payload(chunk), done);
            return;
        }
        this.header.push(chunk);
        this.headerBytes += chunk.length;
        const all = Buffer.concat(this.header);
        this.header = [all];
        const macLine = all.indexOf('\n--- ');
        const end = macLine < 0 ? -1 : all.indexOf('\n', macLine + 1);
        if (end < 0 || all.length < end + 1 + NONCE) {
            if (this.headerBytes > MAX_HEADER) {
                done(new Error('age: no header found in the first 64 KiB: not an age file'));
            }
            else
                done();
            return;
        }
        this.open(all.subarray(0, end + 1), all.subarray(end + 1, end + 1 + NONCE)).then(() => this.guard(() => this.payload(all.subarray(end + 1 + NONCE)), done), done);
    }
    async open(header, nonce) {
        const decrypter = new age_encryption__WEBPACK_IMPORTED_MODULE_2__/* .Decrypter */ .Hz();
        for (const identity of this.identities)
            decrypter.addIdentity(identity);
        let fileKey;
        try {
            fileKey = await decrypter.decryptHeader(header);
        }
        catch (error) {
            const message = error.message;
            if (/no identity matched/.test(message)) {
                throw new AgeKeyError(`age: no identity given matches the file's recipients${this.describeRecipients ? ` (${this.describeRecipients})` : ''}`);
            }
            throw new Error(`age: the header is not valid: ${message}`, { cause: error });
        }
        this.nonce = Buffer.from(nonce);
        this.key = payloadKey(fileKey, this.nonce);
        this.header = [];
    }
    guard(work, done) {
        try {
            work();
        }
        catch (error) {
            done(error);
            return;
        }
        done();
    }
    payload(chunk) {
        let offset = 0;
        while (offset < chunk.length) {
            // Full and more to come: not the last chunk.
            if (this.used === SEALED)
                this.open1(false);
            const n = Math.min(SEALED - this.used, chunk.length - offset);
            chunk.copy(this.sealed, this.used, offset, offset + n);
            this.used += n;
            offset += n;
        }
    }
    _flush(done) {
        if (!this.key) {
            done(new Error('age: the file ends inside its header: it is cut short'));
            return;
        }
        try {
            if (this.used < TAG)
                throw new Error('age: the file ends inside a chunk: it is cut short');
            if (this.used === TAG && this.counter > 0)
                throw new Error('age: the last chunk is empty');
            this.open1(true);
            done();
        }
        catch (error) {
            done(error);
        }
    }
    open1(last) {
        const n = this.counter++;
        const decipher = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createDecipheriv)('chacha20-poly1305', this.key, chunkNonce(n, last), {
            authTagLength: TAG
        });
        decipher.setAuthTag(this.sealed.subarray(this.used - TAG, this.used));
        const plain = decipher.update(this.sealed.subarray(0, this.used - TAG));
        try {
            decipher.final();
        }
        catch (error) {
            throw new Error(`age: chunk ${n + 1} (bytes ${n * SEALED} to ${n * SEALED + this.used} of the payload) fails authentication: the file was changed or cut`, { cause: error });
        }
        this.push(plain);
        this.used = 0;
    }
}


/***/ })

};

//# sourceMappingURL=738.index.js.map