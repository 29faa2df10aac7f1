#!/usr/bin/env bash
# Checks the SAM template offline: `sam validate --lint`, then cfn-lint twice. The current
# cfn-lint no longer expands the SAM transform, so it misses what only shows once SAM has
# generated the resources (bad event properties, circular dependencies between a bucket's
# notifications and a function's policy); cfn-lint 1.40.x still expands it. Each tool lives in
# a venv of its own under ENVINORMA_TOOLS_DIR, installed once (pip only; nothing else is
# downloaded). Any finding fails the script with the tool's own message, informational ones
# included (cfn-lint's I rules: e.g. a stateful resource without an explicit deletion policy).
set -euo pipefail
cd "$(dirname "$0")/.."

tools=${ENVINORMA_TOOLS_DIR:-/var/cache/envinorma/tools}
template=infra/template.yaml
region=eu-west-3

# Pinned so that a new release's new rules never break `make test` unannounced: move them
# forward on purpose, and fix what the new versions find.
sam_requirements=(aws-sam-cli==1.170.0 cfn-lint==1.58.0)
expanding_requirements=(cfn-lint==1.40.4)

# A venv is (re)installed only when its requirements differ from those it was made with.
ensure_venv() {
  local dir=$1
  shift
  local wanted="$*"
  if [ -x "$dir/bin/python" ] && [ "$(cat "$dir/.requirements" 2>/dev/null)" = "$wanted" ]; then
    return
  fi
  python3 -c 'import ensurepip' 2>/dev/null || {
    echo "check-infra: python3 cannot make venvs: apt-get install python3-venv (make deps does)" >&2
    exit 1
  }
  echo "check-infra: installing $wanted into $dir"
  rm -rf "$dir"
  python3 -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
  printf '%s' "$wanted" >"$dir/.requirements"
}

ensure_venv "$tools/sam" "${sam_requirements[@]}"
ensure_venv "$tools/cfn-lint-1.40" "${expanding_requirements[@]}"

# sam reads the region and credentials the SDK way; validation is local, so none are needed,
# but a developer's own profile or endpoint must not change the result.
export AWS_REGION=$region AWS_DEFAULT_REGION=$region
export SAM_CLI_TELEMETRY=0
unset AWS_PROFILE AWS_ENDPOINT_URL

started=$SECONDS
echo "check-infra: sam validate --lint"
"$tools/sam/bin/sam" validate --lint --region "$region" --template "$template"
echo "check-infra: cfn-lint $("$tools/sam/bin/cfn-lint" --version | awk '{print $2}')"
"$tools/sam/bin/cfn-lint" --regions "$region" --include-checks I -- "$template"
echo "check-infra: cfn-lint $("$tools/cfn-lint-1.40/bin/cfn-lint" --version | awk '{print $2}') (SAM expanded)"
"$tools/cfn-lint-1.40/bin/cfn-lint" --regions "$region" --include-checks I -- "$template"
# No tool above reads a dashboard's body: a stray comma would only fail the deployment.
echo "check-infra: dashboard bodies are JSON"
"$tools/sam/bin/python" - "$template" <<'PYTHON'
import json, re, sys
from cfnlint.decode import cfn_yaml

template = cfn_yaml.load(sys.argv[1])
for name, resource in template.get("Resources", {}).items():
    if resource.get("Type") != "AWS::CloudWatch::Dashboard":
        continue
    body = resource["Properties"]["DashboardBody"]
    text = body["Fn::Sub"] if isinstance(body, dict) else body
    try:
        json.loads(re.sub(r"\$\{[^}]+\}", "x", text))
    except json.JSONDecodeError as error:
        sys.exit(f"{sys.argv[1]}: {name}: DashboardBody is not JSON: {error}")
PYTHON
echo "check-infra: $template passes every check ($((SECONDS - started)) s)"
