#!/usr/bin/env bash
# Finds or fetches the redis-server that the queue-mode e2e tests (test/e2e/queueMode.test.ts) and
# scripts/e2e/queue-mode-probe.sh run, so that `npm ci && npm test` needs no redis installed by hand.
# Prints one shell assignment on stdout (progress goes to stderr):
#   eval "$(scripts/e2e/install-redis.sh)" && "$REDIS_SERVER" --version
#
#   1. a `redis-server` on PATH that runs is used as it is;
#   2. else a complete earlier fetch in <N8N_E2E_CACHE_ROOT or repo/.cache>/redis/ is re-used;
#   3. else Debian's redis-server package, with the packages apt would install alongside it on
#      this machine (redis-tools, libjemalloc2, liblzf1, ...), is `apt-get download`ed and
#      unpacked there with `dpkg -x`, behind a wrapper that points the loader at the unpacked
#      libraries. Nothing is installed system-wide and no service starts.
#   --force   fetch into the cache again (a redis-server on PATH still wins).
#
# Why Debian's package: no npm package ships a redis-server binary that installs without the
# internet (redis-memory-server downloads and compiles the source), and apt's mirror is the one
# other package source this machine kind reaches. `apt-get download` and `dpkg -x` need no root;
# `apt-get update` (only run when apt knows no redis-server, as on a fresh machine or container)
# does.
set -euo pipefail

# Bump when the fetch steps change in a way that needs a fresh fetch.
RECIPE_VERSION=1

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
CACHE_ROOT="${N8N_E2E_CACHE_ROOT:-$REPO_ROOT/.cache}"
CACHE_DIR="$CACHE_ROOT/redis"
MARKER="$CACHE_DIR/.install-complete"
WRAPPER="$CACHE_DIR/bin/redis-server"

FORCE=0
for arg in "$@"; do
	case "$arg" in
	--force) FORCE=1 ;;
	-h | --help)
		sed -n '2,13p' "${BASH_SOURCE[0]}"
		exit 0
		;;
	*)
		echo "install-redis: unknown argument: $arg" >&2
		exit 2
		;;
	esac
done

log() { printf '[install-redis %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
fail() {
	echo "install-redis: $*" >&2
	exit 1
}
# A server that cannot load its libraries fails here, not later inside a test.
runs() { "$1" --version 2>/dev/null | grep -q '^Redis server v='; }
found() {
	printf 'REDIS_SERVER=%q\n' "$1"
	exit 0
}

on_path="$(command -v redis-server || true)"
if [[ -n "$on_path" ]] && runs "$on_path"; then found "$on_path"; fi

mkdir -p "$CACHE_ROOT"
# Two test files (or a test and the probe) may ask at once: one fetches, the other waits.
exec 9>"$CACHE_DIR.lock"
if ! flock -n 9; then
	log "another fetch is running; waiting for it"
	flock 9
fi

if [[ $FORCE -eq 0 && -f "$MARKER" && "$(head -n 1 "$MARKER")" == "recipe=$RECIPE_VERSION" ]] && runs "$WRAPPER"; then
	found "$WRAPPER"
fi

command -v apt-get >/dev/null && command -v dpkg >/dev/null ||
	fail "no redis-server on PATH and no apt-get/dpkg to fetch Debian's; install Redis 6.2 or later so that redis-server is on PATH"

# What apt would install for redis-server here, as "name=version" lines: redis-server and
# redis-tools (which holds the binary) and whichever of their dependencies this machine lacks.
# --reinstall lists the two even when dpkg has them but their binary is not usable here.
# A simulation needs no root and changes nothing.
plan() {
	apt-get install --simulate --reinstall --no-install-recommends -o Debug::NoLocking=1 redis-server redis-tools 2>/dev/null |
		sed -n 's/^Inst \([^ ]*\) \(\[[^]]*\] \)\{0,1\}(\([^ ]*\) .*/\1=\3/p'
}
apt_options=(-qq)
# As root apt drops to the _apt user to download, which cannot write to a private temp folder.
[[ $EUID -eq 0 ]] && apt_options+=(-o APT::Sandbox::User=root)
apt_update() {
	log "$1: apt-get update"
	apt-get update -qq >&2 || fail "apt-get update failed (it needs root); run it once, or install redis-server"
}
download() {
	local wanted
	mapfile -t wanted <<<"$packages"
	(cd "$download_dir" && apt-get "${apt_options[@]}" download "${wanted[@]}" >&2)
}

T_START="$(date +%s.%N)"
download_dir="$(mktemp -d)"
trap 'rm -rf "$download_dir"' EXIT
packages="$(plan || true)"
updated=0
if ! grep -q '^redis-server=' <<<"$packages"; then
	# A fresh machine or container has empty package lists.
	apt_update "apt knows no redis-server yet"
	updated=1
	packages="$(plan || true)"
	grep -q '^redis-server=' <<<"$packages" || fail "apt has no redis-server package to download"
fi
log "fetching $(tr '\n' ' ' <<<"$packages")into $CACHE_DIR"
if ! download; then
	# Old package lists name versions the mirror no longer has.
	[[ $updated -eq 0 ]] || fail "apt-get download failed"
	apt_update "the download failed (package lists out of date?)"
	packages="$(plan || true)"
	rm -f "$download_dir"/*.deb
	download || fail "apt-get download failed after apt-get update"
fi

rm -rf "$CACHE_DIR"
mkdir -p "$CACHE_DIR/root" "$CACHE_DIR/bin"
for deb in "$download_dir"/*.deb; do dpkg -x "$deb" "$CACHE_DIR/root"; done
[[ -e "$CACHE_DIR/root/usr/bin/redis-server" ]] || fail "the packages held no usr/bin/redis-server"

# Every unpacked folder that holds a shared library, relative to the cache folder, for the loader.
library_dirs="$(cd "$CACHE_DIR" && find root -name '*.so*' \( -type f -o -type l \) -printf '%h\n' | sort -u | sed 's|^|$here/|' | paste -sd: -)"
cat >"$WRAPPER" <<EOF
#!/bin/sh
# Debian's redis-server, unpacked by scripts/e2e/install-redis.sh; its libraries are unpacked too.
here="\$(cd "\$(dirname "\$0")/.." && pwd)"
LD_LIBRARY_PATH="$library_dirs\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}" exec "\$here/root/usr/bin/redis-server" "\$@"
EOF
chmod +x "$WRAPPER"
runs "$WRAPPER" || {
	"$WRAPPER" --version >&2 || true
	fail "the unpacked redis-server does not run"
}

{
	echo "recipe=$RECIPE_VERSION"
	echo "$packages"
} >"$MARKER"
log "done: $("$WRAPPER" --version | cut -d' ' -f1-3) in $(awk -v a="$T_START" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }')"
found "$WRAPPER"
