//! The profile picture: replacing it, and reading it back for its public URL.

use std::sync::Arc;

use storegister_contact_book::{ContactBookRepository, ProfileImage};
use storegister_kernel::Store;
use uuid::Uuid;

use super::TenantService;
use crate::credential::CredentialRepository;
use crate::error::TenantError;
use crate::session::{Session, SessionRepository, authorize};

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

/// Why a picture replacement gave up after [`ATTEMPTS`] concurrent changes.
#[derive(Debug, thiserror::Error)]
#[error("the picture kept changing concurrently")]
struct KeptChanging;

impl<S, H> TenantService<S, H>
where
    S: Store,
    S::Repo: ContactBookRepository + CredentialRepository + SessionRepository,
{
    /// Stores a new profile picture under a fresh random id and makes it the tenant's, then
    /// removes the previous picture's file. Returns the new picture's id.
    ///
    /// The file is written before the database points at it, and removed again if the
    /// database update fails, so a picture URL never leads to a missing file.
    pub async fn change_display_picture(
        &self,
        session: Session,
        picture: NewPicture,
    ) -> Result<Uuid, TenantError> {
        let files = Arc::clone(&self.ports.files);
        let now = self.ports.clock.now().naive_utc();
        self.ports
            .store
            .run(move |repo| {
                let (contact, _) = authorize(repo, &session, now)?;
                let image = ProfileImage {
                    id: Uuid::new_v4(),
                    content_type: picture.content_type.to_owned(),
                    size: i64::try_from(picture.bytes.len()).unwrap_or(i64::MAX),
                    updated_at: now,
                };
                let key = picture_key(image.id);
                files
                    .put(&key, &picture.bytes)
                    .map_err(|e| TenantError::ImageUploadFailed(e.into()))?;
                match swap_picture(repo, &session, contact, &image) {
                    Ok(previous) => {
                        if let Some(previous) = previous {
                            // the database no longer points at it; a failure here leaves an
                            // unreachable file only
                            let _ = files.delete(&picture_key(previous));
                        }
                        Ok(image.id)
                    }
                    Err(error) => {
                        let _ = files.delete(&key);
                        Err(error)
                    }
                }
            })
            .await
    }

    /// A stored picture and its bytes, by its public id.
    pub async fn profile_picture(
        &self,
        id: Uuid,
    ) -> Result<Option<(ProfileImage, Vec<u8>)>, TenantError> {
        let files = Arc::clone(&self.ports.files);
        self.ports
            .store
            .run(move |repo| {
                let Some(image) = repo.find_profile_image(id)? else {
                    return Ok(None);
                };
                let bytes = files
                    .get(&picture_key(id))
                    .map_err(|e| TenantError::ImageUploadFailed(e.into()))?;
                Ok(bytes.map(|bytes| (image, bytes)))
            })
            .await
    }
}

/// Points the contact at `image` if its picture is still the one it had (a conditional
/// update), re-reading and retrying when another replacement committed in between; the id of
/// the picture it replaced.
fn swap_picture(
    repo: &mut impl ContactBookRepository,
    session: &Session,
    mut contact: storegister_contact_book::ContactBook,
    image: &ProfileImage,
) -> Result<Option<Uuid>, TenantError> {
    for _ in 0..ATTEMPTS {
        let current = contact.profile_image.as_ref().map(|i| i.id);
        let swapped = repo.replace_profile_image(
            session.company_id,
            session.contact_id,
            current,
            Some(image),
            image.updated_at,
        )?;
        if swapped {
            return Ok(current);
        }
        contact = repo
            .find_contact(session.company_id, session.contact_id)?
            .ok_or(TenantError::NoRecords)?;
    }
    Err(TenantError::ImageUploadFailed(KeptChanging.into()))
}
