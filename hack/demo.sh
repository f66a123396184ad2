#!/usr/bin/env bash
# make demo: the operator as a process (the built jar, as in production) against a real kube-apiserver + etcd and
# the project's AWS emulator, on the three policies of deploy/examples/.
#   hack/demo.sh          (after `make build`; `make demo` does both)
# Accounts it creates in the emulator:
#   111111111111  root with a password and access keys; the keys go into Secret prod-root-keys   -> prod-root
#   222222222222  root with a password, no MFA; role RootMfaAuditor (external id rootmfa:rootmfa-demo:rootmfa-demo) trusting the operator
#                 -> staging-audit
#   333333333333  IAM user breakglass-admin; role RootMfaEnroller (external id rootmfa:rootmfa-demo:rootmfa-demo) trusting the operator
#                 -> breakglass-user
#   999999999999  the "platform" account: IAM user rootmfa-operator, whose keys are the operator's own identity
# It runs the README's walkthrough block as written (kubectl being this API server's), then applies the rest of
# deploy/examples/. Prints the policies, their conditions and Events, the Secrets Manager secrets' metadata (never a value), one
# `demo: <ns>/<name> Ready=.. MfaEnabled=.. reason=..` line per policy, then `demo: OK`; exits 1 if any policy
# did not reach its expected state. Stops everything it started. No key, seed or code is ever printed.
set -euo pipefail
cd "$(dirname "$0")/.."

DEMO_NS=rootmfa-demo
OPERATOR_NS=rootmfa-system
TIMEOUT="${DEMO_TIMEOUT:-120}"
# name:expected Ready status:expected reason
# prod-root enrolls root as real AWS allows it, in the console: without a person it waits for `rootmfa console-enroll`.
EXPECTED=(prod-root:False:AwaitingConsoleEnrollment staging-audit:False:NonCompliant breakglass-user:True:Compliant)

say() { printf 'demo: %s\n' "$*"; }
die() { say "FAILED: $*"; exit 1; }

[[ -f target/quarkus-app/quarkus-run.jar ]] || die "no target/quarkus-app/quarkus-run.jar: run make build (make demo does)"
[[ -f target/test-classes/io/rootmfa/operator/it/ApiServerMain.class ]] \
  || die "no compiled test classes (API server, emulator): run make build without -Dmaven.test.skip"

BIN=$(hack/kube-binaries.sh)   # progress on stderr: the first run builds kube-apiserver (many minutes)
KUBECTL="$BIN/kubectl"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rootmfa-demo.XXXXXX")
chmod 700 "$WORK"
export KUBECONFIG="$WORK/kubeconfig"

# --- stop everything on exit -------------------------------------------------------------------------------
pids=()        # processes we started, stopped in reverse order
children=()    # the API server's etcd and kube-apiserver, killed if its JVM leaves them behind
# TERM, then KILL after 30 s (the operator can take long to stop its informers and AWS sessions).
stop_pid() {
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  set +e
  for (( i=${#pids[@]}-1; i>=0; i-- )); do stop_pid "${pids[i]}"; done
  for pid in "${children[@]}"; do stop_pid "$pid"; done
  wait 2>/dev/null
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits until a log file has a line matching a pattern, or the process dies, or time runs out.
await_line() {
  local pid=$1 log=$2 pattern=$3 what=$4 limit=$5
  for _ in $(seq 1 $((limit * 5))); do
    grep -q -- "$pattern" "$log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$log" >&2; die "$what exited during startup"; }
    sleep 0.2
  done
  tail -n 30 "$log" >&2
  die "$what not ready within ${limit}s"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# --- 1. API server and emulator ----------------------------------------------------------------------------
say "starting kube-apiserver + etcd (binaries in $BIN) and the AWS emulator"
hack/test-main.sh io.rootmfa.operator.it.ApiServerMain "$KUBECONFIG" >"$WORK/apiserver.log" 2>&1 &
api_pid=$!
pids+=("$api_pid")
await_line "$api_pid" "$WORK/apiserver.log" 'apiserver: ready ' "the API server" 180
mapfile -t children < <(pgrep -P "$api_pid" || true)
# Started second, so that the two never race to write target/test-classpath.txt on a fresh checkout.
hack/test-main.sh io.rootmfa.operator.emulator.AwsEmulatorMain --port 0 --root-api allowed >"$WORK/emulator.log" 2>&1 &
emu_pid=$!
pids+=("$emu_pid")
await_line "$emu_pid" "$WORK/emulator.log" 'emulator: listening on ' "the AWS emulator" 60
AWS=$(grep -o 'emulator: listening on http://127.0.0.1:[0-9]*' "$WORK/emulator.log" | head -n 1 | sed 's/.* //')
say "API server ready (CRD installed); emulator at $AWS"

# --- 2. AWS accounts through the emulator's admin API --------------------------------------------------------
# Every response that carries keys goes to a file under $WORK (mode 700) and is read by jq, never printed.
admin() { # admin <path> <json> <outfile>
  curl -fsS -X POST -H 'Content-Type: application/json' -d "$2" "$AWS/_emulator/$1" -o "$3" \
    || die "emulator admin API POST /_emulator/$1 failed"
}
field() { jq -r ".$2" "$WORK/$1.json"; }

admin accounts '{"accountId":"999999999999","rootPassword":true,"rootAccessKeys":false}' "$WORK/platform.json"
admin accounts/999999999999/users '{"userName":"rootmfa-operator"}' "$WORK/operator-user.json"
admin accounts '{"accountId":"111111111111","rootPassword":true,"rootAccessKeys":true}' "$WORK/prod.json"
admin accounts '{"accountId":"222222222222","rootPassword":true,"rootAccessKeys":false}' "$WORK/staging.json"
admin accounts '{"accountId":"333333333333","rootPassword":true,"rootAccessKeys":false}' "$WORK/breakglass.json"
admin accounts/333333333333/users '{"userName":"breakglass-admin"}' "$WORK/breakglass-admin.json"
operator_arn=$(field operator-user arn)
role() { # role <account> <role name> <outfile>
  admin "accounts/$1/roles" \
    "$(jq -cn --arg p "$operator_arn" --arg r "$2" '{roleName:$r,externalId:"rootmfa:rootmfa-demo:rootmfa-demo",trustedPrincipals:[$p]}')" \
    "$WORK/$3.json"
}
role 222222222222 RootMfaAuditor auditor-role
role 333333333333 RootMfaEnroller role
say "AWS accounts: 111111111111 (root, keys in Secret prod-root-keys), 222222222222 (role $(field auditor-role roleArn))," \
  "333333333333 (user breakglass-admin, role $(field role roleArn)); both roles trust $operator_arn"

# Every key the demo handled, to prove at the end that none of them was printed.
for f in operator-user prod breakglass-admin; do
  jq -r '.accessKeyId // empty, .secretAccessKey // empty' "$WORK/$f.json"
done >"$WORK/never-print"

# --- 3. Namespaces and Secrets ---------------------------------------------------------------------------------
"$KUBECTL" create namespace "$OPERATOR_NS" >/dev/null
"$KUBECTL" apply -f deploy/examples/namespace.yaml >/dev/null
keys_secret() { # keys_secret <name> <response file>
  jq -j .accessKeyId "$WORK/$2.json" >"$WORK/$1.id"
  jq -j .secretAccessKey "$WORK/$2.json" >"$WORK/$1.secret"
  "$KUBECTL" -n "$DEMO_NS" create secret generic "$1" \
    --from-file=accessKeyId="$WORK/$1.id" --from-file=secretAccessKey="$WORK/$1.secret" >/dev/null
}
keys_secret prod-root-keys prod

# --- 4. The operator, from the built jar -------------------------------------------------------------------------
http_port=$(free_port)
say "starting the operator (target/quarkus-app/quarkus-run.jar, leader election in $OPERATOR_NS, port $http_port)"
(
  AWS_ACCESS_KEY_ID=$(field operator-user accessKeyId)
  AWS_SECRET_ACCESS_KEY=$(field operator-user secretAccessKey)
  export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
  export AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
  export ROOTMFA_AWS_ENDPOINT_OVERRIDE="$AWS" POD_NAMESPACE="$OPERATOR_NS" QUARKUS_HTTP_PORT="$http_port"
  export QUARKUS_LOG_CONSOLE_JSON_ENABLED=false
  exec java --sun-misc-unsafe-memory-access=allow -jar target/quarkus-app/quarkus-run.jar
) >"$WORK/operator.log" 2>&1 &
op_pid=$!
pids+=("$op_pid")
for _ in $(seq 1 300); do
  curl -fsS "http://127.0.0.1:$http_port/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$op_pid" 2>/dev/null || { tail -n 40 "$WORK/operator.log" >&2; die "the operator exited during startup"; }
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$http_port/q/health/ready" >/dev/null 2>&1 || die "the operator is not ready after 60s"
say "operator ready"

# --- 5. The README's walkthrough as written, the rest of the examples, and wait for each expected state -----------
# The block is the first ```sh block after the marker line in README.md; each command is echoed as it runs.
walkthrough=$(awk '/<!-- make demo runs the next block as written -->/{m=1; next}
  m && /^```sh$/{b=1; next} b && /^```$/{exit} b{print}' README.md)
[[ -n $walkthrough ]] || die "README.md has no walkthrough block after its marker line"
kubectl() { "$KUBECTL" "$@"; }
export -f kubectl
export KUBECTL
say "running the README walkthrough"
bash -euo pipefail -xc "$walkthrough" || die "the README walkthrough failed"
"$KUBECTL" apply -f deploy/examples/
# prod-root waits for a person inside a window: open a one-hour one, as an approver would.
"$KUBECTL" -n "$DEMO_NS" patch rmp prod-root --type merge -p "spec: {breakGlass: {ticket: SEC-1234,
  approvedBy: demo, startsAt: '$(date -u +%FT%TZ)', expiresAt: '$(date -u -d '+1 hour' +%FT%TZ)'}}" >/dev/null
problems=()
for e in "${EXPECTED[@]}"; do
  IFS=: read -r name ready reason <<<"$e"
  if ! "$KUBECTL" -n "$DEMO_NS" wait "rmp/$name" --timeout="${TIMEOUT}s" \
      --for=jsonpath='{.status.conditions[?(@.type=="Ready")].reason}'="$reason" >/dev/null 2>"$WORK/wait.err"; then
    problems+=("$DEMO_NS/$name did not reach reason=$reason within ${TIMEOUT}s ($(tr '\n' ' ' <"$WORK/wait.err"))")
  elif [[ $ready == True ]] && ! "$KUBECTL" -n "$DEMO_NS" wait "rmp/$name" --for=condition=Ready --timeout=10s >/dev/null; then
    problems+=("$DEMO_NS/$name has reason=$reason but not Ready=True")
  fi
done

# --- 6. Report (built in a file first, checked for keys, then shown) ---------------------------------------------
report="$WORK/report"
{
  echo
  echo "\$ kubectl get rmp -A"
  "$KUBECTL" get rmp -A
  for e in "${EXPECTED[@]}"; do
    name=${e%%:*}
    echo
    echo "== $DEMO_NS/$name: conditions"
    "$KUBECTL" -n "$DEMO_NS" get rmp "$name" -o json | jq -r '
      (.status.conditions // [])
      | (["TYPE","STATUS","REASON","MESSAGE"] | @tsv), (.[] | [.type, .status, .reason, .message] | @tsv)' \
      | column -t -s $'\t'
    "$KUBECTL" -n "$DEMO_NS" get rmp "$name" -o json | jq -r '
      "device: \(.status.device.serialNumber // "-")   seed secret: \(.status.seed.secretArn // "-")"'
    echo "== $DEMO_NS/$name: events"
    "$KUBECTL" -n "$DEMO_NS" get events --field-selector "involvedObject.name=$name" \
      --sort-by=.metadata.creationTimestamp -o custom-columns=TYPE:.type,REASON:.reason,MESSAGE:.message
  done
  echo
  echo "== Secrets Manager secrets (metadata from the emulator; values are never shown)"
  curl -fsS "$AWS/_emulator/state" | jq -r '
    .accounts[] | .accountId as $a | .secrets[]
    | "account \($a)  name \(.name)\n  arn \(.arn)\n  kmsKeyId \(.kmsKeyId // "aws/secretsmanager")  versions \(.versionIdsToStages | tojson)  tags \(.tags | tojson)"'
  echo
  for e in "${EXPECTED[@]}"; do
    name=${e%%:*}
    "$KUBECTL" -n "$DEMO_NS" get rmp "$name" -o json | jq -r --arg ns "$DEMO_NS" '
      def c($t): ((.status.conditions // []) | map(select(.type == $t)) | first // {});
      "demo: \($ns)/\(.metadata.name) Ready=\(c("Ready").status // "Unknown") MfaEnabled=\(c("MfaEnabled").status // "Unknown") reason=\(c("Ready").reason // "None")"'
  done
} >"$report" 2>&1

# Belt and braces: no key may appear in what the demo shows or in the operator's log.
if grep -q -F -f "$WORK/never-print" "$report" "$WORK/operator.log"; then
  die "an access key appeared in the report or the operator log; not showing it"
fi
cat "$report"

if (( ${#problems[@]} )); then
  for p in "${problems[@]}"; do say "NOT OK: $p"; done
  echo "--- operator log (last 40 lines)"
  tail -n 40 "$WORK/operator.log"
  die "${#problems[@]} of ${#EXPECTED[@]} policies did not reach the expected state"
fi
say "OK"
