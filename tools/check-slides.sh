#!/usr/bin/env bash
# Export the talk slides and check them in a real browser, offline:
#   1. installs Chromium if it is missing (apt-get as root; otherwise prints the command),
#   2. runs `entropy-explorer slides --check`: no network references in the page or its
#      stylesheets, then headless Chromium with DNS blocked must start reveal.js and load
#      the first slide's video.
# Usage: tools/check-slides.sh [QUALITY] [SCENE ...]   (default quality l: fast)
set -euo pipefail
cd "$(dirname "$0")/.."

quality="${1:-l}"
shift || true

if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 \
   && ! command -v google-chrome >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "check-slides: installing chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium
  else
    echo "check-slides: chromium is needed; run:  sudo apt-get install chromium" >&2
    exit 1
  fi
fi

exec .venv/bin/entropy-explorer slides --quality "$quality" --check "$@"
