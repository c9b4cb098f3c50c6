//! Moving the picture files of earlier versions into the database.
//!
//! Versions before pictures lived in the database kept them as files in each process's
//! `storage.path` (`profile-images/<id>`). Each process moves the files it has at start-up
//! (and `storegister-admin migrate` does on its machine), so that no picture is lost on
//! upgrade whichever machine's disk held it; what is left is removed: files of pictures no
//! contact has any more, and the `.partial` files of uploads a crash interrupted.

use std::path::Path;

use diesel::dsl::{exists, not};
use diesel::prelude::*;
use storegister_kernel::{Chain, StoreError};
use uuid::Uuid;

use crate::error::store_error;
use crate::repo::Repo;
use crate::schema::{contact_books, pictures};
use crate::types::DbUuid;

/// A contact whose picture has no bytes in the database: contact, company, picture id,
/// content type, upload time.
type PictureRow = (
    DbUuid,
    DbUuid,
    Option<DbUuid>,
    Option<String>,
    Option<chrono::NaiveDateTime>,
);

/// What moving the files did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PictureImport {
    /// Pictures whose bytes came from a file of this machine.
    pub moved: usize,
    /// Pictures of contacts with no bytes in the database and no file here (another machine
    /// may hold them).
    pub missing: usize,
    /// Files removed: moved, of pictures no contact has, or left half-written.
    pub removed: usize,
}

/// Moves the picture files under `folder` into the database; see the module's description.
/// Safe to run by several processes at once, and again.
pub fn import_picture_files(repo: &mut Repo, folder: &Path) -> Result<PictureImport, StoreError> {
    let mut report = PictureImport::default();
    let images = folder.join("profile-images");
    let conn = repo.connection();
    let without_bytes: Vec<PictureRow> = contact_books::table
        .filter(contact_books::profile_image_id.is_not_null())
        .filter(not(exists(pictures::table.filter(
            pictures::id.nullable().eq(contact_books::profile_image_id),
        ))))
        .select((
            contact_books::id,
            contact_books::company_id,
            contact_books::profile_image_id,
            contact_books::profile_image_content_type,
            contact_books::profile_image_updated_at,
        ))
        .load(conn)
        .map_err(store_error)?;
    for (contact, company, picture, content_type, updated_at) in without_bytes {
        let Some(DbUuid(picture)) = picture else {
            continue;
        };
        let file = images.join(picture.hyphenated().to_string());
        let bytes = match std::fs::read(&file) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                report.missing += 1;
                continue;
            }
            Err(error) => {
                log::warn!("cannot read the picture file {}: {error}", file.display());
                report.missing += 1;
                continue;
            }
        };
        let inserted = diesel::insert_into(pictures::table)
            .values((
                pictures::id.eq(DbUuid(picture)),
                pictures::company_id.eq(company),
                pictures::contact_id.eq(contact),
                pictures::content_type.eq(content_type.unwrap_or_else(|| "image/jpeg".into())),
                pictures::bytes.eq(&bytes),
                pictures::created_at
                    .eq(updated_at.unwrap_or_else(|| chrono::Utc::now().naive_utc())),
            ))
            .execute(conn)
            .map_err(store_error);
        match inserted {
            // another process moved the same picture meanwhile
            Ok(_) | Err(StoreError::Duplicate(_)) => report.moved += 1,
            Err(error) => return Err(error),
        }
    }
    report.removed = remove_leftovers(repo, &images)?;
    Ok(report)
}

/// Removes the files whose bytes are in the database, or that no contact points at, and the
/// `.partial` files of interrupted uploads.
fn remove_leftovers(repo: &mut Repo, images: &Path) -> Result<usize, StoreError> {
    let Ok(entries) = std::fs::read_dir(images) else {
        return Ok(0);
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let leftover = if name.ends_with(".partial") {
            true
        } else if let Ok(id) = Uuid::parse_str(&name) {
            let stored: bool = diesel::select(exists(pictures::table.find(DbUuid(id))))
                .get_result(repo.connection())
                .map_err(store_error)?;
            let pointed_at: bool = diesel::select(exists(
                contact_books::table.filter(contact_books::profile_image_id.eq(DbUuid(id))),
            ))
            .get_result(repo.connection())
            .map_err(store_error)?;
            stored || !pointed_at
        } else {
            false
        };
        if leftover {
            match std::fs::remove_file(&path) {
                Ok(()) => removed += 1,
                Err(error) => log::warn!(
                    "cannot remove the picture file {}: {}",
                    path.display(),
                    Chain(&error)
                ),
            }
        }
    }
    Ok(removed)
}
