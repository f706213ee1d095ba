#!/usr/bin/env bash
# npm run demo: the first command a newcomer runs. scripts/services.sh has started PostgreSQL,
# Redis and, where Ceph is installed, RGW (S3) on loopback and exported TEST_*; this fills them
# with sample data and runs the routine with the CLI, to a local folder and the S3 test server: backup, a second backup with
# notes, prune (dry run), a restore drill into scratch targets, the monthly report, the watchdog.
# Any failing step fails the demo.
set -euo pipefail
cd "$(dirname "$0")/.."

dir="$TEST_SERVICES_DIR"
root="$dir/demo-backups"
uploads="$dir/demo-uploads/uploads"
drill_uploads="$dir/demo-drill-uploads/uploads"
demo_url="${TEST_DATABASE_URL%/*}/demo_shop"
drill_url="${TEST_DATABASE_URL%/*}/demo_drill"
redis_url="${TEST_REDIS_URL%/*}/3" # its own db number; an RDB backup holds every db anyway
cli=(node dist/cli/index.js)
export PGOPTIONS='-c client_min_messages=warning' # no NOTICE for "drop database if exists"

# The committed dist/ is what runs; rebuild it when src/ has changes of a working copy (in a fresh
# clone every file is as new as the others, so there only git can tell).
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  changed=$(git status --porcelain -- src)
else
  changed=$(find src -name '*.ts' -newer dist/cli/index.js -print -quit)
fi
if [ -n "$changed" ]; then
  echo "== src/ is newer than dist/cli: npm run build"
  npm run build >/dev/null
fi

step() { echo; echo "== $*"; }
# Print a command's stdout (the Markdown summary and name=value outputs) and keep it for later.
run() { # name, cli args...
  local name=$1; shift
  "${cli[@]}" "$@" | tee "$dir/demo-$name.out"
}
output() { sed -n "s/^$2=//p" "$dir/demo-$1.out" | tail -n 1; }

step "Sample data: PostgreSQL database demo_shop, Redis db 3, an uploads folder"
psql -q "$TEST_DATABASE_URL" -c 'drop database if exists demo_shop with (force)' -c 'create database demo_shop'
psql -q "$demo_url" <<'SQL'
create table customers (id serial primary key, name text, email text, created_at timestamptz default now());
insert into customers (name, email) select 'Customer ' || g, 'c' || g || '@example.com' from generate_series(1, 1000) g;
create table orders (id serial primary key, customer_id int references customers, total numeric(10,2), note text);
insert into orders (customer_id, total, note) select 1 + g % 1000, (g % 97) * 1.5, E'tab\there, newline\nhere' from generate_series(1, 5000) g;
SQL
{
  echo FLUSHDB
  for i in $(seq 1 300); do echo "SET session:$i user-$((i % 50))"; done
  for i in $(seq 1 50); do echo "HSET cart:$i items $((i % 7)) total $((i * 3))"; done
  echo "SET feature:new-checkout on EX 86400"
} | redis-cli -u "$redis_url" --no-auth-warning >/dev/null
rm -rf "$dir/demo-uploads" "$root/demo"
mkdir -p "$uploads/products" "$uploads/avatars"
for i in $(seq 1 20); do
  head -c 20000 /dev/urandom >"$uploads/products/photo-$i.jpg" # media barely compresses
  printf 'Product %s\nA short description.\n' "$i" >"$uploads/products/photo-$i.txt"
done
for i in $(seq 1 10); do head -c 5000 /dev/urandom >"$uploads/avatars/user-$i.png"; done
echo "demo_shop: 1000 customers, 5000 orders; Redis db 3: 351 keys; $uploads: 50 files"

export DATABASE_URL="$demo_url" REDIS_URL="$redis_url" UPLOADS_DIR="$uploads" BACKUP_ROOT="$root"
export ENV=demo
export GITHUB_ACTOR="${USER:-newcomer}" # the operator the ledger records (or pass --operator)
s3=()
where="$root/demo/"
if [ -n "${TEST_S3_ENDPOINT:-}" ]; then # RGW runs: S3 as well (else the folder alone)
  export S3_BUCKET="$TEST_S3_BUCKET" S3_ENDPOINT="$TEST_S3_ENDPOINT"
  s3=(--s3-force-path-style true)
  where="s3://$S3_BUCKET/demo/ on $S3_ENDPOINT and $root/demo/"
fi

step "luneo-backup backup (to $where)"
run backup1 backup "${s3[@]}" --notes "demo: the nightly backup"

sleep 1 # snapshot ids are UTC seconds
psql -q "$demo_url" -c "insert into orders (customer_id, total, note) values (1, 99.90, 'after the first backup')"
step "luneo-backup backup --kind adhoc --notes ... (the backup before a risky migration)"
run backup2 backup "${s3[@]}" --kind adhoc --operator alice --notes "before migration 42 (orders.total to cents)"

step "luneo-backup prune --dry-run (the plan only: nothing is deleted)"
run prune prune "${s3[@]}" --dry-run

step "luneo-backup drill --snapshot latest (into database demo_drill, the scratch Redis and $drill_uploads)"
psql -q "$TEST_DATABASE_URL" -c 'drop database if exists demo_drill with (force)' -c 'create database demo_drill'
rm -rf "$dir/demo-drill-uploads"
# The scratch Redis is flushed first (force): it is the demo's own throwaway target.
run drill drill "${s3[@]}" --snapshot latest --target-database-url "$drill_url" \
  --target-redis-url "$TEST_SCRATCH_REDIS_URL" --force true \
  --target-uploads-dir "$drill_uploads" --notes "demo drill"

step "luneo-backup report (the monthly review; the Markdown is report.md)"
"${cli[@]}" report "${s3[@]}" >"$dir/demo-report.out"
sed -n '1,9p' "$dir/demo-report.out"
grep -E '^(report-dir|report-md|report-json|ledger-csv|red-lines|gaps|complete-snapshots)=' "$dir/demo-report.out"

step "luneo-backup check (the watchdog: the newest scheduled snapshot must be younger than 26 h)"
run check check "${s3[@]}"

report_dir=$(output report report-dir)
echo
echo "== Where to look"
echo "Snapshots:   $where"
echo "             $root/demo/$(output backup1 snapshot-id)/manifest.json says what each holds"
echo "Ledger:      $root/demo/ledger/ (one JSON object per run)"
echo "Drills:      $root/demo/drills/"
echo "Report:      $report_dir/report.md, report.json, ledger.csv"
echo "Restore by hand: gunzip -c $root/demo/<id>/postgres.sql.gz | psql <database-url>"
echo "The servers stop now; scripts/services.sh start keeps them running to try more."
