#!/usr/bin/env bash
# Builds the real helmfile (the reference helmfire is compared with) from the
# Go module proxy. helmfile's go.mod has replace directives (v1.4.5 onwards),
# so `go install helmfile@v1.7.x` refuses it: build through a wrapper module
# whose go.mod is helmfile's own (same requirements, same replace block) plus
# a requirement on helmfile itself, and whose go.sum is helmfile's go.sum.
# Version ldflags are set as helmfile's Makefile does, so `helmfile version`
# reports the pinned tag.
# Alongside, the two tools helmfile's own CI runs it with: kustomize (chartify
# calls it for strategicMergePatches/jsonPatches) into the same bin dir, and the
# helm its Helm 4 snapshots were recorded with into helm/ (kept off bin/, so
# putting bin/ on PATH does not change which helm is used).
# usage: build-helmfile.sh   -> prints the bin dir holding helmfile and kustomize
. "$(dirname "$0")/lib.sh"
KUSTOMIZE_FOR_HELMFILE=v5.8.0
HELM_FOR_HELMFILE=v4.2.4
DEST="$(tool_dir helmfile "$HELMFILE_VERSION")"
if [ -x "$DEST/bin/helmfile" ] && [ -x "$DEST/bin/kustomize" ] && [ -x "$DEST/helm/helm" ]; then echo "$DEST/bin"; exit 0; fi
need_go helmfile
start=$(date +%s)
WORK="$TOOLS_DIR/.build-helmfile-$$"; rm -rf "$WORK"; mkdir -p "$WORK/src" "$WORK/out/bin"
trap 'rm -rf "$WORK"' EXIT
MOD_PATH=github.com/helmfile/helmfile
json=$(go mod download -json "$MOD_PATH@$HELMFILE_VERSION")
field() { printf '%s' "$json" | sed -n "s/^[[:space:]]*\"$1\": \"\\(.*\\)\",*\$/\\1/p" | head -n1; }
MOD_DIR=$(field Dir); SUM=$(field Sum); MODSUM=$(field GoModSum); HASH=$(field Hash)
[ -f "$MOD_DIR/go.mod" ] || { log "helmfile $HELMFILE_VERSION: module download failed"; exit 1; }
cd "$WORK/src"
# helmfile's go.mod, renamed, plus the requirement on helmfile itself; the
# replace block comes along unchanged (replace only acts in the main module).
sed "s|^module .*|module helmfire.local/helmfilebin|" "$MOD_DIR/go.mod" > go.mod
printf '\nrequire %s %s\n' "$MOD_PATH" "$HELMFILE_VERSION" >> go.mod
{ cat "$MOD_DIR/go.sum"
  printf '%s %s %s\n' "$MOD_PATH" "$HELMFILE_VERSION" "$SUM"
  printf '%s %s/go.mod %s\n' "$MOD_PATH" "$HELMFILE_VERSION" "$MODSUM"; } > go.sum
cat > tools.go <<'GO'
//go:build tools

package tools

import _ "github.com/helmfile/helmfile"
GO
tag_time=$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$(field Info)")
commit_date=$(date -u -d "$tag_time" '+%Y-%m-%dT%H:%M:%S%z' 2>/dev/null || echo unknown)
LDFLAGS="-s -w -X go.szostok.io/version.version=$HELMFILE_VERSION"
LDFLAGS="$LDFLAGS -X go.szostok.io/version.buildDate=$(date -u '+%Y-%m-%dT%H:%M:%S%z')"
LDFLAGS="$LDFLAGS -X go.szostok.io/version.commit=${HASH:0:8} -X go.szostok.io/version.commitDate=$commit_date"
LDFLAGS="$LDFLAGS -X go.szostok.io/version.dirtyBuild=false"
log "helmfile $HELMFILE_VERSION: compiling (a cold build takes several minutes)"
go build -mod=mod -ldflags "$LDFLAGS" -o "$WORK/out/bin/helmfile" "$MOD_PATH"
# (HELMFILE_UPGRADE_NOTICE_DISABLED: `version` would otherwise ask github.com for the latest release)
reported=$(HELMFILE_UPGRADE_NOTICE_DISABLED=1 "$WORK/out/bin/helmfile" version -o short 2>/dev/null || true)
[ "$reported" = "$HELMFILE_VERSION" ] ||
  { log "helmfile $HELMFILE_VERSION: built binary reports version '$reported'"; exit 1; }
log "kustomize $KUSTOMIZE_FOR_HELMFILE, helm $HELM_FOR_HELMFILE: compiling"
(cd "$WORK" && GOBIN="$WORK/out/bin" go install -ldflags "-s -w" \
  "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_FOR_HELMFILE")
hv=helm.sh/helm/v4/internal/version
(cd "$WORK" && GOBIN="$WORK/out/helm" go install \
  -ldflags "-s -w -X $hv.version=$HELM_FOR_HELMFILE -X $hv.metadata= -X $hv.gitTreeState=clean" \
  "helm.sh/helm/v4/cmd/helm@$HELM_FOR_HELMFILE")
finish_dir "$WORK/out" "$DEST"
log "helmfile $HELMFILE_VERSION: built in $(( $(date +%s) - start ))s"
echo "$DEST/bin"
