#!/usr/bin/env bash
# The system programs some tests run for real: redis-server (the Redis store and the bot on Redis) and
# Chromium (the sandbox's pages). Installs them from Debian's packages when they are missing and this user
# may (root, or sudo without a password). Otherwise it says what is missing: those tests then fail in CI
# (CI=true) and skip with the same message on a developer's machine.
set -euo pipefail

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: ${missing[*]} missing and no apt-get here: install them yourself to run every test." >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif sudo -n true >/dev/null 2>&1; then
  as_root=(sudo -n)
else
  echo "system-deps: ${missing[*]} missing; run: sudo apt-get install -y ${missing[*]}" >&2
  exit 0
fi

echo "system-deps: installing ${missing[*]} from Debian's packages..." >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq >/dev/null
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
