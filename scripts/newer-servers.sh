#!/usr/bin/env bash
# Servers newer than this Debian 12 machine ships, for test/integration/newer-servers.test.ts:
# PostgreSQL 18 and Valkey 9 (and a second, empty Valkey 9 as a restore target) from Debian sid.
# A minimal sid chroot (debootstrap --variant=minbase, then apt-get install postgresql-18
# valkey-server) is made once in $NEWER_SERVERS_DIR (default /var/cache/luneo-newer-servers) and
# reused; the servers run inside it as ordinary processes on loopback ports (a chroot shares the
# host's network), their state inside the chroot under /srv/luneo/<id of the services dir>, so
# several services dirs can use one chroot on their own ports. Needs root (debootstrap, chroot).
# pg_dump and psql 18 are reached through wrappers in $SERVICES_DIR/newer-bin (chroot + exec):
# the chroot's binaries need sid's glibc, not this machine's.
#
#   scripts/newer-servers.sh bootstrap   make the chroot if it is not there (prints its time)
#   scripts/newer-servers.sh start       bootstrap if needed, start, print one line, write the env file
#   scripts/newer-servers.sh stop        stop what start started
#   scripts/newer-servers.sh env         print the env file (TEST_PG18_URL, TEST_VALKEY_URL, ...)
#
# Ports: TEST_PG18_PORT (default TEST_PG_PORT + 1), TEST_VALKEY_PORT (default TEST_REDIS_PORT + 2;
# the scratch Valkey one above it), so each services dir's set stays apart. The Debian mirror is
# the one this machine's apt uses (NEWER_SERVERS_MIRROR overrides).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${SERVICES_DIR:-$root/.services}
cache=${NEWER_SERVERS_DIR:-/var/cache/luneo-newer-servers}
chroot_dir=$cache/sid
pg18_port=${TEST_PG18_PORT:-$(( ${TEST_PG_PORT:-15432} + 1 ))}
valkey_port=${TEST_VALKEY_PORT:-$(( ${TEST_REDIS_PORT:-16379} + 2 ))}
scratch_valkey_port=$((valkey_port + 1))
pg_password=backup-test-pg-pw
valkey_password=backup-test-redis-pw
# Inside the chroot: this services dir's state, apart from any other's.
state=/srv/luneo/$(printf '%s' "$dir" | sha256sum | cut -c1-12)
env_file=$dir/newer-env
bin_dir=$dir/newer-bin

say() { echo "newer-servers: $*" >&2; }
fail() { say "$*"; exit 1; }

need_root() {
  [ "$(id -u)" = 0 ] || fail "needs root (debootstrap and chroot): run as root, or set SERVICES_NEWER=off"
}

# The Debian archive this machine's apt uses: deb822 URIs or a one-line `deb` entry.
host_mirror() {
  local uri
  uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's/^URIs: *\([^ ]*\/debian\)\/\{0,1\}$/\1/p' | head -n 1)
  [ -n "$uri" ] || uri=$(cat /etc/apt/sources.list 2>/dev/null | sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\/debian\)\/\{0,1\} .*/\2/p' | head -n 1)
  echo "$uri"
}

in_root() { chroot "$chroot_dir" "$@"; }
# Run as a user of the chroot (numeric ids: the host's passwd does not know them).
as_user() { # user, command...
  local user=$1 uid gid; shift
  uid=$(awk -F: -v u="$user" '$1 == u { print $3 }' "$chroot_dir/etc/passwd")
  gid=$(awk -F: -v u="$user" '$1 == u { print $4 }' "$chroot_dir/etc/passwd")
  chroot --userspec="$uid:$gid" --groups="$gid" "$chroot_dir" "$@"
}

bootstrap() {
  [ -f "$chroot_dir/.luneo-ready" ] && return 0
  need_root
  command -v debootstrap >/dev/null || fail "debootstrap is not installed (apt-get install debootstrap)"
  mkdir -p "$cache"
  # One bootstrap at a time (CI starts one in the background; a start may wait for it).
  exec 9>"$cache/.lock"
  flock 9
  if [ -f "$chroot_dir/.luneo-ready" ]; then exec 9>&-; return 0; fi
  local mirror=${NEWER_SERVERS_MIRROR:-$(host_mirror)}
  [ -n "$mirror" ] || fail "no Debian mirror in /etc/apt/sources.list(.d): set NEWER_SERVERS_MIRROR"
  local tmp=$cache/sid.tmp log=$cache/bootstrap.log t0
  t0=$(date +%s)
  rm -rf "$tmp" "$chroot_dir"
  say "making a Debian sid chroot in $chroot_dir (once; log: $log)"
  debootstrap --variant=minbase sid "$tmp" "$mirror" >"$log" 2>&1 \
    || { tail -n 5 "$log" >&2; fail "debootstrap failed (log: $log)"; }
  # No service starts inside it, and no default cluster: the servers are started here, by hand.
  printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
  chmod 755 "$tmp/usr/sbin/policy-rc.d"
  mkdir -p "$tmp/etc/postgresql-common/createcluster.d"
  echo 'create_main_cluster = false' >"$tmp/etc/postgresql-common/createcluster.d/luneo.conf"
  # The packages' maintainer scripts (systemd-tmpfiles) need /proc: mounted for the install only.
  mount -t proc proc "$tmp/proc"
  trap 'umount "$tmp/proc" 2>/dev/null || true' EXIT
  local ok=false
  for _ in 1 2; do
    if chroot "$tmp" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      postgresql-18 valkey-server >>"$log" 2>&1; then ok=true; break; fi
    chroot "$tmp" apt-get update -q >>"$log" 2>&1 || true
  done
  umount "$tmp/proc"
  trap - EXIT
  $ok || { tail -n 10 "$log" >&2; fail "apt-get install postgresql-18 valkey-server failed in the chroot (log: $log)"; }
  # Valkey reads /dev/urandom, which minbase's /dev lacks.
  [ -e "$tmp/dev/urandom" ] || mknod -m 666 "$tmp/dev/urandom" c 1 9
  chroot "$tmp" apt-get clean
  {
    echo "made $(date -u +%Y-%m-%dT%H:%M:%SZ) from $mirror in $(( $(date +%s) - t0 )) s"
    chroot "$tmp" /usr/lib/postgresql/18/bin/postgres --version
    chroot "$tmp" valkey-server --version
  } >"$tmp/.luneo-ready"
  mv "$tmp" "$chroot_dir"
  exec 9>&-
  say "chroot ready in $(( $(date +%s) - t0 )) s: $(head -n 1 "$chroot_dir/.luneo-ready")"
}

wait_for() { # what, log (inside the chroot), command...
  local what=$1 log=$2; shift 2
  for _ in $(seq 1 100); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  say "$what did not start; the end of $chroot_dir$log:"
  tail -n 15 "$chroot_dir$log" 2>/dev/null | sed 's/^/  | /' >&2 || true
  return 1
}

pg_ctl() { as_user postgres /usr/lib/postgresql/18/bin/pg_ctl "$@"; }

start_pg18() {
  local data=$state/pg18
  mkdir -p "$chroot_dir$data"
  in_root chown postgres:postgres "$data"
  chmod 700 "$chroot_dir$data"
  if [ ! -f "$chroot_dir$data/data/PG_VERSION" ]; then
    printf '%s\n' "$pg_password" >"$chroot_dir$data/pwfile"
    in_root chown postgres "$data/pwfile"
    if ! as_user postgres /usr/lib/postgresql/18/bin/initdb -D "$data/data" -U postgres \
      --pwfile="$data/pwfile" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 \
      --locale=C.UTF-8 >"$chroot_dir$data/init.log" 2>&1; then
      rm -f "$chroot_dir$data/pwfile"
      tail -n 15 "$chroot_dir$data/init.log" | sed 's/^/  | /' >&2
      fail "PostgreSQL 18 (initdb) did not start"
    fi
    rm -f "$chroot_dir$data/pwfile"
  fi
  if ! pg_ctl -D "$data/data" status >/dev/null 2>&1; then
    pg_ctl -D "$data/data" -l "$data/server.log" -w start \
      -o "-c listen_addresses=127.0.0.1 -p $pg18_port -k $data -c fsync=off -c max_connections=30" >/dev/null || true
  fi
  wait_for "PostgreSQL 18" "$data/server.log" in_root /usr/lib/postgresql/18/bin/pg_isready -h 127.0.0.1 -p "$pg18_port"
}

valkey_cli() { in_root valkey-cli "$@"; }
valkey_up() { valkey_cli "$@" ping 2>/dev/null | grep -q PONG; }

start_valkey() { # name, port, password (or empty)
  local name=$1 port=$2 password=$3 d=$state/$1
  mkdir -p "$chroot_dir$d"
  in_root chown valkey:valkey "$d"
  local auth=()
  [ -n "$password" ] && auth=(-a "$password" --no-auth-warning)
  if ! valkey_up -p "$port" "${auth[@]}"; then
    {
      echo "port $port"
      echo "bind 127.0.0.1"
      echo "dir $d"
      echo "daemonize yes"
      echo "pidfile $d/valkey.pid"
      echo "logfile $d/server.log"
      echo 'save ""'
      echo "appendonly no"
      echo "repl-diskless-sync-delay 0"
      [ -n "$password" ] && echo "requirepass $password"
    } >"$chroot_dir$d/valkey.conf"
    in_root chown valkey "$d/valkey.conf"
    chmod 600 "$chroot_dir$d/valkey.conf"
    as_user valkey valkey-server "$d/valkey.conf"
  fi
  wait_for "Valkey ($name)" "$d/server.log" valkey_up -p "$port" "${auth[@]}"
}

write_bin() {
  mkdir -p "$bin_dir"
  local tool
  for tool in pg_dump psql; do
    printf '#!/bin/sh\n# %s 18 from the Debian sid chroot (scripts/newer-servers.sh)\nexec chroot %q /usr/lib/postgresql/18/bin/%s "$@"\n' \
      "$tool" "$chroot_dir" "$tool" >"$bin_dir/$tool"
    chmod 755 "$bin_dir/$tool"
  done
}

write_env() {
  local pgv vkv
  pgv=$(in_root /usr/lib/postgresql/18/bin/postgres --version | sed 's/.*(PostgreSQL) \([0-9.]*\).*/\1/')
  vkv=$(in_root valkey-server --version | sed 's/.* v=\([0-9.]*\).*/\1/')
  cat >"$env_file" <<ENV
# scripts/newer-servers.sh: PostgreSQL $pgv on 127.0.0.1:$pg18_port, Valkey $vkv on $valkey_port (scratch $scratch_valkey_port), chroot $chroot_dir
TEST_PG18_URL=postgresql://postgres:$pg_password@127.0.0.1:$pg18_port/postgres
TEST_PG18_BIN=$bin_dir
TEST_VALKEY_URL=redis://default:$valkey_password@127.0.0.1:$valkey_port/0
TEST_SCRATCH_VALKEY_URL=redis://127.0.0.1:$scratch_valkey_port/0
TEST_VALKEY_LOG=$chroot_dir$state/valkey/server.log
TEST_PG18_VERSION=$pgv
TEST_VALKEY_VERSION=$vkv
ENV
  echo "newer-servers: PostgreSQL $pgv on 127.0.0.1:$pg18_port, Valkey $vkv on $valkey_port and $scratch_valkey_port (chroot $chroot_dir)"
}

start() {
  need_root
  bootstrap
  mkdir -p "$dir"
  if ! { start_pg18 && start_valkey valkey "$valkey_port" "$valkey_password" \
    && start_valkey valkey-scratch "$scratch_valkey_port" ""; }; then
    stop
    exit 1
  fi
  write_bin
  write_env
}

stop() {
  [ -d "$chroot_dir$state" ] || return 0
  if [ -f "$chroot_dir$state/pg18/data/PG_VERSION" ]; then
    pg_ctl -D "$state/pg18/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  valkey_cli -p "$valkey_port" -a "$valkey_password" --no-auth-warning shutdown nosave >/dev/null 2>&1 || true
  valkey_cli -p "$scratch_valkey_port" shutdown nosave >/dev/null 2>&1 || true
  rm -f "$env_file"
}

case "${1:-}" in
  bootstrap)
    bootstrap
    say "$chroot_dir: $(tr '\n' ' ' <"$chroot_dir/.luneo-ready")"
    ;;
  start) start ;;
  stop) stop ;;
  env) cat "$env_file" ;;
  *) echo "usage: $0 bootstrap|start|stop|env" >&2; exit 2 ;;
esac
