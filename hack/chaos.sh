#!/usr/bin/env bash
# The long crash matrix: >= 200 enrollments with the operator (target/quarkus-app, from `make build`) SIGKILLed at
# random moments, against one real API server and one AWS emulator. Ends with
#   chaos: runs=<n> kills=<k> lockouts=0 orphans=0 duplicates=0 leaks=0
# and exits non-zero if any count is not 0 or a run did not converge. Options go to ChaosMain:
#   hack/chaos.sh [--runs N] [--batch N] [--logs DIR] [--keep-logs]
set -euo pipefail
cd "$(dirname "$0")/.."
export KUBE_API_TEST_DIR="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
hack/kube-binaries.sh >/dev/null
exec hack/test-main.sh io.rootmfa.operator.chaos.ChaosMain "$@"
