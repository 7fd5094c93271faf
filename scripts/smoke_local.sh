#!/usr/bin/env bash
# Smoke test of a checkout: install without the demo or services, start a private daemon (temp database,
# key file and an ephemeral port, so a daemon you already run is untouched), run the demo against it,
# probe health, metrics and the timeline, and stop the daemon it started.
# Usage: ./scripts/smoke_local.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/flowforge-smoke.XXXXXX")"
export FLOWFORGE_DB="$TMP/flowforge.db" FLOWFORGE_DATA_DIR="$TMP" FLOWFORGE_ENV_FILE="$TMP/.flowforge.env"
unset FLOWFORGE_API_KEY FLOWFORGE_API_URL
started=0
step() { printf '\n==> smoke: %s\n' "$*"; }
fail() { printf '\nSMOKE TEST FAILED: %s\n' "$*" >&2; exit 1; }
cleanup() {
  local rc=$?
  if [[ $started == 1 ]]; then ./flowforge daemon stop || true; fi
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT

step "install (--no-demo --no-services)"
./scripts/install.sh --no-demo --no-services

step "start a private daemon on an ephemeral port"
./flowforge daemon start --port 0
started=1
status="$(./flowforge daemon status --json)"
field() { printf '%s' "$status" | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => process.stdout.write(String(JSON.parse(s)[process.argv[1]] ?? "")))' "$1"; }
api_url="$(field url)"
[[ -n $api_url ]] || fail "the daemon reports no URL"
key="$(sed -n 's/^FLOWFORGE_API_KEY=//p' "$FLOWFORGE_ENV_FILE")"
[[ -n $key ]] || fail "the daemon wrote no key to $FLOWFORGE_ENV_FILE"

step "run the demo"
./flowforge demo 2>&1 | tee "$TMP/demo.log"
grep -q 'Process recovered' "$TMP/demo.log" || fail "the demo did not recover"

step "probe health, metrics and the timeline at $api_url"
http() { node -e 'const [url, key] = process.argv.slice(1); fetch(url, { headers: key ? { Authorization: `Bearer ${key}` } : {} }).then(async (r) => { process.stdout.write(await r.text()); process.exit(r.ok ? 0 : 1); }, (e) => { console.error(String(e)); process.exit(1); })' "$@"; }
http "$api_url/v1/healthz" | grep -q '"ok"' || fail "GET /v1/healthz is not ok"
http "$api_url/v1/readyz" >/dev/null || fail "GET /v1/readyz is not ready"
http "$api_url/v1/metrics" "$key" | grep -q '^flowforge_runs_started_total' || fail "GET /v1/metrics lacks flowforge_runs_started_total"
http "$api_url/v1/timeline?types=action.restarted&limit=10" "$key" | grep -q 'action.restarted' || fail "the demo's restart is not in the timeline"
if http "$api_url/v1/runs" >/dev/null 2>&1; then fail "GET /v1/runs answered without a key"; fi

step "stop the daemon"
./flowforge daemon stop
started=0
step "passed"
