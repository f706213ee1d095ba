export const id = 311;
export const ids = [311];
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

/***/ 7311:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  report: () => (/* binding */ report)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
var promises_default = /*#__PURE__*/__webpack_require__.n(promises_);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/aws/backupAlert.ts
var backupAlert = __webpack_require__(3937);
// EXTERNAL MODULE: ./src/util/format.ts
var format = __webpack_require__(2693);
// EXTERNAL MODULE: ./src/util/markdown.ts
var markdown = __webpack_require__(7183);
// EXTERNAL MODULE: ./src/util/redact.ts
var redact = __webpack_require__(767);
;// CONCATENATED MODULE: ./src/review/awsBackupMarkdown.ts




// The monthly review's AWS Backup half in Markdown, appended to report.md after the action's
// own half (review/markdown.ts): red lines first, then jobs per resource, the newest recovery
// point per resource and region, and the restore tests.
const minute = (iso) => iso.slice(0, 16).replace('T', ' ');
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
function states(counts) {
    const order = ['COMPLETED', 'FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL', 'RUNNING', 'CREATED'];
    const rank = (k) => (order.includes(k) ? order.indexOf(k) : order.length);
    const keys = Object.keys(counts).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    if (keys.length === 0)
        return 'none';
    return keys
        .map((k) => {
        const text = `${counts[k]} ${k.toLowerCase()}`;
        return k === 'COMPLETED' || k === 'RUNNING' || k === 'CREATED' ? text : `**${text}**`;
    })
        .join(', ');
}
function point(p) {
    if (!p)
        return '**none**';
    const when = `${minute(p.created)} (${(0,format/* formatAge */.nV)(p.ageHours)} ago)`;
    return p.continuous ? `continuous since ${when}` : when;
}
function awsBackupMarkdown(s) {
    const out = [];
    const copies = s.regions.slice(1);
    out.push(`## AWS Backup: vault ${s.vault}`);
    out.push('');
    out.push(`Jobs from ${s.from.slice(0, 10)} to ${s.to.slice(0, 10)}, read from AWS Backup in ${s.primaryRegion}${copies.length ? ` (copies in ${copies.join(', ')})` : ''}.`);
    out.push('');
    const tests = s.restoreTests;
    out.push(`- **${plural(s.resources.length, 'protected resource')}** in \`${s.vault}\``);
    out.push(`- **${plural(s.redLines.length, 'red line')}**: no backup in ${s.maxAgeHours} h, a copy missing in another region, a failed restore test`);
    out.push(`- **Last restore test**: ${tests[0] ? `${tests[0].state === 'COMPLETED' && tests[0].validationStatus !== 'FAILED' ? 'completed' : `**${tests[0].state}**`} on ${(tests[0].created ?? '').slice(0, 10)} (${(0,markdown/* cell */.H)(tests[0].testingPlan)})` : 'none in the period'}`);
    out.push('');
    out.push('### AWS Backup red lines');
    out.push('');
    if (s.redLines.length === 0) {
        out.push(`None: every resource has a backup younger than ${s.maxAgeHours} h${copies.length ? ' and a copy as young in each other region' : ''}, and no restore test failed.`);
    }
    else {
        const typeOf = new Map(s.resources.map((r) => [r.resourceArn, r.resourceType]));
        out.push('| resource | region | what | detail |');
        out.push('|---|---|---|---|');
        for (const r of s.redLines) {
            const type = r.resourceArn ? typeOf.get(r.resourceArn) : undefined;
            out.push(`| ${(0,markdown/* cell */.H)(r.resourceArn ? (0,backupAlert/* resourceLabel */.bP)(type, r.resourceArn) : '')} | ${(0,markdown/* cell */.H)(r.region)} | 🔴 ${r.what} | ${(0,markdown/* cell */.H)(r.detail)} |`);
        }
    }
    out.push('');
    out.push('### Jobs per resource');
    out.push('');
    if (s.resources.length === 0)
        out.push(`No protected resource found in \`${s.vault}\`.`);
    else {
        out.push('| resource | type | backup jobs | copy jobs | newest completed backup |');
        out.push('|---|---|---|---|---|');
        for (const r of s.resources) {
            out.push(`| ${(0,markdown/* cell */.H)((0,backupAlert/* resourceLabel */.bP)(r.resourceType, r.resourceArn))} | ${(0,markdown/* cell */.H)(r.resourceType)} | ${states(r.backupJobs)} | ${states(r.copyJobs)} | ${r.lastBackup ? `${minute(r.lastBackup.completed)} (${(0,format/* formatAge */.nV)(r.lastBackup.ageHours)} ago)` : '**none in the period**'} |`);
        }
    }
    out.push('');
    if (s.resources.length) {
        out.push('### Newest recovery point per resource and region');
        out.push('');
        out.push(`| resource | ${s.regions.map((r, i) => `${r} (${i === 0 ? 'primary' : 'copy'})`).join(' | ')} |`);
        out.push(`|---|${s.regions.map(() => '---').join('|')}|`);
        for (const r of s.resources) {
            out.push(`| ${(0,markdown/* cell */.H)((0,backupAlert/* resourceLabel */.bP)(r.resourceType, r.resourceArn))} | ${s.regions.map((g) => point(r.newest[g])).join(' | ')} |`);
        }
        out.push('');
    }
    out.push('### AWS Backup restore tests');
    out.push('');
    if (tests.length === 0)
        out.push('No restore test in the period.');
    else {
        out.push('| started (UTC) | resource | plan | status | validation | message |');
        out.push('|---|---|---|---|---|---|');
        for (const t of tests) {
            const ok = t.state === 'COMPLETED';
            out.push(`| ${t.created ? minute(t.created) : ''} | ${(0,markdown/* cell */.H)((0,backupAlert/* resourceLabel */.bP)(t.resourceType, t.resourceArn))} | ${(0,markdown/* cell */.H)(t.testingPlan)} | ${ok ? 'completed' : `**${(0,markdown/* cell */.H)(t.state)}**`} | ${(0,markdown/* cell */.H)(t.validationStatus)} | ${(0,markdown/* cell */.H)(t.statusMessage ?? t.validationMessage)} |`);
        }
    }
    out.push('');
    if (s.problems.length) {
        out.push('### AWS Backup: could not be read');
        out.push('');
        for (const p of s.problems)
            out.push(`- ${(0,markdown/* cell */.H)(p)}`);
        out.push('');
    }
    return (0,redact/* redact */.E$)(out.join('\n'));
}

;// CONCATENATED MODULE: ./src/aws/backupPart.ts



// report's hook for the AWS Backup half: with aws-backup-vault set, read it (loading the SDK
// only then), append its Markdown to report.md and the summary, add it to report.json as
// `awsBackup`, count its red lines in the output aws-backup-red-lines and the Slack digest.
// Without it, the result passes through untouched.
/** The same period as the action's half (commands/report.ts PERIOD_DAYS). */
const PERIOD_DAYS = 31;
async function withAwsBackup(config, context, result) {
    if (!config.awsBackup)
        return result;
    const { now, log, review, files } = context;
    const { reviewAwsBackup } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(379), __webpack_require__.e(230)]).then(__webpack_require__.bind(__webpack_require__, 6230));
    const section = await log.group(`Read AWS Backup vault ${config.awsBackup.vault}`, () => reviewAwsBackup(config.awsBackup, { now, periodDays: PERIOD_DAYS, maxAgeHours: config.maxAgeHours }, log));
    const markdown = '\n' + awsBackupMarkdown(section);
    const mode = { mode: 0o600 };
    await promises_default().appendFile(files['report-md'], markdown, mode);
    const json = (0,redact/* redactDeep */.KL)({ ...review, awsBackup: section });
    await promises_default().writeFile(files['report-json'], JSON.stringify(json, null, 2) + '\n', mode);
    return {
        ...result,
        outputs: { ...result.outputs, 'aws-backup-red-lines': section.redLines.length },
        summary: (result.summary ?? '') + markdown,
        digest: result.digest && { ...result.digest, awsBackupRedLines: section.redLines.length }
    };
}

// EXTERNAL MODULE: ./src/notify/ledger.ts
var notify_ledger = __webpack_require__(6888);
// EXTERNAL MODULE: ./src/snapshot/id.ts
var id = __webpack_require__(9575);
// EXTERNAL MODULE: ./src/snapshot/layout.ts
var layout = __webpack_require__(2064);
// EXTERNAL MODULE: ./src/retention/policy.ts
var policy = __webpack_require__(4310);
;// CONCATENATED MODULE: ./src/review/verifications.ts
/** Each snapshot id's newest verification in the ledger. */
function lastVerifications(events) {
    const last = new Map();
    const ordered = [...events].sort((a, b) => a.time.localeCompare(b.time));
    for (const e of ordered) {
        if (e.command !== 'verify' || e.outcome === 'cancelled')
            continue;
        const runUrl = e.runUrl ? { runUrl: e.runUrl } : {};
        if (e.verifications) {
            for (const v of e.verifications) {
                last.set(v.snapshotId, {
                    time: e.time,
                    verdict: v.verdict,
                    ...(v.archived ? { archived: v.archived } : {}),
                    ...(v.failed ? { failed: v.failed } : {}),
                    ...runUrl
                });
            }
        }
        else if (e.snapshotId) {
            last.set(e.snapshotId, {
                time: e.time,
                verdict: e.outcome === 'success' ? 'verified' : 'failed',
                ...runUrl
            });
        }
    }
    return last;
}
/** Every complete snapshot, newest first, with its last verification (none: never verified). */
function verificationOf(entries, events) {
    const last = lastVerifications(events);
    const snapshots = entries
        .filter((e) => e.state === 'complete')
        .reverse()
        .map((e) => {
        const v = last.get(e.id);
        // lastVerifications holds only the fields it has: they pass on as they are.
        const { time, ...found } = v ?? { time: undefined };
        return {
            id: e.id,
            ...(e.manifest?.kind ? { kind: e.manifest.kind } : {}),
            ...(time ? { lastVerified: time, ...found } : {})
        };
    });
    const runs = events.filter((e) => e.command === 'verify' && e.outcome !== 'cancelled');
    return {
        snapshots,
        verified: snapshots.filter((s) => s.verdict === 'verified').length,
        partly: snapshots.filter((s) => s.verdict === 'partial' || s.verdict === 'archived').length,
        failed: snapshots.filter((s) => s.verdict === 'failed').length,
        never: snapshots.filter((s) => s.verdict === undefined).length,
        ...(runs.length
            ? {
                lastRun: runs
                    .map((e) => e.time)
                    .sort()
                    .at(-1)
            }
            : {})
    };
}

;// CONCATENATED MODULE: ./src/review/build.ts





// The monthly review built from what report read: pure, so every rule is tested without storage.
// The period is the 31 days up to the run, so the monthly workflow (day 1) covers the whole month
// before.
const build_PERIOD_DAYS = 31;
const DAY_MS = 86_400_000;
/** The start of a UTC day. */
const utcDay = (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
const isoDay = (d) => d.toISOString().slice(0, 10);
/** Nothing may be this old or older (DESIGN.md, "Retention": the hard limit), as prune reckons it. */
function hardLimit(now, months) {
    return (0,policy/* monthsBefore */.jL)(now, months);
}
function rowOf(e) {
    return {
        id: e.id,
        state: e.state,
        kind: e.manifest?.kind,
        bytes: e.bytes,
        durationSeconds: e.manifest?.durationSeconds,
        operator: e.manifest?.operator,
        notes: e.manifest?.notes,
        problem: e.problem
    };
}
const scheduled = (e) => e.state === 'complete' && e.manifest !== undefined && e.manifest.kind !== 'adhoc';
/**
 * UTC days in the daily-retention window without a complete scheduled snapshot. The window is the
 * `windowDays` whole UTC days before today (today's backup may still be due); days before the
 * environment's first snapshot or ledger event are not judged (a new environment has no gaps).
 */
function gapsOf(entries, events, now, windowDays) {
    const today = utcDay(now);
    let from = new Date(today.getTime() - windowDays * DAY_MS);
    const to = new Date(today.getTime() - DAY_MS);
    const starts = [
        ...entries.map((e) => e.startedAt.getTime()),
        ...events.map((e) => Date.parse(e.time))
    ].filter((t) => Number.isFinite(t));
    const history = starts.length ? utcDay(new Date(Math.min(...starts))) : today;
    if (history > from)
        from = history;
    const covered = new Set(entries.filter(scheduled).map((e) => isoDay(e.startedAt)));
    const days = [];
    let judged = 0;
    for (let t = from.getTime(); t <= to.getTime(); t += DAY_MS) {
        judged++;
        const d = isoDay(new Date(t));
        if (!covered.has(d))
            days.push(d);
    }
    return { windowDays, from: isoDay(from), to: isoDay(to), judgedDays: judged, days };
}
/** The time an object under `<environment>/` stands for, and what it is; undefined for others. */
function classify(object, environment) {
    const place = (0,layout/* placeOf */.$t)(object.key, environment);
    if (place.kind === 'snapshot') {
        const time = (0,id/* parseSnapshotId */.jH)(place.id);
        return { what: 'snapshot', key: (0,layout/* snapshotPrefix */.JO)(environment, place.id), time };
    }
    if (place.kind === 'side') {
        // Dated as prune dates them: by the time their name starts with, else their upload time.
        return {
            what: place.folder === layout/* LEDGER_FOLDER */.xw ? 'ledger' : 'drill',
            key: object.key,
            time: (0,layout/* sideObjectTime */.sB)(object)
        };
    }
    return undefined;
}
/**
 * The red lines of a catalog's states (issue 15): every damaged snapshot, every foreign folder or
 * key, and every legacy folder past the hard limit (prune deletes those by their date).
 */
function stateRedLinesOf(catalog, location, limit, now) {
    const age = (t) => Math.floor((now.getTime() - t.getTime()) / DAY_MS);
    const lines = [];
    for (const e of catalog.entries) {
        const key = e.prefix ?? e.id + '/';
        if (e.state === 'damaged') {
            lines.push({
                location,
                what: 'damaged',
                key,
                time: e.startedAt.toISOString(),
                ageDays: age(e.startedAt),
                why: e.problem
            });
        }
        else if (e.state === 'legacy' && e.startedAt.getTime() <= limit.getTime()) {
            lines.push({
                location,
                what: 'legacy',
                key,
                time: e.startedAt.toISOString(),
                ageDays: age(e.startedAt)
            });
        }
    }
    for (const f of catalog.foreign) {
        lines.push({
            location,
            what: 'foreign',
            key: f.key,
            time: f.lastModified.toISOString(),
            ageDays: age(f.lastModified),
            why: `${f.why}; prune never deletes it`
        });
    }
    return lines.sort((a, b) => a.time.localeCompare(b.time));
}
/** Every snapshot folder, ledger event and drill report prune would delete by the hard limit alone. */
function redLinesOf(objects, environment, location, limit, now) {
    const found = new Map();
    for (const object of objects) {
        const c = classify(object, environment);
        // Prune deletes at the limit too (policy.ts: start <= hard limit).
        if (!c || c.time.getTime() > limit.getTime() || found.has(c.key))
            continue;
        found.set(c.key, {
            location,
            what: c.what,
            key: c.key,
            time: c.time.toISOString(),
            ageDays: Math.floor((now.getTime() - c.time.getTime()) / DAY_MS)
        });
    }
    return [...found.values()].sort((a, b) => a.time.localeCompare(b.time));
}
function byMonth(entries) {
    const months = new Map();
    for (const e of entries) {
        const month = e.startedAt.toISOString().slice(0, 7);
        const row = months.get(month) ?? {
            month,
            complete: 0,
            damaged: 0,
            incomplete: 0,
            unknown: 0,
            legacy: 0,
            bytes: 0
        };
        row[e.state]++;
        row.bytes += e.bytes;
        if (e.state === 'complete')
            row.newestCompleteBytes = e.bytes; // entries are oldest first
        months.set(month, row);
    }
    const rows = [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
    let previous;
    for (const row of rows) {
        if (row.newestCompleteBytes === undefined)
            continue;
        if (previous) {
            row.growthPercent = Math.round(((row.newestCompleteBytes - previous) / previous) * 1000) / 10;
        }
        previous = row.newestCompleteBytes;
    }
    return rows;
}
function dailyPoints(entries, from, now) {
    const points = [];
    for (let t = utcDay(from).getTime(); t <= now.getTime(); t += DAY_MS) {
        const day = isoDay(new Date(t));
        const newest = entries
            .filter((e) => e.state === 'complete' && isoDay(e.startedAt) === day)
            .at(-1);
        points.push(newest
            ? {
                day,
                bytes: newest.bytes,
                durationSeconds: newest.manifest?.durationSeconds,
                snapshotId: newest.id
            }
            : { day });
    }
    return points;
}
/** The whole review from what was read: pure, so it can be tested without storage. */
function buildReview(input, now, policy) {
    const from = new Date(now.getTime() - build_PERIOD_DAYS * DAY_MS);
    const inPeriod = (t) => t >= from.getTime() && t <= now.getTime();
    const total = {
        complete: 0,
        damaged: 0,
        incomplete: 0,
        unknown: 0,
        legacy: 0
    };
    for (const e of input.entries)
        total[e.state]++;
    const review = {
        formatVersion: 1,
        environment: input.environment,
        generatedAt: now.toISOString(),
        period: { from: from.toISOString(), to: now.toISOString(), days: build_PERIOD_DAYS },
        location: input.location,
        hardLimit: {
            months: policy.monthlyRetentionMonths,
            before: hardLimit(now, policy.monthlyRetentionMonths).toISOString()
        },
        inventory: {
            total,
            totalBytes: input.entries.reduce((sum, e) => sum + e.bytes, 0),
            byMonth: byMonth(input.entries),
            period: input.entries.filter((e) => inPeriod(e.startedAt.getTime())).map(rowOf),
            stale: input.entries
                .filter((e) => e.state !== 'complete' && now.getTime() - e.startedAt.getTime() > DAY_MS)
                .map(rowOf)
        },
        gaps: gapsOf(input.entries, input.events, now, policy.dailyRetentionDays),
        redLines: input.redLines,
        drills: [...input.drills].sort((a, b) => b.drilledAt.localeCompare(a.drilledAt)),
        verification: verificationOf(input.entries, input.events),
        daily: dailyPoints(input.entries, from, now),
        ledger: {
            total: input.events.length,
            events: input.events.filter((e) => inPeriod(Date.parse(e.time)))
        },
        problems: input.problems
    };
    // Every text that leaves the process is redacted (notes, errors, run labels).
    return (0,redact/* redactDeep */.KL)(review);
}
function digestOf(review) {
    const complete = review.inventory.period.filter((s) => s.state === 'complete');
    const last = review.drills[0];
    return {
        environment: review.environment,
        from: review.period.from,
        to: review.period.to,
        location: review.location,
        complete: complete.length,
        newestBytes: complete.at(-1)?.bytes,
        gaps: review.gaps.days.length,
        gapWindowDays: review.gaps.judgedDays,
        redLines: review.redLines.length,
        lastDrill: last && {
            drilledAt: last.drilledAt,
            snapshotId: last.snapshotId,
            verified: last.verified,
            rtoSeconds: last.rtoSeconds
        }
    };
}

// EXTERNAL MODULE: external "node:stream/consumers"
var consumers_ = __webpack_require__(8321);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 11 modules
var schemas = __webpack_require__(2857);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/iso.js
var iso = __webpack_require__(4377);
// EXTERNAL MODULE: ./src/util/errors.ts
var errors = __webpack_require__(17);
;// CONCATENATED MODULE: ./src/review/drills.ts




// The drill reports drill writes under <env>/drills/, read back for the review; a file that is not
// one is a problem the review lists, not a crash.
const drillSchema = schemas/* object */.Ikc({
    drilledAt: iso/* datetime */.w$(),
    snapshot: schemas/* object */.Ikc({ id: schemas/* string */.YjP(), kind: schemas/* string */.YjP().optional() }).loose(),
    verified: schemas/* boolean */.zMY(),
    rtoSeconds: schemas/* number */.aig().nonnegative(),
    error: schemas/* string */.YjP().optional(),
    operator: schemas/* string */.YjP().optional(),
    notes: schemas/* string */.YjP().optional()
})
    .loose();
async function readDrills(storage, environment) {
    const drills = [];
    const problems = [];
    for await (const object of storage.list((0,layout/* sidePrefix */.O9)(environment, layout/* DRILLS_FOLDER */.Gg))) {
        if (!object.key.endsWith('.json'))
            continue;
        try {
            const parsed = drillSchema.safeParse(JSON.parse(await (0,consumers_.text)(await storage.get(object.key))));
            if (!parsed.success) {
                problems.push(`${object.key}: not a drill report`);
                continue;
            }
            const d = parsed.data;
            drills.push({
                key: object.key,
                drilledAt: d.drilledAt,
                snapshotId: d.snapshot.id,
                verified: d.verified,
                rtoSeconds: d.rtoSeconds,
                error: d.error,
                operator: d.operator,
                notes: d.notes
            });
        }
        catch (error) {
            problems.push(`${object.key}: ${(0,errors/* errorLine */.BP)(error)}`);
        }
    }
    return { drills, problems };
}

// EXTERNAL MODULE: ./src/verify/verdict.ts
var verify_verdict = __webpack_require__(3156);
;// CONCATENATED MODULE: ./src/review/markdown.ts




// The monthly review for people: Markdown for the job summary and report.md (GitHub renders its
// tables and Mermaid charts), and the ledger as CSV for the people who kept the spreadsheet.
const day = (iso) => iso.slice(0, 10);
const markdown_minute = (iso) => iso.slice(0, 16).replace('T', ' ');
const markdown_plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
const runLink = (url) => url ? ` ([run](${url.replace(/[()\s]/g, encodeURIComponent)}))` : '';
function snapshotTable(rows) {
    const lines = [
        '| snapshot | kind | state | stored | duration | operator | notes |',
        '|---|---|---|---:|---:|---|---|'
    ];
    for (const r of rows) {
        const state = r.state === 'complete' ? 'complete' : `**${r.state}**: ${(0,markdown/* cell */.H)(r.problem)}`;
        lines.push(`| ${r.id} | ${(0,markdown/* cell */.H)(r.kind)} | ${state} | ${(0,format/* formatBytes */.z3)(r.bytes)} | ${r.durationSeconds !== undefined ? (0,format/* formatSeconds */.Xo)(r.durationSeconds) : ''} | ${(0,markdown/* cell */.H)(r.operator)} | ${(0,markdown/* cell */.H)(r.notes)} |`);
    }
    return lines;
}
/** Mermaid xychart-beta (GitHub renders it): one bar per UTC day of the period. */
function chart(title, axis, labels, values) {
    return [
        '```mermaid',
        'xychart-beta',
        `    title "${title}"`,
        `    x-axis [${labels.map((l) => `"${l}"`).join(', ')}]`,
        `    y-axis "${axis}"`,
        `    bar [${values.join(', ')}]`,
        '```'
    ];
}
function reviewMarkdown(review) {
    const { inventory, gaps, redLines, drills, ledger } = review;
    const complete = inventory.period.filter((s) => s.state === 'complete');
    const lastDrill = drills[0];
    const out = [];
    out.push(`## Monthly review of ${review.environment}: ${day(review.period.from)} to ${day(review.period.to)}`);
    out.push('');
    out.push(`The ${review.period.days} days up to ${markdown_minute(review.generatedAt)} UTC, read from \`${review.location}\`.`);
    out.push('');
    out.push(`- **${markdown_plural(complete.length, 'complete snapshot')}** in the period${complete.length ? ` (newest ${(0,format/* formatBytes */.z3)(complete.at(-1).bytes)})` : ''}`);
    out.push(gaps.judgedDays === 0
        ? '- **No gap to judge yet**: the history of this environment starts today'
        : `- **${markdown_plural(gaps.days.length, 'gap')}**: UTC days of the last ${gaps.judgedDays} without a complete scheduled snapshot`);
    out.push(`- **${markdown_plural(redLines.length, 'red line')}**: objects older than the hard limit of ${review.hardLimit.months} months, damaged snapshots, foreign objects`);
    out.push(`- **Last drill**: ${lastDrill ? `${lastDrill.verified ? 'verified' : '**FAILED**'} on ${day(lastDrill.drilledAt)}, RTO ${(0,format/* formatSeconds */.Xo)(lastDrill.rtoSeconds)} (snapshot ${lastDrill.snapshotId})` : 'none on record'}`);
    out.push(verificationBullet(review));
    out.push('');
    out.push('### Retention compliance');
    out.push('');
    const stateLines = redLines.filter((r) => r.why !== undefined);
    const aged = redLines.filter((r) => r.why === undefined);
    if (stateLines.length > 0) {
        out.push(`🔴 **${stateLines.length} damaged snapshot(s) or foreign object(s)**: a damaged snapshot never counts as a backup (restore its whole sources with \`allow-damaged\`, delete it with \`prune\` and \`snapshot: <id>\`); prune never deletes a foreign one.`);
        out.push('');
        out.push('| storage | what | key | from | why |');
        out.push('|---|---|---|---|---|');
        for (const r of stateLines) {
            out.push(`| ${(0,markdown/* cell */.H)(r.location)} | ${r.what} | ${(0,markdown/* cell */.H)(r.key)} | ${day(r.time)} | ${(0,markdown/* cell */.H)(r.why ?? '')} |`);
        }
        out.push('');
    }
    if (aged.length === 0) {
        out.push(`Nothing older than the hard limit (${review.hardLimit.months} months: before ${day(review.hardLimit.before)}) in any storage.`);
    }
    else {
        out.push(`🔴 **${markdown_plural(aged.length, 'object')} older than the hard limit** (${review.hardLimit.months} months: before ${day(review.hardLimit.before)}). Nothing may be kept that long: run \`prune\`, and find out why it did not remove them.`);
        out.push('');
        out.push('| storage | what | key | from | age |');
        out.push('|---|---|---|---|---:|');
        for (const r of aged) {
            out.push(`| ${(0,markdown/* cell */.H)(r.location)} | ${r.what} | ${(0,markdown/* cell */.H)(r.key)} | ${day(r.time)} | ${r.ageDays} days |`);
        }
    }
    out.push('');
    out.push('### Inventory');
    out.push('');
    const t = inventory.total;
    out.push(`${markdown_plural(t.complete + t.damaged + t.incomplete + t.unknown + t.legacy, 'snapshot')} stored: ${t.complete} complete, ${t.damaged} damaged, ${t.incomplete} incomplete, ${t.unknown} unknown (manifest unreadable now), ${t.legacy} legacy (the old script's, no manifest); ${(0,format/* formatBytes */.z3)(inventory.totalBytes)} in all.`);
    out.push('');
    if (inventory.byMonth.length) {
        out.push('| month | complete | incomplete | unknown | stored | newest complete | growth |');
        out.push('|---|---:|---:|---:|---:|---:|---:|');
        for (const m of inventory.byMonth) {
            const growth = m.growthPercent === undefined
                ? ''
                : `${m.growthPercent >= 0 ? '+' : ''}${m.growthPercent} %`;
            out.push(`| ${m.month} | ${m.complete} | ${m.incomplete} | ${m.unknown} | ${(0,format/* formatBytes */.z3)(m.bytes)} | ${m.newestCompleteBytes !== undefined ? (0,format/* formatBytes */.z3)(m.newestCompleteBytes) : ''} | ${growth} |`);
        }
        out.push('');
    }
    if (inventory.stale.length) {
        out.push(`${markdown_plural(inventory.stale.length, 'snapshot')} not complete and older than a day (prune removes incomplete ones; unknown ones are never removed before the hard limit):`);
        out.push('');
        out.push(...snapshotTable(inventory.stale));
        out.push('');
    }
    out.push(`#### Snapshots of the period`);
    out.push('');
    if (inventory.period.length)
        out.push(...snapshotTable(inventory.period));
    else
        out.push('None.');
    out.push('');
    const points = review.daily.filter((p) => p.bytes !== undefined);
    if (points.length) {
        const labels = review.daily.map((p) => p.day.slice(5));
        out.push('#### Daily backups');
        out.push('');
        out.push('The newest complete snapshot of each UTC day; 0 is a day without one.');
        out.push('');
        out.push(...chart('Stored size (MB)', 'MB', labels, review.daily.map((p) => Math.round(((p.bytes ?? 0) / 1e6) * 1000) / 1000)));
        out.push('');
        out.push(...chart('Duration (seconds)', 's', labels, review.daily.map((p) => Math.round((p.durationSeconds ?? 0) * 10) / 10)));
        out.push('');
    }
    out.push('### Gaps');
    out.push('');
    if (gaps.judgedDays === 0) {
        out.push('No whole UTC day to judge yet: the history of this environment starts today.');
    }
    else if (gaps.days.length === 0) {
        out.push(`Every UTC day from ${gaps.from} to ${gaps.to} has a complete scheduled snapshot.`);
    }
    else {
        out.push(`${markdown_plural(gaps.days.length, 'day')} of ${gaps.judgedDays} (${gaps.from} to ${gaps.to}) without a complete scheduled (daily or monthly) snapshot:`);
        out.push('');
        out.push(gaps.days.join(', '));
    }
    if (gaps.judgedDays < gaps.windowDays) {
        out.push('');
        out.push(`(The window is ${gaps.windowDays} days; days before the environment's first snapshot or ledger event are not judged.)`);
    }
    out.push('');
    out.push('### Restore drills');
    out.push('');
    if (drills.length === 0) {
        out.push('No drill report under `drills/`: run the restore-drill workflow.');
    }
    else {
        out.push('| drilled at (UTC) | snapshot | result | RTO | operator | notes |');
        out.push('|---|---|---|---:|---|---|');
        for (const d of drills) {
            out.push(`| ${markdown_minute(d.drilledAt)} | ${(0,markdown/* cell */.H)(d.snapshotId)} | ${d.verified ? 'verified' : `**FAILED**: ${(0,markdown/* cell */.H)(d.error)}`} | ${(0,format/* formatSeconds */.Xo)(d.rtoSeconds)} | ${(0,markdown/* cell */.H)(d.operator)} | ${(0,markdown/* cell */.H)(d.notes)} |`);
        }
    }
    out.push('');
    out.push(...verificationSection(review));
    out.push('### Ledger of the period');
    out.push('');
    if (ledger.events.length === 0) {
        out.push(`No event in the period (${ledger.total} in the whole ledger).`);
    }
    else {
        const counts = new Map();
        for (const e of ledger.events) {
            const c = counts.get(e.command) ?? { success: 0, failure: 0 };
            // A cancelled run did not succeed: it counts with the failures (the table names it).
            c[e.outcome === 'success' ? 'success' : 'failure']++;
            counts.set(e.command, c);
        }
        out.push('| command | succeeded | failed |');
        out.push('|---|---:|---:|');
        for (const [command, c] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
            out.push(`| ${(0,markdown/* cell */.H)(command)} | ${c.success} | ${c.failure ? `**${c.failure}**` : 0} |`);
        }
        out.push('');
        const table = [
            '| time (UTC) | command | outcome | snapshot | stored | duration | operator | notes |',
            '|---|---|---|---|---:|---:|---|---|'
        ];
        for (const e of ledger.events) {
            const outcome = e.outcome === 'success' ? 'success' : `**${e.outcome}**: ${(0,markdown/* cell */.H)(e.error)}`;
            const run = runLink(e.runUrl);
            table.push(`| ${markdown_minute(e.time)}${run} | ${(0,markdown/* cell */.H)(e.command)}${e.kind ? ` (${(0,markdown/* cell */.H)(e.kind)})` : ''} | ${outcome} | ${(0,markdown/* cell */.H)(e.snapshotId)} | ${e.bytes !== undefined ? (0,format/* formatBytes */.z3)(e.bytes) : ''} | ${(0,format/* formatSeconds */.Xo)(e.durationSeconds)} | ${(0,markdown/* cell */.H)(e.operator)} | ${(0,markdown/* cell */.H)(e.notes)} |`);
        }
        // A month of checks every 6 hours is long: fold it away when it is.
        if (ledger.events.length > 40) {
            out.push(`<details><summary>${ledger.events.length} events</summary>`);
            out.push('');
            out.push(...table);
            out.push('');
            out.push('</details>');
        }
        else
            out.push(...table);
        out.push('');
        out.push(`The whole ledger (${markdown_plural(ledger.total, 'event')}) is in ledger.csv.`);
    }
    out.push('');
    if (review.problems.length) {
        out.push('### Could not be read');
        out.push('');
        for (const p of review.problems)
            out.push(`- ${(0,markdown/* cell */.H)(p)}`);
        out.push('');
    }
    return (0,redact/* redact */.E$)(out.join('\n'));
}
function verificationBullet({ verification: v }) {
    const total = v.snapshots.length;
    if (total === 0)
        return '- **Verified**: no complete snapshot to verify';
    const parts = [
        `${v.verified} of ${markdown_plural(total, 'complete snapshot')}${v.lastRun ? ` (last verify run ${day(v.lastRun)})` : ''}`,
        ...(v.partly ? [`${v.partly} except archived files`] : []),
        ...(v.failed ? [`**${v.failed} FAILED**`] : []),
        ...(v.never ? [`${v.never} never verified`] : [])
    ];
    return `- **Verified**: ${parts.join(', ')}`;
}
/** When verify last read each complete snapshot, newest first; folded away when long. */
function verificationSection({ verification: v }) {
    const out = ['### Verification', ''];
    if (v.snapshots.length === 0)
        return [...out, 'No complete snapshot.', ''];
    out.push('When `verify` last read each complete snapshot (newest first), from the ledger. Files in GLACIER or DEEP_ARCHIVE are not read: their snapshot is verified except them.', '');
    const table = ['| snapshot | kind | last verified (UTC) | verdict |', '|---|---|---|---|'];
    for (const s of v.snapshots) {
        const verdict = s.verdict ? (0,verify_verdict/* verdictWords */.L)({ ...s, verdict: s.verdict }) : '';
        table.push(`| ${s.id} | ${(0,markdown/* cell */.H)(s.kind)} | ${s.lastVerified ? markdown_minute(s.lastVerified) + runLink(s.runUrl) : 'never'} | ${s.verdict === 'failed' ? `**${verdict}**` : verdict} |`);
    }
    if (v.snapshots.length > 40) {
        out.push(`<details><summary>${markdown_plural(v.snapshots.length, 'snapshot')}</summary>`, '');
        out.push(...table, '', '</details>');
    }
    else
        out.push(...table);
    out.push('');
    return out;
}
const CSV_COLUMNS = [
    'time',
    'finishedAt',
    'command',
    'environment',
    'outcome',
    'snapshotId',
    'kind',
    'bytes',
    'durationSeconds',
    'operator',
    'notes',
    'error',
    'run',
    'runUrl',
    'toolVersion',
    'verifications'
];
/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or edge spaces,
 * quotes doubled. A text that a spreadsheet would run as a formula (= + - @ first) gets a leading
 * apostrophe (OWASP's advice for CSV injection): notes are typed by people.
 */
function csvField(value) {
    if (value === undefined || value === null)
        return '';
    let s = typeof value === 'number' ? String(value) : (0,redact/* redact */.E$)(String(value));
    if (typeof value !== 'number' && /^[=+\-@\t\r]/.test(s))
        s = `'${s}`;
    return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
/**
 * The whole ledger, oldest first, one row per event, CRLF line ends (RFC 4180). It starts with a
 * UTF-8 byte order mark so that Excel reads accented notes right (Sheets and LibreOffice ignore it).
 */
function ledgerCsv(events) {
    const rows = [CSV_COLUMNS.join(',')];
    const value = (e, c) => c === 'verifications'
        ? e.verifications?.map((v) => `${v.snapshotId} ${(0,verify_verdict/* verdictWords */.L)(v)}`).join('; ')
        : e[c];
    for (const e of events)
        rows.push(CSV_COLUMNS.map((c) => csvField(value(e, c))).join(','));
    return '\uFEFF' + rows.join('\r\n') + '\r\n';
}

// EXTERNAL MODULE: ./src/snapshot/catalog.ts + 2 modules
var catalog = __webpack_require__(3881);
// EXTERNAL MODULE: ./src/encryption/periods.ts
var periods = __webpack_require__(9535);
;// CONCATENATED MODULE: ./src/encryption/keyReport.ts

// The monthly review's "Keys per period" section: each month's age key and its status, from the
// snapshots left, the destroy-key events in the ledger and the age-recipients map (when given).
/** The review with its months' key status (none when nothing is encrypted per month). */
function withKeyPeriods(review, source, config, now) {
    const destroyed = new Set(source.events.flatMap((e) => e.command === periods/* DESTROY_KEY_COMMAND */.Xk && e.outcome === 'success' && e.period ? [e.period] : []));
    return {
        ...review,
        keyPeriods: (0,periods/* periodKeys */.CM)(source.entries, destroyed, config.ageRecipients, now)
    };
}
function keyPeriodsMarkdown(review) {
    const rows = review.keyPeriods;
    if (rows.length === 0)
        return '';
    const lines = [
        '',
        '### Keys per period',
        '',
        'One age identity per month: once a month has no snapshot left, destroying its identity makes every copy of that month unreadable (then record it: `destroy-key`).',
        '',
        '| month | snapshots left | key |',
        '| ----- | -------------: | --- |',
        ...rows.map((r) => `| ${r.period} | ${r.snapshots} | ${r.unreadable ? `🔴 destroyed, but ${r.snapshots} snapshot(s) of the month remain: they cannot be restored` : r.status === 'can be destroyed' ? '🟡 can be destroyed' : r.status} |`)
    ];
    return lines.join('\n') + '\n';
}

// EXTERNAL MODULE: ./src/storage/open.ts + 1 modules
var storage_open = __webpack_require__(3327);
// EXTERNAL MODULE: ./src/util/mkdirs.ts
var mkdirs = __webpack_require__(5826);
;// CONCATENATED MODULE: ./src/commands/report.ts













// report: the seed's monthly review. It reads the first storage (S3 when set, else the folder):
// the snapshot inventory, the gaps, the drill history and the ledger; it checks every storage for
// red lines (objects past the hard limit). It writes report.md (also the job summary),
// report.json and ledger.csv into one folder for the workflow's artifact.
async function listAll(storage, prefix) {
    const objects = [];
    for await (const object of storage.list(prefix))
        objects.push(object);
    return objects;
}
/** Where the files go: $RUNNER_TEMP/luneo-report on a runner (one fixed path to upload), else a new tmp folder. */
async function reportDir(config) {
    if (config.runnerTemp) {
        const dir = external_node_path_default().join(config.runnerTemp, 'luneo-report');
        for (const made of await (0,mkdirs/* mkdirs */.N)(dir, 0o700))
            await promises_default().chmod(made, 0o700);
        return dir;
    }
    return promises_default().mkdtemp(external_node_path_default().join(external_node_os_default().tmpdir(), `luneo-report-${config.environment}-`));
}
async function report(config, log, now = new Date()) {
    const storages = await (0,storage_open/* openStorages */.l)(config, log);
    const env = config.environment;
    const limit = hardLimit(now, config.monthlyRetentionMonths);
    const problems = [];
    const redLines = [];
    for (const storage of storages) {
        const where = storage.uriOf(`${env}/`);
        await log.group(`Red lines in ${where}`, async () => {
            try {
                const found = redLinesOf(await listAll(storage, `${env}/`), env, where, limit, now);
                for (const r of found) {
                    log.warning(`red line: ${r.what} ${storage.uriOf(r.key)} is from ${r.time.slice(0, 10)}, ${r.ageDays} days old, past the hard limit of ${config.monthlyRetentionMonths} months`);
                }
                if (found.length === 0)
                    log.info(`nothing older than ${limit.toISOString()}`);
                const states = stateRedLinesOf(await (0,catalog/* readCatalog */.uM)(storage, env), where, limit, now);
                for (const r of states) {
                    log.warning(`red line: ${r.what} ${storage.uriOf(r.key)} from ${r.time.slice(0, 10)}${r.why ? `: ${r.why}` : `, past the hard limit of ${config.monthlyRetentionMonths} months`}`);
                }
                redLines.push(...found, ...states);
            }
            catch (error) {
                problems.push(`${where}: could not be listed: ${(0,errors/* errorLine */.BP)(error)}`);
                log.warning(`${where}: could not be listed: ${(0,errors/* errorLine */.BP)(error)}`);
            }
        });
    }
    const legacyRoot = (0,storage_open/* openLegacyRoot */.E)(config);
    if (legacyRoot) {
        const where = legacyRoot.uriOf('');
        const found = stateRedLinesOf(await (0,catalog/* readCatalog */.uM)(legacyRoot, env, { flat: true }), where, limit, now);
        for (const r of found) {
            log.warning(`red line: ${r.what} ${legacyRoot.uriOf(r.key)} from ${r.time.slice(0, 10)}${r.why ? `: ${r.why}` : `, past the hard limit of ${config.monthlyRetentionMonths} months`}`);
        }
        redLines.push(...found);
    }
    const storage = storages[0];
    const location = storage.uriOf(`${env}/`);
    const { entries, events, drills } = await log.group(`Read ${location}`, async () => {
        const entries = await (0,catalog/* listSnapshots */.Cb)(storage, env);
        const ledger = await (0,notify_ledger/* readLedger */.SC)(storage, env);
        const drilled = await readDrills(storage, env);
        for (const p of [...ledger.problems, ...drilled.problems]) {
            problems.push(p);
            log.warning(p);
        }
        log.info(`${entries.length} snapshots, ${ledger.events.length} ledger events, ${drilled.drills.length} drill reports`);
        return { entries, events: ledger.events, drills: drilled.drills };
    });
    const input = { environment: env, location, entries, events, drills, redLines, problems };
    const review = withKeyPeriods(buildReview(input, now, config), input, config, now);
    const markdown = reviewMarkdown(review) + keyPeriodsMarkdown(review);
    const dir = await reportDir(config);
    const files = {
        'report-md': external_node_path_default().join(dir, 'report.md'),
        'report-json': external_node_path_default().join(dir, 'report.json'),
        'ledger-csv': external_node_path_default().join(dir, 'ledger.csv')
    };
    // Who ran what, with their notes: personal data, readable by this user alone.
    const mode = { mode: 0o600 };
    await promises_default().writeFile(files['report-md'], markdown, mode);
    await promises_default().writeFile(files['report-json'], JSON.stringify(review, null, 2) + '\n', mode);
    await promises_default().writeFile(files['ledger-csv'], ledgerCsv(events), mode);
    log.info(`report files: ${dir}`);
    const digest = digestOf(review);
    const result = {
        outputs: {
            'report-dir': dir,
            ...files,
            'red-lines': review.redLines.length,
            gaps: review.gaps.days.length,
            'complete-snapshots': digest.complete
        },
        summary: markdown,
        digest
    };
    return withAwsBackup(config, { now, log, review, files }, result);
}


/***/ }),

/***/ 7183:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ cell),
/* harmony export */   f: () => (/* binding */ shortCell)
/* harmony export */ });
// The one Markdown escape for every summary and report: job summaries render user text (notes,
// table names, error lines), and one unescaped `|` or `<` breaks the table or injects HTML.
/** Text inside a Markdown table cell: no HTML, no column breaks, one line. */
function cell(value) {
    if (value === undefined || value === '')
        return '';
    return String(value)
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\\/g, '\\\\')
        .replace(/\|/g, '\\|')
        .replace(/\r?\n|\r/g, ' ');
}
/** A cell's text, cut to `max` characters first (long error lines, long object names). */
function shortCell(value, max = 120) {
    return cell(value.length > max ? value.slice(0, max - 3) + '...' : value);
}


/***/ }),

/***/ 3156:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ verdictWords),
/* harmony export */   V: () => (/* binding */ verdictOf)
/* harmony export */ });
// A snapshot's verdict from its files' outcomes, and in words: verify's summary and report's
// "last verified" say it alike. Pure.
/** verified: all read and good; partial: the archived ones not read; archived: none read. */
function verdictOf(files) {
    if (files.some((f) => f.outcome === 'failed'))
        return 'failed';
    const archived = files.filter((f) => f.outcome === 'archived').length;
    if (archived === 0)
        return 'verified';
    return archived === files.length ? 'archived' : 'partial';
}
/** "verified", "verified except 2 archived files", "not read: all 4 files archived", "FAILED (1 file)". */
function verdictWords(v) {
    const files = (n = 0, what = '') => `${n} ${what}${n === 1 ? 'file' : 'files'}`;
    if (v.verdict === 'failed')
        return `FAILED (${files(v.failed)})`;
    if (v.verdict === 'partial')
        return `verified except ${files(v.archived, 'archived ')}`;
    if (v.verdict === 'archived')
        return `not read: all ${files(v.archived)} archived`;
    return 'verified';
}


/***/ })

};

//# sourceMappingURL=311.index.js.map