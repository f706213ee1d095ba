export const id = 227;
export const ids = [227];
export const modules = {

/***/ 3937:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bP: () => (/* binding */ resourceLabel)
/* harmony export */ });
/* unused harmony exports resourceName, consoleUrl, withoutKeys, statusText, backupEventMessage */
/* harmony import */ var _notify_slack_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7569);
/* harmony import */ var _util_redact_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(767);



// The Slack message for one AWS Backup event, in the look of the action's own alerts
// (notify/slack.ts): a header with the verdict, the status message in a code block, the facts
// as fields, then a line with the link to the job in the AWS console. Only the facts chosen
// here reach Slack: never the event's IAM role, never a KMS key (status messages may name
// one), and every text passes through redact().
const KIND_WORD = { backup: 'backup', copy: 'copy', restore: 'restore' };
const ICON = { failure: '🔴', warning: '🟠', note: '✅', ignore: '' };
/** arn:aws:rds:...:cluster:luneo-prod -> luneo-prod; arn:aws:s3:::artifacts -> artifacts. */
function resourceName(arn) {
    if (!arn)
        return undefined;
    return arn.split(/[:/]/).filter(Boolean).at(-1);
}
function resourceLabel(type, arn) {
    const name = resourceName(arn);
    const what = { Aurora: 'Aurora cluster', RDS: 'RDS database', S3: 'S3 bucket', EBS: 'EBS volume' }[type ?? ''] ??
        type ??
        'resource';
    return name ? `${what} ${name}` : `${what} (not named in the event)`;
}
/** The job's page in the AWS Backup console (per region). */
function consoleUrl(f) {
    if (!f.kind || !f.jobId || !f.region || !/^[a-z0-9-]+$/.test(f.region))
        return undefined;
    const r = f.region;
    return `https://${r}.console.aws.amazon.com/backup/home?region=${r}#/jobs/${f.kind}/details/${encodeURIComponent(f.jobId)}`;
}
/** KMS key ARNs (and key ids in them) out of AWS's texts: which key is not Slack's business. */
function withoutKeys(text) {
    return text.replace(/arn:aws[a-z-]*:kms:[^\s"',;)]+/g, '(a KMS key)');
}
const STATE_WORD = { PARTIAL: 'partly completed' };
/** AWS wraps some status messages in quotes of their own. */
function statusText(message) {
    const m = message
        ?.trim()
        .replace(/^"(.*)"$/s, '$1')
        .trim();
    return m ? withoutKeys(m) : undefined;
}
function headline(f) {
    const kind = f.kind && (f.restoreTestingPlan ? 'restore test' : KIND_WORD[f.kind]);
    const what = resourceLabel(f.resourceType, f.resourceArn);
    const where = f.region ? ` in ${f.region}` : '';
    if (!kind)
        return `AWS Backup event not understood${where}`;
    if (f.severity === 'note')
        return `AWS Backup restore test passed: ${what}${where}`;
    if (f.severity === 'warning')
        return `AWS Backup ${kind} completed with issues: ${what}${where}`;
    const state = STATE_WORD[f.state ?? ''] ?? (f.state ?? 'in an unknown state').toLowerCase();
    return `AWS Backup ${kind}${f.restoreTestingPlan ? '' : ' job'} ${state}: ${what}${where}`;
}
function backupEventMessage(f, mentionSetting) {
    const mention = f.severity === 'failure' ? formatMention(mentionSetting) : undefined;
    const title = `${ICON[f.severity]} ${headline(f)}`.trim();
    const link = consoleUrl(f);
    const fields = [];
    if (f.kind)
        fields.push(`*Job*\n${escapeMrkdwn(f.kind)} \`${escapeMrkdwn(f.jobId ?? '?')}\``);
    if (f.state)
        fields.push(`*State*\n${escapeMrkdwn(f.state)}`);
    if (f.vault)
        fields.push(`*Vault*\n${escapeMrkdwn(f.vault)}`);
    if (f.destinationVault) {
        fields.push(`*Copy to*\n${escapeMrkdwn(f.destinationVault)}${f.destinationRegion ? ` (${escapeMrkdwn(f.destinationRegion)})` : ''}`);
    }
    if (f.kind) {
        fields.push(`*Resource*\n${escapeMrkdwn(resourceLabel(f.resourceType, f.resourceArn))}`);
    }
    if (f.account)
        fields.push(`*Account*\n${escapeMrkdwn(f.account)}`);
    if (f.bytes !== undefined && f.bytes > 0)
        fields.push(`*Size*\n${formatBytes(f.bytes)}`);
    if (f.restoreTestingPlan) {
        fields.push(`*Restore testing plan*\n${escapeMrkdwn(f.restoreTestingPlan)}`);
    }
    const blocks = [
        {
            type: 'header',
            text: { type: 'plain_text', text: truncate(title, SLACK_LIMITS.header), emoji: true }
        }
    ];
    const message = statusText(f.statusMessage)?.replace(/```/g, "'''");
    if (f.severity !== 'note' || message) {
        const body = message ?? 'AWS Backup gave no status message.';
        blocks.push({
            type: 'section',
            text: {
                type: 'mrkdwn',
                text: truncate(`${mention ? mention + ' ' : ''}*Status message:*\n\`\`\`${truncate(body, 2900)}\`\`\``, SLACK_LIMITS.section)
            }
        });
    }
    if (fields.length) {
        blocks.push({
            type: 'section',
            fields: fields.map((text) => ({ type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.field) }))
        });
    }
    const details = [];
    if (link)
        details.push(`*Job:* <${link}|open in the AWS Backup console>`);
    if (f.time)
        details.push(`*Event time:* ${escapeMrkdwn(f.time)}`);
    if (f.unexpected.length) {
        details.push(`*Unexpected in the event:* ${escapeMrkdwn(f.unexpected.join('; '))} (the alert shows what could be read)`);
    }
    if (details.length) {
        blocks.push({
            type: 'section',
            text: { type: 'mrkdwn', text: truncate(details.join('\n'), SLACK_LIMITS.section) }
        });
    }
    const text = truncate(`${mention ? mention + ' ' : ''}${headline(f)}${message ? `: ${message}` : ''}${link ? ` (${link})` : ''}`, SLACK_LIMITS.fallback);
    return redactDeep({ text, blocks });
}


/***/ }),

/***/ 1227:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkAwsBackup: () => (/* binding */ checkAwsBackup)
/* harmony export */ });
/* unused harmony exports AWS_WINDOW_DAYS, judgeAwsBackup */
/* harmony import */ var _backupAlert_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3937);
/* harmony import */ var _util_format_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2693);
/* harmony import */ var _util_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(17);
/* harmony import */ var _backupReader_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5868);




// check's AWS Backup half (aws-backup-vault): every resource the vault protects (a recovery
// point there, or a backup job of the last week) must have a COMPLETED backup job younger than
// max-age-hours. Judged by jobs, not recovery points: a continuous (point-in-time) recovery
// point's creation date is when continuous backup started, however fresh it is.
const AWS_WINDOW_DAYS = 7;
function judgeAwsBackup(jobs, points, now, maxAgeHours) {
    const types = new Map();
    for (const x of [...points, ...jobs]) {
        if (x.resourceArn && !types.get(x.resourceArn))
            types.set(x.resourceArn, x.resourceType);
    }
    const rows = [];
    const problems = [];
    for (const arn of [...types.keys()].sort()) {
        const newest = jobs
            .filter((j) => j.resourceArn === arn && j.state === 'COMPLETED' && j.completed)
            .sort((a, b) => b.completed.localeCompare(a.completed))[0];
        const ageHours = newest && (now.getTime() - Date.parse(newest.completed)) / 3_600_000;
        const stale = ageHours === undefined || ageHours > maxAgeHours;
        rows.push({ resourceArn: arn, resourceType: types.get(arn), newest, ageHours, stale });
        const what = (0,_backupAlert_js__WEBPACK_IMPORTED_MODULE_0__/* .resourceLabel */ .bP)(types.get(arn), arn);
        if (!newest) {
            problems.push(`${what}: no completed AWS Backup job in the last ${AWS_WINDOW_DAYS} days`);
        }
        else if (stale) {
            problems.push(`${what}: the newest completed AWS Backup job, ${newest.jobId}, finished ${(0,_util_format_js__WEBPACK_IMPORTED_MODULE_3__/* .formatAge */ .nV)(ageHours)} ago (max-age-hours ${maxAgeHours})`);
        }
    }
    if (rows.length === 0)
        problems.push('no protected resource (no recovery point, no recent job)');
    return { rows, problems };
}
async function checkAwsBackup(config, maxAgeHours, now, log, clientFor = _backupReader_js__WEBPACK_IMPORTED_MODULE_2__/* .defaultClientFor */ .K2) {
    const [region] = config.regions;
    const where = `AWS Backup ${config.vault} (${region})`;
    const client = clientFor(region);
    let verdict;
    try {
        const from = new Date(now.getTime() - AWS_WINDOW_DAYS * 86_400_000);
        const jobs = await (0,_backupReader_js__WEBPACK_IMPORTED_MODULE_2__/* .readBackupJobs */ .P2)(client, region, config.vault, from);
        const points = await (0,_backupReader_js__WEBPACK_IMPORTED_MODULE_2__/* .readRecoveryPoints */ .xQ)(client, region, config.vault);
        verdict = judgeAwsBackup(jobs, points, now, maxAgeHours);
    }
    catch (error) {
        const line = `${where}: could not be read: ${(0,_util_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorLine */ .BP)(error)}`;
        return { table: `### ${where}\n\n**${line}**`, problems: [line] };
    }
    finally {
        client.destroy();
    }
    const lines = [`### ${where}`, ''];
    lines.push('| resource | newest completed backup job | finished (UTC) | age | status |');
    lines.push('|---|---|---|---:|---|');
    for (const r of verdict.rows) {
        lines.push(`| ${(0,_backupAlert_js__WEBPACK_IMPORTED_MODULE_0__/* .resourceLabel */ .bP)(r.resourceType, r.resourceArn)} | ${r.newest?.jobId ?? 'none'} | ${r.newest?.completed?.slice(0, 16).replace('T', ' ') ?? ''} | ${r.ageHours !== undefined ? (0,_util_format_js__WEBPACK_IMPORTED_MODULE_3__/* .formatAge */ .nV)(r.ageHours) : ''} | ${r.stale ? '**stale**' : 'ok'} |`);
    }
    const table = lines.join('\n');
    log.info(table);
    return { table, problems: verdict.problems.map((p) => `${where}: ${p}`) };
}


/***/ }),

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


/***/ })

};

//# sourceMappingURL=227.index.js.map