//! The request fields of contact data, each with the error code the contract gives it.

/// A request field: its name as sent (camelCase), the code reported when it is invalid, and
/// the words used for it in messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// The field's name in the request body.
    pub name: &'static str,
    /// The error code reported when the field is invalid.
    pub code: &'static str,
    /// How messages name the field.
    pub label: &'static str,
}

/// `firstName`.
pub const FIRST_NAME: Field = Field {
    name: "firstName",
    code: "INVALID_PARAM_FIRSTNAME",
    label: "first name",
};
/// `lastName`.
pub const LAST_NAME: Field = Field {
    name: "lastName",
    code: "INVALID_PARAM_LASTNAME",
    label: "last name",
};
/// `phoneNumber`.
pub const PHONE_NUMBER: Field = Field {
    name: "phoneNumber",
    code: "INVALID_PARAM_CONTACT_NUMBER",
    label: "phone number",
};
/// `emailId` (alias `email`).
pub const EMAIL_ID: Field = Field {
    name: "emailId",
    code: "INVALID_PARAM_EMAIL_ID",
    label: "e-mail address",
};

/// The fields of one postal address in a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddressFields {
    /// Street and number.
    pub address: Field,
    /// City.
    pub city: Field,
    /// Region id.
    pub region: Field,
    /// Country id.
    pub country: Field,
    /// Postal code.
    pub postal_code: Field,
}

/// The home address, at the top level of a registration or profile request.
pub const HOME_ADDRESS: AddressFields = AddressFields {
    address: Field {
        name: "address",
        code: "INVALID_PARAM_ADDRESS",
        label: "address",
    },
    city: Field {
        name: "city",
        code: "INVALID_PARAM_CITY",
        label: "city",
    },
    region: Field {
        name: "region",
        code: "INVALID_PARAM_REGION",
        label: "region",
    },
    country: Field {
        name: "countryId",
        code: "INVALID_PARAM_COUNTRY",
        label: "country",
    },
    postal_code: Field {
        name: "zipCode",
        code: "INVALID_PARAM_POSTAL_CODE",
        label: "postal code",
    },
};

/// The communication address, nested under `communicationAddress` in a profile update.
pub const COMMUNICATION_ADDRESS: AddressFields = AddressFields {
    address: Field {
        name: "communicationAddress.address",
        ..HOME_ADDRESS.address
    },
    city: Field {
        name: "communicationAddress.city",
        ..HOME_ADDRESS.city
    },
    region: Field {
        name: "communicationAddress.region",
        ..HOME_ADDRESS.region
    },
    country: Field {
        name: "communicationAddress.countryId",
        ..HOME_ADDRESS.country
    },
    postal_code: Field {
        name: "communicationAddress.zipCode",
        ..HOME_ADDRESS.postal_code
    },
};
