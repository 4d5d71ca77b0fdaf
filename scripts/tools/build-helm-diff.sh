#!/usr/bin/env bash
# Builds the helm-diff plugin (`helm diff`), which the real helmfile needs for
# `diff` and `apply`, and stages it as a helm plugin directory:
#   <cache>/helm-diff-<version>/plugin/diff/{plugin.yaml,bin/diff}
# Install it by copying that `diff` directory into `$(helm env HELM_PLUGINS)`
# (or `helm plugin install <dir>`); nothing is downloaded at install time.
#
# Source: the module from the Go module proxy (`go install …@version`). Where
# the proxy does not serve this module, point HELM_DIFF_SRC at a git checkout
# of helm-diff: the pinned tag is exported from it and built with `go build`
# (its dependencies still come from the module proxy).
# usage: build-helm-diff.sh   -> prints the plugin dir (…/plugin/diff)
. "$(dirname "$0")/lib.sh"
MOD_PATH=github.com/databus23/helm-diff/v3
DEST="$(tool_dir helm-diff "$HELM_DIFF_VERSION")"
PLUGIN="$DEST/plugin/diff"
if [ -x "$PLUGIN/bin/diff" ] && [ -f "$PLUGIN/plugin.yaml" ]; then echo "$PLUGIN"; exit 0; fi
need_go helm-diff
start=$(date +%s)
# as helm-diff's Makefile sets it, so `helm diff version` reports the pinned version
LDFLAGS="-s -w -X $MOD_PATH/cmd.Version=${HELM_DIFF_VERSION#v}"
WORK="$TOOLS_DIR/.build-helm-diff-$$"; rm -rf "$WORK"; mkdir -p "$WORK/src" "$WORK/out/plugin/diff/bin"
trap 'rm -rf "$WORK"' EXIT
OUT="$WORK/out/plugin/diff"
if json=$(go mod download -json "$MOD_PATH@$HELM_DIFF_VERSION" 2>/dev/null) &&
  dir=$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p' | head -n1) &&
  [ -f "$dir/plugin.yaml" ]; then
  log "helm-diff $HELM_DIFF_VERSION: compiling from the module proxy"
  GOBIN="$WORK/gobin" go install -ldflags "$LDFLAGS" "$MOD_PATH@$HELM_DIFF_VERSION"
  mv "$WORK/gobin/helm-diff" "$OUT/bin/diff"
  cp "$dir/plugin.yaml" "$OUT/plugin.yaml"
elif [ -n "${HELM_DIFF_SRC:-}" ]; then
  gitdir="$HELM_DIFF_SRC"; [ -d "$gitdir/.git" ] && gitdir="$gitdir/.git"
  log "helm-diff $HELM_DIFF_VERSION: the module proxy does not serve it; building tag $HELM_DIFF_VERSION from $HELM_DIFF_SRC"
  git --git-dir="$gitdir" archive "$HELM_DIFF_VERSION" | tar -x -C "$WORK/src"
  (cd "$WORK/src" && go build -mod=mod -ldflags "$LDFLAGS" -o "$OUT/bin/diff" .)
  cp "$WORK/src/plugin.yaml" "$OUT/plugin.yaml"
else
  log "helm-diff $HELM_DIFF_VERSION: the module proxy does not serve $MOD_PATH;"
  log "set HELM_DIFF_SRC to a git checkout of helm-diff (with tag $HELM_DIFF_VERSION) and run again"
  exit 3
fi
# The plugin's install hooks would fetch a release binary; the binary is already in bin/.
sed -i '/^platformHooks:/,$d' "$OUT/plugin.yaml"
want="${HELM_DIFF_VERSION#v}"
grep -q "^version: \"$want\"" "$OUT/plugin.yaml" ||
  { log "helm-diff: plugin.yaml does not say version $want"; exit 1; }
reported=$("$OUT/bin/diff" version 2>/dev/null || true)
[ "$reported" = "$want" ] || { log "helm-diff: built binary reports version '$reported'"; exit 1; }
finish_dir "$WORK/out" "$DEST"
log "helm-diff $HELM_DIFF_VERSION: built in $(( $(date +%s) - start ))s"
echo "$PLUGIN"
