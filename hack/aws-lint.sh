#!/usr/bin/env bash
# Lints deploy/aws: every JSON file parses and is an IAM policy document; the CloudFormation template passes
# cfn-lint (informational rules included); the template grants exactly the actions of the
# JSON policies it mirrors (enroller, seed store, KMS key policy), so the two cannot drift apart.
#   usage: hack/aws-lint.sh [--check]     (read-only either way; --check is accepted for `make test`)
# cfn-lint (pinned) lives in a venv under ${ROOTMFA_CACHE:-~/.cache/rootmfa}, created on first use.
set -euo pipefail

cd "$(dirname "$0")/.."
CACHE="${ROOTMFA_CACHE:-$HOME/.cache/rootmfa}"
CFN_LINT_VERSION="${CFN_LINT_VERSION:-1.58.0}"
VENV="$CACHE/venv-cfn-lint"
DIR=deploy/aws
TEMPLATE="$DIR/stackset-enroller-role.yaml"

say() { printf 'aws-lint: %s\n' "$*" >&2; }

case "${1:-}" in
  --check | "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

if [[ "$("$VENV/bin/cfn-lint" --version 2>/dev/null)" != "cfn-lint $CFN_LINT_VERSION" ]]; then
  say "installing cfn-lint $CFN_LINT_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "cfn-lint==$CFN_LINT_VERSION" >&2
fi

for f in "$DIR"/*.json; do
  python3 -m json.tool "$f" >/dev/null || { say "$f does not parse"; exit 1; }
done
say "$(ls "$DIR"/*.json | wc -l) JSON files parse"

"$VENV/bin/cfn-lint" --include-checks I -- "$DIR"/*.yaml
say "cfn-lint $CFN_LINT_VERSION clean: $(ls "$DIR"/*.yaml | tr '\n' ' ')"

# Policy documents, and the template against the JSON policies it mirrors (parsed with cfn-lint's decoder).
"$VENV/bin/python" - "$DIR" "$TEMPLATE" <<'PY'
import json, pathlib, sys
from cfnlint.decode import decode

directory, template_path = pathlib.Path(sys.argv[1]), sys.argv[2]
errors = []

def actions(document):
    found = set()
    for statement in document["Statement"]:
        a = statement["Action"]
        found.update([a] if isinstance(a, str) else a)
    return found

documents = {}
for path in sorted(directory.glob("*.json")):
    doc = json.loads(path.read_text())
    documents[path.name] = doc
    if doc.get("Version") != "2012-10-17" or not isinstance(doc.get("Statement"), list) or not doc["Statement"]:
        errors.append(f"{path}: not an IAM policy document (Version 2012-10-17, non-empty Statement list)")
        continue
    for i, s in enumerate(doc["Statement"]):
        # Identity policies name a Resource; resource and trust policies name a Principal.
        missing = {"Effect", "Action"} - s.keys()
        if missing or s.get("Effect") not in ("Allow", "Deny") or not ({"Resource", "Principal"} & s.keys()):
            errors.append(f"{path}: statement {i} needs Effect Allow|Deny, Action and a Resource or Principal")
        if "*" in (s.get("Action") if isinstance(s.get("Action"), list) else [s.get("Action")]):
            errors.append(f"{path}: statement {i} allows every action")

template, matches = decode(template_path)
if matches:
    errors.extend(str(m) for m in matches)
else:
    resources = template["Resources"]
    role_policies = {p["PolicyName"]: p["PolicyDocument"] for p in resources["EnrollerRole"]["Properties"]["Policies"]}
    # A conditional statement (Fn::If) counts with its "true" branch.
    key_statements = [s["Fn::If"][1] if "Fn::If" in s else s
                      for s in resources["SeedKey"]["Properties"]["KeyPolicy"]["Statement"]]
    pairs = [
        ("enroller-policy.json", actions(role_policies["RootMfaEnroller"])),
        ("seed-store-policy.json", actions(role_policies["RootMfaSeedStore"])),
        ("kms-key-policy.json", actions({"Statement": key_statements})),
    ]
    for name, in_template in pairs:
        in_json = actions(documents[name])
        if in_json != in_template:
            errors.append(f"{template_path} and {name} grant different actions: "
                          f"only in JSON {sorted(in_json - in_template)}, only in template {sorted(in_template - in_json)}")
    auditor, enroller = actions(documents["auditor-policy.json"]), actions(documents["enroller-policy.json"])
    if not auditor <= enroller:
        errors.append(f"enroller-policy.json lacks auditor actions {sorted(auditor - enroller)}")

for e in errors:
    print(f"aws-lint: {e}", file=sys.stderr)
sys.exit(1 if errors else 0)
PY
say "policy documents valid; template grants exactly the actions of enroller, seed-store and kms-key policies"
echo "aws-lint: OK"
