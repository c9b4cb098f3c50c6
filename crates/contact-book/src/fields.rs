//! The fields of contact data a request can get wrong, in the domain's terms. How a client
//! spells them (and which error code each has) is the API's business.

/// Which postal address of a contact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AddressKind {
    /// The home address, given with the contact's details.
    Home,
    /// The address for mail, when it differs from home.
    Communication,
}

/// One part of a postal address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AddressPart {
    /// Street and number.
    Street,
    /// City.
    City,
    /// Region (state, county, province) id.
    Region,
    /// Country id.
    Country,
    /// Postal code.
    PostalCode,
}

/// A field of contact data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContactField {
    /// First name.
    FirstName,
    /// Last name.
    LastName,
    /// Phone number.
    PhoneNumber,
    /// E-mail address.
    Email,
    /// A part of one of the addresses.
    Address(AddressKind, AddressPart),
}
