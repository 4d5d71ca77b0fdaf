#!/usr/bin/env bash
# Builds etcd server from the Go module proxy through a wrapper module
# (etcd's server module has replace directives, so `go install` refuses it).
. "$(dirname "$0")/lib.sh"
DEST="$(tool_dir etcd "$ETCD_VERSION")"
if [ -x "$DEST/bin/etcd" ]; then echo "$DEST/bin"; exit 0; fi
need_go etcd
start=$(date +%s)
WORK="$TOOLS_DIR/.build-etcd-$$"; rm -rf "$WORK"; mkdir -p "$WORK/src" "$WORK/out/bin"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK/src"
go mod init helmfire.local/etcdbin >/dev/null 2>&1
cat > tools.go <<'GO'
//go:build tools

package tools

import _ "go.etcd.io/etcd/server/v3"
GO
go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
go mod tidy
log "etcd $ETCD_VERSION: compiling"
go build -ldflags "-s -w" -o "$WORK/out/bin/etcd" go.etcd.io/etcd/server/v3
finish_dir "$WORK/out" "$DEST"
log "etcd $ETCD_VERSION: built in $(( $(date +%s) - start ))s"
echo "$DEST/bin"
