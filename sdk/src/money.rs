//! Exact money: integer minor units plus an ISO 4217 currency.
//!
//! Amounts never pass through floating point. Decimal strings (`"1234.50"`) are parsed digit by digit, refusing
//! more decimals than the currency has, and all arithmetic is checked.

use std::fmt;

pub use rust_decimal::Decimal;
use rust_decimal::RoundingStrategy;
use serde::{Deserialize, Serialize};

/// An ISO 4217 currency known to Billfold, with its minor-unit exponent.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency {
    code: &'static str,
    exponent: u8,
    symbol: Option<&'static str>,
}

/// ISO 4217 currencies with their minor-unit exponent (SIX list one) and a display symbol where one is
/// unambiguous in English-language invoices. Others display as `CODE 1,234.50`.
const CURRENCIES: &[Currency] = &[
    cur("AED", 2, None),
    cur("ARS", 2, None),
    cur("AUD", 2, Some("A$")),
    cur("BHD", 3, None),
    cur("BRL", 2, Some("R$")),
    cur("CAD", 2, Some("CA$")),
    cur("CHF", 2, None),
    cur("CLP", 0, None),
    cur("CNY", 2, Some("CN¥")),
    cur("COP", 2, None),
    cur("CZK", 2, None),
    cur("DKK", 2, None),
    cur("EGP", 2, None),
    cur("EUR", 2, Some("€")),
    cur("GBP", 2, Some("£")),
    cur("HKD", 2, Some("HK$")),
    cur("HUF", 2, None),
    cur("IDR", 2, None),
    cur("ILS", 2, Some("₪")),
    cur("INR", 2, Some("₹")),
    cur("IQD", 3, None),
    cur("ISK", 0, None),
    cur("JOD", 3, None),
    cur("JPY", 0, Some("¥")),
    cur("KRW", 0, Some("₩")),
    cur("KWD", 3, None),
    cur("LYD", 3, None),
    cur("MXN", 2, Some("MX$")),
    cur("MYR", 2, None),
    cur("NGN", 2, None),
    cur("NOK", 2, None),
    cur("NZD", 2, Some("NZ$")),
    cur("OMR", 3, None),
    cur("PHP", 2, None),
    cur("PKR", 2, None),
    cur("PLN", 2, None),
    cur("RON", 2, None),
    cur("SAR", 2, None),
    cur("SEK", 2, None),
    cur("SGD", 2, None),
    cur("THB", 2, None),
    cur("TND", 3, None),
    cur("TRY", 2, None),
    cur("TWD", 2, None),
    cur("UAH", 2, None),
    cur("USD", 2, Some("$")),
    cur("VND", 0, None),
    cur("ZAR", 2, None),
];

const fn cur(code: &'static str, exponent: u8, symbol: Option<&'static str>) -> Currency {
    Currency {
        code,
        exponent,
        symbol,
    }
}

impl Currency {
    /// Looks up an ISO 4217 alphabetic code (upper case, as ISO writes it).
    /// Every supported currency's code.
    pub fn codes() -> impl Iterator<Item = &'static str> {
        CURRENCIES.iter().map(|c| c.code)
    }

    /// The currency with this ISO 4217 code.
    pub fn from_code(code: &str) -> Result<Currency, MoneyError> {
        CURRENCIES
            .iter()
            .find(|c| c.code == code)
            .copied()
            .ok_or_else(|| MoneyError::UnknownCurrency(code.to_string()))
    }

    /// The ISO 4217 code (`USD`).
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The display symbol (`$`, `€`), where one is unambiguous; others show their code.
    pub fn symbol(&self) -> Option<&'static str> {
        self.symbol
    }

    /// Decimal places in the minor unit (2 for USD, 0 for JPY, 3 for KWD).
    pub fn exponent(&self) -> u8 {
        self.exponent
    }

    fn scale(&self) -> i64 {
        10_i64.pow(u32::from(self.exponent))
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

impl std::str::FromStr for Currency {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::from_code(s)
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code)
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Currency::from_code(&code).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
/// Why an amount could not be read or computed.
pub enum MoneyError {
    #[error("{0:?} is not a supported ISO 4217 currency code")]
    /// Not a currency Billfold knows.
    UnknownCurrency(String),
    #[error("{0:?} is not a decimal amount")]
    /// Not a decimal number.
    NotDecimal(String),
    #[error("{input:?} has more decimals than {currency} allows ({allowed})")]
    /// More decimal places than the currency has.
    TooManyDecimals {
        /// What was typed.
        input: String,
        /// The currency's code.
        currency: &'static str,
        /// The decimal places it allows.
        allowed: u8,
    },
    #[error("{0:?} is too large")]
    /// Too large to hold.
    TooLarge(String),
    #[error("{0:?} has a comma that does not separate thousands")]
    /// Thousands separators in the wrong places.
    Grouping(String),
    #[error("amounts in {0} and {1} cannot be combined")]
    /// Two currencies in one sum.
    CurrencyMismatch(&'static str, &'static str),
    #[error("the amount is out of range")]
    /// A sum too large to hold.
    Overflow,
}

/// An exact amount of money: integer minor units (cents, yen, fils) in one currency.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl Money {
    /// `minor` units (cents) of `currency`.
    pub fn from_minor(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    /// Nothing, in `currency`.
    pub fn zero(currency: Currency) -> Money {
        Money::from_minor(0, currency)
    }

    /// Parses an amount as a person types it into a form: surrounding spaces, the currency's symbol or code in
    /// front (`$1,234.50`, `USD 10`) and commas that group thousands (`1,234,567.89`) are accepted. A comma anywhere
    /// else (`10,5`, `1,00`, `1,0.0,0`) is refused rather than dropped, since it may be meant as a decimal comma.
    pub fn parse_typed(input: &str, currency: Currency) -> Result<Money, MoneyError> {
        let mut rest = input.trim();
        if let Some(symbol) = currency.symbol {
            rest = rest.strip_prefix(symbol).unwrap_or(rest);
        }
        rest = rest
            .strip_prefix(currency.code)
            .unwrap_or(rest)
            .trim_start();
        if !rest.contains(',') {
            return Money::parse(rest, currency);
        }
        let (whole, frac) = match rest.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (rest, None),
        };
        let digits = whole.strip_prefix('-').unwrap_or(whole);
        let mut groups = digits.split(',');
        let first_ok = groups
            .next()
            .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
        let rest_ok = groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
        if !first_ok || !rest_ok || frac.is_some_and(|f| f.contains(',')) {
            return Err(MoneyError::Grouping(input.to_string()));
        }
        let plain: String = rest.chars().filter(|c| *c != ',').collect();
        Money::parse(&plain, currency)
    }

    /// Parses a decimal string such as `"1234.50"` or `"-3"` exactly.
    ///
    /// Refused: thousands separators, decimal commas, exponents, leading `+`, a bare `.`, and more decimals than the
    /// currency has (so a float artefact such as `"0.30000000000000004"` never rounds silently).
    pub fn parse(input: &str, currency: Currency) -> Result<Money, MoneyError> {
        let not_decimal = || MoneyError::NotDecimal(input.to_string());
        let (negative, unsigned) = match input.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, input),
        };
        let (whole, frac) = match unsigned.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (unsigned, None),
        };
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(whole) || frac.is_some_and(|f| !all_digits(f)) {
            return Err(not_decimal());
        }
        let frac = frac.unwrap_or("");
        if frac.len() > usize::from(currency.exponent) {
            return Err(MoneyError::TooManyDecimals {
                input: input.to_string(),
                currency: currency.code,
                allowed: currency.exponent,
            });
        }
        let too_large = || MoneyError::TooLarge(input.to_string());
        let mut minor: i64 = 0;
        let padding = usize::from(currency.exponent) - frac.len();
        for b in whole
            .bytes()
            .chain(frac.bytes())
            .chain(std::iter::repeat_n(b'0', padding))
        {
            minor = minor
                .checked_mul(10)
                .and_then(|m| m.checked_add(i64::from(b - b'0')))
                .ok_or_else(too_large)?;
        }
        if negative {
            minor = -minor;
        }
        Ok(Money { minor, currency })
    }

    /// The amount in minor units (cents).
    pub fn minor(&self) -> i64 {
        self.minor
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// Whether it is nothing.
    pub fn is_zero(&self) -> bool {
        self.minor == 0
    }

    /// Whether it is below zero.
    pub fn is_negative(&self) -> bool {
        self.minor < 0
    }

    fn same_currency(&self, other: &Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch(
                self.currency.code,
                other.currency.code,
            ))
        }
    }

    /// The sum, or an error if the currencies differ or it overflows.
    pub fn checked_add(&self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        let minor = self
            .minor
            .checked_add(other.minor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::from_minor(minor, self.currency))
    }

    /// The difference, or an error if the currencies differ or it overflows.
    pub fn checked_sub(&self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        let minor = self
            .minor
            .checked_sub(other.minor)
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::from_minor(minor, self.currency))
    }

    /// Sums amounts of one currency; an empty iterator gives zero in `currency`.
    pub fn checked_sum(
        currency: Currency,
        items: impl IntoIterator<Item = Money>,
    ) -> Result<Money, MoneyError> {
        items
            .into_iter()
            .try_fold(Money::zero(currency), |acc, m| acc.checked_add(m))
    }

    /// `self × quantity`, rounded to the currency's minor unit, half away from zero (the usual invoicing rule).
    pub fn checked_mul_decimal(&self, quantity: Decimal) -> Result<Money, MoneyError> {
        let product = Decimal::from(self.minor)
            .checked_mul(quantity)
            .ok_or(MoneyError::Overflow)?
            .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
        let minor = i64::try_from(product).map_err(|_| MoneyError::Overflow)?;
        Ok(Money::from_minor(minor, self.currency))
    }

    /// The plain decimal string used in files, APIs and gateways: `"1234.50"`, `"-0.05"`, `"1235"` (JPY).
    pub fn to_decimal_string(&self) -> String {
        let (int, frac) = self.split();
        let sign = if self.minor < 0 { "-" } else { "" };
        match frac {
            Some(frac) => format!("{sign}{int}.{frac}"),
            None => format!("{sign}{int}"),
        }
    }

    /// Integer part and zero-padded fraction digits of the absolute value.
    fn split(&self) -> (u64, Option<String>) {
        let abs = self.minor.unsigned_abs();
        let scale = self.currency.scale().unsigned_abs();
        let exp = usize::from(self.currency.exponent);
        let frac = (exp > 0).then(|| format!("{:0exp$}", abs % scale));
        (abs / scale, frac)
    }

    /// The one display format, used by every page, PDF and email: `$1,234.50`, `¥1,235`, `€1,234.50`,
    /// `-$5.00`, `KWD 1,234.500`.
    pub fn format(&self) -> String {
        let (int, frac) = self.split();
        let digits = int.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        if let Some(frac) = frac {
            grouped.push('.');
            grouped.push_str(&frac);
        }
        let sign = if self.minor < 0 { "-" } else { "" };
        match self.currency.symbol {
            Some(symbol) => format!("{sign}{symbol}{grouped}"),
            None => format!("{sign}{} {grouped}", self.currency.code),
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format())
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.to_decimal_string(), self.currency.code)
    }
}

/// Splits `total` into parts proportional to `weights` so that the parts sum exactly to `total`
/// (largest-remainder method; ties go to the earlier weight). Weights must be non-negative.
pub fn allocate_proportionally(total: Money, weights: &[i64]) -> Result<Vec<Money>, MoneyError> {
    let weight_sum: i128 = weights.iter().map(|w| i128::from(*w)).sum();
    if weight_sum <= 0 || weights.iter().any(|w| *w < 0) {
        return Err(MoneyError::Overflow);
    }
    let total_minor = i128::from(total.minor);
    let mut parts: Vec<i128> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let numerator = total_minor * i128::from(*w);
        parts.push(numerator.div_euclid(weight_sum));
        remainders.push((numerator.rem_euclid(weight_sum), i));
    }
    let mut leftover = total_minor - parts.iter().sum::<i128>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders {
        if leftover == 0 {
            break;
        }
        parts[i] += 1;
        leftover -= 1;
    }
    parts
        .into_iter()
        .map(|p| {
            i64::try_from(p)
                .map(|m| Money::from_minor(m, total.currency))
                .map_err(|_| MoneyError::Overflow)
        })
        .collect()
}
