#!/usr/bin/env bash
# Proves that the e2e n8n runs a workflow in queue mode on this machine, all on 127.0.0.1:
# Redis (from scripts/e2e/install-redis.sh: the one on PATH, or Debian's, fetched into .cache/) +
# `n8n start` (main: webhooks, enqueues) + `n8n worker` (runs the job), sharing one user folder
# and its SQLite database (n8n warns that scaling mode is not officially supported with SQLite; it
# works for a test). `n8n execute` does not do this: it logs
# "CLI command `execute` does not support queue mode" and runs in regular mode.
#
# Flow: import a Webhook -> Code workflow, `n8n publish:workflow` it, start main + worker, POST to
# the production webhook (responseMode lastNode returns the last node's JSON), check the worker's
# log, then read the full run data through the public REST API with an API key made through the
# internal REST API (owner setup -> cookie -> /rest/api-keys).
#
#   scripts/e2e/queue-mode-probe.sh
#   KEEP=1 scripts/e2e/queue-mode-probe.sh    keep the run folder under .e2e-runs/
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
"$SCRIPT_DIR/install-n8n.sh" >/dev/null
eval "$("$SCRIPT_DIR/paths.sh")"

eval "$("$SCRIPT_DIR/install-redis.sh")"

RUN_DIR="$REPO_ROOT/.e2e-runs/$(date +%Y%m%dT%H%M%S)-queue-probe-$$"
mkdir -p "$RUN_DIR/user" "$RUN_DIR/logs"
PIDS=()
stop_group() {
	kill -TERM -- "-$1" 2>/dev/null || return 0
	for _ in $(seq 1 20); do
		kill -0 -- "-$1" 2>/dev/null || return 0
		sleep 0.5
	done
	kill -KILL -- "-$1" 2>/dev/null || true
}
cleanup() {
	# n8n processes first (newest first), Redis last, so n8n shuts down with its queue still there.
	for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_group "${PIDS[i]}"; done
	wait 2>/dev/null || true
	[[ "${KEEP:-0}" == 1 ]] || rm -rf "$RUN_DIR"
}
trap cleanup EXIT

free_port() { "$N8N_NODE_BIN" -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }
log() { printf '[queue-probe %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

REDIS_PORT="$(free_port)"
MAIN_PORT="$(free_port)"
export PATH="$(dirname "$N8N_NODE_BIN"):$PATH"
export N8N_USER_FOLDER="$RUN_DIR/user" N8N_ENCRYPTION_KEY=e2e-test-encryption-key-not-a-secret-0001 DB_TYPE=sqlite \
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=true N8N_LOG_LEVEL=info \
	N8N_DIAGNOSTICS_ENABLED=false N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_PERSONALIZATION_ENABLED=false \
	N8N_TEMPLATES_ENABLED=false N8N_HIRING_BANNER_ENABLED=false N8N_DYNAMIC_BANNERS_ENABLED=false \
	N8N_LICENSE_AUTO_RENEW_ENABLED=false N8N_AI_ENABLED=false \
	N8N_DISABLED_MODULES=mcp-registry \
	N8N_LISTEN_ADDRESS=127.0.0.1 N8N_RUNNERS_BROKER_LISTEN_ADDRESS=127.0.0.1 N8N_SECURE_COOKIE=false \
	EXECUTIONS_MODE=queue QUEUE_BULL_REDIS_HOST=127.0.0.1 QUEUE_BULL_REDIS_PORT="$REDIS_PORT" \
	N8N_WORKER_SERVER_ADDRESS=127.0.0.1 QUEUE_HEALTH_CHECK_ACTIVE=false
# mcp-registry: `n8n start` otherwise fetches api.n8n.io/api/mcp-servers at boot.
n8n() { "$N8N_NODE_BIN" "$N8N_BIN" "$@"; }

setsid "$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$RUN_DIR/logs/redis.log" 2>&1 &
PIDS+=($!)

cat >"$RUN_DIR/workflow.json" <<'EOF'
{"id":"queueProbeWf001","name":"Queue probe","active":false,"settings":{},"pinData":{},
 "nodes":[
  {"id":"q1","name":"Webhook","type":"n8n-nodes-base.webhook","typeVersion":2,"position":[0,0],
   "webhookId":"6a0b4a7e-2f1e-4a7c-9a55-0000000000a1",
   "parameters":{"httpMethod":"POST","path":"queue-probe","responseMode":"lastNode","options":{}}},
  {"id":"q2","name":"Code","type":"n8n-nodes-base.code","typeVersion":2,"position":[220,0],
   "parameters":{"jsCode":"const v = $input.first().json.body.value; return [{ json: { got: v, doubled: v * 2, executionId: $execution.id } }];"}}],
 "connections":{"Webhook":{"main":[[{"node":"Code","type":"main","index":0}]]}}}
EOF
T="$(now)"
n8n import:workflow --input="$RUN_DIR/workflow.json" >"$RUN_DIR/logs/import.log" 2>&1
n8n publish:workflow --id=queueProbeWf001 >"$RUN_DIR/logs/publish.log" 2>&1
log "import + publish: $(elapsed "$T")"

T="$(now)"
N8N_PORT="$MAIN_PORT" N8N_RUNNERS_BROKER_PORT="$(free_port)" setsid "$N8N_NODE_BIN" "$N8N_BIN" start >"$RUN_DIR/logs/main.log" 2>&1 &
PIDS+=($!)
N8N_PORT="$(free_port)" N8N_RUNNERS_BROKER_PORT="$(free_port)" QUEUE_HEALTH_CHECK_PORT="$(free_port)" \
	setsid "$N8N_NODE_BIN" "$N8N_BIN" worker --concurrency=2 >"$RUN_DIR/logs/worker.log" 2>&1 &
PIDS+=($!)
BASE="http://127.0.0.1:$MAIN_PORT"
for _ in $(seq 1 120); do
	# /healthz/readiness answers before the published workflows' webhooks are registered; the
	# "Editor is now accessible" line comes after that.
	if grep -qs "Editor is now accessible" "$RUN_DIR/logs/main.log" && grep -qs "n8n worker is now ready" "$RUN_DIR/logs/worker.log"; then break; fi
	sleep 0.5
done
log "main + worker ready: $(elapsed "$T")"

# Webhooks of published workflows are registered shortly after that line, with no log line of
# their own: a 404 means "not registered yet" (nothing ran), so try again for a while.
T="$(now)"
response=""
for _ in $(seq 1 60); do
	status="$(curl -sS --max-time 60 -o "$RUN_DIR/response.json" -w '%{http_code}' -X POST \
		-H 'content-type: application/json' -d '{"value":21}' "$BASE/webhook/queue-probe")"
	if [[ "$status" != 404 ]]; then
		response="$(cat "$RUN_DIR/response.json")"
		break
	fi
	sleep 0.5
done
log "webhook round trip (incl. waiting for its registration): $(elapsed "$T"): HTTP $status $response"
[[ "$status" == 200 && "$response" == *'"doubled":42'* ]] || {
	echo "queue-mode-probe: unexpected webhook response" >&2
	exit 1
}
sleep 1
grep -E "Enqueued execution" "$RUN_DIR/logs/main.log" | tail -n 1
grep -E "Worker (started|finished) execution" "$RUN_DIR/logs/worker.log" | tail -n 2
grep -q "Worker finished execution" "$RUN_DIR/logs/worker.log" || {
	echo "queue-mode-probe: the worker did not run the execution" >&2
	exit 1
}

# Full run data: owner setup (first call needs no auth) -> session cookie -> API key -> public API.
jar="$RUN_DIR/cookies"
curl -fsS -c "$jar" -H 'content-type: application/json' -o /dev/null \
	-d '{"email":"owner@example.test","firstName":"E2E","lastName":"Owner","password":"E2e-Passw0rd!"}' "$BASE/rest/owner/setup"
api_key="$(curl -fsS -b "$jar" -H 'content-type: application/json' \
	-d '{"label":"e2e","scopes":["execution:read","execution:list"],"expiresAt":null}' "$BASE/rest/api-keys" |
	"$N8N_NODE_BIN" -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).data.rawApiKey))')"
execution_id="$(curl -fsS -H "X-N8N-API-KEY: $api_key" "$BASE/api/v1/executions?workflowId=queueProbeWf001&limit=1" |
	"$N8N_NODE_BIN" -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).data[0].id))')"
curl -fsS -H "X-N8N-API-KEY: $api_key" "$BASE/api/v1/executions/$execution_id?includeData=true" |
	"$N8N_NODE_BIN" -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const e=JSON.parse(s);
		const out=e.data.resultData.runData.Code[0].data.main[0][0].json;
		console.log(`public API: execution ${e.id} mode=${e.mode} status=${e.status} Code output=${JSON.stringify(out)}`);
		if (e.status!=="success"||out.doubled!==42) process.exit(1);})'
log "queue mode works"
