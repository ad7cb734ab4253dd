#!/usr/bin/env bash
# ci/service/merge-request.sh <promotion-dir>: opens the promotion merge request on the platform project from what
# promote.sh prepared: one commit on a new branch (GitLab Commits API; no git push) and a merge request into
# PLATFORM_REF. Needs PLATFORM_PROMOTION_TOKEN: a project access token of the platform project (role Developer,
# scope api), stored as a masked, protected CI/CD variable of the service project. A change that is already
# proposed (the branch exists) is reported and not opened twice.
set -euo pipefail
dir=${1:?usage: ci/service/merge-request.sh <promotion-dir>}
platform=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
[ -f "$dir/promotion.env" ] || { echo "merge-request: $dir/promotion.env not found; run the promote job first" >&2; exit 1; }
[ -n "${PLATFORM_PROMOTION_TOKEN:-}" ] || { echo "merge-request: PLATFORM_PROMOTION_TOKEN is not set (docs/ci-cd.md, CI/CD for your service)" >&2; exit 1; }
# shellcheck source=ci/service/tools.sh
source "$platform/ci/service/tools.sh"
dir=$(cd "$dir" && pwd)
cd "$platform"
service_tools
npx tsx scripts/promotion-mr.ts --dir "$dir" --api "${CI_API_V4_URL:?CI_API_V4_URL is not set}" \
  --project "${PLATFORM_PROJECT:?PLATFORM_PROJECT is not set}" --target "${PLATFORM_REF:-main}"
