use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new random identifier (a version 4 UUID): an id returned to an anonymous
            /// caller tells nothing, not even when its row was made.
            pub fn generate() -> Self {
                Self(Uuid::new_v4())
            }

            /// A new time-ordered identifier (a version 7 UUID: the time in milliseconds, then
            /// a counter and random bits), for rows written in bulk that no anonymous caller is
            /// shown: rows written one after another sit side by side in their primary-key
            /// index instead of at random places in it.
            pub fn generate_ordered() -> Self {
                Self(Uuid::now_v7())
            }

            /// The underlying UUID.
            pub fn uuid(self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(value: Uuid) -> Self {
                Self(value)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // GUIDs are written lower-case and hyphenated everywhere (spec: Conventions)
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            /// Accepts any case, with or without braces or hyphens.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim()).map(Self)
            }
        }
    };
}

id_type!(
    /// A storage company: the owner of API keys, contacts, contracts and invoices.
    CompanyId
);
id_type!(
    /// A contact book entry: a lead or a tenant.
    ContactId
);
id_type!(
    /// A property (a storage site) of a company.
    PropertyId
);
id_type!(
    /// A rentable unit inside a property.
    UnitId
);
id_type!(
    /// A rental agreement between a company and a tenant.
    ContractId
);
id_type!(
    /// An invoice issued to a tenant.
    InvoiceId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_in_any_case_and_print_lower_case() {
        let id: ContactId = "94DF61E3-7334-4D56-9D4D-C740CB0E2409".parse().unwrap();
        assert_eq!(id.to_string(), "94df61e3-7334-4d56-9d4d-c740cb0e2409");
    }

    #[test]
    fn generated_ids_are_random_and_ordered_ones_follow_the_clock() {
        // a contact id is shown to anonymous callers (a lead's registration): it must not
        // carry the time its row was made
        assert_eq!(ContactId::generate().uuid().get_version_num(), 4);
        assert_ne!(ContactId::generate(), ContactId::generate());
        let first = InvoiceId::generate_ordered();
        let second = InvoiceId::generate_ordered();
        assert_eq!(first.uuid().get_version_num(), 7);
        assert!(
            first < second,
            "written one after another, they sort in that order"
        );
    }

    #[test]
    fn garbage_is_not_an_id() {
        assert!("not-a-guid".parse::<CompanyId>().is_err());
    }
}
