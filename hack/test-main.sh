#!/usr/bin/env bash
# Runs a main class from the test code (the AWS emulator, the API server) as a process of its own.
#   hack/test-main.sh <fully.qualified.Main> [args...]
# Needs `mvn test-compile` (or package) to have run; caches the test classpath in target/test-classpath.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file=target/test-classpath.txt
if [[ ! -s $cp_file || pom.xml -nt $cp_file ]]; then
  mvn -B -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2
fi
exec java -Dkube.api.test.dir="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}" \
  -cp "target/test-classes:target/classes:$(cat "$cp_file")" "$@"
