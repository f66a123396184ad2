#!/usr/bin/env bash
# Checks that kstatus (sigs.k8s.io/cli-utils, as Flux, kpt and Config Sync run it) and Argo CD (deploy/argocd's
# health.lua, run by `argocd admin settings resource-overrides health`) read every Ready reason as
# hack/kstatus/verdicts.txt says, on the policies the operator itself wrote in ReadyReasonObjectsTest
# (target/ready-reason-objects/<reason>.yaml; `make test` runs that test first), and every state of an organization
# policy as hack/kstatus/organization-verdicts.txt says, on the ones it wrote in OrganizationReasonObjectsTest
# (target/ready-reason-objects/OrganizationRootMfaPolicy/<state>.yaml).
#   usage: hack/status-verdicts.sh [--check]     (read-only either way; --check is accepted for `make test`)
# Fails when a reason of workflow/Reason.java has no row, when a reason lacks its object (unless its row has a
# note saying why), when either tool disagrees with the table, or when the two disagree on one of the hand-written
# fixtures of deploy/argocd (Healthy/Current, Degraded/Failed, Suspended or Progressing/InProgress).
set -euo pipefail

cd "$(dirname "$0")/.."
TABLE=hack/kstatus/verdicts.txt
ORG_TABLE=hack/kstatus/organization-verdicts.txt
OBJECTS=target/ready-reason-objects
ORG_OBJECTS=$OBJECTS/OrganizationRootMfaPolicy
REASONS=src/main/java/io/rootmfa/operator/workflow/Reason.java
CM=deploy/argocd/argocd-cm.yaml

say() { printf 'status-verdicts: %s\n' "$*" >&2; }

case "${1:-}" in
  --check | "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

if [[ ! -d $OBJECTS || ! -d $ORG_OBJECTS ]]; then
  say "no $OBJECTS or $ORG_OBJECTS: run mvn test -Dtest='ReadyReasonObjectsTest,OrganizationReasonObjectsTest' first (make test does)"
  exit 1
fi
kstatus=$(hack/kstatus-cli.sh)
argocd=$(hack/argocd-cli.sh)
reasons=$(sed -n 's/^  \([A-Z][A-Za-z]*\)(\(true\|false\)).*/\1/p' "$REASONS")

failed=0 checked=0
# present <label> <object> <note> <test>: the object exists, or the row's note says why not (else a failure).
present() {
  [[ -f $2 ]] && return 0
  if [[ -n $3 ]]; then
    say "$1: $3"
  else
    say "$1: no $2; $4 must reach it"
    failed=1
  fi
  return 1
}
# judge <label> <object> <kstatus> <Argo CD>: both tools read the object as the table says.
judge() {
  local label=$1 object=$2 want_kstatus=$3 want_argocd=$4 got_kstatus got_argocd
  got_kstatus=$("$kstatus" "$object" | cut -f4)
  got_argocd=$("$argocd" admin settings resource-overrides health "$object" --argocd-cm-path "$CM" 2>/dev/null |
    sed -n 's/^STATUS: //p')
  if [[ $got_kstatus == "$want_kstatus" && $got_argocd == "$want_argocd" ]]; then
    checked=$((checked + 1))
    printf 'status-verdicts: %-30s kstatus %-11s Argo CD %s\n' "$label" "$got_kstatus" "$got_argocd" >&2
  else
    say "FAIL $label: want kstatus $want_kstatus, Argo CD $want_argocd; got kstatus ${got_kstatus:-?}, Argo CD ${got_argocd:-?}"
    failed=1
  fi
}
for reason in $reasons; do
  grep -qE "^$reason[[:space:]]" "$TABLE" || { say "reason $reason has no row in $TABLE"; failed=1; }
done
while read -r reason want_kstatus want_argocd note; do
  [[ -z $reason || $reason == \#* ]] && continue
  object="$OBJECTS/$reason.yaml"
  if ! grep -qx "$reason" <<<"$reasons"; then
    say "$reason: not a reason of $REASONS (yet); skipped"
    continue
  fi
  present "$reason" "$object" "$note" ReadyReasonObjectsTest || continue
  judge "$reason" "$object" "$want_kstatus" "$want_argocd"
done <"$TABLE"

# Every state of an organization policy has its object, whose Ready reason is the state's.
while read -r state want_kstatus want_argocd note; do
  [[ -z $state || $state == \#* ]] && continue
  object="$ORG_OBJECTS/${state//\//-}.yaml"
  present "OrganizationRootMfaPolicy $state" "$object" "$note" OrganizationReasonObjectsTest || continue
  got_reason=$("$kstatus" "$object" | cut -f3)
  if [[ $got_reason != "${state%%/*}" ]]; then
    say "FAIL $object: Ready reason ${got_reason:-?}, not ${state%%/*}"
    failed=1
    continue
  fi
  judge "OrganizationRootMfaPolicy $state" "$object" "$want_kstatus" "$want_argocd"
done <"$ORG_TABLE"

# The hand-written Argo CD fixtures must be read alike too: Healthy is Current, Degraded is Failed, Suspended and
# Progressing are InProgress.
declare -A kstatus_of=([Healthy]=Current [Degraded]=Failed [Suspended]=InProgress [Progressing]=InProgress)
# One known exception: before the operator's first status write there is nothing for kstatus to read, and it
# computes Current for an object without status or conditions (Argo CD's health.lua says Progressing).
for fixture in deploy/argocd/resource_customizations/rootmfa.io/*/testdata/*.yaml; do
  if [[ $fixture == */progressing_noStatus.yaml ]]; then
    say "$(basename "$fixture"): no status yet, kstatus Current by its own rule (known exception)"
    continue
  fi
  got_argocd=$("$argocd" admin settings resource-overrides health "$fixture" --argocd-cm-path "$CM" 2>/dev/null |
    sed -n 's/^STATUS: //p')
  got_kstatus=$("$kstatus" "$fixture" | cut -f4)
  if [[ $got_kstatus != "${kstatus_of[$got_argocd]:-?}" ]]; then
    say "FAIL $fixture: Argo CD ${got_argocd:-?} but kstatus ${got_kstatus:-?}"
    failed=1
  fi
done

if ((failed)); then
  echo "status-verdicts: FAILED"
  exit 1
fi
echo "status-verdicts: $checked reasons and organization policy states (objects the operator wrote) and every Argo CD fixture read alike by kstatus and Argo CD"
