#!/usr/bin/env bash
# Regenerates src/schema.d.ts from the server's OpenAPI description (the same document
# GET /openapi.json serves). `--check`: fails if the committed types are stale instead.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=../..
[ -d node_modules ] || npm ci --silent
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
(cd "$ROOT" && cargo run -q -p storegister-api -- openapi) >"$OUT/openapi.json"
node generate.mjs "$OUT/openapi.json" "$OUT/schema.d.ts"
if [ "${1:-}" = "--check" ]; then
    if ! diff -u src/schema.d.ts "$OUT/schema.d.ts"; then
        echo "clients/typescript/src/schema.d.ts is stale: run clients/typescript/generate.sh" >&2
        exit 1
    fi
    echo "the generated types match the server's description"
else
    cp "$OUT/schema.d.ts" src/schema.d.ts
    echo "src/schema.d.ts regenerated"
fi
