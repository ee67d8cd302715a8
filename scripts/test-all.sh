#!/usr/bin/env bash
# Every test the project has, in the order CI runs them: generated code, types, unit tests (vitest), the built
# site, then end-to-end tests in real Chromium (Playwright). Prints one closing line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if ! [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Chromium from Debian's packages (first run only)…"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install chromium' (Debian) or set CHROMIUM_PATH." >&2
    exit 1
  fi
fi

npm run -s gen
npm run -s typecheck
mkdir -p .ci-out
rm -f .ci-out/vitest.json .ci-out/e2e-*.json
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.ci-out/vitest.json || status=1
npm run -s build
if [ -f playwright.config.ts ]; then
  # Two browsers at once for the chapters, then the specs that print timings alone (see playwright.config.ts).
  PLAYWRIGHT_JSON_OUTPUT_NAME=.ci-out/e2e-chapters.json npx playwright test --project=chapters --workers=2 --reporter=list,json || status=1
  PLAYWRIGHT_JSON_OUTPUT_NAME=.ci-out/e2e-timed.json npx playwright test --project=timed --workers=1 --reporter=list,json || status=1
fi
node scripts/test-summary.mjs || status=1
exit $status
