#!/usr/bin/env bash
# Builds kwok (fake kubelet: keeps a fake Node Ready and runs its Pods).
. "$(dirname "$0")/lib.sh"
DEST="$(tool_dir kwok "$KWOK_VERSION")"
if [ -x "$DEST/bin/kwok" ]; then echo "$DEST/bin"; exit 0; fi
need_go kwok
start=$(date +%s)
WORK="$TOOLS_DIR/.build-kwok-$$"; rm -rf "$WORK"; mkdir -p "$WORK/out/bin"
trap 'rm -rf "$WORK"' EXIT
log "kwok $KWOK_VERSION: compiling"
GOBIN="$WORK/out/bin" go install -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
finish_dir "$WORK/out" "$DEST"
log "kwok $KWOK_VERSION: built in $(( $(date +%s) - start ))s"
echo "$DEST/bin"
