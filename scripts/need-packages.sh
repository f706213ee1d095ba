#!/usr/bin/env bash
# What the demo and the tests need from Debian/Ubuntu beyond npm ci: the PostgreSQL server and
# client, Redis, curl. Missing ones are installed with apt-get when this runs as root (as .ci/run
# does), after one line saying what; LUNEO_NO_INSTALL=1 refuses, and then, or without root or
# apt-get, one line says what to install.
set -euo pipefail

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql postgresql-contrib)
command -v psql >/dev/null || need+=(postgresql-client)
command -v redis-server >/dev/null || need+=(redis-server)
command -v redis-cli >/dev/null || need+=(redis-tools)
command -v curl >/dev/null || need+=(curl)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && [ "${LUNEO_NO_INSTALL:-}" != 1 ]; then
  echo "need-packages: installing ${need[*]} with apt-get (LUNEO_NO_INSTALL=1 to refuse)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  exit 0
fi
echo "need-packages: missing ${need[*]}: install them (sudo apt-get install ${need[*]}), then run this again" >&2
exit 1
