#!/usr/bin/env bash
# The backup-runner image, built and run for real: podman (Debian's; no Docker engine here) builds
# the Containerfile from a local Debian base (debootstrap --variant=minbase, cached in this
# services dir) and Node 24 from the `node` npm package, then runs it as the CronJobs do
# (--read-only, --user 10001, no capabilities, secrets in the environment) against the local
# PostgreSQL, Redis and S3: a backup, a drill into scratch targets with the result compared on the
# host, the watchdog, a missing secret (one line, exit 2), and SIGTERM mid-backup (exit 143, the
# ledger event and a Slack alert naming the Kubernetes job). Prints the image's size, the
# start-up time of `--version` and its own time.
#
#   bash scripts/services.sh run -- bash scripts/image-test.sh      (npm run test:image)
#
# Env: IMAGE_BASE=<image> skips debootstrap; IMAGE_TEST_KEEP=1 keeps the image and data.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$(date +%s%N)
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
fail() { echo "image-test: FAIL: $*" >&2; exit 1; }
: "${TEST_DATABASE_URL:?run me through scripts/services.sh run --}"

work="$TEST_SERVICES_DIR/image-test"
mkdir -p "$work"

# --- podman, configured for this VM ---------------------------------------------------------
need=()
command -v podman >/dev/null || need+=(podman)
command -v runc >/dev/null || need+=(runc)
command -v debootstrap >/dev/null || [ -n "${IMAGE_BASE:-}" ] || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
  echo "image-test: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# crun refuses this VM's hybrid cgroups, and podman's default ulimits exceed its hard limits.
cat >"$work/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
export CONTAINERS_CONF="$work/containers.conf"
# Images and containers of this run in its own store, apart from any other podman user.
pod() { podman --root "$work/storage" --runroot "$work/run" "$@"; }

# --- the base and Node images ---------------------------------------------------------------
tb=$(date +%s%N)
base=${IMAGE_BASE:-localhost/backup-runner-base:bookworm-minbase}
if [ -z "${IMAGE_BASE:-}" ] && ! pod image exists "$base"; then
  echo "image-test: making $base with debootstrap (once per services dir)"
  rm -rf "$work/rootfs"
  debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
    || { tail -n 5 "$work/debootstrap.log" >&2; fail "debootstrap failed (log: $work/debootstrap.log)"; }
  # What debian:bookworm-slim leaves out too: package caches, lists, docs, man pages, locales.
  rm -rf "$work"/rootfs/var/cache/apt/* "$work"/rootfs/var/lib/apt/lists/* "$work"/rootfs/var/log/* \
    "$work"/rootfs/usr/share/{doc,man,info,locale}/*
  tar -C "$work/rootfs" -c . | pod import -q - "$base" >/dev/null
  rm -rf "$work/rootfs"
fi
node_bin=$(readlink -f node_modules/node/bin/node)
node_version=$("$node_bin" --version)
[[ $node_version == v24.* ]] || fail "node_modules/node is $node_version, not Node 24 (npm ci first)"
node_image="localhost/backup-runner-node:$node_version"
if ! pod image exists "$node_image"; then
  rm -rf "$work/node-root" && install -D -m 0755 "$node_bin" "$work/node-root/usr/local/bin/node"
  tar -C "$work/node-root" -c . | pod import -q - "$node_image" >/dev/null
  rm -rf "$work/node-root"
fi
base_ms=$(ms_since "$tb")

# --- build ------------------------------------------------------------------------------------
# The client must be at least the server's major; Debian bookworm ships 15, the server here.
server_major=$(psql -Atqc 'show server_version_num' "$TEST_DATABASE_URL")
server_major=$((server_major / 10000))
image=localhost/backup-runner:test
tb=$(date +%s%N)
pod build -q --network host -f Containerfile -t "$image" \
  --build-arg BASE_IMAGE="$base" --build-arg NODE_IMAGE="$node_image" \
  --build-arg DEBIAN_MIRROR=http://deb.debian.org/debian --build-arg PG_SOURCE=debian \
  --build-arg PG_MAJOR="$server_major" --build-arg VERSION="$(node -p 'require("./package.json").version')" \
  --build-arg REVISION="$(git rev-parse HEAD 2>/dev/null || echo unknown)" . >"$work/build.log" 2>&1 \
  || { tail -n 20 "$work/build.log" >&2; fail "podman build failed (log: $work/build.log)"; }
build_ms=$(ms_since "$tb")

size=$(pod image inspect --format '{{.Size}}' "$image")
size_mb=$((size / 1000000))
user=$(pod image inspect --format '{{.Config.User}}' "$image")
entrypoint=$(pod image inspect --format '{{json .Config.Entrypoint}}' "$image")
[ "$user" = 10001:10001 ] || fail "image user is \"$user\", not 10001:10001"
[ "$entrypoint" = '["luneo-backup"]' ] || fail "image entrypoint is $entrypoint, not [\"luneo-backup\"]"
[ "$size_mb" -lt 250 ] || fail "image is $size_mb MB, over the 250 MB goal"

# As the CronJobs run it: read-only root (podman puts a tmpfs on /tmp), uid 10001, no
# capabilities, no privilege gain, secrets by name from this environment (-e NAME), never argv.
run_image() {
  pod run --rm --network host --read-only --user 10001 --cap-drop all \
    --security-opt no-new-privileges "$@"
}

# Start-up: `luneo-backup --version` inside the container (what a CronJob pays after the pod
# starts; must be under 1 s), and the whole `podman run`, container set-up included (printed).
best=999999
for _ in 1 2 3; do
  tv=$(date +%s%N)
  v=$(run_image "$image" --version)
  ms=$(ms_since "$tv")
  [ "$ms" -lt "$best" ] && best=$ms
done
[ "$v" = "$(node -p 'require("./package.json").version')" ] || fail "--version printed \"$v\""
inside=$(run_image --entrypoint node "$image" -e '
  let best = Infinity
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint()
    require("node:child_process").execFileSync("luneo-backup", ["--version"])
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6)
  }
  console.log(Math.round(best))')
[ "$inside" -lt 1000 ] || fail "luneo-backup --version took $inside ms in the container (best of 3), over 1 s"

# --- data to back up --------------------------------------------------------------------------
env_name="image-test-$(date +%s)"
src_db=image_test_src drill_db=image_test_drill
admin=${TEST_DATABASE_URL%/*}
export PGOPTIONS='-c client_min_messages=warning'
psql -q "$TEST_DATABASE_URL" -c "drop database if exists $src_db with (force)" -c "create database $src_db" \
  -c "drop database if exists $drill_db with (force)" -c "create database $drill_db"
psql -q "$admin/$src_db" <<'SQL'
create table customers (id serial primary key, name text);
insert into customers (name) select 'customer ' || g from generate_series(1, 500) g;
create table orders (id serial primary key, customer_id int references customers, total numeric(10,2));
insert into orders (customer_id, total) select 1 + g % 500, g * 1.5 from generate_series(1, 2000) g;
SQL
redis_src="${TEST_REDIS_URL%/*}/7"
{ echo FLUSHDB; for i in $(seq 1 50); do echo "SET image:$i value-$i"; done; } |
  redis-cli -u "$redis_src" --no-auth-warning >/dev/null
rm -rf "$work/uploads" "$work/backups" "$work/drill"
mkdir -p "$work/uploads/products" "$work/backups" "$work/drill"
for i in $(seq 1 10); do head -c 10000 /dev/urandom >"$work/uploads/products/photo-$i.jpg"; done
chmod -R a+rX "$work/uploads"
chown 10001:10001 "$work/backups" "$work/drill" # the writable volumes, as fsGroup would make them

common=(-e ENV="$env_name" -e S3_BUCKET="$TEST_S3_BUCKET" -e S3_ENDPOINT="$TEST_S3_ENDPOINT"
  -e AWS_REGION -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY -e BACKUP_ROOT=/backups
  -v "$work/backups:/backups")
s3=(--s3-force-path-style true)

# --- backup -----------------------------------------------------------------------------------
tt=$(date +%s%N)
export DATABASE_URL="$admin/$src_db" REDIS_URL="$redis_src"
run_image "${common[@]}" -e DATABASE_URL -e REDIS_URL -e UPLOADS_DIR=/uploads/products \
  -v "$work/uploads:/uploads:ro" "$image" backup "${s3[@]}" --notes "image test" \
  >"$work/backup.out" 2>"$work/backup.err" || { cat "$work/backup.err" >&2; fail "backup in the image failed"; }
id=$(sed -n 's/^snapshot-id=//p' "$work/backup.out")
[ -n "$id" ] || fail "backup printed no snapshot-id"
snap="$work/backups/$env_name/$id"
[ -f "$snap/manifest.json" ] || fail "no manifest.json in $snap"
for f in postgres.sql.gz redis.rdb uploads.tar.gz uploads.index.json.gz; do
  [ -f "$snap/$f" ] || fail "snapshot $id has no $f"
  [ "$(stat -c '%u %a' "$snap/$f")" = "10001 600" ] || fail "$f is $(stat -c '%u %a' "$snap/$f"), not 10001 600"
  node -e 'const m = require(process.argv[1]); if (!m.files.some((f) => f.name === process.argv[2])) process.exit(1)' \
    "$snap/manifest.json" "$f" || fail "manifest.json does not list $f"
done

# --- drill into scratch targets, then compare on the host -------------------------------------
export TARGET_DATABASE_URL="$admin/$drill_db" TARGET_REDIS_URL="$TEST_SCRATCH_REDIS_URL"
run_image "${common[@]}" -e TARGET_DATABASE_URL -e TARGET_REDIS_URL \
  -e TARGET_UPLOADS_DIR=/drill/uploads -v "$work/drill:/drill" "$image" \
  drill "${s3[@]}" --snapshot "$id" --force true \
  >"$work/drill.out" 2>"$work/drill.err" || { cat "$work/drill.err" >&2; fail "drill in the image failed"; }
grep -qx 'verified=true' "$work/drill.out" || fail "the drill did not print verified=true"
for t in customers orders; do
  a=$(psql -Atqc "select count(*) from $t" "$admin/$src_db")
  b=$(psql -Atqc "select count(*) from $t" "$TARGET_DATABASE_URL")
  [ "$a" = "$b" ] || fail "$t: $a rows in the source, $b after the drill"
done
keys=$(redis-cli -u "${TEST_SCRATCH_REDIS_URL%/*}/7" --no-auth-warning dbsize)
[ "$keys" = 50 ] || fail "scratch Redis db 7 holds $keys keys after the drill, not 50"
diff -r "$work/uploads/products" "$work/drill/uploads" >/dev/null || fail "drilled uploads differ from the source"

# --- the watchdog sees the snapshot -----------------------------------------------------------
run_image "${common[@]}" "$image" check "${s3[@]}" >"$work/check.out" 2>"$work/check.err" \
  || { cat "$work/check.err" >&2; fail "check in the image failed"; }
grep -qx "newest-snapshot-id=$id" "$work/check.out" || fail "check did not name $id as the newest snapshot"

# --- a missing secret: one clear line, exit 2 ------------------------------------------------
set +e
run_image "${common[@]}" "$image" backup "${s3[@]}" >"$work/missing.out" 2>"$work/missing.err"
code=$?
set -e
[ "$code" = 2 ] || { cat "$work/missing.err" >&2; fail "a backup without DATABASE_URL/REDIS_URL/UPLOADS_DIR exited $code, not 2"; }
lines=$(grep -c . "$work/missing.err" || true)
grep -q '^luneo-backup: error: nothing to back up: set at least one of database-url (DATABASE_URL)' "$work/missing.err" \
  && [ "$lines" = 1 ] || { cat "$work/missing.err" >&2; fail "a missing secret should print one line naming it ($lines lines)"; }

# --- SIGTERM (activeDeadlineSeconds, a deleted Job): exit 143, a ledger event, a Slack alert -----
mkdir -p "$work/stub" && rm -f "$work/stub/"*
node scripts/image-test-servers.mjs "$work/stub" &
stub_pid=$!
for _ in $(seq 1 50); do [ -s "$work/stub/ports" ] && break; sleep 0.1; done
read -r slack_port silent_port <"$work/stub/ports" || fail "the stand-in servers did not start"
export SLACK_WEBHOOK_URL="http://127.0.0.1:$slack_port/services/T000/B000/image-test-hook"
export REDIS_URL="redis://127.0.0.1:$silent_port/0" # accepts, never answers: the backup waits
name="backup-runner-term-$$"
pod rm -f "$name" >/dev/null 2>&1 || true
pod run -d --name "$name" --network host --read-only --user 10001 --cap-drop all \
  --security-opt no-new-privileges "${common[@]}" -e REDIS_URL -e SLACK_WEBHOOK_URL \
  -e POD_NAME=backup-daily-29000000-abcde -e POD_NAMESPACE=backups -e JOB_NAME=backup-daily-29000000 \
  -e CRONJOB_NAME=backup-daily "$image" backup "${s3[@]}" >/dev/null
sleep 2
tk=$(date +%s%N)
pod kill --signal TERM "$name" >/dev/null
code=$(pod wait "$name")
term_ms=$(ms_since "$tk")
pod logs "$name" >"$work/term.err" 2>&1 || true
pod rm -f "$name" >/dev/null
kill "$stub_pid" 2>/dev/null || true
wait "$stub_pid" 2>/dev/null || true
[ "$code" = 143 ] || { cat "$work/term.err" >&2; fail "a backup sent SIGTERM exited $code, not 143"; }
grep -q 'cancelled' "$work/stub/slack.jsonl" 2>/dev/null || fail "no Slack alert of the cancelled backup"
grep -q 'Kubernetes job backup-daily-29000000 of CronJob backup-daily in namespace backups' "$work/stub/slack.jsonl" \
  || fail "the Slack alert does not name the Kubernetes job: $(cat "$work/stub/slack.jsonl")"
grep -rqs '"outcome": *"cancelled"' "$work/backups/$env_name/ledger/" || fail "no cancelled event in the ledger"
unset SLACK_WEBHOOK_URL REDIS_URL

# No secret in anything the runs printed.
for secret in "$TEST_PG_PASSWORD" "$TEST_REDIS_PASSWORD" "$AWS_SECRET_ACCESS_KEY"; do
  ! grep -rqF -- "$secret" "$work"/*.out "$work"/*.err || fail "a password appears in the output (see $work/*.out, *.err)"
done
test_ms=$(ms_since "$tt")

psql -q "$TEST_DATABASE_URL" -c "drop database if exists $src_db with (force)" -c "drop database if exists $drill_db with (force)"
if [ -z "${IMAGE_TEST_KEEP:-}" ]; then
  rm -rf "$work/uploads" "$work/backups" "$work/drill"
fi
printf 'image-test: image %s MB (%s), PostgreSQL client %s, user %s, entrypoint %s\n' \
  "$size_mb" "$image" "$server_major" "$user" "$entrypoint"
printf 'image-test: --version %s ms in the container, %s ms with podman run (best of 3); base+node %s ms, build %s ms\n' \
  "$inside" "$best" "$base_ms" "$build_ms"
printf 'image-test: backup %s, drill verified, check, missing secret (exit 2), SIGTERM (143 in %s ms, alerted): %s ms; total %s ms\n' \
  "$id" "$term_ms" "$test_ms" "$(ms_since "$t0")"
echo "image-test: 1 passed, 0 failed"
