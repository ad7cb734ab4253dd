#!/usr/bin/env bash
# Fetches the outside tools the tests run into .tools/ (ignored by git), without root and without touching the
# system: promtool + prometheus and amtool + alertmanager from Debian testing (static Go binaries; the versions
# prometheus-operator v0.93 runs), rsync (for gitlab-ci-local) and shellcheck from the machine's own Debian release,
# and Renovate's config schema (scripts/renovate-schema.sh).
# Idempotent and safe to re-run: a tool already present at the pinned version is not fetched again, and each package
# is unpacked into a temporary folder that is moved into place only once it is complete (an interrupted run leaves
# nothing half-written). Every failure names what failed and how to fix it.
#
# No pipe here ends early: under pipefail a reader that exits first (`awk … exit`, `grep -q`, `head`) kills the
# writer with SIGPIPE (exit 141). Outputs are read whole into variables first, then searched.
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
# Any command that fails without its own message still says where it failed.
# shellcheck disable=SC2154 # status is assigned by the trap command itself, before log runs.
trap 'status=$?; log "error: line $LINENO: \`$BASH_COMMAND\` exited with $status; re-run \`bash scripts/setup-tools.sh\` (it is safe to re-run), or delete $tools to start over"' ERR
for tool in apt-get apt-cache dpkg-deb awk; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not on PATH; this script needs a Debian system with apt and dpkg"
done

# The Debian mirror the machine already uses (no host is hard-coded here).
mirror() {
  local uri=""
  # awk reads its own file here (no pipe), and keeps the first match instead of exiting early.
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/ && uri == "" {uri = $2} END {print uri}' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" && $0 !~ /security/ && uri == "" {for (i = 2; i <= NF; i++) if ($i ~ /^https?:/ && uri == "") uri = $i} END {print uri}' /etc/apt/sources.list)
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
  local fresh
  fresh=$(find "$dir/lists" -name '*Packages*' -mmin -1440 2>/dev/null || true)
  if [ -z "$fresh" ]; then
    log "refreshing package lists of Debian $suite"
    local out
    out=$(papt "$name" apt-get update -qq 2>&1) \
      || die "apt-get update for Debian $suite failed (is the Debian mirror $(mirror) reachable?): ${out:-no output}; re-run when the network is back"
  fi
}

# fetch_deb <source> <package> <upstream-version-prefix, empty for any> <dest>: download and unpack one package.
fetch_deb() {
  local name=$1 pkg=$2 want=$3 dest=$4
  local show version out
  # The whole output first, then the search: awk never closes apt-cache's pipe early.
  show=$(papt "$name" apt-cache show "$pkg" 2>&1) \
    || die "apt-cache show $pkg failed for Debian $name: $show; delete $work/$name/lists and re-run to refresh the package lists"
  version=$(awk -v want="$want" '
    /^Version:/ && found == "" { v = $2; u = v; sub(/^[0-9]+:/, "", u)
                  if (want == "" || index(u, want) == 1 && substr(u, length(want) + 1, 1) !~ /[0-9]/) found = v }
    END { print found }' <<<"$show")
  [ -n "$version" ] || die "Debian ($name) has no $pkg at upstream version ${want:-any}; update the pin in scripts/setup-tools.sh"
  log "fetching $pkg $version"
  local stage
  stage=$(mktemp -d "$work/download.XXXXXX")
  out=$(cd "$stage" && papt "$name" apt-get download -qq "$pkg=$version" 2>&1) \
    || { rm -rf "$stage"; die "apt-get download $pkg=$version failed: ${out:-no output}; check the network to the Debian mirror and re-run"; }
  local debs=("$stage/${pkg}_${version//:/%3a}_"*.deb)
  [ -f "${debs[0]}" ] || { rm -rf "$stage"; die "apt-get download $pkg=$version left no .deb in $stage; re-run"; }
  mkdir -p "$stage/root"
  out=$(dpkg-deb -x "${debs[0]}" "$stage/root" 2>&1) \
    || { rm -rf "$stage"; die "dpkg-deb could not unpack ${debs[0]##*/}: $out; delete $tools and re-run"; }
  # Merge the complete tree into place (several packages share one destination), then drop the stage.
  mkdir -p "$dest"
  cp -a "$stage/root/." "$dest/"
  rm -rf "$stage"
}

# Replaces the folder $1 by a complete new one: unpack into "$1.new", then swap (a half-unpacked tree is never used).
fresh_dest() {
  rm -rf "$1.new"
  mkdir -p "$1.new"
  printf '%s' "$1.new"
}
commit_dest() {
  rm -rf "$1.old"
  if [ -e "$1" ]; then mv "$1" "$1.old"; fi
  mv "$1.new" "$1"
  rm -rf "$1.old"
}

# The version output read whole, then matched (grep -q on a pipe would close it early: SIGPIPE under pipefail).
has_version() {
  [ -x "$bin/$1" ] || return 1
  local out
  out=$("$bin/$1" --version 2>&1) || return 1
  [[ $out == *"$2"* ]]
}

if ! has_version promtool "$PROMETHEUS_VERSION" || ! has_version prometheus "$PROMETHEUS_VERSION" \
  || ! has_version amtool "$ALERTMANAGER_VERSION" || ! has_version alertmanager "$ALERTMANAGER_VERSION"; then
  prepare_source testing "$TESTING_SUITE"
  prom=$(fresh_dest "$tools/pkg/prometheus")
  fetch_deb testing prometheus "$PROMETHEUS_VERSION" "$prom"
  fetch_deb testing promtool "$PROMETHEUS_VERSION" "$prom"
  am=$(fresh_dest "$tools/pkg/alertmanager")
  fetch_deb testing prometheus-alertmanager "$ALERTMANAGER_VERSION" "$am"
  commit_dest "$tools/pkg/prometheus"
  commit_dest "$tools/pkg/alertmanager"
  ln -sf ../pkg/prometheus/usr/bin/prometheus "$bin/prometheus"
  ln -sf ../pkg/prometheus/usr/bin/promtool "$bin/promtool"
  ln -sf ../pkg/alertmanager/usr/bin/prometheus-alertmanager "$bin/alertmanager"
  ln -sf ../pkg/alertmanager/usr/bin/amtool "$bin/amtool"
fi
for pair in "promtool $PROMETHEUS_VERSION" "prometheus $PROMETHEUS_VERSION" "amtool $ALERTMANAGER_VERSION" "alertmanager $ALERTMANAGER_VERSION"; do
  read -r tool version <<<"$pair"
  has_version "$tool" "$version" \
    || die "$bin/$tool does not report version $version; delete $tools and re-run \`bash scripts/setup-tools.sh\`"
done

# rsync: gitlab-ci-local needs it. Use the system's when present; otherwise unpack the machine's own release's
# package (and the libraries it links that are missing) and run it through a wrapper with LD_LIBRARY_PATH.
if command -v rsync >/dev/null 2>&1 && [ ! -e "$bin/rsync" ]; then
  :
elif ! { [ -x "$bin/rsync" ] && "$bin/rsync" --version >/dev/null 2>&1; }; then
  codename=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-bookworm}")
  prepare_source stable "$codename"
  rs=$(fresh_dest "$tools/pkg/rsync")
  fetch_deb stable rsync "" "$rs"
  libs=$(ldconfig -p 2>/dev/null || true)
  for lib in libpopt0 libxxhash0 liblz4-1 libzstd1; do
    stem=${lib#lib}
    stem=${stem%%[0-9-]*}
    if [[ $libs != *"$stem"* ]]; then
      fetch_deb stable "$lib" "" "$rs"
    fi
  done
  commit_dest "$tools/pkg/rsync"
  cat >"$bin/rsync" <<WRAP
#!/usr/bin/env bash
export LD_LIBRARY_PATH="$tools/pkg/rsync/usr/lib/x86_64-linux-gnu:$tools/pkg/rsync/lib/x86_64-linux-gnu\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
exec "$tools/pkg/rsync/usr/bin/rsync" "\$@"
WRAP
  chmod +x "$bin/rsync"
  "$bin/rsync" --version >/dev/null || die "the unpacked rsync does not run; delete $tools/pkg/rsync and re-run"
fi

# The shellcheck binary lints the job scripts of the service pipeline (templates/, ci/service/, the reusable GitHub workflow).
# From the machine's own Debian release (a Haskell binary linking only libc, libffi and libgmp).
SHELLCHECK_VERSION=0.9.0
if ! has_version shellcheck "version: $SHELLCHECK_VERSION"; then
  codename=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-bookworm}")
  prepare_source stable "$codename"
  sc=$(fresh_dest "$tools/pkg/shellcheck")
  fetch_deb stable shellcheck "$SHELLCHECK_VERSION" "$sc"
  commit_dest "$tools/pkg/shellcheck"
  ln -sf ../pkg/shellcheck/usr/bin/shellcheck "$bin/shellcheck"
fi
has_version shellcheck "version: $SHELLCHECK_VERSION" \
  || die "$bin/shellcheck does not report version $SHELLCHECK_VERSION; delete $tools/pkg/shellcheck and re-run \`bash scripts/setup-tools.sh\`"

# Renovate's published config schema (test/ci/renovate.test.ts), from the npm registry.
TOOLS_DIR=$tools bash "$root/scripts/renovate-schema.sh"

first_line() { local out; out=$("$bin/$1" --version 2>&1); out=${out%%$'\n'*}; read -r _ _ v _ <<<"$out"; printf '%s %s' "$1" "$v"; }
log "ready in $bin: $(first_line promtool), $(first_line amtool), shellcheck $SHELLCHECK_VERSION"
