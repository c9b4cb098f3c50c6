# Sourced by .ci/run and bench/run.sh: makes sure PostgreSQL is installed and running on
# 127.0.0.1, with a role and a database for tests, and exports TEST_DATABASE_URL.
# Needs a `step` function for progress lines.

PG_HOST=127.0.0.1
PG_PORT="${PG_PORT:-5432}"
PG_ROLE=storegister
PG_PASSWORD=storegister
PG_DB=storegister_test

as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        sudo -u postgres "$@"
    fi
}

ensure_postgres() {
    if ! command -v pg_ctlcluster >/dev/null 2>&1; then
        step "installing PostgreSQL"
        export DEBIAN_FRONTEND=noninteractive
        if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
        $SUDO apt-get update -qq
        $SUDO apt-get install -y -qq postgresql postgresql-client >/dev/null
    fi
    if ! pg_isready -h "$PG_HOST" -p "$PG_PORT" -q; then
        step "starting PostgreSQL"
        local version
        version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
        if [ -z "$version" ]; then
            echo "no PostgreSQL cluster is configured under /etc/postgresql" >&2
            exit 1
        fi
        if ! pg_lsclusters -h | awk '{print $2}' | grep -qx main; then
            pg_createcluster "$version" main
        fi
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
        for _ in $(seq 1 30); do
            pg_isready -h "$PG_HOST" -p "$PG_PORT" -q && break
            sleep 1
        done
        pg_isready -h "$PG_HOST" -p "$PG_PORT"
    fi
    step "creating the test role and database"
    as_postgres psql -q -h "$PG_HOST" -p "$PG_PORT" -d postgres -v ON_ERROR_STOP=1 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_ROLE') THEN
    CREATE ROLE $PG_ROLE LOGIN PASSWORD '$PG_PASSWORD';
  ELSE
    ALTER ROLE $PG_ROLE LOGIN PASSWORD '$PG_PASSWORD';
  END IF;
END \$\$;
SQL
    if ! as_postgres psql -h "$PG_HOST" -p "$PG_PORT" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1; then
        as_postgres createdb -h "$PG_HOST" -p "$PG_PORT" -O "$PG_ROLE" "$PG_DB"
    fi
    export TEST_DATABASE_URL="postgres://$PG_ROLE:$PG_PASSWORD@$PG_HOST:$PG_PORT/$PG_DB"
}
