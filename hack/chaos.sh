#!/usr/bin/env bash
# The long crash matrix: >= 200 enrollments with the operator (target/quarkus-app, from `make build`) SIGKILLed at
# random moments, against one real API server and one AWS emulator. Ends with
#   chaos: runs=<n> kills=<k> lockouts=0 orphans=0 duplicates=0 leaks=0
# and exits non-zero if any count is not 0 or a run did not converge. Options go to ChaosMain:
#   hack/chaos.sh [--runs N] [--batch N] [--keep-logs]
# It runs from a snapshot of the build, so that a build in this tree during the run cannot pull classes away.
set -euo pipefail
cd "$(dirname "$0")/.."
export KUBE_API_TEST_DIR="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
hack/kube-binaries.sh >/dev/null
for built in target/classes target/test-classes target/quarkus-app/quarkus-run.jar; do
  [[ -e $built ]] || { echo "chaos: $built is missing: run make build" >&2; exit 2; }
done
logs="$PWD/target/chaos"
snapshot=$(mktemp -d -t rootmfa-chaos.XXXXXX)
trap 'rm -rf "$snapshot"' EXIT
mkdir -p "$snapshot/target" "$snapshot/hack" "$logs"
cp -p pom.xml "$snapshot/"
cp -rp crds "$snapshot/"
cp -p hack/test-main.sh "$snapshot/hack/"
cp -rp target/classes target/test-classes target/quarkus-app "$snapshot/target/"
[[ ! -s target/test-classpath.txt ]] || cp -p target/test-classpath.txt "$snapshot/target/"
cd "$snapshot"
hack/test-main.sh io.rootmfa.operator.chaos.ChaosMain --logs "$logs" "$@"
