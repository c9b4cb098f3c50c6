//! The profile picture: replacing it, and reading it back for its public URL.

use quick_cache::sync::{Cache, DefaultLifecycle};
use quick_cache::{DefaultHashBuilder, OptionsBuilder, Weighter};
use std::sync::Arc;
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
                    let contact = authorize(repo, &session, now)?;
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

    /// Whether a picture is stored under this public id (for a client that holds its copy).
    pub async fn picture_exists(&self, id: Uuid) -> Result<bool, TenantError> {
        self.ports
            .store
            .run(move |repo| Ok::<_, TenantError>(repo.picture_exists(id)?))
            .await
    }

    /// A stored picture, by its public id. A picture held in memory is served once the
    /// database confirms the id still holds one (a small read instead of its bytes): nothing
    /// deleted or replaced, on this process or another, is served from memory.
    pub async fn profile_picture(
        &self,
        id: Uuid,
    ) -> Result<Option<Arc<StoredPicture>>, TenantError> {
        if let Some(held) = self.pictures.get(id) {
            if self.picture_exists(id).await? {
                return Ok(Some(held));
            }
            self.pictures.forget(id);
            return Ok(None);
        }
        let found = self
            .ports
            .store
            .run(move |repo| Ok::<_, TenantError>(repo.find_picture(id)?))
            .await?;
        Ok(found.map(|picture| {
            let picture = Arc::new(picture);
            self.pictures.put(id, Arc::clone(&picture));
            picture
        }))
    }
}

/// Pictures recently served, by id. A picture never changes under its id (a replacement is
/// stored under a new one, and the old one deleted), so bytes held here are still right as
/// long as the id holds a picture at all, which every use checks in the database.
///
/// A weighted `quick_cache` (its CLOCK-Pro policy keeps the pictures fetched again and lets a
/// scan of one-off fetches pass through); `None` when the budget is 0.
pub(super) struct PictureCache(Option<Cache<Uuid, Arc<StoredPicture>, PictureWeight>>);

/// A picture weighs its bytes (at least 1: weightless entries are never evicted).
#[derive(Clone)]
struct PictureWeight;

impl Weighter<Uuid, Arc<StoredPicture>> for PictureWeight {
    fn weight(&self, _: &Uuid, picture: &Arc<StoredPicture>) -> u64 {
        u64::try_from(picture.bytes.len()).map_or(u64::MAX, |bytes| bytes.max(1))
    }
}

impl PictureCache {
    /// The largest picture held.
    const LARGEST: usize = 1024 * 1024;
    /// The typical picture, for the cache's estimate of how many it holds.
    const TYPICAL: usize = 64 * 1024;

    /// A cache of at most `budget` bytes (0: holds nothing).
    pub(super) fn new(budget: usize) -> Self {
        if budget == 0 {
            return Self(None);
        }
        // every shard has its own share of the budget: one shard per 4 of the largest
        // pictures keeps each able to hold one
        let shards = (budget / (4 * Self::LARGEST)).clamp(1, 16);
        let options = OptionsBuilder::new()
            .shards(shards)
            .estimated_items_capacity((budget / Self::TYPICAL).max(1))
            .weight_capacity(u64::try_from(budget).unwrap_or(u64::MAX))
            .build();
        Self(options.ok().map(|options| {
            Cache::with_options(
                options,
                PictureWeight,
                DefaultHashBuilder::default(),
                DefaultLifecycle::default(),
            )
        }))
    }

    fn get(&self, id: Uuid) -> Option<Arc<StoredPicture>> {
        self.0.as_ref()?.get(&id)
    }

    /// Holds a picture of at most [`Self::LARGEST`] bytes, letting others go if need be.
    fn put(&self, id: Uuid, picture: Arc<StoredPicture>) {
        if let Some(cache) = &self.0
            && picture.bytes.len() <= Self::LARGEST
        {
            cache.insert(id, picture);
        }
    }

    fn forget(&self, id: Uuid) {
        if let Some(cache) = &self.0 {
            cache.remove(&id);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(bytes: usize) -> Arc<StoredPicture> {
        Arc::new(StoredPicture {
            content_type: "image/png".into(),
            bytes: vec![0; bytes],
            created_at: chrono::NaiveDateTime::default(),
        })
    }

    /// The bytes held and their number.
    fn held(cache: &PictureCache) -> (u64, usize) {
        cache
            .0
            .as_ref()
            .map_or((0, 0), |cache| (cache.weight(), cache.len()))
    }

    #[test]
    fn the_cache_stays_within_its_budget_and_skips_large_pictures() {
        let budget = 16 * PictureCache::LARGEST;
        let cache = PictureCache::new(budget);
        let big = Uuid::new_v4();
        cache.put(big, picture(PictureCache::LARGEST + 1));
        assert!(cache.get(big).is_none());
        let ids: Vec<Uuid> = (0..40).map(|_| Uuid::new_v4()).collect();
        for id in &ids {
            cache.put(*id, picture(PictureCache::LARGEST / 2));
        }
        let (bytes, count) = held(&cache);
        assert!(bytes <= budget as u64, "{bytes} bytes held");
        assert_eq!(bytes, count as u64 * (PictureCache::LARGEST / 2) as u64);
        // most of the budget in use: the shards are not too small for the pictures
        assert!(count >= 20, "{count} pictures held");
    }

    #[test]
    fn a_picture_fetched_again_outlives_a_scan_of_one_off_fetches() {
        let cache = PictureCache::new(16 * PictureCache::LARGEST);
        let popular = Uuid::new_v4();
        cache.put(popular, picture(100 * 1024));
        for _ in 0..1000 {
            assert!(cache.get(popular).is_some());
            cache.put(Uuid::new_v4(), picture(100 * 1024));
        }
        assert!(cache.get(popular).is_some());
    }

    #[test]
    fn a_forgotten_picture_gives_its_room_back() {
        let cache = PictureCache::new(1 << 20);
        let id = Uuid::new_v4();
        cache.put(id, picture(1000));
        cache.put(id, picture(2000));
        assert_eq!(held(&cache), (2000, 1));
        cache.forget(id);
        assert!(cache.get(id).is_none());
        assert_eq!(held(&cache), (0, 0));
    }

    #[test]
    fn a_cache_of_nothing_holds_nothing() {
        let cache = PictureCache::new(0);
        let id = Uuid::new_v4();
        cache.put(id, picture(10));
        assert!(cache.get(id).is_none());
    }
}
