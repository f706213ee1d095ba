#!/usr/bin/env bash
# One place that starts and stops the real servers the tests, the demo, the benchmark and CI use:
# PostgreSQL, Redis and Ceph's RADOS Gateway (S3, scripts/rgw.sh) from Debian's packages, all on
# loopback. State lives in $SERVICES_DIR (default .services/), connection details in its env file.
# A start that fails names the server, prints its log's tail and stops what it started.
# SERVICES_S3=optional (the demo): without Ceph installed, run without S3 instead of failing.
# SERVICES_NEWER=optional (the default) | required | off: PostgreSQL 18 and Valkey 9 from a Debian
# sid chroot (scripts/newer-servers.sh, needs root), for test/integration/newer-servers.test.ts.
# optional starts them when that chroot is already made (`bash scripts/newer-servers.sh bootstrap`,
# ~1 min once) and says in one line why not otherwise; required makes it if missing and fails
# when they cannot start (CI); off never starts them.
#
#   scripts/services.sh start        start what is not running, print the env file's path
#   scripts/services.sh stop         stop what this script started
#   scripts/services.sh env          print the env file (KEY=value lines)
#   scripts/services.sh run -- CMD   start, run CMD with the env loaded, stop, exit with CMD's code
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${SERVICES_DIR:-$root/.services}
# Below Linux's ephemeral range (32768-60999), where an outgoing connection may hold a port.
pg_port=${TEST_PG_PORT:-15432}
redis_port=${TEST_REDIS_PORT:-16379}
# A second, empty Redis: a scratch target for drills (the demo's, the benchmark's restores).
scratch_redis_port=$((redis_port + 1))
s3_port=${TEST_S3_PORT:-14568}
pg_password=backup-test-pg-pw
redis_password=backup-test-redis-pw
# What this start launched (stopped again if a later one fails), and whether S3 runs.
started=()
s3_running=false
newer_running=false
newer=(env SERVICES_DIR="$dir" bash "$root/scripts/newer-servers.sh")
# shellcheck source=scripts/rgw.sh
. "$root/scripts/rgw.sh"

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

wait_for() { # what, log, command...
  local what=$1 log=$2; shift 2
  for _ in $(seq 1 100); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "services: $what did not start; the end of $log:" >&2
  tail -n 15 "$log" 2>/dev/null | sed 's/^/  | /' >&2 || true
  return 1
}

# Each start_* returns non-zero on failure (set -e does not apply inside start's condition).
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
  local bin pg; bin=$(pg_bin) || return 1
  pg=$(pg_home)
  mkdir -p "$pg"
  [ "$(id -u)" = 0 ] && chown postgres "$pg" && chmod 700 "$pg"
  if [ ! -f "$pg/data/PG_VERSION" ]; then
    printf '%s\n' "$pg_password" > "$pg/pwfile"
    [ "$(id -u)" = 0 ] && chown postgres "$pg/pwfile"
    if ! as_pg "$bin/initdb" -D "$pg/data" -U postgres --pwfile="$pg/pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/pg-init.log" 2>&1; then
      rm -f "$pg/pwfile"
      echo "services: PostgreSQL (initdb) did not start; the end of $dir/pg-init.log:" >&2
      tail -n 15 "$dir/pg-init.log" | sed 's/^/  | /' >&2
      return 1
    fi
    rm -f "$pg/pwfile"
  fi
  if ! as_pg "$bin/pg_ctl" -D "$pg/data" status >/dev/null 2>&1; then
    started+=(pg)
    as_pg "$bin/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w start \
      -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg -c fsync=off -c max_connections=50" >/dev/null || true
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
  wait_for Redis "$dir/redis/server.log" sh -c "redis-cli -p $redis_port -a $redis_password --no-auth-warning ping | grep -q PONG" || return 1
  mkdir -p "$dir/redis-scratch"
  if ! redis-cli -p "$scratch_redis_port" ping 2>/dev/null | grep -q PONG; then
    started+=(scratch-redis)
    redis-server --port "$scratch_redis_port" --bind 127.0.0.1 --dir "$dir/redis-scratch" \
      --daemonize yes --pidfile "$dir/redis-scratch/redis.pid" --logfile "$dir/redis-scratch/server.log" \
      --save '' --appendonly no
  fi
  wait_for "scratch Redis" "$dir/redis-scratch/server.log" sh -c "redis-cli -p $scratch_redis_port ping | grep -q PONG"
}

start_s3() {
  if rgw_up; then s3_running=true; return 0; fi
  if [ "${SERVICES_S3:-}" = optional ] && ! rgw_installed; then
    echo "services: Ceph RGW is not installed ($rgw_packages): no S3 server, folder targets only" >&2
    return 0
  fi
  if ! rgw_installed; then
    echo "services: Ceph RGW, the tests' S3, is not installed (apt-get install $rgw_packages)" >&2
    return 1
  fi
  started+=(rgw)
  start_rgw || return 1
  s3_running=true
}

# PostgreSQL 18 and Valkey 9 (SERVICES_NEWER): their one line goes to stderr, the env file's path
# stays alone on stdout.
start_newer() {
  local mode=${SERVICES_NEWER:-optional}
  case $mode in
    off) return 0 ;;
    optional | required) ;;
    *) echo "services: SERVICES_NEWER is \"$mode\": optional, required or off" >&2; return 1 ;;
  esac
  if [ "$mode" = optional ]; then
    local why=
    if [ "$(id -u)" != 0 ]; then
      why="they run in a chroot, which needs root"
    elif [ ! -f "${NEWER_SERVERS_DIR:-/var/cache/luneo-newer-servers}/sid/.luneo-ready" ]; then
      why="their Debian sid chroot is not made (bash scripts/newer-servers.sh bootstrap, ~1 min once)"
    fi
    if [ -n "$why" ]; then
      echo "services: no PostgreSQL 18 or Valkey 9: $why; the newer-servers tests skip (SERVICES_NEWER=off hides this line)" >&2
      return 0
    fi
  fi
  started+=(newer)
  if "${newer[@]}" start >&2; then
    newer_running=true
  elif [ "$mode" = optional ]; then
    echo "services: PostgreSQL 18 / Valkey 9 did not start (SERVICES_NEWER=optional): going on without them" >&2
  else
    return 1
  fi
}

write_env() {
  {
    echo "# scripts/services.sh: PostgreSQL on 127.0.0.1:$pg_port, Redis on $redis_port (scratch Redis $scratch_redis_port)"
    if $s3_running; then
      echo "# Ceph RGW (S3) on $s3_port, its monitor on $((s3_port + 1)), its OSD in $((s3_port + 2))-$((s3_port + 11))"
    fi
    cat <<ENV
TEST_DATABASE_URL=postgresql://postgres:$pg_password@127.0.0.1:$pg_port/postgres
TEST_PG_PASSWORD=$pg_password
TEST_PG_BIN=$(pg_bin)
TEST_REDIS_URL=redis://default:$redis_password@127.0.0.1:$redis_port/0
TEST_REDIS_PASSWORD=$redis_password
TEST_SCRATCH_REDIS_URL=redis://127.0.0.1:$scratch_redis_port/0
TEST_SERVICES_DIR=$dir
ENV
    if $s3_running; then rgw_env; fi
    if $newer_running; then cat "$dir/newer-env"; fi
  } >"$dir/env"
}

# Stop what this start launched (a later server failed to start): nothing is left running.
stop_started() {
  local s
  for s in "${started[@]}"; do
    case $s in
      pg) as_pg "$(pg_bin)/pg_ctl" -D "$(pg_home)/data" -m fast -w stop >/dev/null 2>&1 || true ;;
      redis) redis-cli -p "$redis_port" -a "$redis_password" --no-auth-warning shutdown nosave >/dev/null 2>&1 || true ;;
      scratch-redis) redis-cli -p "$scratch_redis_port" shutdown nosave >/dev/null 2>&1 || true ;;
      rgw) stop_rgw ;;
      newer) "${newer[@]}" stop ;;
    esac
  done
  for s in "${started[@]}"; do echo "services: stopped $s (started by this run)" >&2; done
}

start() {
  mkdir -p "$dir"
  if ! { start_pg && start_redis && start_s3 && start_newer; }; then
    stop_started
    exit 1
  fi
  write_env
  echo "$dir/env"
}

stop() {
  [ -d "$dir" ] || return 0
  if [ -f "$(pg_home)/data/PG_VERSION" ]; then
    as_pg "$(pg_bin)/pg_ctl" -D "$(pg_home)/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  redis-cli -p "$redis_port" -a "$redis_password" --no-auth-warning shutdown nosave >/dev/null 2>&1 || true
  redis-cli -p "$scratch_redis_port" shutdown nosave >/dev/null 2>&1 || true
  stop_rgw
  [ "$(id -u)" = 0 ] && "${newer[@]}" stop
  return 0
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
