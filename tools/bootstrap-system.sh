#!/usr/bin/env bash
# Make sure the Debian packages Entropy Explorer needs are installed.
# Installs the missing ones with apt-get when running as root; otherwise prints
# the exact command to run and exits 1. With everything present it only asks dpkg.
set -euo pipefail

PACKAGES=(
  libcairo2-dev libpango1.0-dev pkg-config  # cairo/pango headers for pycairo and manimpango
  ffmpeg                                    # video encoding, GIF palette, probing
  gifsicle                                  # GIF optimisation
  texlive-latex-base texlive-latex-extra texlive-fonts-recommended texlive-science
  dvisvgm                                   # LaTeX -> SVG for MathTex
  chromium                                  # headless checks of the slides and web pages
  hugo                                      # the check that a Hugo build of build/web serves the widgets
)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "bootstrap: dpkg-query not found; this set-up expects Debian or Ubuntu." >&2
  echo "bootstrap: install by hand: ${PACKAGES[*]}" >&2
  exit 1
fi

status=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${PACKAGES[@]}" 2>/dev/null || true)
missing=()
for p in "${PACKAGES[@]}"; do
  grep -qx "$p installed" <<<"$status" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "bootstrap: installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "bootstrap: missing system packages: ${missing[*]}" >&2
  echo "bootstrap: run:  sudo apt-get update && sudo $cmd" >&2
  exit 1
fi
