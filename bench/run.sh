#!/usr/bin/env bash
# The benchmark: seeds the demo data set at scale, starts the release server, drives load from
# wrk on loopback and prints every measurement next to a baseline measured in the same run.
#
#   bench/run.sh                       # 10,000 tenants, 10 s per measurement
#   TENANTS=1000 DURATION=5 bench/run.sh
#
# Needs PostgreSQL (started, or installed with apt-get, as in CI), wrk and pgbench (installed
# with apt-get when missing). Writes the table to bench/last-run.md as well.
set -euo pipefail
cd "$(dirname "$0")/.."

TENANTS="${TENANTS:-10000}"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-32}"
CORES="$(nproc)"
PORT_PG=18480
PORT_SQLITE=18481
WORK="$(mktemp -d)"
PIDS=()

step() { printf '==> %s\n' "$*" >&2; }
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

. .ci/postgres.sh
ensure_postgres >&2

if ! command -v wrk >/dev/null || ! command -v pgbench >/dev/null; then
    step "installing wrk and pgbench"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get install -y -qq wrk postgresql-contrib >/dev/null
fi

step "building the release binaries"
cargo build --release -q -p storegister-api -p storegister-admin -p storegister-bench
BIN=target/release

STOREGISTER__AUTH__JWT_SECRET="$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')"
export STOREGISTER__AUTH__JWT_SECRET
export STOREGISTER__ENVIRONMENT=production
# the login flood comes from one client (wrk on loopback): the per-client limits would refuse it
export STOREGISTER__AUTH__CLIENT_REQUESTS_PER_MINUTE=0 STOREGISTER__AUTH__CLIENT_PASSWORD_CHECKS=0
export RUST_LOG=warn
# a stopped server goes at once (no drain: no load balancer to tell)
export STOREGISTER__SERVER__SHUTDOWN_DRAIN_SECONDS=0
PG_BENCH_DB=storegister_bench
as_postgres dropdb --if-exists -h "$PG_HOST" -p "$PG_PORT" "$PG_BENCH_DB"
as_postgres createdb -h "$PG_HOST" -p "$PG_PORT" -O "$PG_ROLE" "$PG_BENCH_DB"
PG_URL="postgres://$PG_ROLE:$PG_PASSWORD@$PG_HOST:$PG_PORT/$PG_BENCH_DB"
SQLITE_URL="$WORK/bench.db"
# a demo tenant takes ~14 KiB in PostgreSQL and ~20 KiB in SQLite (a million: 14 GB and 20 GB);
# checked on this folder's file system only (PostgreSQL's data may live elsewhere)
need_kib=$(( TENANTS * 36 ))
free_kib=$(df --output=avail -k "$WORK" | tail -n 1)
if [ "$free_kib" -lt "$need_kib" ]; then
    echo "bench: $TENANTS tenants need about $(( need_kib / 1048576 + 1 )) GiB free; $WORK has $(( free_kib / 1048576 )) GiB" >&2
    exit 1
fi

step "seeding $TENANTS demo tenants (PostgreSQL and SQLite)"
seed_start=$(date +%s%N)
DEMO=$(STOREGISTER__DATABASE__URL="$PG_URL" $BIN/storegister-admin demo --tenants "$TENANTS" --ledger 10000 --json)
seed_ms=$(( ($(date +%s%N) - seed_start) / 1000000 ))
DEMO_SQLITE=$(STOREGISTER__DATABASE__URL="$SQLITE_URL" $BIN/storegister-admin demo --tenants "$TENANTS" --json)
# as a database that has been in use would be: analysed, and autovacuum not busy with the fresh
# rows while the measurements run
# (the catalog tables it may not vacuum are skipped: only their warnings are silenced)
PGOPTIONS="-c client_min_messages=error" PGPASSWORD="$PG_PASSWORD" psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_ROLE" -d "$PG_BENCH_DB" -c "VACUUM ANALYZE" >&2
json() { python3 -c "import json,sys; print(json.loads(sys.argv[1])$2)" "$1"; }
export BENCH_KEY BENCH_USER BENCH_PASSWORD BENCH_TENANTS="$TENANTS"
BENCH_KEY=$(json "$DEMO" "['apiKey']")
BENCH_USER=$(json "$DEMO" "['userName']")
BENCH_PASSWORD=$(json "$DEMO" "['password']")
COMPANY=$(json "$DEMO" "['companyId']")
SQLITE_KEY=$(json "$DEMO_SQLITE" "['apiKey']")

# start_server URL PORT: starts the API, waits until /ready answers, prints the pid
start_server() {
    # setsid: the server runs in a session of its own, as a service would, and not in the
    # scheduling group (autogroup) of the load generator started from this shell
    STOREGISTER__DATABASE__URL="$1" STOREGISTER__SERVER__PORT="$2" \
        STOREGISTER__STORAGE__PATH="$WORK/files" setsid $BIN/storegister-api >>"$WORK/server.log" 2>&1 &
    local pid=$!
    for _ in $(seq 1 500); do
        curl -fs "http://127.0.0.1:$2/ready" >/dev/null 2>&1 && break
        sleep 0.01
    done
    echo "$pid"
}

# wrk_rps ARGS…: requests per second
wrk_rps() { wrk "$@" | awk '/Requests\/sec/ {print $2}'; }
# wrk_p99 ARGS…: 99th percentile latency in milliseconds
wrk_p99() {
    wrk --latency "$@" | awk '$1 == "99%" {
        v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 }
        printf "%.2f\n", v }'
}
ratio() { python3 -c "import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(f'{a / b:.2f}' if b else 'n/a')" "$1" "$2"; }

step "starting the server on PostgreSQL"
PID=$(start_server "$PG_URL" "$PORT_PG"); PIDS+=("$PID")
URL="http://127.0.0.1:$PORT_PG"
# warm up: connections opened, statements prepared, caches filled
wrk -t2 -c"$CONNECTIONS" -d3s "$URL/health" >/dev/null
LOGIN=$(curl -fs -X POST "$URL/v1/login" -H "X-API-Key: $BENCH_KEY" -H 'Content-Type: application/json' \
    -d "{\"userName\":\"$BENCH_USER\",\"password\":\"$BENCH_PASSWORD\"}")
TOKEN=$(json "$LOGIN" "['data']['token']")
CONTACT=$(json "$LOGIN" "['data']['authContactBookInfo']['id']")
# the token's session id (claim "sid"), for pgbench to read the session like the server does
SESSION=$(python3 -c "import base64,json,sys; p=sys.argv[1].split('.')[1]; print(json.loads(base64.urlsafe_b64decode(p + '=' * (-len(p) % 4)))['sid'])" "$TOKEN")
AUTH=(-H "X-API-Key: $BENCH_KEY" -H "X-Token: $TOKEN")
wrk -t2 -c"$CONNECTIONS" -d3s "${AUTH[@]}" "$URL/v1/tenant/profile" >/dev/null

step "1. login vs raw bcrypt ($DURATION s each)"
login_rps=$(wrk_rps -t1 -c"$((CORES * 4))" -d"${DURATION}s" -s bench/login.lua "$URL/v1/login")
bcrypt_ops=$($BIN/bcrypt-baseline --cost 12 --threads "$CORES" --seconds "$DURATION")

step "2. profile and tenant information vs pgbench with the same SQL"
profile_rps=$(wrk_rps -t2 -c"$CONNECTIONS" -d"${DURATION}s" "${AUTH[@]}" "$URL/v1/tenant/profile")
tenant_rps=$(wrk_rps -t2 -c"$CONNECTIONS" -d"${DURATION}s" "${AUTH[@]}" "$URL/v1/tenant/")
# an ordinary tenant (the second: months of history), beside the first's 10,000-entry ledger
ordinary_rps=0
if [ "$TENANTS" -ge 2 ]; then
    ORDINARY_USER="${BENCH_USER/00001@/00002@}"
    LOGIN2=$(curl -fs -X POST "$URL/v1/login" -H "X-API-Key: $BENCH_KEY" -H 'Content-Type: application/json' \
        -d "{\"userName\":\"$ORDINARY_USER\",\"password\":\"$BENCH_PASSWORD\"}")
    TOKEN2=$(json "$LOGIN2" "['data']['token']")
    ordinary_rps=$(wrk_rps -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H "X-API-Key: $BENCH_KEY" -H "X-Token: $TOKEN2" "$URL/v1/tenant/")
fi
pgbench_tps() {
    PGPASSWORD="$PG_PASSWORD" pgbench -n -M prepared -h "$PG_HOST" -p "$PG_PORT" -U "$PG_ROLE" \
        -c "$CONNECTIONS" -j "$CORES" -T "$DURATION" -D contact="$CONTACT" -D company="$COMPANY" -D session="$SESSION" \
        -f "$1" "$PG_BENCH_DB" 2>/dev/null | awk '/^tps/ {print $3; exit}'
}
profile_pg=$(pgbench_tps bench/sql/profile.sql)
tenant_pg=$(pgbench_tps bench/sql/tenant.sql)
# the one-query ceiling: pgbench's own select-only script (one primary-key read a transaction)
PGPASSWORD="$PG_PASSWORD" pgbench -i -q -s 1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_ROLE" "$PG_BENCH_DB" >/dev/null 2>&1
ceiling_pg=$(PGPASSWORD="$PG_PASSWORD" pgbench -n -S -M prepared -h "$PG_HOST" -p "$PG_PORT" -U "$PG_ROLE" \
    -c "$CONNECTIONS" -j "$CORES" -T "$DURATION" "$PG_BENCH_DB" 2>/dev/null | awk '/^tps/ {print $3; exit}')

step "2b. a profile picture served from the database vs the profile"
# a 192 x 192 photo-like PNG (a gradient with noise), uploaded as the tenant's picture
python3 - "$WORK/picture.png" <<'PY'
import random, struct, sys, zlib
w = h = 192
random.seed(7)
rows = b"".join(b"\x00" + bytes(min(255, max(0, (x + y) // 2 + random.randint(-20, 20)))
                                for x in range(w) for _ in range(3)) for y in range(h))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                              + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
PY
PICTURE=$(curl -fs -X PUT "${AUTH[@]}" -F "profileImage=@$WORK/picture.png" "$URL/v1/tenant/profile/change-display-picture")
PICTURE_URL="$URL/files/profile-images/$(json "$PICTURE" "['data']")"
picture_bytes=$(curl -fs "$PICTURE_URL" | wc -c)
wrk -t2 -c"$CONNECTIONS" -d3s "$PICTURE_URL" >/dev/null
picture_rps=$(wrk_rps -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$PICTURE_URL")
profile_again=$(wrk_rps -t2 -c"$CONNECTIONS" -d"${DURATION}s" "${AUTH[@]}" "$URL/v1/tenant/profile")

step "2c. a 10,000-entry ledger: page 1 vs page 500 (20 entries a page)"
LEDGER="$URL/v1/transaction/ledger/list?pageSize=20"
wrk -t2 -c"$CONNECTIONS" -d3s "${AUTH[@]}" "$LEDGER&pageNumber=500" >/dev/null
ledger_first=$(wrk_rps -t2 -c"$CONNECTIONS" -d"${DURATION}s" "${AUTH[@]}" "$LEDGER&pageNumber=1")
ledger_last=$(wrk_rps -t2 -c"$CONNECTIONS" -d"${DURATION}s" "${AUTH[@]}" "$LEDGER&pageNumber=500")
ledger_entries=$(curl -fs "${AUTH[@]}" "$LEDGER" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pagination"]["totalCount"])')

step "3. profile p99 alone and during a login flood (4 and 16 connections)"
# p99_pair CONNECTIONS: "alone flood logins": the p99 in ms alone and during a login flood, and
# the logins per second of the flood (which runs a second before and after the readers)
p99_pair() {
    # logins abandoned by an earlier wrk run may still be verified: let them drain
    sleep 5
    local alone flood_p99 flood
    alone=$(wrk_p99 -t1 -c"$1" -d"${DURATION}s" "${AUTH[@]}" "$URL/v1/tenant/profile")
    wrk -t1 -c"$((CORES * 4))" -d"$((DURATION + 2))s" -s bench/login.lua "$URL/v1/login" >"$WORK/flood.txt" &
    flood=$!
    sleep 1
    flood_p99=$(wrk_p99 -t1 -c"$1" -d"${DURATION}s" "${AUTH[@]}" "$URL/v1/tenant/profile")
    wait "$flood" || true
    echo "$alone $flood_p99 $(awk '/Requests\/sec/ {print $2}' "$WORK/flood.txt")"
}
read -r p99_alone_4 p99_flood_4 logins_4 < <(p99_pair 4)
read -r p99_alone_16 p99_flood_16 logins_16 < <(p99_pair 16)
sleep 5

step "4. peak memory at 256 connections, start-up time"
wrk -t2 -c256 -d"${DURATION}s" "${AUTH[@]}" "$URL/v1/tenant/profile" >/dev/null
rss_kib=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")
kill "$PID"
# not a child of this shell (started in a subshell): wait until it is gone and its port free
while kill -0 "$PID" 2>/dev/null; do sleep 0.05; done
start=$(date +%s%N)
PID=$(start_server "$PG_URL" "$PORT_PG"); PIDS+=("$PID")
startup_ms=$(( ($(date +%s%N) - start) / 1000000 ))
kill "$PID"
while kill -0 "$PID" 2>/dev/null; do sleep 0.05; done

step "4b. without the records cache: every request reads the lists (what a request after a write costs)"
export STOREGISTER__DATABASE__RECORDS_CACHE_MIB=0
PID=$(start_server "$PG_URL" "$PORT_PG"); PIDS+=("$PID")
unset STOREGISTER__DATABASE__RECORDS_CACHE_MIB
wrk -t2 -c"$CONNECTIONS" -d3s "${AUTH[@]}" "$URL/v1/tenant/" >/dev/null
uncached_tenant=$(wrk_rps -t2 -c"$CONNECTIONS" -d"${DURATION}s" "${AUTH[@]}" "$URL/v1/tenant/")
uncached_ledger=$(wrk_rps -t2 -c"$CONNECTIONS" -d"${DURATION}s" "${AUTH[@]}" "$LEDGER&pageNumber=1")
kill "$PID"
while kill -0 "$PID" 2>/dev/null; do sleep 0.05; done

step "5. SQLite: profile vs the server's own /health"
PID=$(start_server "$SQLITE_URL" "$PORT_SQLITE"); PIDS+=("$PID")
SURL="http://127.0.0.1:$PORT_SQLITE"
wrk -t2 -c"$CONNECTIONS" -d3s "$SURL/health" >/dev/null
SLOGIN=$(curl -fs -X POST "$SURL/v1/login" -H "X-API-Key: $SQLITE_KEY" -H 'Content-Type: application/json' \
    -d "{\"userName\":\"$BENCH_USER\",\"password\":\"$BENCH_PASSWORD\"}")
STOKEN=$(json "$SLOGIN" "['data']['token']")
sqlite_health=$(wrk_rps -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$SURL/health")
sqlite_profile=$(wrk_rps -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H "X-API-Key: $SQLITE_KEY" -H "X-Token: $STOKEN" "$SURL/v1/tenant/profile")
sqlite_tenant=$(wrk_rps -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H "X-API-Key: $SQLITE_KEY" -H "X-Token: $STOKEN" "$SURL/v1/tenant/")
kill "$PID"

{
    echo "| measurement | result | baseline (same run) | ratio | target |"
    echo "|---|---|---|---|---|"
    echo "| POST /v1/login (cost 12) | $login_rps req/s | raw bcrypt on $CORES threads: $bcrypt_ops verifications/s | $(ratio "$login_rps" "$bcrypt_ops") | ≥ 0.9 |"
    echo "| GET /v1/tenant/profile, PostgreSQL | $profile_rps req/s | pgbench, same statement: $profile_pg tps | $(ratio "$profile_rps" "$profile_pg") | |"
    echo "| GET /v1/tenant/, PostgreSQL | $tenant_rps req/s | pgbench, same statement: $tenant_pg tps | $(ratio "$tenant_rps" "$tenant_pg") | |"
    echo "| GET /v1/tenant/profile, PostgreSQL | $profile_rps req/s | pgbench -S -M prepared (ceiling): $ceiling_pg tps | $(ratio "$profile_rps" "$ceiling_pg") | ≥ 0.5 |"
    echo "| GET /v1/tenant/, PostgreSQL | $tenant_rps req/s | pgbench -S -M prepared (ceiling): $ceiling_pg tps | $(ratio "$tenant_rps" "$ceiling_pg") | ≥ 0.35 |"
    echo "| GET /v1/tenant/ of an ordinary tenant (the second), PostgreSQL | $ordinary_rps req/s | pgbench -S -M prepared (ceiling): $ceiling_pg tps | $(ratio "$ordinary_rps" "$ceiling_pg") | ≥ 0.35 |"
    echo "| GET /v1/transaction/ledger/list page 1, PostgreSQL | $ledger_first req/s | pgbench -S -M prepared (ceiling): $ceiling_pg tps | $(ratio "$ledger_first" "$ceiling_pg") | ≥ 0.3 |"
    echo "| GET /v1/tenant/, PostgreSQL, records cache off | $uncached_tenant req/s | pgbench -S -M prepared (ceiling): $ceiling_pg tps | $(ratio "$uncached_tenant" "$ceiling_pg") | |"
    echo "| GET /v1/transaction/ledger/list page 1, PostgreSQL, records cache off | $uncached_ledger req/s | pgbench -S -M prepared (ceiling): $ceiling_pg tps | $(ratio "$uncached_ledger" "$ceiling_pg") | |"
    echo "| GET /files/profile-images/{id} from PostgreSQL ($((picture_bytes / 1024)) KiB) | $picture_rps req/s | GET /v1/tenant/profile right after: $profile_again req/s | $(ratio "$picture_rps" "$profile_again") | ≥ 0.5 |"
    echo "| GET /v1/transaction/ledger/list page 500 of a $ledger_entries-entry ledger | $ledger_last req/s | page 1: $ledger_first req/s | $(ratio "$ledger_last" "$ledger_first") | ≥ 0.67 (within 1.5×) |"
    echo "| GET /v1/tenant/profile, SQLite | $sqlite_profile req/s | GET /health: $sqlite_health req/s | $(ratio "$sqlite_profile" "$sqlite_health") | ≥ 0.3 |"
    echo "| GET /v1/tenant/, SQLite | $sqlite_tenant req/s | GET /health: $sqlite_health req/s | $(ratio "$sqlite_tenant" "$sqlite_health") | |"
    echo "| profile p99 during a login flood, 4 connections | $p99_flood_4 ms | alone: $p99_alone_4 ms | $(ratio "$p99_flood_4" "$p99_alone_4") | ≤ 3 |"
    echo "| profile p99 during a login flood, 16 connections | $p99_flood_16 ms | alone: $p99_alone_16 ms | $(ratio "$p99_flood_16" "$p99_alone_16") | ≤ 3 |"
    echo "| logins during those floods (4 / 16 connections) | $logins_4 / $logins_16 per s | | | > 0 |"
    echo "| peak RSS, 256 connections | $((rss_kib / 1024)) MiB | | | ≤ 64 MiB |"
    echo "| start-up to ready, existing database | $startup_ms ms | | | < 1000 ms |"
    echo "| seeding $TENANTS tenants (PostgreSQL) | $seed_ms ms | | | |"
    echo
    echo "$CORES cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $DURATION s per measurement, $CONNECTIONS connections, $TENANTS tenants; $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee bench/last-run.md
