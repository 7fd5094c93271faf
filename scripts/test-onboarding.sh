#!/usr/bin/env bash
# Onboarding test: in a fresh clone in a temp dir, run README.md's quickstart commands exactly as written
# (services on ephemeral ports, data in the temp dir) and assert the output lines the README promises.
# Usage: scripts/test-onboarding.sh [--with-tests] [--keep]
#   --with-tests  also run the README's test command (`npm test`) in that clone: CI uses this instead of
#                 its own `npm ci && npm test`, so the dependencies are installed once.
#   --keep        keep the temp dir (its path is printed) for inspection.
# Uncommitted changes of this checkout (modified and untracked, not ignored) are copied into the clone,
# so it tests the tree as it would be committed. Only processes it started are stopped.
set -euo pipefail

with_tests=0 keep=0
for arg in "$@"; do
  case "$arg" in
    --with-tests) with_tests=1 ;;
    --keep) keep=1 ;;
    *) echo "usage: scripts/test-onboarding.sh [--with-tests] [--keep]" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/flowforge-onboarding.XXXXXX")"
CLONE="$TMP/flowforge"
DATA="$TMP/data"
start_s=$SECONDS
step() { printf '\n### onboarding [%ss]: %s\n' "$((SECONDS - start_s))" "$*"; }
fail() { printf '\nONBOARDING TEST FAILED: %s\n' "$*" >&2; exit 1; }

# The services the README's install starts, pointed at the temp dir and ephemeral ports.
service_env=(FLOWFORGE_DB="$DATA/flowforge.db" FLOWFORGE_DATA_DIR="$DATA" FLOWFORGE_API_PORT=0 FLOWFORGE_DASHBOARD_PORT=0)

cleanup() {
  local rc=$?
  if [[ -x $CLONE/flowforge && -d $CLONE/cli/dist ]]; then
    (cd "$CLONE" && env "${service_env[@]}" ./flowforge daemon stop >/dev/null 2>&1) || true
  fi
  # The dashboard runs detached (its own process group) with its cwd in the clone: stop those groups only.
  for proc in /proc/[0-9]*; do
    local pid="${proc#/proc/}" cwd
    [[ $pid == "$$" ]] && continue
    cwd="$(readlink "$proc/cwd" 2>/dev/null)" || continue
    [[ $cwd == "$CLONE" || $cwd == "$CLONE"/* ]] || continue
    [[ "$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')" == "$pid" ]] || continue
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  if [[ $keep == 1 ]]; then echo "kept $TMP"; else rm -rf "$TMP"; fi
  exit "$rc"
}
trap cleanup EXIT

step "cloning $ROOT into $CLONE"
git clone -q "$ROOT" "$CLONE"
(cd "$ROOT" && git ls-files -z -m -o --exclude-standard) | tar -C "$ROOT" --null -T - -cf - | tar -C "$CLONE" -xf -
(cd "$ROOT" && git ls-files -z -d) | (cd "$CLONE" && xargs -0 -r rm -f --)
mkdir -p "$DATA"

# The README's blocks between <!-- onboarding:commands --> / <!-- onboarding:output --> markers.
block() { awk -v tag="$1" '$0 ~ "<!-- " tag { on = 1; next } $0 ~ "<!-- /" tag { on = 0 } on && !/^```/' "$CLONE/README.md"; }
mapfile -t commands < <(block onboarding:commands | sed -e 's/[[:space:]]*#.*$//' -e '/^[[:space:]]*$/d')
mapfile -t promised < <(block onboarding:output | sed '/^[[:space:]]*$/d')
[[ ${#commands[@]} -ge 3 && ${#promised[@]} -ge 3 ]] || fail "README.md lost its onboarding:commands / onboarding:output blocks"
[[ ${commands[0]} == "git clone "* ]] || fail "the quickstart should start with git clone; got: ${commands[0]}"
install_cmd="${commands[1]}"
test_cmd="${commands[2]}"
echo "install command: $install_cmd"
echo "test command:    $test_cmd"

run_install() {
  local log="$1"
  set +e
  (cd "$CLONE" && env "${service_env[@]}" bash -c "$install_cmd") 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  set -e
  [[ $rc == 0 ]] || fail "'$install_cmd' exited $rc (log: $log)"
}

step "running the README's install command (first run)"
run_install "$TMP/install-1.log"

step "checking the promised output lines"
for line in "${promised[@]}"; do
  # Literal text, except that numbers may differ and … matches anything.
  pattern="$(printf '%s' "$line" | sed -e 's/[][\.*^$+?(){}|]/\\&/g' -e 's/[0-9][0-9]*/[0-9]+/g' -e 's/…/.*/g' -e 's/  */ +/g')"
  grep -Eq -- "$pattern" "$TMP/install-1.log" || fail "promised line not in the output: $line"
  echo "ok: $line"
done

step "checking the key file, the daemon and the dashboard"
cd "$CLONE"
ff() { env "${service_env[@]}" ./flowforge "$@"; }
status_field() { ff daemon status --json | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => process.stdout.write(String(JSON.parse(s)[process.argv[1]] ?? "")))' "$1"; }
[[ "$(stat -c %a .flowforge.env 2>/dev/null || stat -f %Lp .flowforge.env)" == 600 ]] || fail ".flowforge.env is not mode 0600"
grep -Eq '^FLOWFORGE_API_KEY=[A-Za-z0-9_-]{43}$' .flowforge.env || fail ".flowforge.env has no generated 43-character key"
key="$(sed -n 's/^FLOWFORGE_API_KEY=//p' .flowforge.env)"
key_sum="$(cksum <.flowforge.env)"
daemon_pid="$(status_field pid)"
api_url="$(status_field url)"
dashboard_url="$(sed -n 's/^Dashboard: *\(http[^ ]*\).*/\1/p' "$TMP/install-1.log" | tail -1)"
[[ -n $daemon_pid && -n $api_url && -n $dashboard_url ]] || fail "no daemon or dashboard after the install"
http() { node -e 'const [url, key] = process.argv.slice(1); fetch(url, { headers: key ? { Authorization: `Bearer ${key}` } : {} }).then(async (r) => { process.stdout.write(await r.text()); process.exit(r.ok ? 0 : 1); }, (e) => { console.error(String(e)); process.exit(1); })' "$@"; }
http "$api_url/v1/healthz" >/dev/null || fail "GET $api_url/v1/healthz failed"
http "$api_url/v1/metrics" "$key" | grep -q '^flowforge_' || fail "GET /v1/metrics has no flowforge_ metrics"
http "$api_url/v1/runs?limit=10" "$key" | grep -q '"demo"' || fail "the demo run is not in GET /v1/runs"
http "$api_url/v1/timeline?types=action.restarted&limit=10" "$key" | grep -q 'action.restarted' || fail "the demo's restart is not in the timeline"
http "$dashboard_url/" >/dev/null || fail "the dashboard at $dashboard_url does not answer"
http "$dashboard_url/api/ff/v1/healthz" >/dev/null || fail "the dashboard's proxy to the daemon does not answer"
echo "ok: key file 0600, daemon $api_url (pid $daemon_pid), dashboard $dashboard_url, demo run in runs and timeline"

step "running the README's install command again (must succeed and change nothing)"
run_install "$TMP/install-2.log"
[[ "$(cksum <.flowforge.env)" == "$key_sum" ]] || fail "the second run changed .flowforge.env"
[[ "$(status_field pid)" == "$daemon_pid" ]] || fail "the second run replaced the daemon"
grep -q "^Dashboard: *$dashboard_url\$" "$TMP/install-2.log" || fail "the second run moved the dashboard away from $dashboard_url"
grep -q 'dependencies are up to date' "$TMP/install-2.log" || fail "the second run reinstalled the dependencies"
echo "ok: same key file, daemon and dashboard"

if [[ $with_tests == 1 ]]; then
  step "running the README's test command: $test_cmd"
  (cd "$CLONE" && bash -c "$test_cmd") || fail "'$test_cmd' failed"
fi
cd "$ROOT"
step "passed"
