#!/usr/bin/env bash
# Prints the path of a `promtool` (Prometheus's rule checker), extracting it from Debian's `prometheus` package the
# first time — only the one binary, nothing is installed or started.
#   usage: hack/promtool.sh             -> prints .../promtool
# Order: `promtool` on PATH; else ${ROOTMFA_CACHE:-~/.cache/rootmfa}/promtool/<package version>/promtool; else
# `apt-get download prometheus` (after `apt-get update` if the package lists do not know it yet) and
# `dpkg-deb -x` of usr/bin/promtool. Idempotent; the binary is moved into place last.
set -euo pipefail

CACHE="${ROOTMFA_CACHE:-$HOME/.cache/rootmfa}"

say() { printf 'promtool: %s\n' "$*" >&2; }

if command -v promtool >/dev/null; then
  command -v promtool
  exit 0
fi
shopt -s nullglob
cached=("$CACHE"/promtool/*/promtool)
if (( ${#cached[@]} > 0 )); then
  echo "${cached[-1]}"
  exit 0
fi

version=$(apt-cache policy prometheus 2>/dev/null | sed -n 's/^  Candidate: //p')
if [[ -z $version || $version == "(none)" ]]; then
  say "apt-get update (the package lists do not know prometheus yet)"
  apt-get update -qq >&2
  version=$(apt-cache policy prometheus | sed -n 's/^  Candidate: //p')
fi
[[ -n $version && $version != "(none)" ]] || { say "no Debian package prometheus"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say "extracting promtool from Debian's prometheus $version"
(cd "$work" && apt-get download -qq "prometheus=$version" >&2)
dpkg-deb -x "$work"/prometheus_*.deb "$work/root"
dest="$CACHE/promtool/$version"
mkdir -p "$dest"
cp "$work/root/usr/bin/promtool" "$dest/promtool.tmp"
mv "$dest/promtool.tmp" "$dest/promtool"
"$dest/promtool" --version 2>&1 | head -1 >&2
echo "$dest/promtool"
