#!/usr/bin/env sh
# ci/iac-scan.sh: the third-party IaC scan of the merge-request pipeline (job `iac-scan`, image $CHECKOV_IMAGE):
# checkov over the synthesized Terraform JSON (cdktf.out/stacks/*/cdk.tf.json, from the `iac-synth` job) and the
# Kubernetes YAML (charts-out/), skipping exactly the checks accepted, with a reason each, in
# ci/iac-scan-accepted.yaml. Any other failed check fails the job. JUnit report in reports/checkov/.
# POSIX sh: the checkov image has no bash.
set -eu
accepted=${ACCEPTED_FILE:-ci/iac-scan-accepted.yaml}
[ -f "$accepted" ] || { echo "iac-scan: $accepted is missing" >&2; exit 2; }
[ -d cdktf.out/stacks ] || { echo "iac-scan: cdktf.out/stacks/ is missing; run npm run synth (the iac-synth job) first" >&2; exit 2; }
[ -d charts-out ] || { echo "iac-scan: charts-out/ is missing" >&2; exit 2; }
skip=$(sed -n 's/^  - check: \(CKV2\{0,1\}_[A-Z0-9]*_[0-9]*\)$/\1/p' "$accepted" | paste -sd, -)
[ -n "$skip" ] || { echo "iac-scan: $accepted lists no accepted check" >&2; exit 2; }
echo "iac-scan: accepted (skipped) checks: $skip" >&2
mkdir -p reports/checkov
exec checkov --directory cdktf.out/stacks --directory charts-out \
  --framework terraform_json kubernetes \
  --skip-check "$skip" \
  --compact --quiet \
  --output cli --output junitxml --output-file-path console,reports/checkov
