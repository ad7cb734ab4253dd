#!/usr/bin/env bash
# ci/service/promote.sh <env> <service> <digest> <tag> <out-dir>: prepares a promotion without any credential.
# In the platform checkout (.platform/, beside this script's folder) it runs `npm run promote` for the environment
# and writes to <out-dir>: <env>.yaml (the whole new environment file), promotion.diff, merge-request.md (title on the
# first line) and promotion.env (the values the merge-request job needs). Locally the same is
# `npm run promote -- --env <env> --service <service> --digest <digest> --dry-run`.
set -euo pipefail
usage="usage: ci/service/promote.sh <env> <service> <digest> <tag> <out-dir>"
env=${1:?$usage}
service=${2:?$usage}
digest=${3:?$usage (no digest: does this job need image:push?)}
tag=${4:-}
out=${5:?$usage}
platform=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
# shellcheck source=ci/service/tools.sh
source "$platform/ci/service/tools.sh"
cd "$platform"
service_tools
source_text="${CI_PROJECT_PATH:-a local build} pipeline ${CI_PIPELINE_URL:-(local)}"
args=(--env "$env" --service "$service" --digest "$digest" --mr-body "$out/merge-request.md" --source "$source_text")
[ -z "$tag" ] || args+=(--tag "$tag")
npx tsx scripts/promote.ts "${args[@]}" >"$out/promotion.diff"
cp "config/environments/$env.yaml" "$out/$env.yaml"
{
  echo "PROMOTE_ENV=$env"
  echo "PROMOTE_SERVICE=$service"
  echo "PROMOTE_DIGEST=$digest"
  echo "PROMOTE_FILE=config/environments/$env.yaml"
  echo "PROMOTE_BRANCH=promote/$service-$env-${digest:7:12}"
} >"$out/promotion.env"
cat "$out/promotion.diff"
echo "promote: $(head -n1 "$out/merge-request.md")"
