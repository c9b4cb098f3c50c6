//! The database adapters: one diesel code base for SQLite (the embedded default) and
//! PostgreSQL, chosen at run time by the database URL.
//!
//! - [`Database`] is the connection pool and implements the kernel's `Store` port.
//! - [`Repo`] holds one pooled connection and implements every repository port.
//! - [`migrations`] embeds both backends' migrations and runs them (PostgreSQL: under an
//!   advisory lock, so processes starting together do not race).

mod connection;
mod error;
mod files;
pub mod identities;
pub mod ledger;
pub mod migrations;
mod repo;
mod rows;
pub mod schema;
pub mod types;
mod workers;

pub use connection::{Backend, Database, DbConnection, PoolOptions, SetupError, private_folder};
pub use files::{PictureImport, import_picture_files};
pub use repo::Repo;
