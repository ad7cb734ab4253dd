# shellcheck shell=bash
# Sourced by the ci/service job scripts, in the platform checkout's root: makes `npx tsx scripts/…` work there.
# A full `npm ci` of the platform is not needed for the promotion and deploy scripts: they use only `yaml`, `zod`
# (the config loader behind `scripts/workloads.ts cluster|deploy-role`) and `tsx`, installed at the versions pinned in
# the platform's package.json into a private folder (no change to the checkout's files).
service_tools() {
  if [ -x node_modules/.bin/tsx ] && [ -d node_modules/yaml ] && [ -d node_modules/zod ]; then return 0; fi
  local yaml zod tsx dir
  yaml=$(node -p "require('./package.json').dependencies.yaml")
  zod=$(node -p "require('./package.json').dependencies.zod")
  tsx=$(node -p "require('./package.json').devDependencies.tsx")
  dir=$(mktemp -d)
  npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund "yaml@$yaml" "zod@$zod" "tsx@$tsx" >&2
  rm -rf node_modules
  ln -s "$dir/node_modules" node_modules
}
