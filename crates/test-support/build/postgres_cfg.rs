// Included by the build scripts of the crates whose tests run on both databases (it is no
// module of its own: each crate's cfg is its own). Without `TEST_DATABASE_URL`, and outside CI,
// their PostgreSQL twins are compiled `#[ignore]`d, so `cargo test` reports them as ignored
// rather than as passed; under `CI=true` they run, and fail when PostgreSQL is missing.

/// Sets `cfg(storegister_no_postgres)` when the PostgreSQL tests cannot run here.
fn postgres_cfg() {
    println!("cargo::rustc-check-cfg=cfg(storegister_no_postgres)");
    println!("cargo::rerun-if-env-changed=TEST_DATABASE_URL");
    println!("cargo::rerun-if-env-changed=CI");
    let configured = std::env::var("TEST_DATABASE_URL").is_ok_and(|url| !url.trim().is_empty());
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    if !configured && !ci {
        println!("cargo::rustc-cfg=storegister_no_postgres");
    }
}
