#!/usr/bin/env bash
# Installs the Debian packages helmfire's tests and demo need, if missing:
#   docker-registry  the OCI registry (distribution) charts are pushed to
#   age              the encryption tool sops secrets are tested with
# Idempotent and quiet: does nothing (and needs no privileges) when every
# package is present; runs `apt-get update` only when something is missing.
set -euo pipefail

PACKAGES=(docker-registry age)

log() { printf '[apt] %s\n' "$*" >&2; }

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$pkg")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  log "missing Debian packages: ${missing[*]}; apt-get is not available here, install them by other means"
  exit 3
fi
if [ "$(id -u)" -ne 0 ]; then
  log "missing Debian packages: ${missing[*]}; installing needs root: run 'sudo apt-get install -y ${missing[*]}' or this script as root"
  exit 3
fi

log "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if ! apt-get update -qq >"$out" 2>&1; then
  cat "$out" >&2
  log "apt-get update failed"
  exit 1
fi
# helmfire starts the registry itself, on a port of its choosing; the
# package's own service is never used.
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$out" 2>&1; then
  cat "$out" >&2
  log "apt-get install ${missing[*]} failed"
  exit 1
fi
for pkg in "${missing[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || { log "$pkg is still not installed"; exit 1; }
done
