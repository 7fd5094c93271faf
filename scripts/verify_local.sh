#!/usr/bin/env bash
# Everything CI checks, locally: lint, typecheck, build, tests, and that the generated docs are current.
# Usage: ./scripts/verify_local.sh   (after ./scripts/install.sh --no-services, or npm ci)
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
step() { printf '\n==> %s\n' "$*"; }

step "lint (ESLint + Prettier)"
npm run lint
step "shell scripts parse"
for script in scripts/*.sh .ci/run; do bash -n "$script"; done
if command -v shellcheck >/dev/null 2>&1; then shellcheck -S warning scripts/*.sh .ci/run; fi
step "build"
npm run build
step "typecheck"
npx turbo run typecheck --concurrency=1
step "generated docs are current (docs/cli.md, docs/config.md)"
node scripts/gen-cli-docs.mjs --check
node scripts/gen-config-docs.mjs --check
step "tests"
npx turbo run test --concurrency=1
step "all checks passed"
