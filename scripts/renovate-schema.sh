#!/usr/bin/env bash
# Fetches the JSON schema that Renovate publishes with its npm package (renovate-schema.json) into
# .tools/renovate/, for test/ci/renovate.test.ts to validate renovate.json against. Current Renovate needs Node 24,
# so the package itself is not installed: `npm pack` downloads its tarball from the npm registry and only the schema
# and the license are kept (the schema is not committed). Idempotent: skips when the pinned version is present.
#
#   bash scripts/renovate-schema.sh      # run by scripts/setup-tools.sh (npm test's pretest)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools=${TOOLS_DIR:-$root/.tools}
dest=$tools/renovate
# The Renovate release whose schema renovate.json must satisfy (npm view renovate version).
RENOVATE_VERSION=44.121.2

if [ -f "$dest/renovate-schema.json" ] && grep -q "\"x-renovate-version\": \"$RENOVATE_VERSION\"" "$dest/renovate-schema.json"; then
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'renovate-schema: fetching the schema of renovate %s\n' "$RENOVATE_VERSION" >&2
(cd "$work" && npm pack --silent "renovate@$RENOVATE_VERSION" >/dev/null) || { echo "renovate-schema: npm pack renovate@$RENOVATE_VERSION failed" >&2; exit 1; }
tar -xzf "$work/renovate-$RENOVATE_VERSION.tgz" -C "$work" package/renovate-schema.json package/license
mkdir -p "$dest"
mv "$work/package/renovate-schema.json" "$dest/renovate-schema.json"
mv "$work/package/license" "$dest/LICENSE"
