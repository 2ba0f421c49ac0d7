//! CSV for exports (RFC 4180): fields quoted when they need it, and vendor text that a spreadsheet would run as a
//! formula (`=`, `+`, `-`, `@`, tab, carriage return first) made inert with a leading apostrophe.

/// One field of a row.
pub(crate) enum Field<'a> {
    /// Text from the vendor or the customer: neutralised against formula injection.
    Text(&'a str),
    /// A number or date we formatted ourselves.
    Value(&'a str),
}

/// A CSV row (ending in CRLF).
pub(crate) fn row(fields: &[Field<'_>]) -> String {
    let mut out = String::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let (text, inert) = match field {
            Field::Text(t) => (*t, t.starts_with(['=', '+', '-', '@', '\t', '\r'])),
            Field::Value(v) => (*v, false),
        };
        let quote = inert || text.contains([',', '"', '\n', '\r']);
        if quote {
            out.push('"');
        }
        if inert {
            out.push('\'');
        }
        out.push_str(&text.replace('"', "\"\""));
        if quote {
            out.push('"');
        }
    }
    out.push_str("\r\n");
    out
}
