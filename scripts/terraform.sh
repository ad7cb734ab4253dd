#!/usr/bin/env bash
# Runs Terraform over the synthesized stacks of one environment, in dependency order.
#
#   scripts/terraform.sh <env> <stack|all> <init|validate|plan|apply>
#
# Stacks live in cdktf.out/stacks/<env>-<stack>/ (run `npm run synth` first). Order: account, network, cluster, registry,
# secrets, addons, long-term-metrics (STACK_ORDER in cdktf/stacks/index.ts; a test keeps the two equal).
#   init      terraform init with the stack's S3 backend
#   validate  terraform init -backend=false, then terraform validate (needs provider downloads, no AWS credentials)
#   plan      init, then plan into <stack dir>/tfplan
#   apply     init, then apply <stack dir>/tfplan if an earlier plan saved one, else plan and apply that plan;
#             with `all`, each stack is planned and applied before the next (later stacks read earlier outputs)
# Always non-interactive (-input=false); stops at the first failure with Terraform's exit status.
# Environment: TERRAFORM (binary, default terraform), CDKTF_OUT (default <repo>/cdktf.out).
set -euo pipefail

STACKS=(account network cluster registry secrets addons long-term-metrics)
ACTIONS=(init validate plan apply)
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${CDKTF_OUT:-$ROOT/cdktf.out}/stacks"
TERRAFORM="${TERRAFORM:-terraform}"
export TF_IN_AUTOMATION=1

usage() {
  echo "usage: scripts/terraform.sh <env> <stack|all> <init|validate|plan|apply>" >&2
  echo "  stacks (in order): ${STACKS[*]}" >&2
  exit 2
}

contains() {
  local needle=$1 item
  shift
  for item in "$@"; do [[ $item == "$needle" ]] && return 0; done
  return 1
}

[[ $# -eq 3 ]] || usage
env=$1 stack=$2 action=$3
[[ $env =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || { echo "terraform.sh: bad environment name \"$env\"" >&2; usage; }
contains "$action" "${ACTIONS[@]}" || { echo "terraform.sh: unknown action \"$action\"" >&2; usage; }
if [[ $stack == all ]]; then
  selected=("${STACKS[@]}")
else
  contains "$stack" "${STACKS[@]}" || { echo "terraform.sh: unknown stack \"$stack\"" >&2; usage; }
  selected=("$stack")
fi

command -v "$TERRAFORM" >/dev/null 2>&1 || { echo "terraform.sh: \"$TERRAFORM\" not found on PATH; install Terraform >= 1.10" >&2; exit 127; }
for s in "${selected[@]}"; do
  if [[ ! -f $OUT/$env-$s/cdk.tf.json ]]; then
    echo "terraform.sh: $OUT/$env-$s/cdk.tf.json is missing; run \`npm run synth -- --env $env\` first" >&2
    exit 1
  fi
done

tf() {
  local dir=$1
  shift
  echo "+ terraform -chdir=${dir#"$ROOT"/} $*" >&2
  "$TERRAFORM" -chdir="$dir" "$@"
}

for s in "${selected[@]}"; do
  dir=$OUT/$env-$s
  echo "== $env-$s: $action" >&2
  case $action in
    init) tf "$dir" init -input=false ;;
    validate)
      tf "$dir" init -input=false -backend=false
      tf "$dir" validate
      ;;
    plan)
      tf "$dir" init -input=false
      tf "$dir" plan -input=false -out=tfplan
      ;;
    apply)
      tf "$dir" init -input=false
      if [[ $stack == all || ! -f $dir/tfplan ]]; then
        tf "$dir" plan -input=false -out=tfplan
      fi
      tf "$dir" apply -input=false tfplan
      rm -f "$dir/tfplan"
      ;;
  esac
done
