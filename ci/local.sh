#!/usr/bin/env bash
# npm run ci:local [-- <job>...]: runs the merge-request pipeline's credential-free jobs with gitlab-ci-local
# (shell executor, no Docker) in a temporary clone of HEAD, so uncommitted changes are not part of the run and the
# working tree is never touched. Without arguments it runs LOCAL_JOBS below; the `test` job is left out because it
# is `npm test` itself (run that directly), and the scan jobs need their own images (Trivy, Kaniko).
#
# Needs: node_modules (npm ci), .tools/bin with rsync, promtool and amtool (npm run setup-tools), .crds (npm run crds).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# `ci/local.sh --list [gitlab-ci-local options]`: only list the jobs (validating the file against GitLab's schema),
# e.g. `--list --variable AWS_PLAN_ROLE_ARN_DEV=arn:aws:iam::111111111111:role/x` to see what a configured role adds.
list_only=false
extra=()
if [ "${1:-}" = "--list" ]; then
  list_only=true
  shift
  extra=("$@")
  set --
fi
LOCAL_JOBS=(lint typecheck synth-drift validate-schemas monitoring-tools secret-detection charts-diff images-list)
if [ "$#" -gt 0 ]; then jobs=("$@"); else jobs=("${LOCAL_JOBS[@]}"); fi

gcl=$root/node_modules/.bin/gitlab-ci-local
[ -x "$gcl" ] || { echo "ci-local: $gcl missing; run npm ci" >&2; exit 1; }
export PATH="$root/.tools/bin:$PATH"
command -v rsync >/dev/null || { echo "ci-local: rsync missing; run npm run setup-tools" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/ci-local-XXXXXX")
trap 'rm -rf "$work"' EXIT
clone=$work/repo
# --shared: the clone borrows the checkout's objects instead of copying them (it lives only as long as this run and
# never writes to the checkout): the same commit and tree as a plain clone, without copying the object store.
git clone --quiet --shared "$root" "$clone"
# gitlab-ci-local derives the project's path from a remote named origin.
git -C "$clone" remote set-url origin https://gitlab.example.com/platform/observability-platform.git
# Dependencies come from the checkout instead of the registry: node_modules, the outside tools and the pinned CRDs.
for dep in node_modules .tools .crds; do
  [ -e "$root/$dep" ] || { echo "ci-local: $dep missing in $root (see the header of this script)" >&2; exit 1; }
  ln -s "$(readlink -f "$root/$dep")" "$clone/$dep"
done
# The merge request's base: the parent commit (or HEAD itself for a single-commit history).
base=$(git -C "$clone" rev-parse --verify --quiet HEAD~1 || git -C "$clone" rev-parse HEAD)

cd "$clone"
args=(
  --home "$work/home"
  --force-shell-executor
  --ignore-predefined-vars CI_PIPELINE_SOURCE,CI_MERGE_REQUEST_DIFF_BASE_SHA,CI_DEFAULT_BRANCH
  --variable CI_PIPELINE_SOURCE=merge_request_event
  --variable CI_MERGE_REQUEST_DIFF_BASE_SHA="$base"
  --variable CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main
  --variable CI_DEFAULT_BRANCH=main
)
echo "ci-local: pipeline as a merge request sees it:"
"$gcl" "${args[@]}" "${extra[@]}" --list
$list_only && exit 0
echo "ci-local: running ${jobs[*]}"
"$gcl" "${args[@]}" --concurrency 1 "${jobs[@]}"
