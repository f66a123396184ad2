#!/usr/bin/env bash
# Builds the Argo CD CLI (`argocd`) from the Go module proxy and prints the path of the binary.
#   usage: hack/argocd-cli.sh            -> prints .../argocd (builds it the first time: 15-30 min on 2 cores)
# Argo CD's ./cmd main dispatches on the binary's name; built as `argocd` it is the CLI.
# A small wrapper module requires github.com/argoproj/argo-cd/v3 and copies its replace directives (k8s.io
# staging modules pinned to their v0.x releases), because a dependency's replaces do not apply to its users.
# Version: the newest v3 release that builds from the proxy alone with the local Go toolchain: v3.3+ take
# gitops-engine from a nested directory by a local replace (not published as a module), v3.6+ need Go 1.27,
# and the v3.2.12 tag does not compile (controller/cache calls settings.ValidateExternalURL, which it lacks).
# Idempotent: present -> done; the binary is built to a temp name and moved into place last.
set -euo pipefail

ARGOCD_VERSION="${ARGOCD_VERSION:-v3.2.11}"
CACHE="${ROOTMFA_CACHE:-$HOME/.cache/rootmfa}"
DEST="$CACHE/argocd/$ARGOCD_VERSION"
BIN="$DEST/argocd"
MODULE=github.com/argoproj/argo-cd/v3

say() { printf 'argocd-cli: %s\n' "$*" >&2; }

if [[ -x "$BIN" ]]; then
  echo "$BIN"
  exit 0
fi

mkdir -p "$DEST/module"
cd "$DEST/module"
say "building argocd $ARGOCD_VERSION from the Go module $MODULE (first time: many minutes)"

upstream_gomod=$(go mod download -json "$MODULE@$ARGOCD_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
upstream_dir=$(go mod download -json "$MODULE@$ARGOCD_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
if grep -qE '=>[[:space:]]*\./' "$upstream_gomod"; then
  say "$ARGOCD_VERSION replaces a module with a local directory; choose a version without one"
  exit 1
fi

rm -f go.mod go.sum
go mod init rootmfa.io/hack/argocd >/dev/null 2>&1
go mod edit -go="$(sed -n 's/^go //p' "$upstream_gomod")" -require "$MODULE@$ARGOCD_VERSION"
# Copy every `old => new version` replace, from the replace block and from single-line replaces.
awk '/^replace \(/{b=1; next} b && /^\)/{b=0; next} b{print} /^replace [^(]/{sub(/^replace /,""); print}' "$upstream_gomod" |
  sed 's://.*$::' | awk 'NF >= 4 && $(NF-2) == "=>" {print $1 "=" $(NF-1) "@" $NF} NF == 3 && $2 == "=>" {print $1 "=" $3}' |
  while read -r r; do go mod edit -replace "$r"; done
# The upstream go.sum holds the checksums of exactly this build graph.
cp "$upstream_dir/go.sum" go.sum
chmod u+w go.sum

pkg="$MODULE/common"
ld="-s -w -X $pkg.version=${ARGOCD_VERSION#v} -X $pkg.gitTag=$ARGOCD_VERSION -X $pkg.gitTreeState=clean"
ld="$ld -X $pkg.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
start=$(date +%s)
CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false" nice -n 10 go build -trimpath -ldflags "$ld" -o "$BIN.tmp" "$MODULE/cmd"
mv "$BIN.tmp" "$BIN"
say "built in $(( $(date +%s) - start ))s: $("$BIN" version --client --short 2>/dev/null || true)"
echo "$BIN"
