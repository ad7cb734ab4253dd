#!/usr/bin/env bash
# ci/service/deploy.sh <env> <service> <digest>: rolls one service out from the platform checkout (.platform/).
#   1. refuses unless config/environments/<env>.yaml on the platform branch already runs <digest> (the promotion
#      merge request was merged: the deployed version is always a reviewed config value);
#   2. kubectl apply --server-side of the service's objects in charts-out/<env>/ (label
#      app.kubernetes.io/name=<service>), field manager service-pipeline;
#   3. kubectl rollout status --timeout=$ROLLOUT_TIMEOUT; on failure kubectl rollout undo, wait for the undo, exit 1.
# Cluster access: the job's OIDC token (AWS_ID_TOKEN) → the environment's deploy role (ci/aws-oidc.sh):
# SERVICE_DEPLOY_ROLE_ARN when set, else the role the cluster stack creates, arn:aws:iam::<account>:role/
# obs-<env>-service-deploy (`npx tsx scripts/workloads.ts deploy-role <env>`, the name cdktf uses). Without a GitLab
# token (GitHub) the job's AWS credentials are used as they are. Kubeconfig as in scripts/lib/cluster.sh: KUBECONFIG,
# or `aws eks update-kubeconfig` for the environment's cluster.
set -euo pipefail
usage="usage: ci/service/deploy.sh <env> <service> <digest>"
env=${1:?$usage}
service=${2:?$usage}
digest=${3:?$usage}
timeout=${ROLLOUT_TIMEOUT:-5m}
platform=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=ci/service/tools.sh
source "$platform/ci/service/tools.sh"
# shellcheck source=scripts/lib/cluster.sh
source "$platform/scripts/lib/cluster.sh"
cd "$platform"
[ -d "charts-out/$env" ] || { echo "deploy: charts-out/$env/ not found in the platform checkout" >&2; exit 1; }
cluster_require deploy kubectl node npm
service_tools

facts=$(npx tsx scripts/promote.ts --env "$env" --service "$service" --show)
namespace=$(sed -n 's/^SERVICE_NAMESPACE=//p' <<<"$facts")
configured=$(sed -n 's/^SERVICE_DIGEST=//p' <<<"$facts")
if [ "$configured" != "$digest" ]; then
  echo "deploy: config/environments/$env.yaml runs ${configured:-no digest} for $service, not $digest;" \
    "merge the promotion merge request first, then retry this job" >&2
  exit 1
fi

cluster_workdir
if [ -z "${KUBECONFIG:-}" ]; then
  # GitLab: exchange the job's OIDC token for the deploy role. GitHub: the job already holds the role's credentials
  # (aws-actions/configure-aws-credentials).
  if [ -n "${AWS_ID_TOKEN:-}" ]; then
    role=${SERVICE_DEPLOY_ROLE_ARN:-$(npx tsx scripts/workloads.ts deploy-role "$env")}
    # shellcheck source=ci/aws-oidc.sh
    DEPLOY_ENV=$env source ci/aws-oidc.sh "$role"
  fi
  cluster_kubeconfig deploy "$env"
fi

selector=app.kubernetes.io/name=$service
kubectl apply --server-side --force-conflicts --field-manager=service-pipeline -R -f "charts-out/$env/" -l "$selector"
if ! kubectl rollout status "deployment/$service" -n "$namespace" --timeout="$timeout"; then
  echo "deploy: $service did not roll out within $timeout in $env; undoing to the previous revision" >&2
  kubectl rollout undo "deployment/$service" -n "$namespace"
  kubectl rollout status "deployment/$service" -n "$namespace" --timeout="$timeout" || true
  exit 1
fi
echo "deploy: $service@$digest is rolled out in $env ($namespace)"
