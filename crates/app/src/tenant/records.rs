//! A tenant's lists kept in memory: tenant information's contracts and unpaid invoices, and
//! pages of its ledger, each with the tenant's records version they were read at.
//!
//! The database raises a tenant's records version in the transaction of every write to its
//! contracts, invoices or ledger, and of a change to a unit or property it rents (triggers, so
//! no writer, process or tool can forget it), and the session check reads it with the contact.
//! Lists held here are served only when the version the check just read is the one they were
//! read at: a write by this process, another one or anything else is seen at the next request,
//! and no request is served without its session being checked first. A held list is also read
//! again once it is [`MAX_AGE`] old, against what triggers cannot see (a restored backup that
//! sets numbers back, triggers disabled for a load).

use quick_cache::sync::{Cache, DefaultLifecycle};
use quick_cache::{DefaultHashBuilder, OptionsBuilder, Weighter};
use std::sync::Arc;
use std::time::{Duration, Instant};
use storegister_contract::ContractDetails;
use storegister_invoice::{Invoice, LedgerEntry, Page, Paged};
use storegister_kernel::ContactId;

/// Which of a tenant's lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum RecordsKey {
    /// Tenant information's contracts and unpaid invoices.
    Overview(ContactId),
    /// A page (number, size) of the whole ledger.
    Ledger(ContactId, u64, u64),
}

impl RecordsKey {
    /// A page of the tenant's whole ledger.
    pub(super) fn ledger(contact: ContactId, page: Page) -> Self {
        Self::Ledger(contact, page.number, page.size)
    }
}

/// The lists themselves.
#[derive(Clone, Debug)]
pub(super) enum Lists {
    /// Contracts (newest first) and unpaid invoices (by due date).
    Overview(Vec<ContractDetails>, Vec<Invoice>),
    /// A page of the ledger.
    Ledger(Paged<LedgerEntry>),
}

/// The longest a held list is served before it is read again, whatever the version says.
pub(super) const MAX_AGE: Duration = Duration::from_secs(60);

/// Lists as read at one records version.
#[derive(Debug)]
pub(super) struct Held {
    /// The tenant's records version when they were read.
    pub(super) version: i64,
    /// When they were read.
    pub(super) read_at: Instant,
    /// What was read.
    pub(super) lists: Lists,
}

/// Lists kept by key; `None` when the budget is 0.
pub(super) struct RecordsCache(Option<Cache<RecordsKey, Arc<Held>, HeldWeight>>);

/// Roughly what a list's row takes in memory with its strings, in bytes.
const ROW_BYTES: u64 = 512;

/// Lists weigh their rows (and a row's worth for the entry itself).
#[derive(Clone)]
pub(super) struct HeldWeight;

impl Weighter<RecordsKey, Arc<Held>> for HeldWeight {
    fn weight(&self, _: &RecordsKey, held: &Arc<Held>) -> u64 {
        let rows = match &held.lists {
            Lists::Overview(contracts, unpaid) => contracts.len() + unpaid.len(),
            Lists::Ledger(page) => page.items.len(),
        };
        u64::try_from(rows)
            .unwrap_or(u64::MAX)
            .saturating_add(1)
            .saturating_mul(ROW_BYTES)
    }
}

impl RecordsCache {
    /// A cache of about `budget` bytes (0: holds nothing).
    pub(super) fn new(budget: usize) -> Self {
        if budget == 0 {
            return Self(None);
        }
        let weight = u64::try_from(budget).unwrap_or(u64::MAX);
        // a shard per MiB, so that every shard holds a few of the largest lists
        let shards = (budget / (1024 * 1024)).clamp(1, 16);
        let options = OptionsBuilder::new()
            .shards(shards)
            .estimated_items_capacity(
                usize::try_from(weight / (8 * ROW_BYTES))
                    .unwrap_or(1)
                    .max(1),
            )
            .weight_capacity(weight)
            .build();
        Self(options.ok().map(|options| {
            Cache::with_options(
                options,
                HeldWeight,
                DefaultHashBuilder::default(),
                DefaultLifecycle::default(),
            )
        }))
    }

    /// The lists held under `key`, if any (still to be checked against the version).
    pub(super) fn get(&self, key: RecordsKey) -> Option<Arc<Held>> {
        self.0.as_ref()?.get(&key)
    }

    /// Holds `lists`, read at `version`, under `key`.
    pub(super) fn put(&self, key: RecordsKey, version: i64, lists: Lists) {
        if let Some(cache) = &self.0 {
            let read_at = Instant::now();
            cache.insert(
                key,
                Arc::new(Held {
                    version,
                    read_at,
                    lists,
                }),
            );
        }
    }
}

/// The lists held under a key if they were read at `version`, less than [`MAX_AGE`] ago.
pub(super) fn current(held: Option<&Held>, version: i64) -> Option<&Lists> {
    held.filter(|held| held.version == version && held.read_at.elapsed() < MAX_AGE)
        .map(|held| &held.lists)
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn page(entries: usize) -> Lists {
        Lists::Ledger(Paged {
            items: Vec::with_capacity(entries),
            total: 0,
        })
    }

    #[test]
    fn lists_are_served_only_at_the_version_they_were_read_at() {
        let cache = RecordsCache::new(1024 * 1024);
        let tenant = ContactId(Uuid::new_v4());
        let key = RecordsKey::Overview(tenant);
        assert!(cache.get(key).is_none());
        cache.put(key, 7, Lists::Overview(Vec::new(), Vec::new()));
        let held = cache.get(key);
        assert!(current(held.as_deref(), 7).is_some());
        assert!(current(held.as_deref(), 8).is_none());
        assert!(current(held.as_deref(), 6).is_none());
        // another list of the same tenant is another entry
        assert!(cache.get(RecordsKey::Ledger(tenant, 1, 20)).is_none());
        // a newer read replaces the older
        cache.put(key, 8, Lists::Overview(Vec::new(), Vec::new()));
        assert!(current(cache.get(key).as_deref(), 8).is_some());
    }

    #[test]
    fn lists_older_than_the_longest_age_are_read_again() {
        let Some(long_ago) = Instant::now().checked_sub(MAX_AGE + Duration::from_secs(1)) else {
            return; // a clock too young to go back that far
        };
        let held = Held {
            version: 3,
            read_at: long_ago,
            lists: page(0),
        };
        assert!(current(Some(&held), 3).is_none());
        let fresh = Held {
            read_at: Instant::now(),
            ..held
        };
        assert!(current(Some(&fresh), 3).is_some());
    }

    #[test]
    fn a_budget_of_nothing_holds_nothing_and_a_small_one_stays_small() {
        let none = RecordsCache::new(0);
        let key = RecordsKey::Overview(ContactId(Uuid::new_v4()));
        none.put(key, 1, page(0));
        assert!(none.get(key).is_none());

        let small = RecordsCache::new(64 * 1024);
        for n in 0..1_000 {
            small.put(
                RecordsKey::Ledger(ContactId(Uuid::new_v4()), n, 20),
                1,
                page(0),
            );
        }
        let held = small.0.as_ref().map_or(0, Cache::weight);
        assert!(held <= 64 * 1024, "{held} bytes held");
    }
}
