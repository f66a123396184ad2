#!/usr/bin/env bash
# make bench: the built operator (target/quarkus-app, from `make build`) as a process against a real API server and
# the AWS emulator with 100 ms per call, under the chart's default memory limit. Two kinds of run, one JSON line each
# on stdout (progress on stderr); it measures, never fails on timing:
#  - "policies", N = 1,000 and 5,000: one IAM-user Enforce policy per account, through assumeRole, created before the
#    operator starts (--n);
#  - "organization", N = 5,000: one OrganizationRootMfaPolicy (Audit, assumeRoot) over an organization of N member
#    accounts in 10 OUs, created before the operator starts, which creates the N children (--org-accounts); the
#    children check every --check-interval, or less often when their steady audits would keep more than half the
#    reconcile threads busy (250 s at 5,000 accounts and 100 ms).
# Options go to BenchMain (0 skips a kind of run):
#   hack/bench.sh [--n 1000,5000] [--org-accounts 5000] [--org-creations-per-second 20] [--latency-ms 100]
#                 [--memory-limit 384m] [--check-interval 60s]
# It runs from a snapshot of the build, so that a build in this tree during the run cannot pull classes away.
set -euo pipefail
cd "$(dirname "$0")/.."
export KUBE_API_TEST_DIR="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}"
hack/kube-binaries.sh >/dev/null
for built in target/classes target/test-classes target/quarkus-app/quarkus-run.jar; do
  [[ -e $built ]] || { echo "bench: $built is missing: run make build" >&2; exit 2; }
done
# The chart's default memory limit is the pod's: the JVM sees it as -XX:MaxRAM.
limit=$(awk '/^resources:/{r=1} r&&/limits:/{l=1} r&&l&&/memory:/{print $2; exit}' helm/rootmfa-operator/values.yaml)
limit=${limit%i}; limit=${limit,,}
logs="$PWD/target/bench"
snapshot=$(mktemp -d -t rootmfa-bench.XXXXXX)
trap 'rm -rf "$snapshot"' EXIT
mkdir -p "$snapshot/target" "$snapshot/hack" "$logs"
cp -p pom.xml "$snapshot/"
cp -rp crds "$snapshot/"
cp -p hack/test-main.sh "$snapshot/hack/"
cp -rp target/classes target/test-classes target/quarkus-app "$snapshot/target/"
[[ ! -s target/test-classpath.txt ]] || cp -p target/test-classpath.txt "$snapshot/target/"
cd "$snapshot"
hack/test-main.sh io.rootmfa.operator.bench.BenchMain --memory-limit "$limit" --logs "$logs" "$@"
