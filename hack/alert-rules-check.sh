#!/usr/bin/env bash
# Tests the alerts that ship: renders the chart's PrometheusRule (helm template, default values plus
# metrics.prometheusRule.enabled=true), takes its spec as a Prometheus rule file, and runs
#   promtool check rules  and  promtool test rules hack/prometheus/alerts_test.yaml
# on it in target/prometheus/.
#   usage: hack/alert-rules-check.sh [--check]     (read-only either way; --check is accepted for `make test`)
# helm comes from hack/kube-binaries.sh, promtool from hack/promtool.sh (both cached outside the work tree).
set -euo pipefail

cd "$(dirname "$0")/.."
OUT=target/prometheus

say() { printf 'alert-rules: %s\n' "$*" >&2; }

case "${1:-}" in
  --check | "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

HELM="${HELM:-$(hack/kube-binaries.sh)/helm}"
PROMTOOL=$(hack/promtool.sh)
mkdir -p "$OUT"
# A PrometheusRule's spec is a rule file: drop everything above `spec:` and one level of indentation.
"$HELM" template rootmfa-operator helm/rootmfa-operator --namespace rootmfa-system \
  --set metrics.prometheusRule.enabled=true --show-only templates/prometheusrule.yaml |
  sed -n '/^spec:$/,$p' | tail -n +2 | sed 's/^  //' >"$OUT/rootmfa-rules.yaml"
cp hack/prometheus/alerts_test.yaml "$OUT/"

"$PROMTOOL" check rules "$OUT/rootmfa-rules.yaml" >&2
"$PROMTOOL" test rules "$OUT/alerts_test.yaml" >&2
echo "alert-rules: OK"
