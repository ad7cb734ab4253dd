#!/bin/sh
# ci/service/build.sh <context> <dockerfile> <image.tar>: builds a service image with rootless BuildKit
# (buildctl-daemonless.sh in the moby/buildkit:<version>-rootless image, BUILDKITD_FLAGS=--oci-worker-no-process-sandbox:
# no privileged container, no Docker daemon) into an OCI tarball, and unpacks it as an OCI layout in image/ for the
# push job. Nothing is pushed here: the scan runs on the tarball first. Runs in busybox sh.
set -eu
usage="usage: ci/service/build.sh <context> <dockerfile relative to context> <image.tar>"
context=${1:?$usage}
dockerfile=${2:?$usage}
out=${3:?$usage}
[ -d "$context" ] || { echo "build: context $context is not a directory" >&2; exit 1; }
[ -f "$context/$dockerfile" ] || { echo "build: $context/$dockerfile not found; set the dockerfile input" >&2; exit 1; }
command -v buildctl-daemonless.sh >/dev/null || { echo "build: buildctl-daemonless.sh not found; use the rootless BuildKit image" >&2; exit 1; }
dockerfile_dir=$(dirname "$context/$dockerfile")
buildctl-daemonless.sh build \
  --frontend dockerfile.v0 \
  --local context="$context" \
  --local dockerfile="$dockerfile_dir" \
  --opt filename="$(basename "$dockerfile")" \
  --output type=oci,dest="$out"
rm -rf image
mkdir image
tar -xf "$out" -C image
[ -f image/index.json ] || { echo "build: $out is not an OCI image layout (no index.json)" >&2; exit 1; }
echo "build: $out ($(wc -c <"$out") bytes), layout in image/"
