#!/usr/bin/env bash
# The pinned CRDs (scripts/crds.lock.json) on one environment's cluster, server-side, before the operators.
#
#   scripts/crds-apply.sh <env> diff    # kubectl diff --server-side of every pinned CRD
#   scripts/crds-apply.sh <env> apply   # kubectl apply --server-side, then wait until every CRD is Established
#
# The CRDs are synced into .crds/ first (`npm run crds`: from the mirror or upstream at the pinned tags, every file
# checked against its sha256). The addons stack installs the operators with Helm's CRD installation off
# (`skip_crds`, chart CRD switches off), so the CRDs on the cluster are always the pinned ones and Helm never leaves
# them behind on an upgrade. `--force-conflicts` takes the fields over from a previous owner (Helm, on a cluster
# where a chart installed them). The pipeline runs this between the secrets and the addons stacks (.gitlab-ci.yml,
# docs/operations.md); a CRD is never deleted by this script.
#
# Cluster access (scripts/lib/cluster.sh): KUBECONFIG, or one written with `aws eks update-kubeconfig`.
set -euo pipefail

# shellcheck source=scripts/lib/cluster.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cluster.sh"
root=$cluster_root
usage="usage: scripts/crds-apply.sh <env> <diff|apply>"
cluster_env_action crds-apply "$usage" "$@"
env=$cluster_env
action=$cluster_action
[ -f "$root/config/environments/$env.yaml" ] || { echo "crds-apply: config/environments/$env.yaml does not exist; $usage" >&2; exit 2; }
cluster_require crds-apply kubectl npx node
FIELD_MANAGER=${FIELD_MANAGER:-observability-platform-crds}
cluster_workdir
cluster_kubeconfig crds-apply "$env"

(cd "$root" && npx tsx scripts/crds.ts) >&2
# One -f per pinned file, in the lock's order.
# shellcheck disable=SC2016 # the ${…} is a JavaScript template literal, for node, not for the shell.
mapfile -t files < <(cd "$root" && node -e '
  const lock = require("./scripts/crds.lock.json");
  for (const b of lock) for (const f of b.files) console.log(`.crds/${b.folder}/${f.name}`);
')
[ "${#files[@]}" -gt 0 ] || { echo "crds-apply: scripts/crds.lock.json lists no CRD" >&2; exit 1; }
args=()
for f in "${files[@]}"; do
  [ -f "$root/$f" ] || { echo "crds-apply: $f is missing after npm run crds" >&2; exit 1; }
  args+=(-f "$root/$f")
done
echo "crds-apply: $env: ${#files[@]} pinned CRD files, $action" >&2

case "$action" in
  diff)
    status=0
    kubectl diff --server-side --force-conflicts --field-manager="$FIELD_MANAGER" "${args[@]}" || status=$?
    [ "$status" -le 1 ] || { echo "crds-apply: kubectl diff failed (exit $status)" >&2; exit "$status"; }
    ;;
  apply)
    kubectl apply --server-side --force-conflicts --field-manager="$FIELD_MANAGER" "${args[@]}"
    kubectl wait --for=condition=Established --timeout=120s "${args[@]}"
    ;;
esac
