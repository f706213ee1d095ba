export const id = 414;
export const ids = [414,755];
export const modules = {

/***/ 4414:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lifecycle: () => (/* binding */ lifecycle)
});

// EXTERNAL MODULE: ./src/snapshot/layout.ts
var layout = __webpack_require__(2064);
;// CONCATENATED MODULE: ./src/storage/lifecycle.ts

/** Noncurrent versions (a plain delete or an overwrite in a versioned bucket) live this long. */
const NONCURRENT_DAYS = 28;
/** Current objects expire here: longer than any span of N calendar months (31 days each). */
function expireAfterDays(months) {
    return 31 * months;
}
function ruleIdPrefix(prefix) {
    return `luneo-backup:${prefix}:`;
}
/** Our rules for the objects under `prefix` (`[s3-prefix/]<environment>/`). */
function lifecycleRules(prefix, policy) {
    const id = ruleIdPrefix(prefix);
    return [
        {
            ID: `${id}data-to-glacier`,
            Status: 'Enabled',
            Filter: { And: { Prefix: prefix, Tags: [{ Key: layout/* DATA_TAG */.ax.key, Value: layout/* DATA_TAG */.ax.value }] } },
            Transitions: [{ Days: policy.glacierAfterDays, StorageClass: 'GLACIER' }]
        },
        {
            ID: `${id}expire`,
            Status: 'Enabled',
            Filter: { Prefix: prefix },
            Expiration: { Days: expireAfterDays(policy.monthlyRetentionMonths) },
            NoncurrentVersionExpiration: { NoncurrentDays: NONCURRENT_DAYS },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }
        },
        {
            ID: `${id}delete-markers`,
            Status: 'Enabled',
            Filter: { Prefix: prefix },
            Expiration: { ExpiredObjectDeleteMarker: true }
        }
    ];
}
/** The bucket's rules with ours for `prefix` put in (replacing any earlier version of ours). */
function mergeRules(current, prefix, ours) {
    const mine = ruleIdPrefix(prefix);
    return [...current.filter((r) => !(r.ID ?? '').startsWith(mine)), ...ours];
}
/**
 * A bucket tagged so has its lifecycle written by Terraform
 * (infrastructure/terraform/aws-multi-region, from deploy/s3-lifecycle.json): the bucket has one
 * configuration, and two writers would erase each other's rules, so the command only compares.
 */
const LIFECYCLE_OWNER_TAG = { key: 'luneo-backup:lifecycle-owner', value: 'terraform' };
/** A rule as JSON with sorted keys, without empty fields, tags in key order: what S3 returns
 * and what we would write compare equal when they mean the same. */
function canonical(value) {
    if (Array.isArray(value)) {
        const items = value.map(canonical);
        const isTags = items.every((t) => t && typeof t === 'object' && 'Key' in t);
        return isTags
            ? [...items].sort((a, b) => String(a.Key).localeCompare(String(b.Key)))
            : items;
    }
    if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value)
            .filter(([, v]) => v !== undefined && v !== null)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, canonical(v)]));
    }
    return value;
}
/** How the bucket's rules for `prefix` differ from ours: one line per rule ([] when in step). */
function lifecycleDrift(current, prefix, ours) {
    const mine = ruleIdPrefix(prefix);
    const theirs = new Map(current.filter((r) => (r.ID ?? '').startsWith(mine)).map((r) => [r.ID ?? '', r]));
    const drift = [];
    for (const rule of ours) {
        const found = theirs.get(rule.ID);
        theirs.delete(rule.ID);
        if (!found)
            drift.push(`missing: ${rule.ID}`);
        else if (JSON.stringify(canonical(found)) !== JSON.stringify(canonical(rule))) {
            drift.push(`differs: ${rule.ID}: the bucket has ${JSON.stringify(canonical(found))}, the policy says ${JSON.stringify(canonical(rule))}`);
        }
    }
    for (const id of theirs.keys())
        drift.push(`unexpected: ${id}`);
    return drift;
}

// EXTERNAL MODULE: ./src/storage/s3.ts + 4 modules
var s3 = __webpack_require__(1136);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
;// CONCATENATED MODULE: ./src/commands/lifecycle.ts




// lifecycle: put the backstop rules for `[s3-prefix/]<environment>/` into the bucket's lifecycle
// configuration (src/storage/lifecycle.ts, README "Lifecycle backstop"), keeping the bucket's
// other rules. dry-run prints the rules it would apply and the bucket's current configuration.
// On a bucket tagged luneo-backup:lifecycle-owner=terraform, Terraform owns the configuration
// (it replaces all of it on each apply): the command then only compares, and fails on drift.
function lifecyclePolicyOf(config) {
    return {
        glacierAfterDays: config.dailyRetentionDays,
        monthlyRetentionMonths: config.monthlyRetentionMonths
    };
}
async function lifecycle(config, log, storage = config.s3 ? new s3.S3Storage(config.s3, log) : undefined) {
    if (!storage || !config.s3) {
        throw new errors/* ConfigError */.xL('lifecycle needs s3-bucket (S3_BUCKET): a folder has no lifecycle rules');
    }
    const prefix = storage.keyPrefixOf((0,layout/* environmentPrefix */.Es)(config.environment));
    const ours = lifecycleRules(prefix, lifecyclePolicyOf(config));
    const json = JSON.stringify({ Rules: ours }, null, 2);
    log.info(`lifecycle rules for s3://${config.s3.bucket}/${prefix}:\n${json}`);
    const tags = await storage.bucketTags();
    if (tags[LIFECYCLE_OWNER_TAG.key] === LIFECYCLE_OWNER_TAG.value) {
        return compareOnly(config.s3.bucket, prefix, ours, await storage.lifecycleRules(), log);
    }
    let current;
    try {
        current = await storage.lifecycleRules();
    }
    catch (error) {
        if (!config.dryRun)
            throw error;
        log.warning(`cannot read the current lifecycle configuration: ${error.message}`);
    }
    if (current) {
        log.info(`current lifecycle configuration of bucket ${config.s3.bucket}: ${current.length === 0 ? 'none' : '\n' + JSON.stringify({ Rules: current }, null, 2)}`);
    }
    const merged = mergeRules(current ?? [], prefix, ours);
    if (config.dryRun) {
        log.info('dry-run: nothing applied');
    }
    else {
        await storage.putLifecycleRules(merged);
        log.info(`applied: ${ours.length} rules for ${prefix}, ${merged.length - ours.length} other rules kept`);
    }
    const summary = [
        `## Lifecycle ${config.dryRun ? 'plan (dry-run: nothing applied)' : 'applied'}: s3://${config.s3.bucket}/${prefix}`,
        '',
        `Data to GLACIER after ${ours[0].Transitions[0].Days} days, everything expires after ${ours[1].Expiration.Days} days, noncurrent versions after ${ours[1].NoncurrentVersionExpiration.NoncurrentDays}, incomplete multipart uploads after 1. ${current ? `${merged.length - ours.length} other rules of the bucket kept.` : 'The current configuration could not be read.'}`,
        '',
        '```json',
        json,
        '```',
        ''
    ].join('\n');
    return { outputs: {}, summary };
}
/** Terraform owns the bucket's lifecycle: report drift from our rules, write nothing. */
function compareOnly(bucket, prefix, ours, current, log) {
    const owner = `${LIFECYCLE_OWNER_TAG.key}=${LIFECYCLE_OWNER_TAG.value}`;
    const drift = lifecycleDrift(current, prefix, ours);
    if (drift.length > 0) {
        const error = new errors/* UserError */.yo(`the lifecycle rules of bucket ${bucket} for ${prefix} differ from the policy (the bucket is tagged ${owner}, so nothing was written): ${drift.join('; ')}. Fix: terraform apply in infrastructure/terraform/aws-multi-region (its rules come from deploy/s3-lifecycle.json), with ${prefix.replace(/\/$/, '')} among its environments`);
        error.problems = drift;
        throw error;
    }
    log.info(`bucket ${bucket} is tagged ${owner}: its rules for ${prefix} match the policy, nothing written`);
    const summary = [
        `## Lifecycle: s3://${bucket}/${prefix} in step with the policy`,
        '',
        `The bucket is tagged \`${owner}\`: Terraform writes its lifecycle configuration, this command only compares. ${ours.length} rules for ${prefix}, all as the policy says.`,
        ''
    ].join('\n');
    return { outputs: {}, summary };
}


/***/ }),

/***/ 1136:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  S3Storage: () => (/* binding */ S3Storage)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var dist_cjs = __webpack_require__(3711);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/lib-storage/dist-cjs/index.js
var lib_storage_dist_cjs = __webpack_require__(2358);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./src/util/cancel.ts
var cancel = __webpack_require__(4436);
// EXTERNAL MODULE: ./src/storage/storage.ts
var storage = __webpack_require__(2912);
;// CONCATENATED MODULE: ./src/storage/s3Errors.ts


// S3's failures, each as the one line a user should read, naming the thing and the endpoint.
/** What a store that lacks an API answers (s3rver: ListObjectVersions 405, ListMultipartUploads 501). */
function unsupported(error) {
    const e = error;
    return (e.name === 'NotImplemented' ||
        e.name === 'MethodNotAllowed' ||
        e.$metadata?.httpStatusCode === 501 ||
        e.$metadata?.httpStatusCode === 405);
}
/** One line that says what went wrong with S3, naming the thing and the endpoint. */
function explainS3Error(error, what, config, key) {
    if (error instanceof errors/* UserError */.yo)
        return error;
    const e = error;
    const status = e.$metadata?.httpStatusCode;
    const where = config.endpoint ? ` at ${config.endpoint}` : '';
    const code = e.code ?? e.cause?.code;
    if (e.name === 'InvalidObjectState') {
        // GetObject on an object the lifecycle rule moved to GLACIER (README, "Lifecycle backstop").
        const object = key ? `--bucket ${config.bucket} --key ${key}` : `for ${what}`;
        return new storage/* ArchivedObjectError */.mL(`${what} is archived (GLACIER): request a restore first, e.g. aws s3api restore-object ${object} --restore-request '{"Days":7,"GlacierJobParameters":{"Tier":"Standard"}}', for every data file of the snapshot, and run again once restored (3-5 hours; README "Lifecycle backstop")`, { cause: error });
    }
    let reason;
    if (e.name === 'NotImplemented' || status === 501) {
        reason = `${what}: not supported by this S3-compatible store${where} (NotImplemented)`;
    }
    else if (e.name === 'NoSuchBucket') {
        // A listing or a read names its key; the bucket is what is missing (list, check, restore).
        reason = `S3 bucket ${config.bucket} does not exist${where}`;
    }
    else if (e.name === 'NotFound' || (status === 404 && /bucket/i.test(what))) {
        reason = `${what} does not exist${where}`;
    }
    else if (e.name === 'NoSuchKey' || status === 404) {
        reason = `${what} does not exist`;
    }
    else if (status === 403 || e.name === 'AccessDenied' || e.name === 'Forbidden') {
        reason = `access denied to ${what}${where}: check the credentials and the IAM policy`;
    }
    else if (e.name === 'CredentialsProviderError' || /credential/i.test(e.message ?? '')) {
        reason = `no AWS credentials for ${what}: ${(0,errors/* errorLine */.BP)(error)}`;
    }
    else if (code && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EPIPE/.test(code)) {
        reason = `cannot reach S3${where || ''} for ${what}: ${code}`;
    }
    else if (e.name === 'TimeoutError' || /timed? ?out/i.test(e.message ?? '')) {
        reason = `S3${where} did not answer in time for ${what}`;
    }
    else {
        reason = `S3 failed for ${what}${where}: ${e.name && e.name !== 'Error' ? e.name + ': ' : ''}${(0,errors/* errorLine */.BP)(error)}`;
    }
    return new errors/* UserError */.yo(reason, { cause: error });
}

;// CONCATENATED MODULE: ./src/storage/s3Claims.ts







// One writer per snapshot folder on S3 (Storage.claim): a conditional PUT where the store
// honours If-None-Match, claim-then-list where it does not (RGW on a versioned bucket, MinIO
// before 2024, ...).
/** How often a claim-then-list claimant with the lowest token looks again for rivals to withdraw. */
const CLAIM_LOOKS = 5;
const CLAIM_LOOK_MS = 200;
/** AWS answers 409 ConditionalRequestConflict to a conditional PUT racing another: retry it. */
const CONFLICT_RETRIES = 5;
class S3Claims {
    s3;
    constructor(s3) {
        this.s3 = s3;
    }
    /**
     * Whether the store honours `If-None-Match: *` on PUT (AWS does; some S3-compatible stores
     * ignore it and answer 200): probed once per run, on the first claim.
     */
    conditionalWrites;
    /**
     * One writer per snapshot folder. Where the store honours conditional writes, the claim is a
     * `.claim` object created with If-None-Match (a second claimant gets 412). Elsewhere it is
     * claim-then-list: each claimant writes `.claim-<token>` and lists the folder; it holds the
     * folder only when it sees its own claim alone. A claimant that sees rivals withdraws, except
     * the lowest token, which looks again a few times for the others to withdraw. Two runs can
     * never both see themselves alone, so at most one wins; a folder holding anything else
     * (another run's data, an older snapshot) is never claimed.
     */
    async claim(prefix, holder) {
        const body = JSON.stringify(holder) + '\n';
        if (await this.honoursConditionalWrites(prefix)) {
            const key = prefix + storage/* CLAIM_NAME */.hB;
            // A 412 may answer the SDK's retry of our own PUT whose first answer was lost: read it.
            if (!(await this.putIfAbsent(key, body)) && !(await this.claimStands(prefix, holder))) {
                return false;
            }
            if ((await this.keysUnder(prefix)).every((k) => k === key))
                return true;
            await this.deleteClaim(key);
            return false;
        }
        const mine = `${prefix}${storage/* CLAIM_NAME */.hB}-${holder.token}`;
        await this.putSmall(mine, body);
        for (let look = 0;; look++) {
            const others = (await this.keysUnder(prefix)).filter((k) => k !== mine);
            if (others.length === 0)
                return true;
            const lowest = others.every((k) => k.startsWith(`${prefix}${storage/* CLAIM_NAME */.hB}-`) && k > mine);
            if (!lowest || look >= CLAIM_LOOKS) {
                await this.deleteClaim(mine);
                return false;
            }
            await (0,promises_.setTimeout)(CLAIM_LOOK_MS, undefined, { signal: cancel/* runSignal */.KF });
        }
    }
    async claimStands(prefix, holder) {
        if (await this.honoursConditionalWrites(prefix)) {
            const key = prefix + storage/* CLAIM_NAME */.hB;
            let body;
            try {
                const res = await this.s3.client.send(new dist_cjs.GetObjectCommand({ Bucket: this.s3.config.bucket, Key: this.s3.base + key }));
                body = Buffer.concat(await res.Body.toArray());
            }
            catch (error) {
                // Gone is an answer; a timeout or a refusal is not, and must not pass for one.
                const e = error;
                if (e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404)
                    return false;
                throw this.s3.explain(error, this.s3.uriOf(key));
            }
            return (0,storage/* tokenOf */.B9)(body.toString('utf8')) === holder.token;
        }
        return (await this.keysUnder(prefix)).includes(`${prefix}${storage/* CLAIM_NAME */.hB}-${holder.token}`);
    }
    async release(prefix, holder) {
        if (!(await this.claimStands(prefix, holder)))
            return;
        const conditional = await this.honoursConditionalWrites(prefix);
        await this.deleteClaim(conditional ? prefix + storage/* CLAIM_NAME */.hB : `${prefix}${storage/* CLAIM_NAME */.hB}-${holder.token}`);
    }
    /** A probe key written twice with If-None-Match: the second write must be refused. */
    honoursConditionalWrites(prefix) {
        this.conditionalWrites ??= (async () => {
            // Beside the environment's folder (`<environment>.luneo-probe-<token>`), not in it: a store
            // that removes a folder once emptied (s3rver) must not remove one another run writes into.
            const environment = prefix.replace(/\/[^/]+\/$/, '');
            const probe = `${environment}.luneo-probe-${(0,external_node_crypto_.randomBytes)(8).toString('hex')}`;
            try {
                await this.putIfAbsent(probe, 'probe\n');
                const honoured = !(await this.putIfAbsent(probe, 'probe\n'));
                if (!honoured) {
                    this.s3.log.info(`${this.s3.config.endpoint ?? 'S3'} ignores If-None-Match on PUT: snapshot folders are claimed by claim-then-list`);
                }
                return honoured;
            }
            catch (error) {
                if (!unsupported(error) && error.name !== 'InvalidArgument')
                    throw error;
                this.s3.log.info(`${this.s3.config.endpoint ?? 'S3'} refuses conditional PUTs (${error.name}): snapshot folders are claimed by claim-then-list`);
                return false;
            }
            finally {
                await this.deleteClaim(probe).catch((error) => this.s3.log.warning(`could not delete the probe object ${this.s3.uriOf(probe)}: ${(0,errors/* errorLine */.BP)(error)}`));
            }
        })();
        return this.conditionalWrites;
    }
    /** PUT unless the key exists: false on 412; a 409 (a racing conditional PUT) is retried. */
    async putIfAbsent(key, body) {
        for (let attempt = 0;; attempt++) {
            try {
                await this.putSmall(key, body, '*');
                return true;
            }
            catch (error) {
                const e = error;
                const status = e.$metadata?.httpStatusCode;
                if (status === 412 || e.name === 'PreconditionFailed')
                    return false;
                if ((status === 409 || e.name === 'ConditionalRequestConflict') &&
                    attempt < CONFLICT_RETRIES) {
                    await (0,promises_.setTimeout)(50 * 2 ** attempt);
                    continue;
                }
                throw error;
            }
        }
    }
    /** A small object in one PUT (claims, probes), encrypted like everything else. */
    async putSmall(key, body, ifNoneMatch) {
        try {
            await this.s3.client.send(new dist_cjs.PutObjectCommand({
                Bucket: this.s3.config.bucket,
                Key: this.s3.base + key,
                Body: body,
                ContentType: 'application/json',
                ...(ifNoneMatch ? { IfNoneMatch: ifNoneMatch } : {}),
                ...this.s3.encryption()
            }));
        }
        catch (error) {
            const e = error;
            // The claim's own outcomes go back to the caller as they are; anything else in one line.
            if (ifNoneMatch &&
                (e.$metadata?.httpStatusCode === 412 ||
                    e.$metadata?.httpStatusCode === 409 ||
                    unsupported(error) ||
                    e.name === 'InvalidArgument'))
                throw error;
            throw this.s3.explain(error, this.s3.uriOf(key));
        }
    }
    /**
     * Remove a claim or probe object by key alone: the writer's role may delete only those
     * (deploy/iam/backup.json), and never an object version, so it can hide nothing for good. In a
     * versioned bucket the tiny old version stays until the lifecycle rule for noncurrent versions.
     */
    async deleteClaim(key) {
        try {
            await this.s3.client.send(new dist_cjs.DeleteObjectCommand({ Bucket: this.s3.config.bucket, Key: this.s3.base + key }));
        }
        catch (error) {
            throw this.s3.explain(error, this.s3.uriOf(key));
        }
    }
    async keysUnder(prefix) {
        const keys = [];
        for await (const o of this.s3.list(prefix))
            keys.push(o.key);
        return keys;
    }
}

;// CONCATENATED MODULE: ./src/storage/s3Client.ts

const MiB = 1024 * 1024;
const MIN_PART_SIZE = 8 * MiB;
/** Memory for an upload is about (parts in flight + 1) x part size; keep it under this. */
const UPLOAD_MEMORY_BUDGET = 256 * MiB;
/**
 * Part size and parts in flight for a stream of about `sizeHint` bytes: 10,000 parts (S3's
 * limit) must hold twice the estimate, parts are at least 8 MiB, and memory stays in budget.
 */
function uploadPlan(sizeHint = 0) {
    const needed = Math.ceil((2 * sizeHint) / 10_000 / MiB) * MiB;
    const partSize = Math.max(MIN_PART_SIZE, needed);
    const queueSize = Math.max(1, Math.min(4, Math.floor(UPLOAD_MEMORY_BUDGET / partSize) - 1));
    return { partSize, queueSize };
}
function createS3Client(config) {
    const options = {
        region: config.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1',
        forcePathStyle: config.forcePathStyle,
        // A few bounded retries, and timeouts so an unreachable endpoint fails in seconds.
        maxAttempts: 3,
        requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 }
    };
    if (config.endpoint) {
        options.endpoint = config.endpoint;
        // S3-compatible stores often lack the newer default checksums.
        options.requestChecksumCalculation = 'WHEN_REQUIRED';
        options.responseChecksumValidation = 'WHEN_REQUIRED';
    }
    return new dist_cjs.S3Client(options);
}

;// CONCATENATED MODULE: ./src/storage/s3Delete.ts



// Deleting for good on S3 (Storage.delete): every version and delete marker of a key, what
// Object Lock holds reported with the date it can go; and the multipart uploads a killed run
// left open (Storage.abortStaleUploads).
class S3Deletes {
    s3;
    constructor(s3) {
        this.s3 = s3;
    }
    /** Undefined until known; false once the store refused ListObjectVersions (s3rver). */
    versionsListable;
    async delete(keys) {
        const report = { removed: 0, held: [] };
        const targets = await this.versionsOf(keys);
        for (let i = 0; i < targets.length; i += 1000) {
            const batch = targets.slice(i, i + 1000);
            let res;
            try {
                res = await this.s3.client.send(new dist_cjs.DeleteObjectsCommand({
                    Bucket: this.s3.config.bucket,
                    Delete: { Objects: batch, Quiet: true }
                }));
            }
            catch (error) {
                throw this.s3.explain(error, `a batch of ${batch.length} deletes under ${this.s3.location}`);
            }
            const failed = [];
            for (const e of res.Errors ?? []) {
                const held = await this.heldBy(e.Key ?? '', e.VersionId, e.Code, e.Message);
                if (held)
                    report.held.push(held);
                else
                    failed.push(`s3://${this.s3.config.bucket}/${e.Key}${e.VersionId ? ` (version ${e.VersionId})` : ''}: ${e.Code} ${e.Message ?? ''}`.trim());
            }
            report.removed += batch.length - (res.Errors ?? []).length;
            if (failed.length > 0) {
                throw new errors/* UserError */.yo(`could not delete ${failed.length} object(s), first ${failed[0]}`);
            }
        }
        return report;
    }
    /**
     * Every version and delete marker of these keys (ListObjectVersions on their folders, paged),
     * so a delete in a versioned bucket really removes the data; plain keys where the store cannot
     * list versions. A non-versioned AWS bucket lists each object once, with version "null".
     */
    async versionsOf(keys) {
        const plain = () => keys.map((k) => ({ Key: this.s3.base + k }));
        if (keys.length === 0 || this.versionsListable === false)
            return plain();
        const wanted = new Set(keys.map((k) => this.s3.base + k));
        const folders = [...new Set([...wanted].map((k) => k.slice(0, k.lastIndexOf('/') + 1)))];
        const out = [];
        for (const Prefix of folders) {
            let KeyMarker;
            let VersionIdMarker;
            let sawAny = false;
            const found = [];
            do {
                let res;
                try {
                    res = await this.s3.client.send(new dist_cjs.ListObjectVersionsCommand({
                        Bucket: this.s3.config.bucket,
                        Prefix,
                        KeyMarker,
                        VersionIdMarker
                    }));
                }
                catch (error) {
                    if (unsupported(error)) {
                        this.versionsListable = false;
                        this.s3.log.info(`${this.s3.config.endpoint ?? 'S3'} does not list object versions (${error.name}): deleting the current objects only`);
                        return plain();
                    }
                    throw this.s3.explain(error, `the versions under s3://${this.s3.config.bucket}/${Prefix}`);
                }
                for (const v of [...(res.Versions ?? []), ...(res.DeleteMarkers ?? [])]) {
                    sawAny = true;
                    if (v.Key && wanted.has(v.Key))
                        found.push({ Key: v.Key, VersionId: v.VersionId });
                }
                KeyMarker = res.IsTruncated ? res.NextKeyMarker : undefined;
                VersionIdMarker = res.IsTruncated ? res.NextVersionIdMarker : undefined;
            } while (KeyMarker);
            this.versionsListable = true;
            if (sawAny)
                out.push(...found);
            // A store that answers without listing anything where keys were just listed: plain deletes.
            else
                out.push(...[...wanted]
                    .filter((k) => k.startsWith(Prefix) && !k.slice(Prefix.length).includes('/'))
                    .map((Key) => ({ Key })));
        }
        return out;
    }
    /**
     * Whether a per-key delete error is Object Lock at work: AccessDenied (AWS) or "object is WORM
     * protected" (MinIO) on a version whose retention or legal hold is in force. Then the held
     * object, with the date it can go; else undefined and the error stands.
     */
    async heldBy(Key, VersionId, code, message) {
        if (code !== 'AccessDenied' && !/WORM|object lock|retention|legal hold/i.test(message ?? '')) {
            return undefined;
        }
        const Bucket = this.s3.config.bucket;
        const held = {
            key: Key.slice(this.s3.base.length),
            versionId: VersionId,
            legalHold: false
        };
        try {
            const r = await this.s3.client.send(new dist_cjs.GetObjectRetentionCommand({ Bucket, Key, VersionId }));
            if (r.Retention?.RetainUntilDate && r.Retention.RetainUntilDate.getTime() > Date.now()) {
                held.retainUntil = r.Retention.RetainUntilDate;
                held.mode = r.Retention.Mode;
            }
        }
        catch (error) {
            if (!this.noLock(error))
                return undefined;
        }
        try {
            const h = await this.s3.client.send(new dist_cjs.GetObjectLegalHoldCommand({ Bucket, Key, VersionId }));
            held.legalHold = h.LegalHold?.Status === 'ON';
        }
        catch (error) {
            if (!this.noLock(error))
                return undefined;
        }
        return held.retainUntil || held.legalHold ? held : undefined;
    }
    /** "This object has no retention / legal hold": the lookup answered, with nothing. */
    noLock(error) {
        const name = error.name ?? '';
        return /NoSuchObjectLockConfiguration|ObjectLockConfigurationNotFound/.test(name);
    }
    /**
     * Abort the multipart uploads under `prefix` initiated before `before` (ListMultipartUploads,
     * paged): what a killed backup leaves behind, billed until aborted. A store that cannot list
     * them (s3rver: NotImplemented) is reported as unsupported, not as a failure.
     */
    async abortStaleUploads(prefix, before, dryRun) {
        const Bucket = this.s3.config.bucket;
        const stale = [];
        let KeyMarker;
        let UploadIdMarker;
        do {
            let res;
            try {
                res = await this.s3.client.send(new dist_cjs.ListMultipartUploadsCommand({
                    Bucket,
                    Prefix: this.s3.base + prefix,
                    KeyMarker,
                    UploadIdMarker
                }));
            }
            catch (error) {
                if (unsupported(error)) {
                    this.s3.log.info(`${this.s3.config.endpoint ?? 'S3'} does not list multipart uploads (${error.name}): no open upload checked`);
                    return { supported: false, uploads: [], aborted: 0 };
                }
                throw this.s3.explain(error, `the multipart uploads under ${this.s3.uriOf(prefix)}`);
            }
            for (const u of res.Uploads ?? []) {
                if (!u.Key || !u.UploadId || !u.Initiated)
                    continue;
                if (u.Initiated.getTime() < before.getTime()) {
                    stale.push({
                        key: u.Key.slice(this.s3.base.length),
                        uploadId: u.UploadId,
                        initiated: u.Initiated
                    });
                }
            }
            KeyMarker = res.IsTruncated ? res.NextKeyMarker : undefined;
            UploadIdMarker = res.IsTruncated ? res.NextUploadIdMarker : undefined;
        } while (KeyMarker);
        let aborted = 0;
        if (!dryRun) {
            for (const u of stale) {
                try {
                    await this.s3.client.send(new dist_cjs.AbortMultipartUploadCommand({
                        Bucket,
                        Key: this.s3.base + u.key,
                        UploadId: u.uploadId
                    }));
                    aborted++;
                }
                catch (error) {
                    // Gone meanwhile (completed or aborted by a lifecycle rule): nothing left to do.
                    if (error.name === 'NoSuchUpload')
                        continue;
                    throw this.s3.explain(error, `the multipart upload ${u.uploadId} of ${this.s3.uriOf(u.key)}`);
                }
            }
        }
        return { supported: true, uploads: stale, aborted };
    }
}

;// CONCATENATED MODULE: ./src/storage/s3.ts








// S3 and S3-compatible stores behind the Storage interface: put, get, list and the bucket's
// lifecycle here; claims in s3Claims.ts; deleting versions and stale uploads in s3Delete.ts.
/** Tags as S3's x-amz-tagging header wants them: URL-encoded `key=value` pairs joined by `&`. */
function tagging(tags) {
    return Object.entries(tags)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join('&');
}
class S3Storage {
    config;
    log;
    client;
    location;
    base;
    claims;
    deletes;
    constructor(config, log, client = createS3Client(config)) {
        this.config = config;
        this.log = log;
        this.client = client;
        this.base = config.prefix ? `${config.prefix}/` : '';
        this.location = `s3://${config.bucket}/${this.base}`;
        this.claims = new S3Claims(this);
        this.deletes = new S3Deletes(this);
    }
    uriOf(key) {
        return `s3://${this.config.bucket}/${this.base}${key}`;
    }
    async check() {
        try {
            await this.client.send(new dist_cjs.HeadBucketCommand({ Bucket: this.config.bucket }));
        }
        catch (error) {
            throw this.explain(error, `S3 bucket ${this.config.bucket}`);
        }
    }
    async put(key, body, options = {}) {
        // Aborted already (a cancelled run): start nothing that would need aborting.
        if (options.signal?.aborted)
            throw options.signal.reason;
        const Key = this.base + key;
        const hint = options.sizeHint;
        const { partSize, queueSize } = uploadPlan(typeof hint === 'function' ? await hint() : hint);
        const upload = new lib_storage_dist_cjs/* Upload */._({
            client: this.client,
            params: {
                Bucket: this.config.bucket,
                Key,
                Body: body,
                ContentType: options.contentType ?? 'application/octet-stream',
                ...(options.tags ? { Tagging: tagging(options.tags) } : {}),
                ...this.encryption()
            },
            partSize,
            queueSize,
            // We abort ourselves: lib-storage's own abort replaces the first error when it fails too.
            leavePartsOnError: true
        });
        const onAbort = () => void upload.abort();
        options.signal?.addEventListener('abort', onAbort, { once: true });
        try {
            await upload.done();
        }
        catch (error) {
            await this.abortMultipart(upload, Key);
            if (options.signal?.aborted)
                throw options.signal.reason;
            throw this.explain(error, this.uriOf(key));
        }
        finally {
            options.signal?.removeEventListener('abort', onAbort);
        }
        // RGW (16) ignores x-amz-tagging on CreateMultipartUpload: a large data file would miss
        // its tags, and the lifecycle rule that moves tagged data to GLACIER. Tag it once complete
        // (on AWS this sets the tags it already has).
        if (options.tags && upload.isMultiPart) {
            await this.tag(Key, options.tags, key);
        }
        // Check what S3 says it holds, not what we think we sent.
        try {
            const head = await this.client.send(new dist_cjs.HeadObjectCommand({ Bucket: this.config.bucket, Key }));
            return head.ContentLength ?? -1;
        }
        catch (error) {
            throw this.explain(error, this.uriOf(key));
        }
    }
    async tag(Key, tags, key) {
        try {
            await this.client.send(new dist_cjs.PutObjectTaggingCommand({
                Bucket: this.config.bucket,
                Key,
                Tagging: { TagSet: Object.entries(tags).map(([k, v]) => ({ Key: k, Value: v })) }
            }));
        }
        catch (error) {
            throw this.explain(error, `the tags of ${this.uriOf(key)}`);
        }
    }
    /** Abort a multipart upload left open by a failure; a failed abort is only a warning. */
    async abortMultipart(upload, Key) {
        const state = upload;
        // A failure or cancel can land while CreateMultipartUpload is still in flight: done() rejects
        // at once, and the upload id arrives afterwards. Wait for it, or that upload stays open.
        const uploadId = state.uploadId ??
            (await state.createMultiPartPromise?.then((r) => r.UploadId, () => undefined));
        if (!uploadId)
            return;
        try {
            await this.client.send(new dist_cjs.AbortMultipartUploadCommand({ Bucket: this.config.bucket, Key, UploadId: uploadId }));
        }
        catch (error) {
            this.log.warning(`could not abort the multipart upload of s3://${this.config.bucket}/${Key} (${(0,errors/* errorLine */.BP)(error)}); a lifecycle rule for incomplete uploads or prune removes it`);
        }
    }
    async get(key) {
        try {
            const res = await this.client.send(new dist_cjs.GetObjectCommand({ Bucket: this.config.bucket, Key: this.base + key }));
            return res.Body;
        }
        catch (error) {
            throw this.explain(error, this.uriOf(key), this.base + key);
        }
    }
    async *list(prefix) {
        let ContinuationToken;
        do {
            let res;
            try {
                res = await this.client.send(new dist_cjs.ListObjectsV2Command({
                    Bucket: this.config.bucket,
                    Prefix: this.base + prefix,
                    ContinuationToken
                }));
            }
            catch (error) {
                throw this.explain(error, this.uriOf(prefix));
            }
            for (const o of res.Contents ?? []) {
                if (!o.Key)
                    continue;
                yield {
                    key: o.Key.slice(this.base.length),
                    bytes: o.Size ?? 0,
                    lastModified: o.LastModified ?? new Date(0),
                    ...(o.StorageClass ? { storageClass: o.StorageClass } : {})
                };
            }
            ContinuationToken = res.IsTruncated ? res.NextContinuationToken : undefined;
        } while (ContinuationToken);
    }
    async isArchived(object) {
        if (!object.storageClass || !storage/* ARCHIVE_CLASSES */.CP.includes(object.storageClass))
            return false;
        // Archived, unless restored: `Restore: ongoing-request="false", expiry-date="..."` once the
        // restored copy can be read; `ongoing-request="true"` while the restore runs; none before.
        try {
            const head = await this.client.send(new dist_cjs.HeadObjectCommand({ Bucket: this.config.bucket, Key: this.base + object.key }));
            return !/ongoing-request\s*=\s*"false"/i.test(head.Restore ?? '');
        }
        catch (error) {
            throw this.explain(error, this.uriOf(object.key), this.base + object.key);
        }
    }
    async claim(prefix, holder) {
        return this.claims.claim(prefix, holder);
    }
    async claimStands(prefix, holder) {
        return this.claims.claimStands(prefix, holder);
    }
    async release(prefix, holder) {
        return this.claims.release(prefix, holder);
    }
    async delete(keys) {
        return this.deletes.delete(keys);
    }
    async abortStaleUploads(prefix, before, dryRun) {
        return this.deletes.abortStaleUploads(prefix, before, dryRun);
    }
    /** The bucket's lifecycle rules ([] when it has none). */
    async lifecycleRules() {
        try {
            const res = await this.client.send(new dist_cjs.GetBucketLifecycleConfigurationCommand({ Bucket: this.config.bucket }));
            return res.Rules ?? [];
        }
        catch (error) {
            if (error.name === 'NoSuchLifecycleConfiguration')
                return [];
            throw this.explain(error, `the lifecycle configuration of bucket ${this.config.bucket}`);
        }
    }
    /** The bucket's tags ({} when it has none, or the store has no tagging API: s3rver). */
    async bucketTags() {
        try {
            const res = await this.client.send(new dist_cjs.GetBucketTaggingCommand({ Bucket: this.config.bucket }));
            return Object.fromEntries((res.TagSet ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
        }
        catch (error) {
            const e = error;
            if (e.name === 'NoSuchTagSet')
                return {};
            if (e.name === 'NotImplemented' || e.$metadata?.httpStatusCode === 501)
                return {};
            throw this.explain(error, `the tags of bucket ${this.config.bucket}`);
        }
    }
    /** Replace the bucket's lifecycle configuration (all of it: merge first). */
    async putLifecycleRules(rules) {
        try {
            await this.client.send(new dist_cjs.PutBucketLifecycleConfigurationCommand({
                Bucket: this.config.bucket,
                LifecycleConfiguration: { Rules: rules }
            }));
        }
        catch (error) {
            throw this.explain(error, `the lifecycle configuration of bucket ${this.config.bucket}`);
        }
    }
    /** The key prefix of an environment, as S3 sees it: `[prefix/]<environment>/`. */
    keyPrefixOf(key) {
        return this.base + key;
    }
    encryption() {
        if (this.config.sse === 'none')
            return {};
        if (this.config.sse === 'aws:kms') {
            return { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: this.config.kmsKeyId };
        }
        return { ServerSideEncryption: 'AES256' };
    }
    /** One line that says what went wrong with S3, naming the thing and the endpoint. */
    explain(error, what, key) {
        return explainS3Error(error, what, this.config, key);
    }
}


/***/ })

};

//# sourceMappingURL=414.index.js.map