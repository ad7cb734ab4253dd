#!/usr/bin/env bash
# ci/service/promote.sh <env> <service> <digest> <tag> <out-dir>: prepares a promotion without any credential.
# In the platform checkout (.platform/, beside this script's folder) it runs `npm run promote` for the environment
# and writes to <out-dir>: <env>.yaml (the whole new environment file), promotion.diff, merge-request.md (title on the
# first line) and promotion.env (the values the merge-request job needs). Locally the same is
# `npm run promote -- --env <env> --service <service> --digest <digest> --dry-run`.
#
# The platform commits charts-out/ and fails a merge request whose charts-out/ is stale, so by default the job then
# installs the platform's dependencies, runs `npm run synth -- --env <env>` and adds every file of charts-out/<env>/
# that changed to <out-dir>/files/ with its action in <out-dir>/files.txt (`update|create|delete <path>`).
# PROMOTE_SYNTH=false skips that (the component's own test does: it has no full platform install).
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
# Synth needs the platform's whole dependency tree; the promotion alone needs only yaml and tsx.
if [ "${PROMOTE_SYNTH:-true}" = true ]; then bash ci/npm-install.sh >&2; fi
service_tools
source_text="${CI_PROJECT_PATH:-a local build} pipeline ${CI_PIPELINE_URL:-(local)}"
args=(--env "$env" --service "$service" --digest "$digest" --mr-body "$out/merge-request.md" --source "$source_text")
[ -z "$tag" ] || args+=(--tag "$tag")
before=$(mktemp -d)
[ ! -d "charts-out/$env" ] || cp -r "charts-out/$env" "$before/$env"
npx tsx scripts/promote.ts "${args[@]}" >"$out/promotion.diff"
cp "config/environments/$env.yaml" "$out/$env.yaml"
: >"$out/files.txt"
if [ "${PROMOTE_SYNTH:-true}" = true ]; then
  npm run synth -- --env "$env" >&2
  mkdir -p "$out/files"
  while IFS= read -r path; do
    rel=charts-out/$env/$path
    if [ ! -e "$rel" ]; then echo "delete $rel"
    elif [ -e "$before/$env/$path" ]; then cmp -s "$rel" "$before/$env/$path" || echo "update $rel"
    else echo "create $rel"
    fi
  done < <({ (cd "charts-out/$env" && find . -type f); [ ! -d "$before/$env" ] || (cd "$before/$env" && find . -type f); } | sed 's|^\./||' | sort -u) >"$out/files.txt"
  while read -r action path; do
    [ "$action" = delete ] || { mkdir -p "$out/files/$(dirname "$path")"; cp "$path" "$out/files/$path"; }
  done <"$out/files.txt"
  echo "promote: charts-out/$env: $(wc -l <"$out/files.txt") file(s) changed by synth" >&2
fi
{
  echo "PROMOTE_ENV=$env"
  echo "PROMOTE_SERVICE=$service"
  echo "PROMOTE_DIGEST=$digest"
  echo "PROMOTE_FILE=config/environments/$env.yaml"
  echo "PROMOTE_BRANCH=promote/$service-$env-${digest:7:12}"
} >"$out/promotion.env"
cat "$out/promotion.diff"
echo "promote: $(head -n1 "$out/merge-request.md")"
