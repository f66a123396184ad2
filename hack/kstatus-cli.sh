#!/usr/bin/env bash
# Builds hack/kstatus (a small main over sigs.k8s.io/cli-utils/pkg/kstatus/status, the code Flux, kpt and Config
# Sync use to judge a resource) from the Go module proxy and prints the path of the binary.
#   usage: hack/kstatus-cli.sh            -> prints .../kstatus (builds it the first time: about a minute)
# The module (main.go, go.mod, go.sum pinning cli-utils) lives in hack/kstatus/; the binary is cached under
# ${ROOTMFA_CACHE:-~/.cache/rootmfa}/kstatus/<hash of those three files>, so an edit rebuilds it.
# Idempotent: present -> done; the binary is built to a temp name and moved into place last.
set -euo pipefail

cd "$(dirname "$0")/kstatus"
CACHE="${ROOTMFA_CACHE:-$HOME/.cache/rootmfa}"
CLI_UTILS_VERSION=$(sed -n 's/^[[:space:]]*sigs.k8s.io\/cli-utils \(v[^ ]*\).*/\1/p' go.mod)
DEST="$CACHE/kstatus/$CLI_UTILS_VERSION-$(cat main.go go.mod go.sum | sha256sum | cut -c1-12)"
BIN="$DEST/kstatus"

say() { printf 'kstatus-cli: %s\n' "$*" >&2; }

if [[ -x "$BIN" ]]; then
  echo "$BIN"
  exit 0
fi

mkdir -p "$DEST"
say "building kstatus (sigs.k8s.io/cli-utils $CLI_UTILS_VERSION) from the Go module proxy"
start=$(date +%s)
CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" nice -n 10 go build -trimpath -ldflags "-s -w" -o "$BIN.tmp" .
mv "$BIN.tmp" "$BIN"
say "built in $(( $(date +%s) - start ))s"
echo "$BIN"
