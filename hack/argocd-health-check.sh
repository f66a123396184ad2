#!/usr/bin/env bash
# Proves deploy/argocd's health checks for rootmfa.io/RootMfaPolicy and rootmfa.io/OrganizationRootMfaPolicy with
# Argo CD's own code: runs
#   argocd admin settings resource-overrides health <testdata file> --argocd-cm-path deploy/argocd/argocd-cm.yaml
# for every case of each kind's health_test.yaml and compares STATUS and MESSAGE with the expectation.
#   usage: hack/argocd-health-check.sh           writes argocd-cm.yaml from the health.lua files, then checks
#          hack/argocd-health-check.sh --check   fails if argocd-cm.yaml differs from them, then checks
# The argocd CLI comes from hack/argocd-cli.sh (built once, cached under ${ROOTMFA_CACHE:-~/.cache/rootmfa}).
set -euo pipefail

cd "$(dirname "$0")/.."
CACHE="${ROOTMFA_CACHE:-$HOME/.cache/rootmfa}"
CUSTOMIZATIONS=deploy/argocd/resource_customizations/rootmfa.io
KINDS=(RootMfaPolicy OrganizationRootMfaPolicy)
CM=deploy/argocd/argocd-cm.yaml

say() { printf 'argocd-health: %s\n' "$*" >&2; }

check=false
case "${1:-}" in
  --check) check=true ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

# argocd-cm.yaml carries each kind's health.lua verbatim; it is generated, never edited by hand.
render_cm() {
  cat <<EOF
# Generated from $CUSTOMIZATIONS/<kind>/health.lua by hack/argocd-health-check.sh; do not edit.
# Merge the data keys (one per kind) into the argocd-cm ConfigMap of your Argo CD installation.
apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cm
  namespace: argocd
  labels:
    app.kubernetes.io/name: argocd-cm
    app.kubernetes.io/part-of: argocd
data:
EOF
  for kind in "${KINDS[@]}"; do
    echo "  resource.customizations.health.rootmfa.io_$kind: |"
    sed '/^$/!s/^/    /' "$CUSTOMIZATIONS/$kind/health.lua"
  done
}
if $check; then
  if ! diff -u "$CM" <(render_cm) >&2; then
    say "$CM is out of date with the health.lua files: run hack/argocd-health-check.sh"
    exit 1
  fi
else
  render_cm > "$CM"
fi

# health_test.yaml -> "inputPath<TAB>status<TAB>message" lines; PyYAML from a cached venv if python3 lacks it.
python=python3
if ! python3 -c 'import yaml' 2>/dev/null; then
  venv="$CACHE/venv-pyyaml"
  [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
  "$venv/bin/python" -c 'import yaml' 2>/dev/null || "$venv/bin/pip" install --quiet pyyaml >&2
  python="$venv/bin/python"
fi
argocd=$(hack/argocd-cli.sh)
passed=0 failed=0
for kind in "${KINDS[@]}"; do
  dir="$CUSTOMIZATIONS/$kind"
  cases=$("$python" - "$dir/health_test.yaml" <<'PY'
import sys, yaml
for t in yaml.safe_load(open(sys.argv[1]))["tests"]:
    h = t["healthStatus"]
    print("\t".join([t["inputPath"], h["status"], h.get("message", "")]))
PY
)

  # Every testdata file must be a case, so no fixture silently goes unchecked.
  for f in "$dir"/testdata/*.yaml; do
    grep -qF "testdata/$(basename "$f")" <<<"$cases" || { say "$f is not listed in health_test.yaml"; exit 1; }
  done

  while IFS=$'\t' read -r input want_status want_message; do
    out=$("$argocd" admin settings resource-overrides health "$dir/$input" --argocd-cm-path "$CM" 2>/dev/null)
    got_status=$(sed -n 's/^STATUS: //p' <<<"$out")
    got_message=$(sed -n 's/^MESSAGE: //p' <<<"$out")
    if [[ "$got_status" == "$want_status" && "$got_message" == "$want_message" ]]; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      say "FAIL $kind/$input"
      say "  want: $want_status: $want_message"
      say "  got:  ${got_status:-<none>}: ${got_message:-$out}"
    fi
  done <<<"$cases"
done

if (( failed > 0 )); then
  echo "argocd-health: $passed passed, $failed failed"
  exit 1
fi
echo "argocd-health: $passed cases passed"
