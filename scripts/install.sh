#!/usr/bin/env bash
# FlowForge installer: from a fresh clone to a supervised demo and a live dashboard in one command.
# Idempotent: a second run reuses the dependencies, builds, key file and services of the first.
# It never kills a process; a taken port stops it unless --pick-free-ports is given.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: ./scripts/install.sh [options]

Checks Node.js, installs the dependencies (npm ci), builds every workspace, creates the API key
file .flowforge.env (once, mode 0600), starts the daemon and the dashboard, runs the demo and
prints where to look.

Options:
  --no-services      do not start the daemon or the dashboard
  --no-demo          do not run the demo
  --open-browser     open the dashboard in a browser when one is available
  --pick-free-ports  when a port is taken by another program, use a free one instead of stopping
  --help             show this help

Environment:
  FLOWFORGE_API_PORT        daemon port (default 8080; 0 = any free port)
  FLOWFORGE_DASHBOARD_PORT  dashboard port (default 3001, else the port of the last install; 0 = any free port)
  FLOWFORGE_DB, FLOWFORGE_DATA_DIR, FLOWFORGE_ENV_FILE   where the evidence, pid/log files and key live

Exit codes: 0 done; 1 a step failed (the message says which and what to do); 2 bad usage.
EOF
}

services=1 demo=1 open_browser=0 pick_free=0
for arg in "$@"; do
  case "$arg" in
    --no-services) services=0 ;;
    --no-demo) demo=0 ;;
    --open-browser) open_browser=1 ;;
    --pick-free-ports) pick_free=1 ;;
    -h | --help) usage; exit 0 ;;
    *) printf 'install.sh: unknown option %s\n\n' "$arg" >&2; usage >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
say() { printf '==> %s\n' "$*"; }
warn() { printf 'install.sh: warning: %s\n' "$*" >&2; }
fail() { printf 'install.sh: error: %s\n' "$*" >&2; exit 1; }
ff() { node "$ROOT/cli/bin/flowforge.cjs" "$@"; }

# --- 1. prerequisites -------------------------------------------------------------------------
if ! command -v node >/dev/null 2>&1; then
  fail "Node.js 20.9 or newer is required, but 'node' is not on PATH. Install it (https://nodejs.org, or 'nvm install 20') and run this script again."
fi
node_version="$(node -p 'process.versions.node')"
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 9) ? 0 : 1)'; then
  fail "Node.js 20.9 or newer is required; this is Node.js $node_version ($(command -v node)). Install a newer one (e.g. 'nvm install 20') and run this script again."
fi
command -v npm >/dev/null 2>&1 || fail "npm is required (it ships with Node.js) but is not on PATH."
if ! command -v python3 >/dev/null 2>&1; then
  if [[ $demo == 1 ]]; then
    fail "python3 is required by the demo agent and the test fixtures but is not on PATH. Install it (e.g. 'apt-get install python3') or pass --no-demo."
  fi
  warn "python3 is not on PATH: the demo and the test fixtures will not run."
fi
say "Node.js $node_version, npm $(npm --version)"

# --- 2. dependencies (npm ci once per package-lock.json and Node ABI) ---------------------------
stamp="node_modules/.flowforge-install-stamp"
want="$(node -e 'const c = require("crypto"); const f = require("fs"); process.stdout.write(c.createHash("sha256").update(f.readFileSync("package-lock.json")).digest("hex") + " abi-" + process.versions.modules)')"
if [[ -f $stamp && "$(cat "$stamp")" == "$want" ]]; then
  say "dependencies are up to date (package-lock.json unchanged since the last install)"
else
  if ! command -v make >/dev/null 2>&1 || ! { command -v g++ >/dev/null 2>&1 || command -v c++ >/dev/null 2>&1; }; then
    warn "no C++ toolchain (make, g++) found: better-sqlite3 needs one when no prebuilt binary can be downloaded ('apt-get install build-essential python3')."
  fi
  say "installing dependencies (npm ci; compiling better-sqlite3 can take a few minutes)"
  npm ci --no-audit --no-fund || fail "npm ci failed (see above). Check your network or registry settings and the C++ toolchain, then run this script again."
  printf '%s\n' "$want" >"$stamp"
fi

# --- 3. build ------------------------------------------------------------------------------------
say "building daemon, cli and fixtures"
npm run build --silent -w daemon -w cli -w fixtures || fail "the build failed (see above); fix it and run this script again."

dashboard_error=""
dashboard_stale() {
  [[ ! -f dashboard/.next/BUILD_ID ]] && return 0
  [[ -n "$(find dashboard package-lock.json -newer dashboard/.next/BUILD_ID -type f \
    -not -path 'dashboard/.next/*' -not -path 'dashboard/node_modules/*' -not -path 'dashboard/test/*' \
    -not -path 'dashboard/artifacts/*' -not -path 'dashboard/.turbo/*' -not -name '*.tsbuildinfo' \
    -not -name 'next-env.d.ts' -print -quit)" ]]
}
if dashboard_stale; then
  say "building the dashboard (next build)"
  if ! npm run build --silent -w dashboard; then
    dashboard_error="the dashboard did not build (see the output above); the daemon and the CLI work without it. Fix the build, then run this script again."
    warn "$dashboard_error"
  fi
else
  say "the dashboard build is up to date"
fi

# --- 4. API key file (the daemon's own code: CSPRNG, mode 0600, never overwritten) ---------------
node --input-type=module -e '
import { readOrCreateApiKey, resolveEnvFile } from "@flowforge/daemon/server";
const file = resolveEnvFile(process.env, process.cwd());
const result = readOrCreateApiKey(file, process.env);
const what = {
  env: "FLOWFORGE_API_KEY comes from the environment; " + file + " is left as it is",
  file: "the API key file " + file + " exists; kept",
  generated: "generated the API key file " + file + " (mode 0600)",
}[result.source];
console.log("==> " + what);
if (result.migrated.length > 0) console.log("==> renamed legacy names in it: " + result.migrated.join(", "));
if (result.tightened) console.log("==> it was readable by others; its mode is now 0600");
' || fail "could not create or read the API key file (see above)."

# --- 5. services -----------------------------------------------------------------------------------
status_field() { ff daemon status --json | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => { const v = JSON.parse(s)[process.argv[1]]; process.stdout.write(v === null || v === undefined ? "" : String(v)); })' "$1"; }
port_busy() { node -e 'const s = require("net").createServer(); s.once("error", (e) => process.exit(e.code === "EADDRINUSE" ? 0 : 2)); s.listen(Number(process.argv[1]), "127.0.0.1", () => s.close(() => process.exit(1)))' "$1"; }
free_port() { node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { process.stdout.write(String(s.address().port)); s.close(); })'; }
# Our dashboard answers its daemon proxy with JSON (200, or a problem when the daemon is down).
is_our_dashboard() { node -e 'fetch(`http://127.0.0.1:${process.argv[1]}/api/ff/v1/healthz`, { signal: AbortSignal.timeout(3000) }).then((r) => process.exit(/json/.test(r.headers.get("content-type") ?? "") ? 0 : 1), () => process.exit(1))' "$1"; }

dashboard_url="" api_url=""
if [[ $services == 1 ]]; then
  if [[ "$(status_field running)" == "true" ]]; then
    say "the daemon already runs at $(status_field url); reusing it"
  else
    api_port="${FLOWFORGE_API_PORT:-8080}"
    if [[ $api_port != 0 ]] && port_busy "$api_port"; then
      if [[ $pick_free == 1 ]]; then
        say "127.0.0.1:$api_port is taken by another program; the daemon will use a free port"
        export FLOWFORGE_API_PORT=0
      else
        fail "127.0.0.1:$api_port is in use by another program, and no FlowForge daemon runs for this database. Stop that program, set FLOWFORGE_API_PORT to a free port, or run again with --pick-free-ports."
      fi
    fi
  fi
  data_dir="$(dirname "$(status_field logFile)")"
  port_file="$data_dir/install-dashboard-port"
  if [[ -z $dashboard_error ]]; then
    port="${FLOWFORGE_DASHBOARD_PORT:-}"
    if [[ -z $port || $port == 0 ]] && [[ -f $port_file ]] && is_our_dashboard "$(cat "$port_file")"; then
      port="$(cat "$port_file")"
    fi
    [[ -z $port ]] && port=3001
    [[ $port == 0 ]] && port="$(free_port)"
    if port_busy "$port" && ! is_our_dashboard "$port"; then
      if [[ $pick_free == 1 ]]; then
        new_port="$(free_port)"
        say "127.0.0.1:$port is taken by another program; the dashboard will use port $new_port"
        port="$new_port"
      else
        fail "127.0.0.1:$port is in use by another program (not a FlowForge dashboard). Stop it, set FLOWFORGE_DASHBOARD_PORT to a free port, or run again with --pick-free-ports."
      fi
    fi
    if is_our_dashboard "$port"; then
      say "the dashboard already runs on port $port; reusing it"
    else
      say "starting the dashboard on port $port (and the daemon if it is not running)"
    fi
    ff dashboard --port "$port" || fail "the dashboard did not start (see above and $data_dir/dashboard.log)."
    mkdir -p "$data_dir"
    printf '%s\n' "$port" >"$port_file"
    dashboard_url="http://127.0.0.1:$port"
  elif [[ "$(status_field running)" != "true" ]]; then
    say "starting the daemon (without the dashboard)"
    ff daemon start || fail "the daemon did not start (see above and './flowforge daemon logs')."
  fi
  api_url="$(status_field url)"
fi

# --- 6. demo -----------------------------------------------------------------------------------------
if [[ $demo == 1 ]]; then
  say "running the demo: a bundled agent gets stuck in a loop, is restarted and recovers"
  ff demo || fail "the demo did not end cleanly (exit $?); see its output above."
fi

# --- 7. where to look --------------------------------------------------------------------------------
db_path="$(status_field dbPath)"
env_file="$(status_field envFile)"
echo
echo "FlowForge is ready."
if [[ -n $dashboard_url ]]; then
  echo "Dashboard:  $dashboard_url"
  echo "Sign in:    with the API key, FLOWFORGE_API_KEY in $env_file"
elif [[ $services == 1 ]]; then
  echo "Dashboard:  not available: $dashboard_error"
fi
[[ -n $api_url ]] && echo "API:        $api_url (bearer key in $env_file)"
echo "Evidence:   $db_path"
echo "Logs:       ./flowforge daemon logs$([[ -n $dashboard_url ]] && printf '; %s' "$data_dir/dashboard.log")"
echo "Try:        ./flowforge run -- <your command>   (docs: README.md, docs/cli.md)"
echo "Tests:      npm test"
[[ $services == 1 ]] && echo "Stop:       ./flowforge daemon stop (docs/runbook.md: stopping the dashboard)"

if [[ $open_browser == 1 && -n $dashboard_url ]]; then
  if [[ "$(uname -s)" == Darwin ]] && command -v open >/dev/null 2>&1; then
    open "$dashboard_url"
  elif [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]] && command -v xdg-open >/dev/null 2>&1; then
    xdg-open "$dashboard_url" >/dev/null 2>&1 &
  else
    echo "No browser found (no display); open $dashboard_url yourself."
  fi
fi
[[ -z $dashboard_error ]] || exit 1
