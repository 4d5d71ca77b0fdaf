# Shared helpers for the tool build scripts. Sourced, not run.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
. "$HERE/versions.env"
HELMFIRE_CACHE="${HELMFIRE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/helmfire}"
TOOLS_DIR="$HELMFIRE_CACHE/tools"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-trimpath
log() { printf '[tools] %s\n' "$*" >&2; }
# tool_dir NAME VERSION -> prints the cache dir for that tool version
tool_dir() { printf '%s/%s-%s' "$TOOLS_DIR" "$1" "$2"; }
# Run a build into a temp dir and move it into place atomically, so an
# interrupted build never leaves a half-filled cache entry.
finish_dir() { local tmp="$1" dest="$2"; rm -rf "$dest"; mkdir -p "$(dirname "$dest")"; mv "$tmp" "$dest"; }
need_go() { command -v go >/dev/null || { log "go is not on PATH: cannot build $1"; exit 3; }; }
