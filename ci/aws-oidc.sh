# shellcheck shell=bash
# Source in a job: `source ci/aws-oidc.sh <role-arn>`. Exchanges the job's GitLab OIDC token (id_tokens:
# AWS_ID_TOKEN, aud = the AWS STS audience configured on the IAM OIDC provider) for a short-lived AWS session of the
# given role. Nothing long-lived is involved: the token lives for the job, and the role's trust policy pins the
# project path, branch/environment (`sub` claim) and audience (docs/ci-cd.md).
#
# It uses AWS's standard web-identity variables (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE): the AWS CLI, the
# Terraform AWS provider, Trivy and Kaniko all call sts:AssumeRoleWithWebIdentity themselves and refresh the session,
# so no access key is ever written into the environment. The call below proves the exchange works before anything
# else runs.
aws_oidc_role=${1:-}
if [ -z "$aws_oidc_role" ]; then
  echo "aws-oidc: no role ARN given; set the CI/CD variable for this environment (docs/ci-cd.md)" >&2
  return 1 2>/dev/null || exit 1
fi
if [ -z "${AWS_ID_TOKEN:-}" ]; then
  echo "aws-oidc: AWS_ID_TOKEN is empty; the job needs id_tokens: { AWS_ID_TOKEN: { aud: ... } }" >&2
  return 1 2>/dev/null || exit 1
fi
aws_oidc_dir=$(mktemp -d)
printf '%s' "$AWS_ID_TOKEN" >"$aws_oidc_dir/token"
chmod 600 "$aws_oidc_dir/token"
export AWS_ROLE_ARN=$aws_oidc_role
export AWS_WEB_IDENTITY_TOKEN_FILE=$aws_oidc_dir/token
export AWS_ROLE_SESSION_NAME="gitlab-${CI_PROJECT_ID:-local}-${CI_JOB_ID:-0}"
# The environment's region from its config file (STS is called regionally; the tools need a region anyway).
if [ -z "${AWS_REGION:-}" ] && [ -n "${DEPLOY_ENV:-}" ]; then
  read -r _ AWS_REGION < <(npx tsx scripts/workloads.ts cluster "$DEPLOY_ENV")
fi
if [ -z "${AWS_REGION:-}" ]; then
  echo "aws-oidc: no region; set DEPLOY_ENV (region from config/environments/<env>.yaml) or AWS_REGION" >&2
  return 1 2>/dev/null || exit 1
fi
export AWS_REGION
# Explicit exchange: fails the job at once if the role's trust policy rejects this pipeline.
aws sts assume-role-with-web-identity --role-arn "$AWS_ROLE_ARN" --role-session-name "$AWS_ROLE_SESSION_NAME" \
  --web-identity-token "file://$AWS_WEB_IDENTITY_TOKEN_FILE" --duration-seconds 900 \
  --query 'AssumedRoleUser.Arn' --output text >&2 || {
  echo "aws-oidc: sts:AssumeRoleWithWebIdentity into $AWS_ROLE_ARN was refused" >&2
  return 1 2>/dev/null || exit 1
}
unset aws_oidc_role aws_oidc_dir
