//! Money: exact parsing, the one display format, and checked arithmetic for 0-, 2- and 3-decimal currencies.

use billfold::money::allocate_proportionally;
use billfold::money::Decimal;
use billfold::{Currency, Money, MoneyError};

fn q(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn c(code: &str) -> Currency {
    Currency::from_code(code).unwrap()
}

fn m(s: &str, code: &str) -> Money {
    Money::parse(s, c(code)).unwrap()
}

#[test]
fn exponents_follow_iso_4217() {
    for (code, exp) in [
        ("USD", 2),
        ("EUR", 2),
        ("GBP", 2),
        ("CAD", 2),
        ("AUD", 2),
        ("CHF", 2),
        ("JPY", 0),
        ("KWD", 3),
        ("BHD", 3),
    ] {
        assert_eq!(c(code).exponent(), exp, "{code}");
    }
    assert_eq!(
        Currency::from_code("usd"),
        Err(MoneyError::UnknownCurrency("usd".into()))
    );
    assert!(Currency::from_code("XYZ").is_err());
}

#[test]
fn parses_decimal_strings_exactly() {
    assert_eq!(m("1234.50", "USD").minor(), 123_450);
    assert_eq!(m("1234.5", "USD").minor(), 123_450);
    assert_eq!(m("1234", "USD").minor(), 123_400);
    assert_eq!(m("0.01", "USD").minor(), 1);
    assert_eq!(m("-0.05", "USD").minor(), -5);
    assert_eq!(m("1235", "JPY").minor(), 1_235);
    assert_eq!(m("1.005", "KWD").minor(), 1_005);
    assert_eq!(m("0.1", "KWD").minor(), 100);
    assert_eq!(m("007.10", "USD").minor(), 710);
}

#[test]
fn refuses_what_is_not_an_exact_amount() {
    let err = |s: &str, code: &str| Money::parse(s, c(code)).unwrap_err().to_string();
    for bad in [
        "12,5", "1,234.50", "", "-", ".5", "5.", "1e3", "+5", " 5", "5 ", "$5", "NaN", "1.2.3",
        "--1",
    ] {
        assert_eq!(
            err(bad, "USD"),
            format!("{bad:?} is not a decimal amount"),
            "{bad:?}"
        );
    }
    assert_eq!(
        err("0.30000000000000004", "USD"),
        "\"0.30000000000000004\" has more decimals than USD allows (2)"
    );
    assert_eq!(
        err("1.005", "USD"),
        "\"1.005\" has more decimals than USD allows (2)"
    );
    assert_eq!(
        err("1235.0", "JPY"),
        "\"1235.0\" has more decimals than JPY allows (0)"
    );
    assert_eq!(
        err("1.0005", "KWD"),
        "\"1.0005\" has more decimals than KWD allows (3)"
    );
    assert_eq!(
        err("92233720368547758.08", "USD"),
        "\"92233720368547758.08\" is too large"
    );
    assert_eq!(m("92233720368547758.07", "USD").minor(), i64::MAX);
    assert_eq!(
        err("9223372036854775808", "JPY"),
        "\"9223372036854775808\" is too large"
    );
}

#[test]
fn formats_with_symbol_grouping_and_exponent() {
    assert_eq!(m("1234.5", "USD").format(), "$1,234.50");
    assert_eq!(m("1235", "JPY").format(), "¥1,235");
    assert_eq!(m("1234.50", "EUR").format(), "€1,234.50");
    assert_eq!(m("1234.5", "GBP").format(), "£1,234.50");
    assert_eq!(m("1234.5", "KWD").format(), "KWD 1,234.500");
    assert_eq!(m("1234.5", "CHF").format(), "CHF 1,234.50");
    assert_eq!(m("1234.5", "CAD").format(), "CA$1,234.50");
    assert_eq!(m("0", "USD").format(), "$0.00");
    assert_eq!(m("0.05", "USD").format(), "$0.05");
    assert_eq!(m("-5", "USD").format(), "-$5.00");
    assert_eq!(m("999", "USD").format(), "$999.00");
    assert_eq!(m("1000000", "JPY").format(), "¥1,000,000");
    assert_eq!(
        Money::from_minor(i64::MIN, c("USD")).format(),
        "-$92,233,720,368,547,758.08"
    );
    assert_eq!(m("-0.5", "KWD").to_decimal_string(), "-0.500");
    assert_eq!(m("1235", "JPY").to_decimal_string(), "1235");
    assert_eq!(format!("{}", m("12.3", "USD")), "$12.30");
}

#[test]
fn arithmetic_is_checked() {
    assert_eq!(
        m("0.10", "USD").checked_add(m("0.20", "USD")).unwrap(),
        m("0.30", "USD")
    );
    assert_eq!(
        m("1", "JPY").checked_sub(m("2", "JPY")).unwrap(),
        m("-1", "JPY")
    );
    assert_eq!(
        m("1", "USD").checked_add(m("1", "EUR")),
        Err(MoneyError::CurrencyMismatch("USD", "EUR"))
    );
    let max = Money::from_minor(i64::MAX, c("USD"));
    assert_eq!(max.checked_add(m("0.01", "USD")), Err(MoneyError::Overflow));
    assert_eq!(
        Money::from_minor(i64::MIN, c("USD")).checked_sub(m("0.01", "USD")),
        Err(MoneyError::Overflow)
    );
    assert_eq!(
        Money::checked_sum(c("USD"), [max, m("0.01", "USD")]),
        Err(MoneyError::Overflow)
    );
    assert_eq!(Money::checked_sum(c("KWD"), []).unwrap(), m("0", "KWD"));
    assert_eq!(max.checked_mul_decimal(q("2")), Err(MoneyError::Overflow));
}

#[test]
fn multiplying_by_a_quantity_rounds_half_away_from_zero() {
    assert_eq!(
        m("3.33", "USD").checked_mul_decimal(q("1.5")).unwrap(),
        m("5.00", "USD")
    );
    assert_eq!(
        m("0.01", "USD").checked_mul_decimal(q("0.5")).unwrap(),
        m("0.01", "USD")
    );
    assert_eq!(
        m("-0.01", "USD").checked_mul_decimal(q("0.5")).unwrap(),
        m("-0.01", "USD")
    );
    assert_eq!(
        m("0.01", "USD").checked_mul_decimal(q("0.49")).unwrap(),
        m("0", "USD")
    );
    assert_eq!(
        m("1", "JPY").checked_mul_decimal(q("0.5")).unwrap(),
        m("1", "JPY")
    );
    assert_eq!(
        m("0.001", "KWD").checked_mul_decimal(q("2.5")).unwrap(),
        m("0.003", "KWD")
    );
}

#[test]
fn proportional_allocation_sums_exactly() {
    let parts = allocate_proportionally(m("100.00", "USD"), &[1, 1, 1]).unwrap();
    assert_eq!(
        parts,
        vec![m("33.34", "USD"), m("33.33", "USD"), m("33.33", "USD")]
    );
    let parts = allocate_proportionally(m("10", "JPY"), &[3, 3, 3]).unwrap();
    assert_eq!(parts.iter().map(|p| p.minor()).sum::<i64>(), 10);
    let parts = allocate_proportionally(m("0.007", "KWD"), &[5, 2]).unwrap();
    assert_eq!(parts, vec![m("0.005", "KWD"), m("0.002", "KWD")]);
    assert!(allocate_proportionally(m("1", "USD"), &[0, 0]).is_err());
}

#[test]
fn typed_amounts_group_thousands_only() {
    for (typed, minor) in [
        ("1,234.50", 123_450),
        ("$1,234.50", 123_450),
        ("USD 12", 1_200),
        (" 1,234,567 ", 123_456_700),
        ("999", 99_900),
        ("10.5", 1_050),
    ] {
        assert_eq!(
            Money::parse_typed(typed, c("USD")).map(|m| m.minor()),
            Ok(minor),
            "{typed}"
        );
    }
    for typed in [
        "10,5", "12,34", "1,00", "1,0.0,0", ",5", "1,2345", "1234,567", "1.234,50", "1,,234",
    ] {
        assert_eq!(
            Money::parse_typed(typed, c("USD")),
            Err(billfold::money::MoneyError::Grouping(typed.to_string())),
            "{typed}"
        );
    }
}
