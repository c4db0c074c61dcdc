#!/usr/bin/env bash
# The cause of the `n8n execute` SIGSEGVs (issue 8), reproduced in seconds without n8n's CLI: boot
# n8n's `vm` expression engine, take a bridge for a "run" and give it back (the isolate pool then
# builds a replacement isolate on isolated-vm's threads), and exit DELAY ms later, as n8n's
# BaseCommand.finally() does, either without disposing the engine (n8n as shipped) or after
# disposing it (what scripts/e2e/install-n8n.sh patches in). Prints how many runs died of a signal.
#
#   scripts/e2e/exit-race.sh                 20 runs each way, exit 50 ms after the run
#   RUNS=50 DELAY=100 scripts/e2e/exit-race.sh
#   N8N_E2E_CACHE_ROOT=/elsewhere ...        which install (the rules of install-n8n.sh)
set -euo pipefail

RUNS="${RUNS:-20}"
DELAY="${DELAY:-50}"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
eval "$("$SCRIPT_DIR/paths.sh")"
[[ "$N8N_READY" == 1 ]] || {
	echo "exit-race: no complete n8n install in $N8N_CACHE_DIR (run scripts/e2e/install-n8n.sh)" >&2
	exit 1
}
N8N_DIR="$N8N_CACHE_DIR/node_modules/n8n"
WORK_DIR="$(mktemp -d)"
trap 'rm -rf "$WORK_DIR"' EXIT

cat >"$WORK_DIR/race.js" <<'JS'
const [n8nDir, delay, dispose] = process.argv.slice(2);
const { Expression } = require(require.resolve('n8n-workflow', { paths: [n8nDir] }));
(async () => {
	await Expression.initExpressionEngine({ engine: 'vm', poolSize: 1, maxCodeCacheSize: 1024, bridgeTimeout: 5000, bridgeMemoryLimit: 128 });
	const run = {};
	await Expression.vmEvaluator.acquire(run);
	await Expression.vmEvaluator.release(run);
	if (dispose === 'dispose') await Expression.disposeExpressionEngine();
	setTimeout(() => process.exit(0), Number(delay));
})().catch((error) => {
	console.error(error);
	process.exit(3);
});
JS

cd "$WORK_DIR"
ulimit -c 0
for mode in no-dispose dispose; do
	ok=0 failed=0
	declare -A by_signal=()
	for _ in $(seq 1 "$RUNS"); do
		set +e
		"$N8N_NODE_BIN" race.js "$N8N_DIR" "$DELAY" "$mode" >/dev/null 2>"$WORK_DIR/err"
		code=$?
		set -e
		if [[ $code -eq 0 ]]; then
			ok=$((ok + 1))
		elif [[ $code -gt 128 ]]; then
			signal="SIG$(kill -l $((code - 128)))"
			by_signal[$signal]=$((${by_signal[$signal]:-0} + 1))
		else
			failed=$((failed + 1))
			tail -n 3 "$WORK_DIR/err" >&2
		fi
	done
	signals=""
	for signal in "${!by_signal[@]}"; do signals+=" $signal=${by_signal[$signal]}"; done
	echo "n8n=$N8N_PINNED_VERSION $mode exit-after=${DELAY}ms runs=$RUNS ok=$ok${signals} failed=$failed"
	unset by_signal
done
