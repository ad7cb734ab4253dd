#!/usr/bin/env bash
# ci/charts-diff.sh <base-sha> <out-file>: a reviewable diff of charts-out/ between the merge request's base
# (CI_MERGE_REQUEST_DIFF_BASE_SHA) and HEAD: the objects added, removed and changed (ci/charts-summary.ts), the
# changed files, then the unified YAML diff with whole objects as context. Fetches the base commit when the
# shallow clone lacks it.
set -euo pipefail
base=${1:?usage: ci/charts-diff.sh <base-sha> <out-file>}
out=${2:?usage: ci/charts-diff.sh <base-sha> <out-file>}
if ! git cat-file -e "$base^{commit}" 2>/dev/null; then
  git fetch --quiet --depth=1 origin "$base"
fi
tools=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
head=$(pwd)/charts-out
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/base"
if git cat-file -e "$base:charts-out" 2>/dev/null; then
  git archive "$base" charts-out | tar -x -C "$work/base"
fi
{
  echo "# charts-out/ changes from ${base:0:12} to $(git rev-parse --short=12 HEAD)"
  echo
  (cd "$tools" && npx tsx ci/charts-summary.ts "$work/base/charts-out" "$head")
  echo
  git --no-pager diff --stat=200 "$base" HEAD -- charts-out/
  echo
  git --no-pager diff --no-color --function-context "$base" HEAD -- charts-out/
} >"$out"
changed=$(git diff --name-only "$base" HEAD -- charts-out/ | wc -l)
echo "charts-diff: $changed file(s) changed under charts-out/; full diff in $out"
