use std::fmt;
use std::str::FromStr;

use rusty_money::{FormattableCurrency, Formatter, Money as Formattable, Params, Position, iso};

/// An ISO 4217 currency, such as EUR.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Currency(&'static iso::Currency);

/// Why a text is not a currency code.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("currency must be an ISO 4217 code such as EUR")]
pub struct CurrencyError;

impl Currency {
    /// The code, upper-case.
    pub fn code(&self) -> &'static str {
        self.0.code()
    }

    /// How many minor units make a major one, as a power of ten (2 for EUR, 0 for JPY).
    pub fn exponent(&self) -> u32 {
        self.0.exponent()
    }
}

impl FromStr for Currency {
    type Err = CurrencyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        iso::find(&s.trim().to_ascii_uppercase())
            .map(Currency)
            .ok_or(CurrencyError)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An amount of money: integer minor units (cents) of a currency. Never a float in storage or
/// arithmetic; [`Money::major`] exists only for display in JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Money {
    /// The amount in minor units, for example 12550 for €125.50.
    pub minor: i64,
    /// The currency.
    pub currency: Currency,
}

const SYMBOL_FIRST: &[Position] = &[Position::Sign, Position::Symbol, Position::Amount];
const SYMBOL_LAST: &[Position] = &[
    Position::Sign,
    Position::Amount,
    Position::Space,
    Position::Symbol,
];

impl Money {
    /// An amount in minor units.
    pub fn from_minor(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    /// Zero in a currency.
    pub fn zero(currency: Currency) -> Self {
        Self { minor: 0, currency }
    }

    /// The amount in major units, for JSON (`125.5`).
    pub fn major(&self) -> f64 {
        // i64 → f64 is exact below 2^53 minor units, far beyond any invoice
        self.minor as f64 / 10f64.powi(self.currency.exponent() as i32)
    }

    /// The amount formatted for people: the currency's symbol in its usual place, a dot before
    /// the minor units and commas between thousands (`€1,125.50`, `-$3.00`, `125.50 kr.`).
    pub fn formatted(&self) -> String {
        let currency = self.currency.0;
        let params = Params {
            digit_separator: ',',
            exponent_separator: '.',
            positions: if currency.symbol_first() {
                SYMBOL_FIRST
            } else {
                SYMBOL_LAST
            },
            rounding: Some(currency.exponent()),
            symbol: Some(currency.symbol()),
            code: Some(currency.code()),
            ..Params::default()
        };
        Formatter::money(&Formattable::from_minor(self.minor, currency), params)
    }

    /// The sum of two amounts of the same currency, `None` on overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        (self.currency == other.currency).then_some(())?;
        Some(Money::from_minor(
            self.minor.checked_add(other.minor)?,
            self.currency,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        "eur".parse().unwrap()
    }

    #[test]
    fn currencies_are_iso_4217_codes() {
        assert_eq!(eur().code(), "EUR");
        assert_eq!(" dkk ".parse::<Currency>().unwrap().code(), "DKK");
        assert!("EURO".parse::<Currency>().is_err());
        assert!("XYZ".parse::<Currency>().is_err());
        assert!("".parse::<Currency>().is_err());
    }

    #[test]
    fn money_formats_like_the_contract_example() {
        assert_eq!(Money::from_minor(12550, eur()).formatted(), "€125.50");
        assert_eq!(Money::from_minor(12550, eur()).major(), 125.5);
        assert_eq!(Money::from_minor(112_550, eur()).formatted(), "€1,125.50");
        assert_eq!(Money::from_minor(0, eur()).formatted(), "€0.00");
        assert_eq!(
            Money::from_minor(-300, "USD".parse().unwrap()).formatted(),
            "-$3.00"
        );
    }

    #[test]
    fn currencies_without_minor_units_have_no_decimals() {
        let yen: Currency = "JPY".parse().unwrap();
        assert_eq!(Money::from_minor(1500, yen).major(), 1500.0);
        assert_eq!(Money::from_minor(1500, yen).formatted(), "¥1,500");
    }

    #[test]
    fn amounts_add_only_in_one_currency() {
        let a = Money::from_minor(100, eur());
        assert_eq!(a.checked_add(a).unwrap().minor, 200);
        assert!(
            a.checked_add(Money::from_minor(1, "USD".parse().unwrap()))
                .is_none()
        );
        assert!(Money::from_minor(i64::MAX, eur()).checked_add(a).is_none());
    }
}

/// Why a text is not an amount of money.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Not a plain decimal number such as `125.50`.
    #[error("{0:?} is not an amount such as 125.50")]
    Malformed(String),
    /// More decimals than the currency has minor units.
    #[error("{currency} amounts have at most {digits} decimals")]
    TooPrecise {
        /// The currency.
        currency: &'static str,
        /// Its number of decimals.
        digits: u32,
    },
    /// Negative amounts are not accepted here.
    #[error("the amount must not be negative")]
    Negative,
    /// Larger than can be stored.
    #[error("the amount is too large")]
    TooLarge,
}

impl Money {
    /// Reads a non-negative decimal amount in major units (`125.5`, `125.50`, `125`) exactly,
    /// without floating point.
    pub fn parse(text: &str, currency: Currency) -> Result<Money, AmountError> {
        let text = text.trim();
        if text.starts_with('-') {
            return Err(AmountError::Negative);
        }
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits_only = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty()
            || !digits_only(whole)
            || !digits_only(fraction)
            || (text.contains('.') && fraction.is_empty())
        {
            return Err(AmountError::Malformed(text.to_owned()));
        }
        let exponent = currency.exponent();
        if fraction.len() > exponent as usize {
            return Err(AmountError::TooPrecise {
                currency: currency.code(),
                digits: exponent,
            });
        }
        let scale = 10i64.checked_pow(exponent).ok_or(AmountError::TooLarge)?;
        let whole: i64 = whole.parse().map_err(|_| AmountError::TooLarge)?;
        let padded = format!("{fraction:0<width$}", width = exponent as usize);
        let fraction: i64 = if padded.is_empty() {
            0
        } else {
            padded.parse().map_err(|_| AmountError::TooLarge)?
        };
        let minor = whole
            .checked_mul(scale)
            .and_then(|m| m.checked_add(fraction))
            .ok_or(AmountError::TooLarge)?;
        Ok(Money::from_minor(minor, currency))
    }
}

#[cfg(test)]
mod parse_tests {
    use super::*;

    #[test]
    fn amounts_are_read_exactly() {
        let eur: Currency = "EUR".parse().unwrap();
        assert_eq!(Money::parse("125.50", eur).unwrap().minor, 12550);
        assert_eq!(Money::parse("125.5", eur).unwrap().minor, 12550);
        assert_eq!(Money::parse(" 125 ", eur).unwrap().minor, 12500);
        assert_eq!(Money::parse("0.01", eur).unwrap().minor, 1);
        assert_eq!(Money::parse("0.1", eur).unwrap().minor, 10);
        let yen: Currency = "JPY".parse().unwrap();
        assert_eq!(Money::parse("1500", yen).unwrap().minor, 1500);
        assert!(matches!(
            Money::parse("1500.5", yen),
            Err(AmountError::TooPrecise { .. })
        ));
    }

    #[test]
    fn anything_else_is_refused() {
        let eur: Currency = "EUR".parse().unwrap();
        for bad in ["", "abc", "1,50", "1.", ".5", "1.2.3", "1e3", "+5"] {
            assert!(
                matches!(Money::parse(bad, eur), Err(AmountError::Malformed(_))),
                "{bad}"
            );
        }
        assert_eq!(Money::parse("-1", eur), Err(AmountError::Negative));
        assert_eq!(
            Money::parse("1.234", eur),
            Err(AmountError::TooPrecise {
                currency: "EUR",
                digits: 2
            })
        );
        assert_eq!(
            Money::parse("99999999999999999999", eur),
            Err(AmountError::TooLarge)
        );
    }
}
