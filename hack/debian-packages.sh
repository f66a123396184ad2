#!/usr/bin/env bash
# Makes sure Debian packages are installed: as root it installs the missing ones (apt-get update first); otherwise,
# or when that fails, it exits 1 with the exact command to run. Prints nothing when all are present.
#   usage: hack/debian-packages.sh PACKAGE...
set -euo pipefail

missing=()
for package in "$@"; do
  dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null | grep -q '^ii' || missing+=("$package")
done
(( ${#missing[@]} == 0 )) && exit 0

install="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
fail() { printf 'debian-packages: %s\n' "$*" >&2; exit 1; }
command -v apt-get >/dev/null || fail "needs the Debian packages ${missing[*]}, and this machine has no apt-get (Debian 12 expected)"
(( EUID == 0 )) || fail "missing Debian packages ${missing[*]}: run  sudo sh -c '$install'"

printf 'debian-packages: installing %s\n' "${missing[*]}" >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Another build on this machine may hold the dpkg lock: wait for it rather than fail.
if ! { DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 update \
    && DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=600 install --no-install-recommends \
      "${missing[@]}"; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  fail "installing ${missing[*]} failed (above); run  $install"
fi
