//! The languages the portal speaks and their conventions for amounts and dates — a table in code rather than a
//! locale database: four locales, each with its decimal and grouping separators, where the currency sign goes, and
//! its short date. Chosen from CLDR's data for each language:
//!
//! | locale | amount | date |
//! | --- | --- | --- |
//! | `en` | `€1,234.50`, `-$5.00` | `Nov 30, 2026` |
//! | `fr` | `1 234,50 €` (a narrow no-break space between thousands, a no-break space before the sign) | `30 nov. 2026` |
//! | `de` | `1.234,50 €` | `30.11.2026` |
//! | `es` | `1234,50 €`, `12.345,50 €` (thousands grouped from five digits, as CLDR's Spanish does) | `30 nov 2026` |
//!
//! Typed amounts are read in the locale's convention, never guessed: in `fr`, `de` and `es` the comma is the decimal
//! separator (`100,50` is 100.50) and the group separator may be left out; in `en` the point is, and a comma is
//! accepted only between thousands — `100,50` is refused with a message rather than read as 10,050.

use time::Date;

use crate::money::{Currency, Money, MoneyError};

/// A language the portal speaks.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// English (the default).
    #[default]
    En,
    /// French.
    Fr,
    /// German.
    De,
    /// Spanish.
    Es,
}

/// How a locale writes numbers.
struct Numbers {
    decimal: char,
    group: &'static str,
    /// Thousands are grouped only from this many integer digits on.
    group_from: usize,
    /// The sign after the number (`1.234,50 €`), with this between them; `None`: before (`€1,234.50`).
    sign_after: Option<&'static str>,
}

impl Locale {
    /// Every locale, English first.
    pub const ALL: [Locale; 4] = [Locale::En, Locale::Fr, Locale::De, Locale::Es];

    /// The language's code (`de`), as in `lang` attributes, URLs and the store.
    pub fn code(&self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::De => "de",
            Locale::Es => "es",
        }
    }

    /// The language's own name, for the language menu (`Deutsch`).
    pub fn name(&self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Fr => "Français",
            Locale::De => "Deutsch",
            Locale::Es => "Español",
        }
    }

    /// A moment (Unix seconds) as the locale writes its date, with the time of day in UTC (`03.11.2026 14:05 UTC`);
    /// pages turn it into the reader's zone where JavaScript runs.
    pub fn format_date_time(&self, unix: i64) -> String {
        match time::OffsetDateTime::from_unix_timestamp(unix) {
            Ok(t) => format!(
                "{} {:02}:{:02} UTC",
                self.format_date(t.date()),
                t.hour(),
                t.minute()
            ),
            Err(_) => String::new(),
        }
    }

    /// The language of mail to a user about an account: the user's own choice in the portal, else the account's
    /// (set by the vendor), else the tenant's default.
    pub fn for_mail(user: Option<Locale>, account: Option<Locale>, default: Locale) -> Locale {
        user.or(account).unwrap_or(default)
    }

    /// Reads a language tag (`de`, `de-AT`, `FR_ca`): the language it names, if the portal speaks it.
    pub fn parse(tag: &str) -> Option<Locale> {
        let language = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Locale::ALL.into_iter().find(|l| l.code() == language)
    }

    /// The first language of an `Accept-Language` header (by its `q` weights) the portal speaks.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut wanted: Vec<(f32, usize, Locale)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.split(';');
                let locale = Locale::parse(pieces.next()?)?;
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
                (q > 0.0).then_some((q, i, locale))
            })
            .collect();
        wanted.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        wanted.first().map(|w| w.2)
    }

    fn numbers(&self) -> Numbers {
        match self {
            Locale::En => Numbers {
                decimal: '.',
                group: ",",
                group_from: 4,
                sign_after: None,
            },
            Locale::Fr => Numbers {
                decimal: ',',
                group: "\u{202F}",
                group_from: 4,
                sign_after: Some("\u{A0}"),
            },
            Locale::De => Numbers {
                decimal: ',',
                group: ".",
                group_from: 4,
                sign_after: Some("\u{A0}"),
            },
            Locale::Es => Numbers {
                decimal: ',',
                group: ".",
                group_from: 5,
                sign_after: Some("\u{A0}"),
            },
        }
    }

    /// An amount as this locale writes it (see the module's table).
    pub fn format_money(&self, money: Money) -> String {
        let n = self.numbers();
        let decimal = money.to_decimal_string();
        let negative = decimal.starts_with('-');
        let unsigned = decimal.trim_start_matches('-');
        let (int, frac) = match unsigned.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (unsigned, None),
        };
        let mut number = String::with_capacity(decimal.len() + 8);
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && int.len() >= n.group_from && (int.len() - i) % 3 == 0 {
                number.push_str(n.group);
            }
            number.push(ch);
        }
        if let Some(frac) = frac {
            number.push(n.decimal);
            number.push_str(frac);
        }
        let currency = money.currency();
        let sign = if negative { "-" } else { "" };
        match (n.sign_after, currency.symbol()) {
            (None, Some(symbol)) => format!("{sign}{symbol}{number}"),
            (None, None) => format!("{sign}{} {number}", currency.code()),
            (Some(space), Some(symbol)) => format!("{sign}{number}{space}{symbol}"),
            (Some(space), None) => format!("{sign}{number}{space}{}", currency.code()),
        }
    }

    /// A date as this locale writes it (see the module's table).
    pub fn format_date(&self, date: Date) -> String {
        let month = u8::from(date.month());
        let (day, year) = (date.day(), date.year());
        let short = |names: [&'static str; 12]| -> &'static str { names[usize::from(month) - 1] };
        match self {
            Locale::En => format!(
                "{} {day}, {year}",
                short([
                    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec"
                ])
            ),
            Locale::Fr => format!(
                "{day} {} {year}",
                short([
                    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                    "oct.", "nov.", "déc."
                ])
            ),
            Locale::De => format!("{day:02}.{month:02}.{year}"),
            Locale::Es => format!(
                "{day} {} {year}",
                short([
                    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov",
                    "dic"
                ])
            ),
        }
    }

    /// An amount as a person types it in this locale: no sign or grouping (`1234.50`, `1234,50`), for a form's value.
    pub fn format_plain(&self, money: Money) -> String {
        let plain = money.to_decimal_string();
        match self.numbers().decimal {
            '.' => plain,
            decimal => plain.replace('.', &decimal.to_string()),
        }
    }

    /// An example of an amount typed in this locale (`1234.50`, `1234,50`), for messages.
    pub fn example(&self, currency: Currency) -> String {
        let sample = Money::from_minor(
            123_450 * 10_i64.pow(u32::from(currency.exponent())) / 100,
            currency,
        );
        let plain = sample.to_decimal_string();
        match self.numbers().decimal {
            '.' => plain,
            decimal => plain.replace('.', &decimal.to_string()),
        }
    }

    /// Reads an amount as a person in this locale types it into a form: the currency's sign or code before or after
    /// (`€`, `EUR`), spaces, the locale's group separator between thousands, its decimal separator.
    pub fn parse_amount(&self, typed: &str, currency: Currency) -> Result<Money, MoneyError> {
        if *self == Locale::En {
            return Money::parse_typed(typed, currency);
        }
        let mut rest = typed.trim();
        for sign in currency.symbol().into_iter().chain([currency.code()]) {
            rest = rest.strip_prefix(sign).unwrap_or(rest).trim();
            rest = rest.strip_suffix(sign).unwrap_or(rest).trim();
        }
        let n = self.numbers();
        let (whole, frac) = match rest.split_once(n.decimal) {
            Some((w, f)) => (w, Some(f)),
            None => (rest, None),
        };
        let (negative, whole) = match whole.strip_prefix('-') {
            Some(w) => (true, w),
            None => (false, whole),
        };
        // Groups: any of the locale's separators (and plain spaces, which people type for a narrow one), in threes.
        let separators: &[char] = match self {
            Locale::Fr => &[' ', '\u{A0}', '\u{202F}', '.'],
            _ => &['.', ' ', '\u{A0}', '\u{202F}'],
        };
        let grouped = whole.contains(separators);
        let mut groups = whole.split(separators);
        let first_ok = groups.next().is_some_and(|g| {
            !g.is_empty() && (!grouped || g.len() <= 3) && g.bytes().all(|b| b.is_ascii_digit())
        });
        let rest_ok = groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
        if !first_ok
            || !rest_ok
            || frac.is_some_and(|f| f.contains(separators) || f.contains(n.decimal))
        {
            return Err(MoneyError::Grouping(typed.to_string()));
        }
        let digits: String = whole.chars().filter(char::is_ascii_digit).collect();
        let plain = match frac {
            Some(f) => format!("{}{digits}.{f}", if negative { "-" } else { "" }),
            None => format!("{}{digits}", if negative { "-" } else { "" }),
        };
        Money::parse(&plain, currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(code: &str) -> Currency {
        Currency::from_code(code).expect("currency")
    }

    fn money(minor: i64, code: &str) -> Money {
        Money::from_minor(minor, cur(code))
    }

    #[test]
    fn amounts_are_written_per_locale() {
        let cases = [
            (Locale::En, 123_450, "EUR", "€1,234.50"),
            (Locale::Fr, 123_450, "EUR", "1\u{202F}234,50\u{A0}€"),
            (Locale::De, 123_450, "EUR", "1.234,50\u{A0}€"),
            (Locale::Es, 123_450, "EUR", "1234,50\u{A0}€"),
            (Locale::Es, 1_234_550, "EUR", "12.345,50\u{A0}€"),
            (Locale::De, -500, "USD", "-5,00\u{A0}$"),
            (Locale::En, -500, "USD", "-$5.00"),
            (Locale::De, 1_234_500, "KWD", "1.234,500\u{A0}KWD"),
            (Locale::Fr, 1_235, "JPY", "1\u{202F}235\u{A0}¥"),
            (Locale::En, 99, "USD", "$0.99"),
        ];
        for (locale, minor, code, written) in cases {
            assert_eq!(
                locale.format_money(money(minor, code)),
                written,
                "{locale:?} {minor} {code}"
            );
        }
    }

    #[test]
    fn dates_are_written_per_locale() {
        let d = time::macros::date!(2026 - 11 - 03);
        assert_eq!(Locale::En.format_date(d), "Nov 3, 2026");
        assert_eq!(Locale::Fr.format_date(d), "3 nov. 2026");
        assert_eq!(Locale::De.format_date(d), "03.11.2026");
        assert_eq!(Locale::Es.format_date(d), "3 nov 2026");
    }

    #[test]
    fn amounts_are_read_in_the_locales_convention() {
        let eur = cur("EUR");
        let read = |l: Locale, s: &str| l.parse_amount(s, eur).map(|m| m.minor());
        // The decimal comma.
        assert_eq!(read(Locale::De, "100,50"), Ok(10_050));
        assert_eq!(read(Locale::Fr, "100,50"), Ok(10_050));
        assert_eq!(read(Locale::Es, "100,5"), Ok(10_050));
        // In English a decimal comma is refused, never read as thousands.
        assert!(matches!(
            read(Locale::En, "100,50"),
            Err(MoneyError::Grouping(_))
        ));
        assert_eq!(read(Locale::En, "1,234.50"), Ok(123_450));
        // Groups, signs and codes.
        assert_eq!(read(Locale::De, "1.234,50 €"), Ok(123_450));
        assert_eq!(read(Locale::De, "€ 1234"), Ok(123_400));
        assert_eq!(read(Locale::Fr, "1 234,50"), Ok(123_450));
        assert_eq!(read(Locale::Fr, "1\u{202F}234,50\u{A0}€"), Ok(123_450));
        assert_eq!(read(Locale::Es, "12.345,50 EUR"), Ok(1_234_550));
        // A point where the comma belongs, misplaced groups, two decimal separators: refused.
        assert!(
            read(Locale::De, "100.50").is_err(),
            "100.50 in German is not 100,50 (nor 10050)"
        );
        assert!(read(Locale::De, "1.23,4").is_err());
        assert!(read(Locale::De, "1,2,3").is_err());
        assert!(
            read(Locale::Fr, "1234,567").is_err(),
            "too many decimals for EUR"
        );
        assert_eq!(read(Locale::De, "1.234"), Ok(123_400), "a group, in German");
    }

    #[test]
    fn accept_language_picks_the_best_spoken_language() {
        assert_eq!(
            Locale::from_accept_language("de-DE,de;q=0.9,en;q=0.8"),
            Some(Locale::De)
        );
        assert_eq!(
            Locale::from_accept_language("ja, fr;q=0.5, en;q=0.7"),
            Some(Locale::En)
        );
        assert_eq!(Locale::from_accept_language("es-419"), Some(Locale::Es));
        assert_eq!(Locale::from_accept_language("ja, zh"), None);
        assert_eq!(Locale::from_accept_language("fr;q=0"), None);
        assert_eq!(Locale::parse("FR_ca"), Some(Locale::Fr));
    }
}
