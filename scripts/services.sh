#!/usr/bin/env bash
# One place that starts and stops the real servers the tests, the demo, the benchmark and CI use:
# PostgreSQL and Redis from Debian's packages and the s3rver S3 API server from npm, all on
# loopback. State lives in $SERVICES_DIR (default .services/), connection details in its env file.
#
#   scripts/services.sh start        start what is not running, print the env file's path
#   scripts/services.sh stop         stop what this script started
#   scripts/services.sh env          print the env file (KEY=value lines)
#   scripts/services.sh run -- CMD   start, run CMD with the env loaded, stop, exit with CMD's code
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${SERVICES_DIR:-$root/.services}
pg_port=${TEST_PG_PORT:-55432}
redis_port=${TEST_REDIS_PORT:-56379}
# A second, empty Redis: a scratch target for drills (the demo's, the benchmark's restores).
scratch_redis_port=$((redis_port + 1))
s3_port=${TEST_S3_PORT:-54568}
pg_password=backup-test-pg-pw
redis_password=backup-test-redis-pw
bucket=backups

pg_bin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] || { echo "services: PostgreSQL server not installed (apt-get install postgresql)" >&2; exit 1; }
  echo "$d"
}

# initdb and postgres refuse to run as root: run them as the postgres user there.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A server that did not start: say which, show the end of its log, and fail (start() then stops
# whatever it had started).
failed() { # what, log file
  echo "services: $1 did not start; the end of $2:" >&2
  tail -n 15 "$2" 2>/dev/null | sed 's/^/  | /' >&2
  exit 1
}

wait_for() { # what, log file, command...
  local what=$1 log=$2; shift 2
  for _ in $(seq 1 100); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  failed "$what" "$log"
}

# PostgreSQL runs as the postgres user when this runs as root: its state must sit where that user
# can enter. A clone in /root or a 0700 mktemp folder is not such a place: the state goes to a
# folder of its own under /tmp then, named after $dir, and $dir/pg points to it.
pg_home() {
  if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then
    local home
    home="/tmp/luneo-services-pg-$(printf '%s' "$dir" | sha256sum | cut -c1-12)"
    mkdir -p "$home"
    [ -L "$dir/pg" ] || ln -sfn "$home" "$dir/pg"
    echo "$home"
  else
    echo "$dir/pg"
  fi
}

start_pg() {
  local bin pg; bin=$(pg_bin)
  pg=$(pg_home)
  mkdir -p "$pg"
  [ "$(id -u)" = 0 ] && chown postgres "$pg" && chmod 700 "$pg"
  if [ ! -f "$pg/data/PG_VERSION" ]; then
    printf '%s\n' "$pg_password" > "$pg/pwfile"
    [ "$(id -u)" = 0 ] && chown postgres "$pg/pwfile"
    as_pg "$bin/initdb" -D "$pg/data" -U postgres --pwfile="$pg/pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/pg-init.log" 2>&1 ||
      { rm -f "$pg/pwfile"; failed "PostgreSQL (initdb)" "$dir/pg-init.log"; }
    rm -f "$pg/pwfile"
  fi
  if ! as_pg "$bin/pg_ctl" -D "$pg/data" status >/dev/null 2>&1; then
    started+=(pg)
    as_pg "$bin/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w start \
      -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg -c fsync=off -c max_connections=50" >/dev/null ||
      failed PostgreSQL "$pg/server.log"
  fi
  wait_for PostgreSQL "$pg/server.log" "$bin/pg_isready" -h 127.0.0.1 -p "$pg_port"
}

start_redis() {
  mkdir -p "$dir/redis"
  if ! redis-cli -p "$redis_port" -a "$redis_password" --no-auth-warning ping 2>/dev/null | grep -q PONG; then
    started+=(redis)
    redis-server --port "$redis_port" --bind 127.0.0.1 --requirepass "$redis_password" \
      --dir "$dir/redis" --daemonize yes --pidfile "$dir/redis/redis.pid" \
      --logfile "$dir/redis/server.log" --save '' --appendonly no --repl-diskless-sync-delay 0
  fi
  wait_for Redis "$dir/redis/server.log" sh -c "redis-cli -p $redis_port -a $redis_password --no-auth-warning ping | grep -q PONG"
  mkdir -p "$dir/redis-scratch"
  if ! redis-cli -p "$scratch_redis_port" ping 2>/dev/null | grep -q PONG; then
    started+=(scratch)
    redis-server --port "$scratch_redis_port" --bind 127.0.0.1 --dir "$dir/redis-scratch" \
      --daemonize yes --pidfile "$dir/redis-scratch/redis.pid" --logfile "$dir/redis-scratch/server.log" \
      --save '' --appendonly no
  fi
  wait_for "scratch Redis" "$dir/redis-scratch/server.log" sh -c "redis-cli -p $scratch_redis_port ping | grep -q PONG"
}

start_s3() {
  mkdir -p "$dir/s3"
  if ! curl -fs "http://127.0.0.1:$s3_port/" >/dev/null 2>&1; then
    # s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node 17+) only
    # has in its legacy provider: without it, any listing of more than 1,000 keys fails with
    # InternalError (ERR_OSSL_EVP_UNSUPPORTED).
    NODE_OPTIONS=--openssl-legacy-provider \
      nohup "$root/node_modules/.bin/s3rver" -d "$dir/s3" -a 127.0.0.1 -p "$s3_port" -s \
      --configure-bucket "$bucket" >"$dir/s3.log" 2>&1 &
    echo $! >"$dir/s3.pid"
    started+=(s3)
  fi
  wait_for s3rver "$dir/s3.log" curl -fs "http://127.0.0.1:$s3_port/"
}

write_env() {
  cat >"$dir/env" <<ENV
TEST_DATABASE_URL=postgresql://postgres:$pg_password@127.0.0.1:$pg_port/postgres
TEST_PG_PASSWORD=$pg_password
TEST_PG_BIN=$(pg_bin)
TEST_REDIS_URL=redis://default:$redis_password@127.0.0.1:$redis_port/0
TEST_REDIS_PASSWORD=$redis_password
TEST_SCRATCH_REDIS_URL=redis://127.0.0.1:$scratch_redis_port/0
TEST_S3_ENDPOINT=http://127.0.0.1:$s3_port
TEST_S3_BUCKET=$bucket
TEST_SERVICES_DIR=$dir
AWS_ACCESS_KEY_ID=S3RVER
AWS_SECRET_ACCESS_KEY=S3RVER
AWS_REGION=us-east-1
ENV
}

started=()
start() {
  mkdir -p "$dir"
  # A failed start stops what this start had started, and nothing that was running before it.
  trap 'status=$?; [ $status -eq 0 ] || stop_started; exit $status' EXIT
  start_pg
  start_redis
  start_s3
  trap - EXIT
  write_env
  echo "$dir/env"
}

stop_started() {
  local what
  for what in "${started[@]}"; do
    case $what in
      pg) as_pg "$(pg_bin)/pg_ctl" -D "$(pg_home)/data" -m fast -w stop >/dev/null 2>&1 || true ;;
      redis) redis-cli -p "$redis_port" -a "$redis_password" --no-auth-warning shutdown nosave >/dev/null 2>&1 || true ;;
      scratch) redis-cli -p "$scratch_redis_port" shutdown nosave >/dev/null 2>&1 || true ;;
      s3) [ -f "$dir/s3.pid" ] && kill "$(cat "$dir/s3.pid")" 2>/dev/null; rm -f "$dir/s3.pid" ;;
    esac
    echo "services: stopped $what (started by this run)" >&2
  done
}

stop() {
  [ -d "$dir" ] || return 0
  if [ -f "$dir/pg/data/PG_VERSION" ]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$(pg_home)/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  redis-cli -p "$redis_port" -a "$redis_password" --no-auth-warning shutdown nosave >/dev/null 2>&1 || true
  redis-cli -p "$scratch_redis_port" shutdown nosave >/dev/null 2>&1 || true
  if [ -f "$dir/s3.pid" ]; then kill "$(cat "$dir/s3.pid")" 2>/dev/null || true; rm -f "$dir/s3.pid"; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) cat "$dir/env" ;;
  run)
    shift
    [ "${1:-}" = "--" ] && shift
    start >/dev/null
    trap stop EXIT
    set -a
    # shellcheck disable=SC1091
    . "$dir/env"
    set +a
    "$@"
    ;;
  *) echo "usage: $0 start|stop|env|run -- CMD..." >&2; exit 2 ;;
esac
