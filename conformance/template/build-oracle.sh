#!/usr/bin/env bash
# Builds helmfire's template oracle (conformance/template/oracle) and prints
# the path of the binary. The binary is cached outside the work tree, keyed by
# a hash of the oracle's sources, go.mod and go.sum; a warm run only hashes.
set -euo pipefail
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/oracle" && pwd)"
CACHE="${HELMFIRE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/helmfire}"
HASH=$(cd "$SRC" && cat go.mod go.sum $(ls *.go | LC_ALL=C sort) | sha256sum | cut -c1-16)
DEST="$CACHE/tools/template-oracle-$HASH"
BIN="$DEST/template-oracle"
if [ -x "$BIN" ]; then echo "$BIN"; exit 0; fi
command -v go >/dev/null || { echo "[oracle] go is not on PATH: cannot build the template oracle" >&2; exit 3; }
WORK="$CACHE/tools/.build-template-oracle-$$"
rm -rf "$WORK"; mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT
start=$(date +%s)
echo "[oracle] building the template oracle (first build downloads and compiles helmfile's dependencies)" >&2
(cd "$SRC" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-trimpath -mod=readonly" \
  go build -ldflags "-s -w" -o "$WORK/template-oracle" .)
rm -rf "$DEST"; mkdir -p "$(dirname "$DEST")"; mv "$WORK" "$DEST"
# Builds of older oracle sources are of no further use (and large).
for old in "$CACHE"/tools/template-oracle-*; do
  [ "$old" = "$DEST" ] || rm -rf "$old"
done
echo "[oracle] built in $(( $(date +%s) - start ))s" >&2
echo "$BIN"
