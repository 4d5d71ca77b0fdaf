#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager and kube-scheduler from the Go
# module proxy through a wrapper module (k8s.io/kubernetes cannot be
# `go install`ed: its go.mod replaces every staging module with a local path).
. "$(dirname "$0")/lib.sh"
DEST="$(tool_dir kube "$K8S_VERSION")"
if [ -x "$DEST/bin/kube-apiserver" ] && [ -x "$DEST/bin/kube-controller-manager" ] && [ -x "$DEST/bin/kube-scheduler" ]; then
  echo "$DEST/bin"; exit 0
fi
need_go kube-apiserver
start=$(date +%s)
WORK="$TOOLS_DIR/.build-kube-$$"; rm -rf "$WORK"; mkdir -p "$WORK/src" "$WORK/out/bin"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK/src"
log "kube $K8S_VERSION: resolving modules"
go mod init helmfire.local/kubebins >/dev/null 2>&1
go mod edit -go=1.24.0 -godebug=default=go1.24
GOMOD=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')
[ -f "$GOMOD" ] || { log "could not download k8s.io/kubernetes@$K8S_VERSION"; exit 1; }
# every staging module k8s.io/kubernetes replaces with ./staging/... -> its published v0.x tag
for m in $(sed -n 's#^[[:space:]]*\(k8s\.io/[^ ]*\) => \./staging/src/.*#\1#p' "$GOMOD"); do
  go mod edit -replace="$m=$m@$K8S_STAGING_VERSION"
done
go mod edit -require="k8s.io/kubernetes@$K8S_VERSION"
cat > tools.go <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
)
GO
go mod tidy
minor=$(echo "$K8S_VERSION" | cut -d. -f2)
LDF="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  LDF="$LDF -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done
log "kube $K8S_VERSION: compiling (cold: 15-30 min on 2 cores)"
go build -ldflags "$LDF" -o "$WORK/out/bin/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler
finish_dir "$WORK/out" "$DEST"
log "kube $K8S_VERSION: built in $(( $(date +%s) - start ))s"
echo "$DEST/bin"
