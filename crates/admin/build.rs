//! Marks the PostgreSQL twins of the tests ignored where no PostgreSQL is configured.
include!("../test-support/build/postgres_cfg.rs");

fn main() {
    postgres_cfg();
}
