# shellcheck shell=bash
# Sourced by the scripts that talk to one environment's EKS cluster (scripts/workloads.sh, scripts/crds-apply.sh,
# ci/service/deploy.sh): the `<env> <diff|apply>` arguments, the required tools, a work folder removed on exit, and
# cluster access.
#
# Cluster access: KUBECONFIG when it is set; otherwise a kubeconfig for the environment's EKS cluster (name and region
# from config/environments/<env>.yaml, `npx tsx scripts/workloads.ts cluster <env>`) written with
# `aws eks update-kubeconfig` into the work folder. The AWS credentials are the caller's: the job's OIDC web identity
# (ci/aws-oidc.sh), never stored keys.
#
# Every function takes the calling script's name first (`workloads`, `crds-apply`, `deploy`) for its messages.

# cluster_root: the platform repository root (the folder above scripts/).
cluster_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# cluster_env_action <name> <usage> "$@": checks `<env> <diff|apply>` and sets cluster_env and cluster_action.
# The caller checks that the environment exists (its config file, or its charts-out/ folder).
cluster_env_action() {
  local name=$1 usage=$2
  shift 2
  if [ $# -ne 2 ]; then
    echo "$name: expected 2 arguments, got $#; $usage" >&2
    exit 2
  fi
  cluster_env=$1
  cluster_action=$2
  case "$cluster_env" in
    '' | *[!a-z0-9-]*) echo "$name: environment name '$cluster_env' is not a config/environments/ file name; $usage" >&2; exit 2 ;;
  esac
  case "$cluster_action" in
    diff | apply) ;;
    *) echo "$name: unknown action '$cluster_action'; $usage" >&2; exit 2 ;;
  esac
}

# cluster_require <name> <tool>...: fails naming the first missing tool.
cluster_require() {
  local name=$1 tool
  shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$name: $tool is required" >&2; exit 1; }
  done
}

# cluster_workdir: a private folder (cluster_work) removed when the script exits. Sets an EXIT trap: callers that
# need their own cleanup put it in that folder.
cluster_workdir() {
  cluster_work=$(mktemp -d)
  # shellcheck disable=SC2064 # expand now: the folder's name is fixed for this run.
  trap "rm -rf '$cluster_work'" EXIT
}

# cluster_kubeconfig <name> <env>: keeps KUBECONFIG when set; otherwise writes one for the environment's cluster into
# the work folder (cluster_workdir first) and exports it.
cluster_kubeconfig() {
  local name=$1 env=$2 cluster region
  [ -z "${KUBECONFIG:-}" ] || return 0
  [ -n "${cluster_work:-}" ] || { echo "$name: cluster_workdir must run before cluster_kubeconfig; this is a bug in $name" >&2; exit 1; }
  command -v aws >/dev/null || { echo "$name: aws is required to write a kubeconfig (or set KUBECONFIG)" >&2; exit 1; }
  read -r cluster region < <(cd "$cluster_root" && npx tsx scripts/workloads.ts cluster "$env") || true
  if [ -z "${cluster:-}" ] || [ -z "${region:-}" ]; then
    echo "$name: no cluster name and region for environment '$env' (config/environments/$env.yaml)" >&2
    exit 1
  fi
  export KUBECONFIG=$cluster_work/kubeconfig
  aws eks update-kubeconfig --name "$cluster" --region "$region" --kubeconfig "$KUBECONFIG" >&2
}
