#!/usr/bin/env bash
# Installs node_modules for a job unless the cache (keyed on package-lock.json) already restored them.
# The cache key is the lockfile's hash, so a restored node_modules/ matches the lockfile by construction.
set -euo pipefail
if [ -f node_modules/.package-lock.json ] || [ -x node_modules/.bin/tsx ]; then
  echo "npm-install: node_modules present (restored from the cache keyed on package-lock.json)"
else
  npm ci --no-audit --no-fund --prefer-offline
fi
