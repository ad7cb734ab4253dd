#!/bin/sh
# ci/scan-images.sh <images.txt>: Trivy over every image listed (one per line, from scripts/images.ts). Fails when
# any image has a HIGH or CRITICAL vulnerability that ci/trivyignore does not allow-list, or cannot be scanned.
# Runs in the aquasec/trivy image (busybox sh, no bash).
set -eu
list=${1:?usage: ci/scan-images.sh <images.txt>}
[ -f "$list" ] || { echo "scan-images: $list not found" >&2; exit 1; }
command -v trivy >/dev/null || { echo "scan-images: trivy is required" >&2; exit 1; }
mkdir -p trivy
failed=0
count=0
while IFS= read -r image; do
  [ -n "$image" ] || continue
  count=$((count + 1))
  report="trivy/$(printf '%s' "$image" | tr '/:@' '___').json"
  echo "scan-images: $image"
  trivy image --exit-code 1 --severity HIGH,CRITICAL --ignorefile ci/trivyignore --format json --output "$report" "$image" || failed=1
  trivy convert --format table "$report" || true
done <"$list"
echo "scan-images: $count image(s) scanned"
exit "$failed"
