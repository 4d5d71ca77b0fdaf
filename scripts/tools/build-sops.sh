#!/usr/bin/env bash
# Builds sops, the reference encryptor/decryptor helmfire's secrets support is
# tested against (helmfire itself decrypts age-keyed files without it).
. "$(dirname "$0")/lib.sh"
DEST="$(tool_dir sops "$SOPS_VERSION")"
if [ -x "$DEST/bin/sops" ]; then echo "$DEST/bin"; exit 0; fi
need_go sops
start=$(date +%s)
WORK="$TOOLS_DIR/.build-sops-$$"; rm -rf "$WORK"; mkdir -p "$WORK/out/bin"
trap 'rm -rf "$WORK"' EXIT
log "sops $SOPS_VERSION: compiling"
GOBIN="$WORK/out/bin" go install -ldflags "-s -w" "github.com/getsops/sops/v3/cmd/sops@$SOPS_VERSION"
"$WORK/out/bin/sops" --version --disable-version-check >/dev/null
finish_dir "$WORK/out" "$DEST"
log "sops $SOPS_VERSION: built in $(( $(date +%s) - start ))s"
echo "$DEST/bin"
