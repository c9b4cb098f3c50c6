//! The tables, as diesel sees them; the same on both backends (see `migrations/`).
#![allow(missing_docs)]

diesel::table! {
    use diesel::sql_types::*;
    use crate::types::Guid;

    companies (id) {
        id -> Guid,
        name -> Text,
        currency -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::types::Guid;

    api_keys (id) {
        id -> Guid,
        company_id -> Guid,
        name -> Text,
        prefix -> Text,
        digest -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    countries (id) {
        id -> Integer,
        name -> Text,
        iso_code2 -> Text,
        iso_code3 -> Text,
        dialing_code -> Text,
    }
}

diesel::table! {
    regions (id) {
        id -> Integer,
        country_id -> Integer,
        name -> Text,
        code -> Text,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::types::Guid;

    properties (id) {
        id -> Guid,
        company_id -> Guid,
        name -> Text,
        address -> Nullable<Text>,
        city -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::types::Guid;

    contact_books (id) {
        id -> Guid,
        company_id -> Guid,
        first_name -> Text,
        last_name -> Text,
        email -> Text,
        email_normalized -> Text,
        phone_number -> Text,
        address -> Nullable<Text>,
        city -> Nullable<Text>,
        postal_code -> Nullable<Text>,
        region_id -> Nullable<Integer>,
        country_id -> Nullable<Integer>,
        has_communication_address -> Bool,
        comm_address -> Nullable<Text>,
        comm_city -> Nullable<Text>,
        comm_postal_code -> Nullable<Text>,
        comm_region_id -> Nullable<Integer>,
        comm_country_id -> Nullable<Integer>,
        property_id -> Nullable<Guid>,
        profile_image_id -> Nullable<Guid>,
        profile_image_content_type -> Nullable<Text>,
        profile_image_size -> Nullable<BigInt>,
        profile_image_updated_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        email_verified -> Bool,
        records_version -> BigInt,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::types::Guid;

    credentials (contact_id) {
        contact_id -> Guid,
        company_id -> Guid,
        user_name -> Text,
        password_hash -> Text,
        security_stamp -> Guid,
        concurrency_stamp -> Nullable<Guid>,
        concurrency_stamp_expires_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::types::Guid;

    units (id) {
        id -> Guid,
        company_id -> Guid,
        property_id -> Guid,
        unit_number -> Text,
        size_hundredths -> BigInt,
        size_unit -> Text,
        storage_type -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::types::Guid;

    contracts (id) {
        id -> Guid,
        company_id -> Guid,
        contact_id -> Guid,
        unit_id -> Guid,
        contract_number -> Text,
        status -> Text,
        start_date -> Date,
        end_date -> Nullable<Date>,
        currency -> Text,
        rent_minor -> BigInt,
        payment_period -> Text,
        deposit_minor -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::types::Guid;

    invoices (id) {
        id -> Guid,
        company_id -> Guid,
        contact_id -> Guid,
        contract_id -> Nullable<Guid>,
        transact_id -> Text,
        transact_date -> Date,
        due_date -> Date,
        transaction_type -> Text,
        currency -> Text,
        gross_minor -> BigInt,
        paid_minor -> BigInt,
        cancelled -> Bool,
        created_at -> Timestamp,
        credited_minor -> BigInt,
        reversed -> Bool,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::types::Guid;

    password_attempts (id) {
        id -> Guid,
        company_id -> Guid,
        user_name -> Text,
        attempted_at -> Timestamp,
    }
}

diesel::table! {
    data_migrations (name) {
        name -> Text,
        applied_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::types::Guid;

    sessions (id) {
        id -> Guid,
        company_id -> Guid,
        contact_id -> Guid,
        created_at -> Timestamp,
        last_used_at -> Timestamp,
        expires_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
        user_agent -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::types::Guid;

    enquiries (id) {
        id -> Guid,
        company_id -> Guid,
        contact_id -> Guid,
        first_name -> Text,
        last_name -> Text,
        email -> Text,
        phone_number -> Text,
        address -> Nullable<Text>,
        city -> Nullable<Text>,
        postal_code -> Nullable<Text>,
        region_id -> Nullable<Integer>,
        country_id -> Nullable<Integer>,
        property_id -> Nullable<Guid>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::types::Guid;

    mail_outbox (id) {
        id -> Guid,
        company_id -> Guid,
        to_address -> Text,
        subject -> Text,
        body_text -> Text,
        created_at -> Timestamp,
        next_attempt_at -> Timestamp,
        attempts -> Integer,
        claimed_by -> Nullable<Guid>,
        claimed_until -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        failed_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::types::Guid;

    verification_codes (id) {
        id -> Guid,
        company_id -> Guid,
        contact_id -> Guid,
        purpose -> Text,
        digest -> Text,
        tries -> Integer,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::types::Guid;

    pictures (id) {
        id -> Guid,
        company_id -> Guid,
        contact_id -> Guid,
        content_type -> Text,
        bytes -> Binary,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::types::Guid;

    receipts (id) {
        id -> Guid,
        company_id -> Guid,
        contact_id -> Guid,
        transact_id -> Text,
        transact_date -> Date,
        payment_method -> Text,
        gross_minor -> BigInt,
        allocated_minor -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::types::Guid;

    allocations (id) {
        id -> Guid,
        company_id -> Guid,
        receipt_id -> Guid,
        invoice_id -> Guid,
        amount_minor -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::types::Guid;

    credit_notes (id) {
        id -> Guid,
        company_id -> Guid,
        contact_id -> Guid,
        invoice_id -> Guid,
        transact_id -> Text,
        transact_date -> Date,
        amount_minor -> BigInt,
        reason -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::types::Guid;

    payment_vouchers (id) {
        id -> Guid,
        company_id -> Guid,
        contact_id -> Guid,
        transact_id -> Text,
        transact_date -> Date,
        amount_minor -> BigInt,
        reason -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::types::Guid;

    ledger_entries (id) {
        id -> Guid,
        company_id -> Guid,
        contact_id -> Guid,
        ledger_index -> BigInt,
        kind -> Text,
        document_id -> Guid,
        transact_id -> Text,
        transact_date -> Date,
        contract_number -> Nullable<Text>,
        reference_id -> Nullable<Guid>,
        reference_transact_id -> Nullable<Text>,
        charge_minor -> BigInt,
        credit_minor -> BigInt,
        balance_minor -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::joinable!(api_keys -> companies (company_id));
diesel::joinable!(contracts -> units (unit_id));
diesel::joinable!(units -> properties (property_id));
diesel::joinable!(regions -> countries (country_id));
diesel::joinable!(properties -> companies (company_id));
diesel::joinable!(credentials -> contact_books (contact_id));

diesel::allow_tables_to_appear_in_same_query!(
    companies,
    api_keys,
    countries,
    regions,
    properties,
    contact_books,
    credentials,
    units,
    contracts,
    invoices,
    password_attempts,
    data_migrations,
    sessions,
    enquiries,
    mail_outbox,
    verification_codes,
    pictures,
    receipts,
    allocations,
    credit_notes,
    payment_vouchers,
    ledger_entries,
);
