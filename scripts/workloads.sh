#!/usr/bin/env bash
# kubectl diff / apply of one environment's workloads (charts-out/<env>/), server-side, with pruning.
#
#   scripts/workloads.sh <env> diff    # kubectl diff --server-side, then a server-side dry run of the prune
#   scripts/workloads.sh <env> apply   # kubectl apply --server-side --applyset … --prune
#
# Objects are sent as one stream in apply order (namespaces and CRDs first; scripts/workloads.ts). Pruning uses a
# kubectl ApplySet (KUBECTL_APPLYSET=true): the parent is the Secret `$APPLYSET_NAME` in `$APPLYSET_NAMESPACE`,
# which records every group/kind and namespace applied, so an object removed from charts-out/ is deleted on the next
# apply, whatever its kind. Label-scoped `--prune -l` is not used: kubectl refuses it together with --server-side.
#
# Cluster access (scripts/lib/cluster.sh): when KUBECONFIG is unset, a kubeconfig for the environment's EKS cluster
# (name and region from config/environments/<env>.yaml) is written with `aws eks update-kubeconfig`; the AWS
# credentials come from the job's OIDC web identity (ci/aws-oidc.sh), never from stored keys.
set -euo pipefail

# shellcheck source=scripts/lib/cluster.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/cluster.sh"
root=$cluster_root
usage="usage: scripts/workloads.sh <env> <diff|apply>"
cluster_env_action workloads "$usage" "$@"
env=$cluster_env
action=$cluster_action
[ -d "$root/charts-out/$env" ] || { echo "workloads: charts-out/$env/ does not exist; $usage" >&2; exit 2; }
cluster_require workloads kubectl npx

APPLYSET_NAMESPACE=${APPLYSET_NAMESPACE:-kube-system}
APPLYSET_NAME=${APPLYSET_NAME:-observability-platform-$env}
FIELD_MANAGER=${FIELD_MANAGER:-observability-platform}

cluster_workdir
work=$cluster_work
cluster_kubeconfig workloads "$env"

(cd "$root" && npx tsx scripts/workloads.ts manifest "$env") >"$work/manifest.yaml"
echo "workloads: $env: $(grep -c '^kind:' "$work/manifest.yaml") objects, $action" >&2

export KUBECTL_APPLYSET=true
applyset=(--applyset="secret/$APPLYSET_NAME" --namespace="$APPLYSET_NAMESPACE" --prune)

case "$action" in
  diff)
    # kubectl diff exits 1 when there are differences and >1 on errors; only errors fail the job.
    status=0
    kubectl diff --server-side --force-conflicts --field-manager="$FIELD_MANAGER" -f "$work/manifest.yaml" || status=$?
    [ "$status" -le 1 ] || { echo "workloads: kubectl diff failed (exit $status)" >&2; exit "$status"; }
    echo "workloads: objects the next apply would prune:" >&2
    kubectl apply --server-side --force-conflicts --field-manager="$FIELD_MANAGER" --dry-run=server \
      "${applyset[@]}" -f "$work/manifest.yaml" | { grep -E 'pruned' || echo '(none)'; }
    ;;
  apply)
    kubectl apply --server-side --force-conflicts --field-manager="$FIELD_MANAGER" "${applyset[@]}" -f "$work/manifest.yaml"
    ;;
esac
