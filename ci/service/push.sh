#!/usr/bin/env bash
# ci/service/push.sh <oci-layout-dir> <registry>/<repository> <tag> <role-arn|-> <dotenv-out>
# Pushes the scanned image (the OCI layout the build wrote) to ECR as it is, by digest, over the registry HTTP API:
# every blob, then the manifest under <tag>. The registry's answer must name the same digest. Writes IMAGE_DIGEST,
# IMAGE_TAG, IMAGE_REPOSITORY and IMAGE_REF (<registry>/<repository>@<digest>) to <dotenv-out> for later jobs.
#
# AWS access: the job's GitLab OIDC token (id_tokens: AWS_ID_TOKEN) is exchanged for the service's push role with
# sts:AssumeRoleWithWebIdentity (ci/aws-oidc.sh); `aws ecr get-login-password` then gives a 12-hour registry password
# that lives only in this process. REGISTRY_SCHEME (default https) exists for the tests' loopback registry.
set -euo pipefail
usage="usage: ci/service/push.sh <oci-layout-dir> <registry>/<repository> <tag> <role-arn> <dotenv-out>"
layout=${1:?$usage}
target=${2:?$usage}
tag=${3:?$usage}
role=${4:?$usage}
out=${5:?$usage}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
scheme=${REGISTRY_SCHEME:-https}
registry=${target%%/*}
repository=${target#*/}
[ "$registry" != "$target" ] || { echo "push: $target has no registry host; $usage" >&2; exit 2; }
[[ $tag =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || { echo "push: tag '$tag' is not a valid image tag" >&2; exit 2; }
[ -f "$layout/index.json" ] || { echo "push: $layout/index.json not found; the build job writes the layout" >&2; exit 1; }
for tool in aws curl; do command -v "$tool" >/dev/null || { echo "push: $tool is required" >&2; exit 1; }; done

# The layout's one image manifest (BuildKit's oci exporter writes index.json → manifest).
index=$(tr -d ' \n\t' <"$layout/index.json")
count=$(grep -o '"digest":"sha256:[0-9a-f]\{64\}"' <<<"$index" | wc -l)
[ "$count" -eq 1 ] || { echo "push: $layout/index.json lists $count manifests; build a single-platform image" >&2; exit 1; }
digest=$(grep -o 'sha256:[0-9a-f]\{64\}' <<<"$index")
media=$(grep -o '"mediaType":"application/vnd\.oci\.image\.manifest\.v1+json"' <<<"$index" | head -n1 | cut -d'"' -f4)
[ -n "$media" ] || { echo "push: the manifest in $layout/index.json is not an OCI image manifest" >&2; exit 1; }
manifest=$layout/blobs/sha256/${digest#sha256:}
[ -f "$manifest" ] || { echo "push: manifest blob $digest missing from $layout" >&2; exit 1; }

# Role "-": the job already holds AWS credentials for the push role (GitHub: aws-actions/configure-aws-credentials).
if [ "$role" != "-" ]; then
  # shellcheck source=ci/aws-oidc.sh
  source "$here/../aws-oidc.sh" "$role"
fi
: "${AWS_REGION:?push: AWS_REGION is not set}"
password=$(aws ecr get-login-password --region "$AWS_REGION")
[ -n "$password" ] || { echo "push: aws ecr get-login-password returned nothing" >&2; exit 1; }
auth=(--user "AWS:$password")
api=$scheme://$registry/v2/$repository

# Location headers may be relative to the registry.
absolute() { case "$1" in http://* | https://*) printf '%s' "$1" ;; *) printf '%s://%s%s' "$scheme" "$registry" "$1" ;; esac; }
location() { tr -d '\r' | awk 'tolower($1) == "location:" { print $2 }' | tail -n1; }

uploaded=0
for blob in "$layout"/blobs/sha256/*; do
  blob_digest=sha256:$(basename "$blob")
  [ "$blob_digest" != "$digest" ] || continue
  if curl -fsS -o /dev/null -I "${auth[@]}" "$api/blobs/$blob_digest" 2>/dev/null; then continue; fi
  start=$(curl -fsS -D - -o /dev/null -X POST "${auth[@]}" "$api/blobs/uploads/" | location)
  [ -n "$start" ] || { echo "push: the registry gave no upload location for $blob_digest" >&2; exit 1; }
  next=$(curl -fsS -D - -o /dev/null -X PATCH "${auth[@]}" -H 'Content-Type: application/octet-stream' \
    --data-binary "@$blob" "$(absolute "$start")" | location)
  url=$(absolute "${next:-$start}")
  case "$url" in *\?*) url="$url&digest=$blob_digest" ;; *) url="$url?digest=$blob_digest" ;; esac
  curl -fsS -o /dev/null -X PUT "${auth[@]}" -H 'Content-Length: 0' "$url"
  uploaded=$((uploaded + 1))
done
answer=$(curl -fsS -D - -o /dev/null -X PUT "${auth[@]}" -H "Content-Type: $media" --data-binary "@$manifest" "$api/manifests/$tag" \
  | tr -d '\r' | awk 'tolower($1) == "docker-content-digest:" { print $2 }')
[ "$answer" = "$digest" ] || { echo "push: the registry stored ${answer:-no digest}, expected $digest" >&2; exit 1; }
{
  echo "IMAGE_DIGEST=$digest"
  echo "IMAGE_TAG=$tag"
  echo "IMAGE_REPOSITORY=$registry/$repository"
  echo "IMAGE_REF=$registry/$repository@$digest"
} >"$out"
echo "push: $registry/$repository:$tag@$digest ($uploaded blob(s) uploaded)"
