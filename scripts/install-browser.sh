#!/usr/bin/env bash
# Debian's chromium and chromedriver for the dashboard test (tests/integration/
# test_aggregator_dashboard.py). Idempotent: does nothing when both are there.
# Needs root (apt-get); run as `sudo bash scripts/install-browser.sh` otherwise.
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "install-browser.sh: needs root for apt-get (chromium chromium-driver)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
echo "install-browser.sh: $(chromium --version 2>/dev/null | tail -1)" >&2
