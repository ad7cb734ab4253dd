#!/usr/bin/env bash
# Fetches the outside tools the tests run into .tools/ (ignored by git), without root and without touching the
# system: promtool + prometheus and amtool + alertmanager from Debian testing (static Go binaries; the versions
# prometheus-operator v0.93 runs), rsync (for gitlab-ci-local) from the machine's own Debian release, and
# Renovate's config schema (scripts/renovate-schema.sh).
# Idempotent: a tool already present at the pinned version is not fetched again.
#
#   bash scripts/setup-tools.sh          # normally run by `npm test` (pretest)
#   TOOLS_DIR=/elsewhere bash scripts/setup-tools.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools=${TOOLS_DIR:-$root/.tools}
bin=$tools/bin
work=$tools/apt
mkdir -p "$bin" "$work"

# Pinned upstream versions (Debian revision may move; the upstream version may not).
PROMETHEUS_VERSION=3.5.3
ALERTMANAGER_VERSION=0.33.1
TESTING_SUITE=forky

log() { printf 'setup-tools: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The Debian mirror the machine already uses (no host is hard-coded here).
mirror() {
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" && $0 !~ /security/ {for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) {print $i; exit}}' /etc/apt/sources.list)
  fi
  [ -n "$uri" ] || die "cannot find the Debian mirror in /etc/apt/sources.list{,.d/debian.sources}"
  printf '%s' "$uri"
}

# apt with a private state so that nothing of the system's apt configuration changes.
papt() {
  local name=$1; shift
  local dir=$work/$name
  "$@" -o Dir::Etc::SourceList="$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null \
    -o Dir::State::Lists="$dir/lists" -o Dir::Cache="$dir/cache" -o Dir::State::Status=/dev/null \
    -o APT::Get::List-Cleanup=0 -o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)"
}

prepare_source() {
  local name=$1 suite=$2
  local dir=$work/$name
  mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
  printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' "$(mirror)" "$suite" >"$dir/sources.list"
  if [ -z "$(find "$dir/lists" -name '*Packages*' -mmin -1440 2>/dev/null | head -n1)" ]; then
    log "refreshing package lists of Debian $suite"
    papt "$name" apt-get update -qq >/dev/null || die "apt-get update for Debian $suite failed"
  fi
}

# fetch_deb <source> <package> <upstream-version-prefix, empty for any> <dest>: download and unpack one package.
fetch_deb() {
  local name=$1 pkg=$2 want=$3 dest=$4
  local version
  version=$(papt "$name" apt-cache show "$pkg" 2>/dev/null | awk -v want="$want" '
    /^Version:/ { v = $2; u = v; sub(/^[0-9]+:/, "", u)
                  if (want == "" || index(u, want) == 1 && substr(u, length(want) + 1, 1) !~ /[0-9]/) { print v; exit } }')
  [ -n "$version" ] || die "Debian ($name) has no $pkg at upstream version $want; update the pin in scripts/setup-tools.sh"
  log "fetching $pkg $version"
  (cd "$work" && papt "$name" apt-get download -qq "$pkg=$version" >/dev/null) || die "apt-get download $pkg=$version failed"
  mkdir -p "$dest"
  dpkg-deb -x "$work/${pkg}_${version//:/%3a}_"*.deb "$dest"
  rm -f "$work/${pkg}_"*.deb
}

has_version() { [ -x "$bin/$1" ] && "$bin/$1" --version 2>&1 | grep -q "$2"; }

if ! has_version promtool "$PROMETHEUS_VERSION" || ! has_version prometheus "$PROMETHEUS_VERSION" \
  || ! has_version amtool "$ALERTMANAGER_VERSION" || ! has_version alertmanager "$ALERTMANAGER_VERSION"; then
  prepare_source testing "$TESTING_SUITE"
  fetch_deb testing prometheus "$PROMETHEUS_VERSION" "$tools/pkg/prometheus"
  fetch_deb testing promtool "$PROMETHEUS_VERSION" "$tools/pkg/prometheus"
  fetch_deb testing prometheus-alertmanager "$ALERTMANAGER_VERSION" "$tools/pkg/alertmanager"
  ln -sf ../pkg/prometheus/usr/bin/prometheus "$bin/prometheus"
  ln -sf ../pkg/prometheus/usr/bin/promtool "$bin/promtool"
  ln -sf ../pkg/alertmanager/usr/bin/prometheus-alertmanager "$bin/alertmanager"
  ln -sf ../pkg/alertmanager/usr/bin/amtool "$bin/amtool"
fi
has_version promtool "$PROMETHEUS_VERSION" || die "promtool does not report version $PROMETHEUS_VERSION"
has_version amtool "$ALERTMANAGER_VERSION" || die "amtool does not report version $ALERTMANAGER_VERSION"
has_version alertmanager "$ALERTMANAGER_VERSION" || die "alertmanager does not report version $ALERTMANAGER_VERSION"
has_version prometheus "$PROMETHEUS_VERSION" || die "prometheus does not report version $PROMETHEUS_VERSION"

# rsync: gitlab-ci-local needs it. Use the system's when present; otherwise unpack the machine's own release's
# package (and the libraries it links that are missing) and run it through a wrapper with LD_LIBRARY_PATH.
if command -v rsync >/dev/null 2>&1 && [ ! -e "$bin/rsync" ]; then
  :
elif ! { [ -x "$bin/rsync" ] && "$bin/rsync" --version >/dev/null 2>&1; }; then
  codename=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-bookworm}")
  prepare_source stable "$codename"
  fetch_deb stable rsync "" "$tools/pkg/rsync"
  for lib in libpopt0 libxxhash0 liblz4-1 libzstd1; do
    if ! ldconfig -p | grep -q "$(printf '%s' "$lib" | sed -E 's/^lib//; s/[0-9-]+$//')"; then
      fetch_deb stable "$lib" "" "$tools/pkg/rsync"
    fi
  done
  cat >"$bin/rsync" <<WRAP
#!/usr/bin/env bash
export LD_LIBRARY_PATH="$tools/pkg/rsync/usr/lib/x86_64-linux-gnu:$tools/pkg/rsync/lib/x86_64-linux-gnu\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
exec "$tools/pkg/rsync/usr/bin/rsync" "\$@"
WRAP
  chmod +x "$bin/rsync"
  "$bin/rsync" --version >/dev/null || die "the unpacked rsync does not run"
fi

# Renovate's published config schema (test/ci/renovate.test.ts), from the npm registry.
TOOLS_DIR=$tools bash "$root/scripts/renovate-schema.sh"

log "ready in $bin: $("$bin/promtool" --version 2>&1 | head -n1 | awk '{print "promtool", $3}'), $("$bin/amtool" --version 2>&1 | head -n1 | awk '{print "amtool", $3}')"
