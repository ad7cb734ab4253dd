#!/bin/sh
# ci/service/sign.sh <repository@digest>: keyless cosign signature of the pushed digest (Sigstore's public Fulcio and
# Rekor), with the job's GitLab OIDC token as identity (id_tokens: SIGSTORE_ID_TOKEN, aud: sigstore; cosign reads
# the variable itself). The signature is written next to the image in ECR; cosign authenticates to ECR with the
# AWS web identity of AWS_ID_TOKEN (AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE). Runs in the cosign -dev image (sh).
set -eu
ref=${1:?usage: ci/service/sign.sh <repository@sha256:digest>}
case "$ref" in *@sha256:*) ;; *) echo "sign: $ref is not a digest reference; sign what was pushed, never a tag" >&2; exit 2 ;; esac
[ -n "${SIGSTORE_ID_TOKEN:-}" ] || { echo "sign: SIGSTORE_ID_TOKEN is empty; the job needs id_tokens: { SIGSTORE_ID_TOKEN: { aud: sigstore } }" >&2; exit 1; }
[ -n "${AWS_ID_TOKEN:-}" ] && [ -n "${PUSH_ROLE_ARN:-}" ] && {
  dir=$(mktemp -d)
  printf '%s' "$AWS_ID_TOKEN" >"$dir/token"
  export AWS_ROLE_ARN="$PUSH_ROLE_ARN" AWS_WEB_IDENTITY_TOKEN_FILE="$dir/token"
}
cosign sign --yes "$ref"
echo "sign: signed $ref"
