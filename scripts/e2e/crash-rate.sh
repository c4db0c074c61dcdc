#!/usr/bin/env bash
# Measures how often `n8n execute` dies of a signal (the SIGSEGV of issue 8) on the e2e install,
# while the machine is busy, and prints the figures. A crash is never retried or hidden: every
# call counts once.
#
#   scripts/e2e/crash-rate.sh                 100 calls of n8n 2.41.1, unit tests looping beside
#   CALLS=200 scripts/e2e/crash-rate.sh       another number of calls
#   LOAD=0 scripts/e2e/crash-rate.sh          on an otherwise idle machine
#   N8N_E2E_VERSION=1.123.81 ...              the pinned 1.x
#   N8N_E2E_CACHE_ROOT=/elsewhere ...         which install (the rules of install-n8n.sh)
#   CORES=/some/dir scripts/e2e/crash-rate.sh keep a core dump of each crash there (for gdb)
#
# The workflow is what the e2e suites run: Manual Trigger -> Code (3 items, through the task
# runner) -> WhatsApp Session (Send Text, recipient and body from expressions, which n8n evaluates
# in its isolated-vm expression engine), the packed package installed the way n8n installs
# community packages, sending to a mock provider on 127.0.0.1.
set -euo pipefail

CALLS="${CALLS:-100}"
LOAD="${LOAD:-1}"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

"$SCRIPT_DIR/install-n8n.sh" >/dev/null
eval "$("$SCRIPT_DIR/paths.sh")"
NODE_BIN_DIR="$(dirname "$N8N_NODE_BIN")"

RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/crash-rate-XXXXXX")"
BACKGROUND=()
cleanup() {
	for pid in "${BACKGROUND[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$RUN_DIR"
}
trap cleanup EXIT
log() { printf '[crash-rate %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# --- the package, packed and installed as n8n's community-package installer does
# Two runs side by side (before and after a change) must not rebuild dist/ under each other's pack.
mkdir -p "$REPO_ROOT/.e2e-runs"
exec 8>"$REPO_ROOT/.e2e-runs/crash-rate-pack.lock"
flock 8
(cd "$REPO_ROOT" && npm run build --silent >/dev/null)
tarball="$(cd "$REPO_ROOT" && npm pack --silent --pack-destination="$RUN_DIR")"
exec 8>&-
package_dir="$RUN_DIR/user/.n8n/nodes/node_modules/n8n-nodes-whatsapp-session"
mkdir -p "$package_dir"
tar -xzf "$RUN_DIR/$tarball" -C "$package_dir" --strip-components=1
node -e '
	const fs = require("fs"), file = process.argv[1], manifest = JSON.parse(fs.readFileSync(file, "utf8"));
	for (const key of ["devDependencies", "peerDependencies", "optionalDependencies"]) delete manifest[key];
	fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
' "$package_dir/package.json"
(cd "$package_dir" && PATH="$NODE_BIN_DIR:$PATH" npm install --audit=false --fund=false --bin-links=false \
	--install-strategy=shallow --ignore-scripts=true --package-lock=false --loglevel=error >/dev/null)
echo '{"name":"installed-nodes","private":true,"dependencies":{"n8n-nodes-whatsapp-session":"0.1.0"}}' \
	>"$RUN_DIR/user/.n8n/nodes/package.json"

# --- a mock Cloud-API-format provider on a free loopback port
setsid node -e '
	const server = require("http").createServer((request, response) => {
		let body = "";
		request.on("data", (chunk) => (body += chunk));
		request.on("end", () => {
			const to = (JSON.parse(body || "{}").to ?? "0").toString();
			response.writeHead(200, { "content-type": "application/json" });
			response.end(JSON.stringify({ messaging_product: "whatsapp", contacts: [{ input: to, wa_id: to }], messages: [{ id: "wamid.crash-rate" }] }));
		});
	});
	server.listen(0, "127.0.0.1", () => require("fs").writeFileSync(process.argv[1], String(server.address().port)));
' "$RUN_DIR/mock.port" &
BACKGROUND+=($!)
for _ in $(seq 1 50); do [[ -s "$RUN_DIR/mock.port" ]] && break; sleep 0.1; done
MOCK_PORT="$(cat "$RUN_DIR/mock.port")"

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
export N8N_USER_FOLDER="$RUN_DIR/user" N8N_ENCRYPTION_KEY=crash-rate-encryption-key-not-a-secret \
	DB_TYPE=sqlite N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=true N8N_LOG_LEVEL=info \
	N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_PERSONALIZATION_ENABLED=false \
	N8N_TEMPLATES_ENABLED=false N8N_HIRING_BANNER_ENABLED=false N8N_DYNAMIC_BANNERS_ENABLED=false \
	N8N_LICENSE_AUTO_RENEW_ENABLED=false N8N_AI_ENABLED=false N8N_COMMUNITY_PACKAGES_ENABLED=true \
	N8N_REINSTALL_MISSING_PACKAGES=false N8N_LISTEN_ADDRESS=127.0.0.1 N8N_RUNNERS_BROKER_LISTEN_ADDRESS=127.0.0.1 \
	N8N_PORT="$(free_port)" N8N_RUNNERS_BROKER_PORT="$(free_port)" GENERIC_TIMEZONE=UTC TZ=UTC
[[ "$N8N_PINNED_VERSION" == 1.* ]] || export N8N_DISABLED_MODULES=mcp-registry
unset NODE_OPTIONS http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
n8n() { PATH="$NODE_BIN_DIR:$PATH" "$N8N_NODE_BIN" "$N8N_BIN" "$@"; }

cat >"$RUN_DIR/credentials.json" <<EOF
[{"id":"crashRateCred","name":"Crash-rate mock","type":"whatsAppSessionApi",
  "data":{"domain":"http://127.0.0.1:$MOCK_PORT","phoneNumberId":"1555000111","apiKey":"crash-rate-key",
          "accessToken":"crash-rate-token","sessionPath":"/api/v1.0/{phoneNumberId}/{key}/simpleMessages"}}]
EOF
cat >"$RUN_DIR/workflow.json" <<'EOF'
{"id":"crashRateWf01","name":"Crash rate","active":false,"settings":{},"pinData":{},
 "nodes":[
  {"id":"c1","name":"Manual Trigger","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
  {"id":"c2","name":"Code","type":"n8n-nodes-base.code","typeVersion":2,"position":[220,0],
   "parameters":{"jsCode":"return [1, 2, 3].map((n) => ({ json: { phone: '+91 98801 3208' + n, order: 1040 + n } }));"}},
  {"id":"c3","name":"WhatsApp Session","type":"n8n-nodes-whatsapp-session.whatsAppSession","typeVersion":1,"position":[440,0],
   "parameters":{"resource":"message","operation":"sendText","recipient":"={{ $json.phone }}","textBody":"=Order {{ $json.order }} has shipped"},
   "credentials":{"whatsAppSessionApi":{"id":"crashRateCred","name":"Crash-rate mock"}}}],
 "connections":{"Manual Trigger":{"main":[[{"node":"Code","type":"main","index":0}]]},
                "Code":{"main":[[{"node":"WhatsApp Session","type":"main","index":0}]]}}}
EOF
n8n import:credentials --input="$RUN_DIR/credentials.json" >"$RUN_DIR/import.log" 2>&1
n8n import:workflow --input="$RUN_DIR/workflow.json" >>"$RUN_DIR/import.log" 2>&1

# A first run proves the set-up works (it is not counted: it also runs the database migrations).
n8n execute --id=crashRateWf01 --rawOutput >"$RUN_DIR/first.out" 2>&1 || {
	tail -n 40 "$RUN_DIR/first.out" >&2
	echo "crash-rate: the workflow does not run" >&2
	exit 1
}
grep -q '"messageId": "wamid.crash-rate"' "$RUN_DIR/first.out" || {
	tail -n 40 "$RUN_DIR/first.out" >&2
	echo "crash-rate: the workflow ran but the node did not send" >&2
	exit 1
}

if [[ "$LOAD" == 1 ]]; then
	# The unit suite, over and over, on both cores: the load under which the crashes were seen.
	setsid bash -c 'cd "$1" && while :; do npx jest --selectProjects unit --silent >/dev/null 2>&1; done' _ "$REPO_ROOT" &
	BACKGROUND+=($!)
	sleep 5
fi

if [[ -n "${CORES:-}" ]]; then
	mkdir -p "$CORES"
	ulimit -c unlimited
fi

log "n8n $N8N_PINNED_VERSION ($("$N8N_NODE_BIN" --version)) in $N8N_CACHE_DIR: $CALLS calls of n8n execute, load: $([[ $LOAD == 1 ]] && echo 'unit tests looping' || echo none)"
ok=0 failed=0 crashed=0
declare -A by_signal=()
T_START="$(date +%s)"
for i in $(seq 1 "$CALLS"); do
	call_dir="$RUN_DIR/call-$i"
	mkdir -p "$call_dir"
	set +e
	(cd "$call_dir" && n8n execute --id=crashRateWf01 --rawOutput >"$call_dir/out" 2>"$call_dir/err")
	code=$?
	set -e
	if [[ $code -eq 0 ]] && grep -q '"messageId": "wamid.crash-rate"' "$call_dir/out"; then
		ok=$((ok + 1))
		rm -rf "$call_dir"
	elif [[ $code -gt 128 ]]; then
		signal="SIG$(kill -l $((code - 128)))"
		crashed=$((crashed + 1))
		by_signal[$signal]=$((${by_signal[$signal]:-0} + 1))
		log "call $i: killed by $signal; stderr tail: $(tail -n 3 "$call_dir/err" | tr '\n' ' ')"
		if [[ -n "${CORES:-}" && -f "$call_dir/core" ]]; then mv "$call_dir/core" "$CORES/core.call-$i"; fi
	else
		failed=$((failed + 1))
		log "call $i: exit code $code; stderr tail: $(tail -n 3 "$call_dir/err" | tr '\n' ' ')"
	fi
	if ((i % 10 == 0)); then log "$i calls: $ok ok, $crashed crashed, $failed failed; load average $(cut -d' ' -f1 /proc/loadavg)"; fi
done

signals=""
for signal in "${!by_signal[@]}"; do signals+=" $signal=${by_signal[$signal]}"; done
echo "n8n=$N8N_PINNED_VERSION node=$("$N8N_NODE_BIN" --version) load=$([[ $LOAD == 1 ]] && echo unit-tests || echo none)"
echo "calls=$CALLS ok=$ok crashed=$crashed${signals:+ (${signals# })} failed=$failed seconds=$(($(date +%s) - T_START))"
