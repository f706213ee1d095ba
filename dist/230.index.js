export const id = 230;
export const ids = [230];
export const modules = {

/***/ 5868:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  K2: () => (/* binding */ defaultClientFor),
  uA: () => (/* binding */ readAwsBackup),
  P2: () => (/* binding */ readBackupJobs),
  xQ: () => (/* binding */ readRecoveryPoints)
});

// UNUSED EXPORTS: isContinuous

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-backup/dist-cjs/index.js
var dist_cjs = __webpack_require__(2760);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(2857);
;// CONCATENATED MODULE: ./src/aws/backupEvent.ts

// AWS Backup's EventBridge events (detail-types Backup, Copy and Restore Job State Change) read
// into the few facts an alert needs. AWS's own examples disagree with themselves: sizes come as
// strings in some events and numbers in others, destinationRecoveryPointArn is {} until a copy
// completes, resources is empty on FAILED, backup and copy jobs say `state` where restore jobs
// say `status`. So every field is optional and read on its own: a field of an unexpected shape
// is dropped and named in `unexpected`, and the alert still goes out.
const DETAIL_TYPES = {
    'Backup Job State Change': 'backup',
    'Copy Job State Change': 'copy',
    'Restore Job State Change': 'restore'
};
const size = schemas/* union */.KCZ([
    schemas/* number */.aig().nonnegative(),
    schemas/* string */.YjP()
        .regex(/^\d+$/)
        .transform((s) => Number(s))
]);
// {} until the copy completes, then an ARN.
const arnOrEmpty = schemas/* union */.KCZ([
    schemas/* string */.YjP(),
    schemas/* object */.Ikc({})
        .strict()
        .transform(() => undefined)
]);
const envelope = schemas/* object */.Ikc({
    source: schemas/* string */.YjP(),
    'detail-type': schemas/* string */.YjP(),
    account: schemas/* string */.YjP().optional(),
    region: schemas/* string */.YjP().optional(),
    time: schemas/* string */.YjP().optional(),
    resources: schemas/* array */.YOg(schemas/* unknown */.L5J()).optional(),
    detail: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J())
})
    .loose();
const detailFields = {
    backupJobId: schemas/* string */.YjP(),
    copyJobId: schemas/* string */.YjP(),
    restoreJobId: schemas/* string */.YjP(),
    state: schemas/* string */.YjP(),
    status: schemas/* string */.YjP(),
    backupVaultName: schemas/* string */.YjP(),
    backupVaultArn: schemas/* string */.YjP(),
    sourceBackupVaultArn: schemas/* string */.YjP(),
    destinationBackupVaultArn: schemas/* string */.YjP(),
    destinationRecoveryPointArn: arnOrEmpty,
    resourceArn: schemas/* string */.YjP(),
    sourceResourceArn: schemas/* string */.YjP(),
    createdResourceArn: schemas/* string */.YjP(),
    resourceType: schemas/* string */.YjP(),
    statusMessage: schemas/* string */.YjP(),
    backupSizeInBytes: size,
    bytesTransferred: size,
    restoreTestingPlanArn: schemas/* string */.YjP()
};
/** Each documented field on its own, so one odd field costs only itself. */
function readDetail(raw, unexpected) {
    const out = {};
    for (const [name, schema] of Object.entries(detailFields)) {
        if (raw[name] === undefined || raw[name] === null)
            continue;
        const parsed = schema.safeParse(raw[name]);
        if (parsed.success)
            out[name] = parsed.data;
        else
            unexpected.push(`detail.${name} is ${describe(raw[name])}`);
    }
    return out;
}
function describe(value) {
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'string')
        return value === '' ? 'empty' : 'a text of an unexpected form';
    return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
/** The vault's name from its ARN (arn:aws:backup:<region>:<account>:backup-vault:<name>). */
function vaultOf(arn) {
    const m = /^arn:aws[a-z-]*:backup:([a-z0-9-]+):\d*:backup-vault:(.+)$/.exec(arn ?? '');
    return m ? { region: m[1], name: m[2] } : {};
}
/** Which events are worth a message, and how loud. Must agree with the Terraform patterns. */
function severityOf(kind, state, d) {
    if (kind === 'backup') {
        if (['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'].includes(state ?? ''))
            return 'failure';
        if (state === 'COMPLETED' && d.statusMessage)
            return 'warning';
    }
    if (kind === 'copy' && ['FAILED', 'PARTIAL'].includes(state ?? ''))
        return 'failure';
    if (kind === 'restore') {
        if (state === 'FAILED')
            return 'failure';
        if (state === 'COMPLETED' && d.restoreTestingPlanArn)
            return 'note';
    }
    return 'ignore';
}
function readBackupEvent(event) {
    const unexpected = [];
    const outer = envelope.safeParse(event);
    if (!outer.success) {
        for (const issue of outer.error.issues.slice(0, 5)) {
            unexpected.push(`${issue.path.join('.') || 'the event'}: ${issue.message}`);
        }
        // Not an event we can read at all: worth a warning, since a rule sent it here.
        return { severity: 'warning', unexpected };
    }
    const e = outer.data;
    const base = {
        detailType: e['detail-type'],
        account: e.account,
        region: e.region,
        time: e.time
    };
    const kind = DETAIL_TYPES[e['detail-type']];
    if (e.source !== 'aws.backup' || !kind)
        return { ...base, severity: 'ignore', unexpected };
    const d = readDetail(e.detail, unexpected);
    // Backup and copy jobs say `state`, restore jobs `status` (AWS's documentation says so too).
    const state = kind === 'restore' ? (d.status ?? d.state) : (d.state ?? d.status);
    if (!state)
        unexpected.push(`detail.${kind === 'restore' ? 'status' : 'state'} is missing`);
    const jobId = { backup: d.backupJobId, copy: d.copyJobId, restore: d.restoreJobId }[kind];
    if (!jobId)
        unexpected.push(`detail.${kind}JobId is missing`);
    const source = vaultOf(kind === 'copy' ? d.sourceBackupVaultArn : d.backupVaultArn);
    const destination = vaultOf(d.destinationBackupVaultArn);
    const resourceArn = d.resourceArn ?? d.sourceResourceArn;
    return {
        ...base,
        kind,
        severity: severityOf(kind, state, d),
        state,
        jobId,
        vault: d.backupVaultName ?? source.name,
        destinationVault: destination.name,
        destinationRegion: destination.region,
        resourceArn,
        resourceType: d.resourceType,
        statusMessage: d.statusMessage || undefined,
        bytes: d.backupSizeInBytes ?? d.bytesTransferred,
        restoreTestingPlan: d.restoreTestingPlanArn?.split(':').at(-1),
        createdResourceArn: d.createdResourceArn,
        unexpected
    };
}

;// CONCATENATED MODULE: ./src/aws/backupReader.ts



const defaultClientFor = (region) => new dist_cjs/* BackupClient */.M3I({ region });
const iso = (d) => d?.toISOString();
/** Continuous backups' recovery points are named so (arn:...:recovery-point:continuous:...). */
function isContinuous(arn) {
    return /:recovery-point:continuous:/.test(arn);
}
async function collect(pages) {
    const out = [];
    for await (const page of pages)
        out.push(page);
    return out;
}
async function readBackupJobs(client, region, vault, from) {
    const pages = await collect((0,dist_cjs/* paginateListBackupJobs */.oSg)({ client }, { ByBackupVaultName: vault, ByCreatedAfter: from }));
    return pages.flatMap((p) => (p.BackupJobs ?? []).map((j) => ({
        jobId: j.BackupJobId ?? '?',
        region,
        resourceArn: j.ResourceArn,
        resourceType: j.ResourceType,
        state: j.State ?? 'UNKNOWN',
        statusMessage: j.StatusMessage || undefined,
        created: iso(j.CreationDate),
        completed: iso(j.CompletionDate),
        bytes: j.BackupSizeInBytes
    })));
}
async function readCopyJobs(client, region, vault, from) {
    const pages = await collect((0,dist_cjs/* paginateListCopyJobs */.vTZ)({ client }, { ByCreatedAfter: from }));
    return pages.flatMap((p) => (p.CopyJobs ?? [])
        // Copies out of the configured vault only (the filter AWS offers is by destination).
        .filter((j) => vaultOf(j.SourceBackupVaultArn).name === vault)
        .map((j) => {
        const destination = vaultOf(j.DestinationBackupVaultArn);
        return {
            jobId: j.CopyJobId ?? '?',
            region,
            resourceArn: j.ResourceArn,
            resourceType: j.ResourceType,
            state: j.State ?? 'UNKNOWN',
            statusMessage: j.StatusMessage || undefined,
            created: iso(j.CreationDate),
            completed: iso(j.CompletionDate),
            bytes: j.BackupSizeInBytes,
            destinationVault: destination.name,
            destinationRegion: destination.region
        };
    }));
}
async function readRestoreJobs(client, region, from) {
    const pages = await collect((0,dist_cjs/* paginateListRestoreJobs */.okv)({ client }, { ByCreatedAfter: from }));
    return pages.flatMap((p) => (p.RestoreJobs ?? []).map((j) => ({
        jobId: j.RestoreJobId ?? '?',
        region,
        resourceArn: j.SourceResourceArn,
        resourceType: j.ResourceType,
        state: j.Status ?? 'UNKNOWN',
        statusMessage: j.StatusMessage || undefined,
        created: iso(j.CreationDate),
        completed: iso(j.CompletionDate),
        bytes: j.BackupSizeInBytes,
        testingPlan: j.CreatedBy?.RestoreTestingPlanArn?.split(':').at(-1),
        validationStatus: j.ValidationStatus,
        validationMessage: j.ValidationStatusMessage || undefined
    })));
}
async function readRecoveryPoints(client, region, vault) {
    const pages = await collect((0,dist_cjs/* paginateListRecoveryPointsByBackupVault */.lO_)({ client }, { BackupVaultName: vault }));
    return pages.flatMap((p) => (p.RecoveryPoints ?? []).map((r) => ({
        arn: r.RecoveryPointArn ?? '?',
        region,
        vault,
        resourceArn: r.ResourceArn,
        resourceType: r.ResourceType,
        status: r.Status,
        created: iso(r.CreationDate),
        completed: iso(r.CompletionDate),
        continuous: isContinuous(r.RecoveryPointArn ?? '')
    })));
}
async function vaultsIn(client) {
    const pages = await collect((0,dist_cjs/* paginateListBackupVaults */.Hwf)({ client }, {}));
    return pages.flatMap((p) => (p.BackupVaultList ?? []).map((v) => v.BackupVaultName ?? '?'));
}
/** Everything the review shows, from every region; the first region holds `vault`. */
async function readAwsBackup(options, clientFor = defaultClientFor) {
    const { vault, regions, from } = options;
    const data = {
        vault,
        regions,
        from: from.toISOString(),
        backupJobs: [],
        copyJobs: [],
        restoreJobs: [],
        recoveryPoints: [],
        problems: []
    };
    for (const [i, region] of regions.entries()) {
        const client = clientFor(region);
        const attempt = async (what, work) => {
            try {
                await work();
            }
            catch (error) {
                data.problems.push(`AWS Backup in ${region}: ${what} could not be read: ${(0,errors/* errorLine */.BP)(error)}`);
            }
        };
        try {
            if (i === 0) {
                await attempt(`backup jobs of vault ${vault}`, async () => {
                    data.backupJobs.push(...(await readBackupJobs(client, region, vault, from)));
                });
                await attempt('copy jobs', async () => {
                    data.copyJobs.push(...(await readCopyJobs(client, region, vault, from)));
                });
                await attempt(`recovery points of vault ${vault}`, async () => {
                    data.recoveryPoints.push(...(await readRecoveryPoints(client, region, vault)));
                });
            }
            else {
                // The vaults the period's copies went to here; without any, every vault of the region.
                const known = [
                    ...new Set(data.copyJobs
                        .filter((j) => j.destinationRegion === region)
                        .map((j) => j.destinationVault))
                ];
                let vaults = known;
                if (vaults.length === 0) {
                    await attempt('the vaults (for the copies)', async () => {
                        vaults = await vaultsIn(client);
                    });
                }
                for (const name of vaults) {
                    await attempt(`recovery points of vault ${name}`, async () => {
                        data.recoveryPoints.push(...(await readRecoveryPoints(client, region, name)));
                    });
                }
            }
            await attempt('restore jobs', async () => {
                data.restoreJobs.push(...(await readRestoreJobs(client, region, from)));
            });
        }
        finally {
            client.destroy();
        }
    }
    return data;
}


/***/ }),

/***/ 6230:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  reviewAwsBackup: () => (/* binding */ reviewAwsBackup)
});

;// CONCATENATED MODULE: ./src/review/awsBackup.ts
const hours = (now, iso) => (now.getTime() - Date.parse(iso)) / 3_600_000;
const round = (h) => Math.round(h * 10) / 10;
function count(jobs) {
    const out = {};
    for (const j of jobs)
        out[j.state] = (out[j.state] ?? 0) + 1;
    return out;
}
function newestOf(points, now) {
    // A continuous point counts only when no snapshot exists: its date is when it started.
    const dated = points.filter((p) => p.created && p.status !== 'DELETING' && p.status !== 'EXPIRED');
    const pick = dated.filter((p) => !p.continuous).sort((a, b) => b.created.localeCompare(a.created))[0] ??
        dated.sort((a, b) => b.created.localeCompare(a.created))[0];
    if (!pick)
        return undefined;
    return {
        created: pick.created,
        ageHours: round(hours(now, pick.created)),
        continuous: pick.continuous,
        status: pick.status
    };
}
function buildAwsBackupSection(data, now, maxAgeHours) {
    const [primary, ...others] = data.regions;
    const inPrimary = data.recoveryPoints.filter((p) => p.region === primary && p.vault === data.vault);
    // The protected resources: those with a recovery point in the vault or a job of the period.
    const arns = new Set();
    for (const x of [...inPrimary, ...data.backupJobs])
        if (x.resourceArn)
            arns.add(x.resourceArn);
    const typeOf = new Map();
    for (const x of [...data.backupJobs, ...data.recoveryPoints]) {
        if (x.resourceArn && x.resourceType)
            typeOf.set(x.resourceArn, x.resourceType);
    }
    const redLines = [];
    const resources = [...arns].sort().map((arn) => {
        const jobs = data.backupJobs.filter((j) => j.resourceArn === arn);
        const done = jobs
            .filter((j) => j.state === 'COMPLETED' && j.completed)
            .sort((a, b) => b.completed.localeCompare(a.completed))[0];
        const newest = {};
        for (const region of data.regions) {
            const points = data.recoveryPoints.filter((p) => p.resourceArn === arn &&
                p.region === region &&
                (region !== primary || p.vault === data.vault));
            newest[region] = newestOf(points, now);
        }
        const row = {
            resourceArn: arn,
            resourceType: typeOf.get(arn),
            backupJobs: count(jobs),
            copyJobs: count(data.copyJobs.filter((j) => j.resourceArn === arn)),
            lastBackup: done && {
                completed: done.completed,
                ageHours: round(hours(now, done.completed))
            },
            newest
        };
        // Fresh: a completed job, or a snapshot recovery point, within max-age-hours.
        const p = newest[primary];
        const freshest = Math.min(row.lastBackup?.ageHours ?? Infinity, p && !p.continuous ? p.ageHours : Infinity);
        if (freshest > maxAgeHours) {
            redLines.push({
                resourceArn: arn,
                region: primary,
                what: 'no recent backup',
                detail: freshest === Infinity
                    ? `no completed backup job in the period and no snapshot recovery point in ${data.vault}`
                    : `the newest backup is ${round(freshest)} h old (max-age-hours ${maxAgeHours})`
            });
        }
        for (const region of others) {
            const copy = newest[region];
            if (!copy || copy.ageHours > maxAgeHours) {
                redLines.push({
                    resourceArn: arn,
                    region,
                    what: 'copy missing',
                    detail: copy
                        ? `the newest recovery point in ${region} is ${copy.ageHours} h old (max-age-hours ${maxAgeHours})`
                        : `no recovery point in ${region}`
                });
            }
        }
        return row;
    });
    const restoreTests = data.restoreJobs
        .filter((j) => j.testingPlan)
        .sort((a, b) => (b.created ?? '').localeCompare(a.created ?? ''));
    for (const t of restoreTests) {
        const failed = ['FAILED', 'ABORTED'].includes(t.state) || t.validationStatus === 'FAILED';
        if (!failed)
            continue;
        redLines.push({
            resourceArn: t.resourceArn,
            region: t.region,
            what: 'restore test failed',
            detail: `restore job ${t.jobId} (${t.testingPlan}) on ${(t.created ?? '').slice(0, 10)}: ${t.state}${t.validationStatus === 'FAILED' ? ', validation FAILED' : ''}${t.statusMessage || t.validationMessage ? `: ${t.statusMessage ?? t.validationMessage}` : ''}`
        });
    }
    return {
        vault: data.vault,
        primaryRegion: primary,
        regions: data.regions,
        from: data.from,
        to: now.toISOString(),
        maxAgeHours,
        resources,
        restoreTests,
        redLines,
        problems: data.problems
    };
}

// EXTERNAL MODULE: ./src/aws/backupReader.ts + 1 modules
var backupReader = __webpack_require__(5868);
;// CONCATENATED MODULE: ./src/aws/backupReview.ts


// report's AWS Backup half: read the period's jobs and the recovery points (aws/backupReader.ts),
// build the section (review/awsBackup.ts), and warn once per red line, as the action's half
// does for its own. Loaded by commands/report.ts only when aws-backup-vault is set.
async function reviewAwsBackup(config, options, log, clientFor = backupReader/* defaultClientFor */.K2) {
    const from = new Date(options.now.getTime() - options.periodDays * 86_400_000);
    const data = await (0,backupReader/* readAwsBackup */.uA)({ vault: config.vault, regions: config.regions, from }, clientFor);
    const section = buildAwsBackupSection(data, options.now, options.maxAgeHours);
    for (const p of section.problems)
        log.warning(p);
    for (const r of section.redLines) {
        log.warning(`AWS Backup red line: ${r.what}: ${r.resourceArn ?? ''} ${r.region ?? ''}: ${r.detail}`);
    }
    log.info(`AWS Backup ${config.vault} (${config.regions.join(', ')}): ${section.resources.length} resources, ${data.backupJobs.length} backup jobs, ${data.copyJobs.length} copy jobs, ${section.restoreTests.length} restore tests, ${section.redLines.length} red lines`);
    return section;
}


/***/ })

};

//# sourceMappingURL=230.index.js.map