#!/usr/bin/env bash
# The contract check: the published OpenAPI document, checked by third-party tools against a
# running server.
#
#   contract/run.sh            # from the repository root; .ci/run runs it
#
# 1. openapi-spec-validator: the document is valid OpenAPI 3.1.
# 2. schemathesis (every check) against a server on a fresh SQLite database, from the document
#    the server publishes: first every operation that leaves the tenant's credentials alone,
#    then, with a fresh token, those that end sessions or change the password.
# 3. clients/typescript: its generated types match the document, it compiles with
#    tsc --strict, and its flow test runs against the same server.
# 4. proof that the document lets a generator build valid requests: the run registered at
#    least one tenant (201) and updated at least one profile (200).
#
# The Python tools live in a virtual environment under target/ (pinned in
# contract/requirements.txt). Bounded: a few minutes. One worker: hypothesis describes its
# strategies with the `ast` module, which CPython 3.11 does not guard for threads.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV="$ROOT/target/contract-venv"
EXAMPLES="${CONTRACT_EXAMPLES:-25}"

step() { printf '==> %s\n' "$*"; }

if [ ! -x "$VENV/bin/schemathesis" ] || ! cmp -s contract/requirements.txt "$VENV/requirements.txt"; then
    step "installing schemathesis and openapi-spec-validator into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r contract/requirements.txt
    cp contract/requirements.txt "$VENV/requirements.txt"
fi

cargo build -q -p storegister-api -p storegister-admin
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"
export STOREGISTER__DATABASE__URL="$WORK/contract.db"
export STOREGISTER__MAIL__DIR="$WORK/mail"
export STOREGISTER__SERVER__PORT="$PORT"
export STOREGISTER__SERVER__SHUTDOWN_DRAIN_SECONDS=0
# a fuzzer is one client sending thousands of requests: the limits that stop such a client
# would stop the check instead
export STOREGISTER__AUTH__CLIENT_REQUESTS_PER_MINUTE=0
export STOREGISTER__AUTH__CLIENT_PASSWORD_CHECKS=0
export STOREGISTER__AUTH__PASSWORD_ATTEMPTS=0
export STOREGISTER__AUTH__BCRYPT_COST=4
export STOREGISTER__AUTH__JWT_SECRET="contract-check-$(python3 -c 'import secrets; print(secrets.token_hex(24))')"
export RUST_LOG=warn

step "a company, its key, a tenant"
COMPANY=$(target/debug/storegister-admin company create --name "Contract Check Storage" | tail -n 1)
KEY=$(target/debug/storegister-admin api-key create --company "$COMPANY" --name contract | tail -n 1)
target/debug/storegister-api >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
    curl -fs "$URL/ready" >/dev/null 2>&1 && break
    sleep 0.05
done
curl -fs "$URL/ready" >/dev/null

token() {
    local email="fuzz-$RANDOM$RANDOM@example.com"
    curl -fs -X POST "$URL/v1/register" -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \
        -d "{\"canCreateLoginCredentials\":true,\"userName\":\"$email\",\"emailId\":\"$email\",\"password\":\"Contract@2026\",\"firstName\":\"Fuzz\",\"lastName\":\"Tester\",\"phoneNumber\":\"+4512345678\"}" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["token"])'
}

step "openapi-spec-validator"
curl -fs "$URL/openapi.json" -o "$WORK/openapi.json"
"$VENV/bin/openapi-spec-validator" "$WORK/openapi.json"

# the operations that end the tenant's session or change its password
CREDENTIALS='^(POST /v1/tenant/logout|DELETE /v1/tenant/sessions|PUT /v1/tenant/profile/change-password|POST /v1/password/reset)$'
run_schemathesis() {
    SCHEMATHESIS_HOOKS=contract.hooks PYTHONPATH="$ROOT" "$VENV/bin/schemathesis" \
        --config-file contract/schemathesis.toml run "$URL/openapi.json" \
        --checks all --max-examples "$EXAMPLES" --seed 2026 --workers 1 \
        -H "X-API-Key: $KEY" -H "X-Token: $(token)" "$@"
}

step "schemathesis: everything but the credential-changing operations"
run_schemathesis --exclude-name-regex "$CREDENTIALS"
# each with a token of its own: one that ends the session would leave the next with a dead one
for operation in "POST /v1/tenant/logout" "DELETE /v1/tenant/sessions" \
    "PUT /v1/tenant/profile/change-password" "POST /v1/password/reset"; do
    step "schemathesis: $operation, last, with a token of its own"
    run_schemathesis --include-name "$operation"
done

step "TypeScript client: types current, tsc --strict, the whole flow against the server"
(
    cd clients/typescript
    npm ci --silent --no-audit --no-fund
    ./generate.sh --check
    npx --no-install tsc -p tsconfig.json
    STOREGISTER_URL="$URL" STOREGISTER_API_KEY="$KEY" node --test dist/test/
)

step "the document let schemathesis build valid requests"
metrics=$(curl -fs "$URL/metrics")
for expected in 'route="/v1/register",method="POST",status="201"' \
                'route="/v1/tenant/profile",method="PUT",status="200"'; do
    if ! grep -q "storegister_http_requests_total{$expected}" <<<"$metrics"; then
        echo "no request succeeded: $expected" >&2
        grep 'storegister_http_requests_total{route="/v1/register"\|storegister_http_requests_total{route="/v1/tenant/profile"' <<<"$metrics" >&2 || true
        exit 1
    fi
done
grep 'storegister_http_requests_total{route="/v1/register",method="POST",status="201"}\|storegister_http_requests_total{route="/v1/tenant/profile",method="PUT",status="200"}' <<<"$metrics"
step "contract check passed"
