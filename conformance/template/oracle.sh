#!/usr/bin/env bash
# One-shot oracle: renders a template the way helmfile does and prints the
# output (and the error on stderr, exit 1).
#   npm run oracle:template -- [-funcs helmfile|sprig|go] [-missingkey M] '<template>' ['<data yaml>']
set -euo pipefail
BIN="$(bash "$(dirname "${BASH_SOURCE[0]}")/build-oracle.sh")"
exec env -i PATH="$PATH" TZ=UTC "$BIN" once "$@"
