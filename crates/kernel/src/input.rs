/// One field of a request as the client sent it, before validation.
///
/// Keeps apart a field that was left out (or sent as `null`) from one that was sent with a
/// value of the wrong type, so that validation can report the right field code instead of
/// refusing the whole body.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Input<T> {
    /// Not sent, or sent as `null`.
    #[default]
    Absent,
    /// Sent, but not of a type this field accepts (for example a number for a name).
    Invalid,
    /// Sent with a value of the right type.
    Given(T),
}

impl<T> Input<T> {
    /// The value, if one of the right type was sent.
    pub fn given(self) -> Option<T> {
        match self {
            Input::Given(value) => Some(value),
            Input::Absent | Input::Invalid => None,
        }
    }
}

impl<T> From<Option<T>> for Input<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Input::Absent, Input::Given)
    }
}
