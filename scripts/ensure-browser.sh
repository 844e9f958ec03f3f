#!/usr/bin/env bash
# Makes sure the browser tests (tests/report/test_browser.py) can run: they drive Debian's
# chromium through the Python playwright package (a dev dependency), never a browser
# downloaded by `playwright install`. Installs chromium with apt-get when it is missing and
# we are root; otherwise says how, and the browser tests skip (they fail instead when
# CONSILIENCE_BROWSER_TESTS=required, as .ci/run sets).
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-browser: $CHROMIUM is missing; install it (apt-get install chromium) to run the browser tests" >&2
    exit 0
fi
echo "ensure-browser: installing chromium with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
"$CHROMIUM" --version >&2
