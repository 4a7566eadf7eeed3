#!/usr/bin/env bash
# One idempotent setup for make, .ci/run and the Dockerfile:
# Debian packages first, then a .venv with the project installed.
# A second run finds everything in place and changes nothing.
#
#   scripts/setup.sh            system packages + .venv with runtime and dev extras
#   SETUP_BROWSER=0 ...         skip chromium (the service itself never needs it)
#   SETUP_VENV=/path ...        put the virtualenv elsewhere (the Dockerfile uses /opt/venv)
#   SETUP_EXTRAS=dev ...        which pyproject extras to install ("" for runtime only)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${SETUP_VENV:-$root/.venv}"
extras="${SETUP_EXTRAS-dev}"
python="${PYTHON:-python3}"

debian_packages=(
  tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-osd
  redis-server
)
if [ "${SETUP_BROWSER:-1}" = "1" ]; then
  debian_packages+=(chromium)
fi

log() { printf 'setup: %s\n' "$*" >&2; }

missing_debian_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

install_debian_packages() {
  local missing
  mapfile -t missing < <(missing_debian_packages "${debian_packages[@]}")
  if ! "$python" -m venv --help >/dev/null 2>&1 || ! "$python" -m ensurepip --version >/dev/null 2>&1; then
    missing+=(python3-venv)
  fi
  [ ${#missing[@]} -eq 0 ] && { log "Debian packages present"; return; }
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  log "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The venv is rebuilt only when pyproject.toml changed since the last install.
install_venv() {
  local stamp="$venv/.setup-stamp"
  local want
  want="$(sha256sum "$root/pyproject.toml" | cut -d' ' -f1) extras=$extras"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$venv/bin/invoice-capture" ]; then
    log "virtualenv up to date ($venv)"
    return
  fi
  [ -x "$venv/bin/python" ] || { log "creating $venv"; "$python" -m venv "$venv"; }
  local target="$root"
  [ -n "$extras" ] && target="$root[$extras]"
  log "installing the project into $venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -e "$target"
  echo "$want" >"$stamp"
}

install_debian_packages
install_venv
log "ready"
