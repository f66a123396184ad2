#!/usr/bin/env bash
# Lints deploy/aws: every JSON file parses and is an IAM policy document; the CloudFormation templates pass
# cfn-lint (informational rules included); the templates grant exactly the actions of the JSON policies they
# mirror (auditor, enroller, seed store, break-glass reader, the roles' trust, KMS key policy), so they cannot
# drift apart; the auditor grants no write.
#   usage: hack/aws-lint.sh [--check]     (read-only either way; --check is accepted for `make test`)
# cfn-lint (pinned) lives in a venv under ${ROOTMFA_CACHE:-~/.cache/rootmfa}, created on first use.
set -euo pipefail

cd "$(dirname "$0")/.."
CACHE="${ROOTMFA_CACHE:-$HOME/.cache/rootmfa}"
CFN_LINT_VERSION="${CFN_LINT_VERSION:-1.58.0}"
VENV="$CACHE/venv-cfn-lint"
DIR=deploy/aws
ROLES_TEMPLATE="$DIR/stackset-enroller-role.yaml"
KEY_TEMPLATE="$DIR/stackset-seed-key.yaml"
CUSTODY_TEMPLATE="$DIR/custody-account.yaml"

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

# Policy documents, and the templates against the JSON policies they mirror (parsed with cfn-lint's decoder).
"$VENV/bin/python" - "$DIR" "$ROLES_TEMPLATE" "$KEY_TEMPLATE" "$CUSTODY_TEMPLATE" <<'PY'
import fnmatch, json, pathlib, sys
from cfnlint.decode import decode

directory, roles_path, key_path, custody_path = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
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

def statements(document):
    # A conditional statement (Fn::If) counts with its "true" branch.
    return {"Statement": [st["Fn::If"][1] if "Fn::If" in st else st for st in document["Statement"]]}

roles, role_matches = decode(roles_path)
key, key_matches = decode(key_path)
custody, custody_matches = decode(custody_path)
errors.extend(str(m) for m in role_matches + key_matches + custody_matches)
if not errors:
    def role_policy(role, name, template=roles):
        return {p["PolicyName"]: p["PolicyDocument"]
                for p in template["Resources"][role]["Properties"]["Policies"]}[name]
    def trust(role, template=roles):
        return template["Resources"][role]["Properties"]["AssumeRolePolicyDocument"]
    pairs = [
        ("auditor-policy.json", roles_path, role_policy("AuditorRole", "RootMfaAuditor")),
        ("enroller-policy.json", roles_path, role_policy("EnrollerRole", "RootMfaEnroller")),
        ("seed-store-policy.json", roles_path, role_policy("EnrollerRole", "RootMfaSeedStore")),
        ("breakglass-reader-policy.json", roles_path, role_policy("BreakGlassReaderRole", "RootMfaBreakGlass")),
        ("trust-policy.json", roles_path + " (AuditorRole trust)", trust("AuditorRole")),
        ("trust-policy.json", roles_path + " (EnrollerRole trust)", trust("EnrollerRole")),
        ("breakglass-reader-trust-policy.json", roles_path + " (BreakGlassReaderRole trust)", trust("BreakGlassReaderRole")),
        ("kms-key-policy.json", key_path, key["Resources"]["SeedKey"]["Properties"]["KeyPolicy"]),
        ("custody-role-policy.json", custody_path, role_policy("CustodianRole", "RootMfaSeedCustodian", custody)),
        ("custody-trust-policy.json", custody_path + " (CustodianRole trust)", trust("CustodianRole", custody)),
        ("breakglass-reader-policy.json", custody_path, role_policy("BreakGlassReaderRole", "RootMfaBreakGlass", custody)),
        ("breakglass-reader-trust-policy.json", custody_path + " (BreakGlassReaderRole trust)",
         trust("BreakGlassReaderRole", custody)),
        ("kms-key-policy.json", custody_path, custody["Resources"]["SeedKey"]["Properties"]["KeyPolicy"]),
    ]
    for name, where, document in pairs:
        in_json, in_template = actions(documents[name]), actions(statements(document))
        if in_json != in_template:
            errors.append(f"{where} and {name} grant different actions: "
                          f"only in JSON {sorted(in_json - in_template)}, only in template {sorted(in_template - in_json)}")
    auditor, enroller = actions(documents["auditor-policy.json"]), actions(documents["enroller-policy.json"])
    if not auditor <= enroller:
        errors.append(f"enroller-policy.json lacks auditor actions {sorted(auditor - enroller)}")
    # Read-only: the auditor role lists and gets, nothing else.
    writes = sorted(a for a in auditor if not a.split(":")[1].startswith(("Get", "List")))
    if writes:
        errors.append(f"auditor-policy.json grants more than reads: {writes}")
    # With EKS Pod Identity the operator's session tags are transitive: the roles it chains into must accept them.
    # No key administrator can give anyone (themselves) the use of a seed key: an unconditional grant to the
    # account root must not match kms:CreateGrant or kms:PutKeyPolicy, nor use a key (Decrypt, ReEncrypt*, ...).
    forbidden = ("kms:CreateGrant", "kms:PutKeyPolicy", "kms:ReplicateKey", "kms:Decrypt", "kms:ReEncryptFrom")
    key_policies = [("kms-key-policy.json", documents["kms-key-policy.json"]),
                    (key_path, statements(key["Resources"]["SeedKey"]["Properties"]["KeyPolicy"])),
                    (custody_path, custody["Resources"]["SeedKey"]["Properties"]["KeyPolicy"])]
    for where, document in key_policies:
        for st in document["Statement"]:
            principal = st.get("Principal", {}).get("AWS", "")
            principal = principal if isinstance(principal, str) else json.dumps(principal)
            if st["Effect"] != "Allow" or "Condition" in st or not (":root" in principal or "AWS::AccountId" in principal):
                continue
            granted = [st["Action"]] if isinstance(st["Action"], str) else st["Action"]
            for action in forbidden:
                if any(fnmatch.fnmatchcase(action, a) for a in granted):
                    errors.append(f"{where}: statement {st.get('Sid')} lets every administrator of the account {action}")
    for name in ("trust-policy.json", "custody-trust-policy.json", "operator-policy.json",
                 "operator-trust-pod-identity.json"):
        if "sts:TagSession" not in actions(documents[name]):
            errors.append(f"{name} lacks sts:TagSession (EKS Pod Identity session tags are transitive)")

for e in errors:
    print(f"aws-lint: {e}", file=sys.stderr)
sys.exit(1 if errors else 0)
PY
say "policy documents valid; templates grant exactly the actions of the JSON policies they mirror"
echo "aws-lint: OK"
