//! The request bodies of the tenant portal.

use secrecy::SecretString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use storegister_app::{ChangePasswordForm, CommunicationAddressInput, ProfileForm};
use utoipa::ToSchema;

use crate::input::{AddressRequest, ContactRequest, Lenient};

/// `communicationAddress` in a profile update: absent, `null`, or an object.
#[derive(Debug, Default)]
pub struct CommunicationField(CommunicationAddressInput);

/// Never sent back; written as `null` for the OpenAPI description's defaults.
impl Serialize for CommunicationField {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_none()
    }
}

impl<'de> Deserialize<'de> for CommunicationField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(CommunicationField(
            match Value::deserialize(deserializer)? {
                Value::Null => CommunicationAddressInput::Remove,
                value @ Value::Object(_) => match serde_json::from_value::<AddressRequest>(value) {
                    Ok(address) => CommunicationAddressInput::Replace(address.into_form()),
                    Err(_) => CommunicationAddressInput::Invalid,
                },
                _ => CommunicationAddressInput::Invalid,
            },
        ))
    }
}

/// The body of `PUT /v1/tenant/profile`.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct ProfileRequest {
    #[serde(flatten)]
    contact: ContactRequest,
    /// An object replaces it, `null` removes it, absent keeps it.
    #[schema(value_type = Option<AddressRequest>)]
    communication_address: CommunicationField,
}

impl ProfileRequest {
    /// The update as the use case takes it.
    pub fn into_form(self) -> ProfileForm {
        ProfileForm {
            contact: self.contact.into_form(),
            communication_address: self.communication_address.0,
        }
    }
}

/// The body of `PUT /v1/tenant/profile/change-password`.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct ChangePasswordRequest {
    /// The current password.
    #[schema(value_type = String)]
    existing_password: Lenient<SecretString>,
    /// 8–72 bytes, not the user name, not the current password.
    #[schema(value_type = String)]
    new_password: Lenient<SecretString>,
    /// From the change-password request.
    #[schema(value_type = String, format = Uuid)]
    concurrency_stamp: Lenient<String>,
}

impl ChangePasswordRequest {
    /// The change as the use case takes it.
    pub fn into_form(self) -> ChangePasswordForm {
        ChangePasswordForm {
            existing_password: self.existing_password.into_input(),
            new_password: self.new_password.into_input(),
            concurrency_stamp: self.concurrency_stamp.into_input(),
        }
    }
}
