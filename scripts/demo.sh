#!/usr/bin/env bash
# npm run demo: the first command a newcomer runs. scripts/services.sh has started PostgreSQL,
# Redis and s3rver on loopback and exported TEST_*; this fills a sample database and backs it up
# with the CLI to the S3 test server and a local folder.
set -euo pipefail
cd "$(dirname "$0")/.."
demo_url="${TEST_DATABASE_URL%/*}/demo_shop"
psql -q "$TEST_DATABASE_URL" -c 'drop database if exists demo_shop with (force)' -c 'create database demo_shop'
psql -q "$demo_url" <<'SQL'
create table customers (id serial primary key, name text, email text, created_at timestamptz default now());
insert into customers (name, email) select 'Customer ' || g, 'c' || g || '@example.com' from generate_series(1, 1000) g;
create table orders (id serial primary key, customer_id int references customers, total numeric(10,2), note text);
insert into orders (customer_id, total, note) select 1 + g % 1000, (g % 97) * 1.5, E'tab\there, newline\nhere' from generate_series(1, 5000) g;
SQL
root="$TEST_SERVICES_DIR/demo-backups"
echo
echo "== luneo-backup backup (to s3://$TEST_S3_BUCKET/demo/ on $TEST_S3_ENDPOINT and $root/demo/)"
DATABASE_URL="$demo_url" BACKUP_ROOT="$root" S3_BUCKET="$TEST_S3_BUCKET" S3_ENDPOINT="$TEST_S3_ENDPOINT" ENV=demo \
  node dist/cli/index.js backup --s3-force-path-style true --notes "demo run"
echo
echo "Look at: $root/demo/ (manifest.json, postgres.sql.gz)"
echo "Restore by hand: gunzip -c $root/demo/<id>/postgres.sql.gz | psql <database-url>"
