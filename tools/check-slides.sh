#!/usr/bin/env bash
# Export the talk slides and check them in a real browser, offline:
# `entropy-explorer slides --check`: no network references in the page or its stylesheets,
# then headless Chromium (installed by `make setup`) with DNS blocked must start reveal.js
# and load the first slide's video, the page opened from disk as a user opens it.
# Usage: tools/check-slides.sh [QUALITY] [SCENE ...]   (default quality l: fast)
set -euo pipefail
cd "$(dirname "$0")/.."

quality="${1:-l}"
shift || true
make -s setup
exec .venv/bin/entropy-explorer slides --quality "$quality" --check "$@"
