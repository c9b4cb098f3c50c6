//! API tests: the real actix-web app, in process, on a real database per test (SQLite, and
//! PostgreSQL when `TEST_DATABASE_URL` is set). One test binary for all areas.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

mod account;
mod attempts;
mod clients;
mod cors;
mod helpers;
mod http;
mod mail;
mod mailbox;
mod openapi;
mod password;
mod picture;
mod profile;
mod reference;
mod sessions;
mod tenant;
mod transactions;
mod verification;
