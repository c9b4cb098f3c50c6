//! Rebuild when a migration changes (`embed_migrations!` reads the folders at compile time),
//! and mark the PostgreSQL twins of the tests ignored where no PostgreSQL is configured.
include!("../test-support/build/postgres_cfg.rs");

fn main() {
    println!("cargo::rerun-if-changed=../../migrations");
    postgres_cfg();
}
