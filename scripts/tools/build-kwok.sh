#!/usr/bin/env bash
# Builds kwok (fake kubelet: keeps a fake Node Ready and runs its Pods).
. "$(dirname "$0")/lib.sh"
DEST="$(tool_dir kwok "$KWOK_VERSION")"
if [ -x "$DEST/bin/kwok" ] && [ -f "$DEST/stages.yaml" ]; then echo "$DEST/bin"; exit 0; fi
need_go kwok
start=$(date +%s)
WORK="$TOOLS_DIR/.build-kwok-$$"; rm -rf "$WORK"; mkdir -p "$WORK/out/bin"
trap 'rm -rf "$WORK"' EXIT
log "kwok $KWOK_VERSION: compiling"
GOBIN="$WORK/out/bin" go install -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
# kwok runs nothing without stages: take its own "fast" node and pod stages
# (node Ready at once, heartbeats through leases, pods Ready, Job pods complete).
MOD=$(go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
for f in node/fast/node-initialize node/heartbeat-with-lease/node-heartbeat-with-lease \
         pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete; do
  cat "$MOD/kustomize/stage/$f.yaml"; echo "---"
done > "$WORK/out/stages.yaml"
finish_dir "$WORK/out" "$DEST"
log "kwok $KWOK_VERSION: built in $(( $(date +%s) - start ))s"
echo "$DEST/bin"
