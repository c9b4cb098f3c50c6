//! The profile picture: replacing it, and reading it back for its public URL.

use storegister_contact_book::{
    ContactBook, ContactBookRepository, PictureRepository, ProfileImage, StoredPicture,
};
use storegister_kernel::{Store, StoreError, Transactional};
use uuid::Uuid;

use super::TenantService;
use crate::credential::CredentialRepository;
use crate::error::TenantError;
use crate::ports::PictureRefusal;
use crate::session::{Session, SessionRepository, authorize};

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
    S::Repo: ContactBookRepository + CredentialRepository + SessionRepository + PictureRepository,
{
    /// Makes the upload the tenant's profile picture, under a fresh random id, and deletes the
    /// previous one; returns the new picture's id.
    ///
    /// The upload is decoded and encoded again first (no connection held meanwhile); then the
    /// bytes, the contact's pointer to them and the deletion of the previous picture are one
    /// transaction, so no crash leaves a picture without its bytes or bytes without a picture.
    pub async fn change_display_picture(
        &self,
        session: Session,
        upload: Vec<u8>,
    ) -> Result<Uuid, TenantError> {
        let picture = self
            .ports
            .pictures
            .clean(upload)
            .await
            .map_err(|refusal| match refusal {
                PictureRefusal::Failed(cause) => TenantError::ImageUploadFailed(cause),
                refused => TenantError::InvalidPicture(refused),
            })?;
        let now = self.ports.clock.now().naive_utc();
        self.ports
            .store
            .run(move |repo| {
                repo.transaction(|repo| {
                    let (contact, _) = authorize(repo, &session, now)?;
                    let image = ProfileImage {
                        id: Uuid::new_v4(),
                        content_type: picture.content_type.to_owned(),
                        size: i64::try_from(picture.bytes.len()).unwrap_or(i64::MAX),
                        updated_at: now,
                    };
                    repo.insert_picture(session.company_id, contact.id, &image, &picture.bytes)
                        .map_err(upload_failed)?;
                    if let Some(previous) = swap_picture(repo, &session, contact, &image)? {
                        repo.delete_picture(previous).map_err(upload_failed)?;
                    }
                    Ok(image.id)
                })
            })
            .await
    }

    /// A stored picture, by its public id.
    pub async fn profile_picture(&self, id: Uuid) -> Result<Option<StoredPicture>, TenantError> {
        self.ports
            .store
            .run(move |repo| Ok(repo.find_picture(id)?))
            .await
    }
}

/// A failure to store a picture, except an outage, which stays one (503, not 500).
fn upload_failed(error: StoreError) -> TenantError {
    match error {
        StoreError::Unavailable(_) => TenantError::Store(error),
        other => TenantError::ImageUploadFailed(other.into()),
    }
}

/// Points the contact at `image` if its picture is still the one it had (a conditional
/// update), re-reading and retrying when another replacement committed in between; the id of
/// the picture it replaced.
fn swap_picture(
    repo: &mut impl ContactBookRepository,
    session: &Session,
    mut contact: ContactBook,
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
