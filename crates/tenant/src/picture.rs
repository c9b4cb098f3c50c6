//! The profile picture: replacing it, and reading it back for its public URL.

use storegister_contact_book::{ContactBookRepository, ProfileImage};
use storegister_kernel::{Clock, Store};
use uuid::Uuid;

use crate::error::TenantError;
use crate::ports::{FileStore, Session, TenantRepository};
use crate::profile::authorize;

/// An uploaded picture whose type was recognised from its bytes.
#[derive(Clone, Debug)]
pub struct NewPicture {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The detected content type.
    pub content_type: &'static str,
}

/// Where a picture's bytes are stored.
pub fn picture_key(id: Uuid) -> String {
    format!("profile-images/{}", id.hyphenated())
}

/// How often a picture replacement retries when another replacement of the same contact's
/// picture committed in between.
const ATTEMPTS: usize = 3;

/// Stores a new profile picture under a fresh random id and makes it the tenant's, then removes
/// the previous picture's file. Returns the new picture's id.
///
/// The file is written before the database points at it, and removed again if the database
/// update fails, so a picture URL never leads to a missing file.
pub fn change_display_picture<S>(
    store: &S,
    files: &dyn FileStore,
    clock: &dyn Clock,
    session: &Session,
    picture: NewPicture,
) -> Result<Uuid, TenantError>
where
    S: Store,
    S::Repo: TenantRepository,
{
    let mut repo = store.repo()?;
    let (mut contact, _) = authorize(&mut repo, session)?;
    let now = clock.now().naive_utc();
    let image = ProfileImage {
        id: Uuid::new_v4(),
        content_type: picture.content_type.to_owned(),
        size: i64::try_from(picture.bytes.len()).unwrap_or(i64::MAX),
        updated_at: now,
    };
    files
        .put(&picture_key(image.id), &picture.bytes)
        .map_err(|e| TenantError::ImageUploadFailed(e.to_string()))?;

    let mut replaced = None;
    for _ in 0..ATTEMPTS {
        let current = contact.profile_image.as_ref().map(|i| i.id);
        let swapped = repo.replace_profile_image(
            session.company_id,
            session.contact_id,
            current,
            Some(&image),
            now,
        );
        match swapped {
            Ok(true) => {
                replaced = Some(current);
                break;
            }
            Ok(false) => match repo.find_contact(session.company_id, session.contact_id) {
                Ok(Some(fresh)) => contact = fresh,
                Ok(None) => {
                    let _ = files.delete(&picture_key(image.id));
                    return Err(TenantError::NoRecords);
                }
                Err(error) => {
                    let _ = files.delete(&picture_key(image.id));
                    return Err(error.into());
                }
            },
            Err(error) => {
                let _ = files.delete(&picture_key(image.id));
                return Err(error.into());
            }
        }
    }
    let Some(previous) = replaced else {
        let _ = files.delete(&picture_key(image.id));
        return Err(TenantError::ImageUploadFailed(
            "the picture kept changing concurrently".into(),
        ));
    };
    if let Some(previous) = previous {
        // the database no longer points at it; a failure here leaves an unreachable file only
        let _ = files.delete(&picture_key(previous));
    }
    Ok(image.id)
}

/// A stored picture and its bytes, by its public id.
pub fn profile_picture<S>(
    store: &S,
    files: &dyn FileStore,
    id: Uuid,
) -> Result<Option<(ProfileImage, Vec<u8>)>, TenantError>
where
    S: Store,
    S::Repo: TenantRepository,
{
    let Some(image) = store.repo()?.find_profile_image(id)? else {
        return Ok(None);
    };
    let bytes = files
        .get(&picture_key(id))
        .map_err(|e| TenantError::ImageUploadFailed(e.to_string()))?;
    Ok(bytes.map(|bytes| (image, bytes)))
}
