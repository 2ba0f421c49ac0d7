//! Text that comes in from outside — form fields, query parameters, URL paths, JSON bodies, import files, SSO
//! claims — is checked once, where it arrives: no control characters (NUL above all, which PostgreSQL can't store),
//! and in JSON no key given twice. A refusal names the field, so the sender can fix it; nothing reaches the store to
//! fail there.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// Why a piece of text was refused, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextProblem {
    /// The field: a form or query parameter's name, `path`, or a path into a JSON document (`lines[0].unit_price`).
    pub field: String,
    pub message: String,
    pub kind: ProblemKind,
}

/// What is wrong with the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// Well-formed text holding a character no field may hold (a rule no schema states).
    ControlCharacter,
    /// A JSON object naming a key twice.
    DuplicateKey,
    /// Bytes that are not UTF-8.
    NotUtf8,
}

impl fmt::Display for TextProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// A character no text field may hold. Tabs and line breaks are text (a comment, an address); every other
/// control character (C0, DEL, C1) is not.
pub fn is_forbidden(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Checks one text value for `field`. `single_line` also refuses tabs and line breaks (paths, query values).
pub fn check(field: &str, value: &str, single_line: bool) -> Result<(), TextProblem> {
    let bad = value.chars().find(|c| {
        if single_line {
            c.is_control()
        } else {
            is_forbidden(*c)
        }
    });
    match bad {
        None => Ok(()),
        Some(c) => Err(TextProblem {
            kind: ProblemKind::ControlCharacter,
            field: field.to_string(),
            message: format!(
                "{field} contains a character that isn't allowed here ({}). Remove it and try again.",
                describe(c)
            ),
        }),
    }
}

fn describe(c: char) -> String {
    match c {
        '\0' => "NUL".into(),
        '\n' => "a line break".into(),
        '\r' => "a carriage return".into(),
        '\t' => "a tab".into(),
        c => format!("control character U+{:04X}", u32::from(c)),
    }
}

/// Checks a JSON document without building it: every string (keys included) is [`check`]ed, and an object that
/// names a key twice is refused (a parser would silently keep one of the two). Syntax errors are left to the
/// parser that reads the document afterwards, which reports them with their position.
pub fn check_json(bytes: &[u8]) -> Result<(), TextProblem> {
    let problem = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let walked = Walk {
        path: String::new(),
        problem: &problem,
    }
    .deserialize(&mut de);
    match (walked, problem.into_inner()) {
        (_, Some(p)) => Err(p),
        _ => Ok(()),
    }
}

/// One position in the document being walked; records the first problem found and stops the walk.
struct Walk<'a> {
    path: String,
    problem: &'a RefCell<Option<TextProblem>>,
}

impl Walk<'_> {
    fn field(&self) -> String {
        if self.path.is_empty() {
            "body".to_string()
        } else {
            self.path.clone()
        }
    }

    fn refuse<E: de::Error>(&self, problem: TextProblem) -> E {
        *self.problem.borrow_mut() = Some(problem);
        E::custom("refused")
    }

    fn child(&self, step: String) -> Walk<'_> {
        Walk {
            path: step,
            problem: self.problem,
        }
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        check(&self.field(), v, false).map_err(|p| self.refuse(p))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0usize;
        while seq
            .next_element_seed(self.child(format!("{}[{i}]", self.path)))?
            .is_some()
        {
            i += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.path)
            };
            check(&path, &key, true).map_err(|p| self.refuse::<A::Error>(p))?;
            if !seen.insert(key.clone()) {
                return Err(self.refuse(TextProblem {
                    kind: ProblemKind::DuplicateKey,
                    message: format!("{path} is given more than once. Send each field once."),
                    field: path,
                }));
            }
            map.next_value_seed(self.child(path))?;
        }
        Ok(())
    }
}

/// A multi-line setting's lines (an address, remit-to details): trimmed, the empty ones left out.
pub fn lines(text: Option<&str>) -> Vec<&str> {
    text.map(|t| t.lines().map(str::trim).filter(|l| !l.is_empty()).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_keys_and_duplicates() {
        assert_eq!(check_json(br#"{"a": [1, "x\ty", {"b": null}]}"#), Ok(()));
        let refused = check_json(br#"{"lines": [{"d": "ok"}, {"d": "a\u0000b"}]}"#).unwrap_err();
        assert_eq!(refused.field, "lines[1].d");
        assert!(refused.message.contains("NUL"), "{}", refused.message);
        assert_eq!(
            check_json(br#"{"a": 1, "b": {"c": 1, "c": 2}}"#)
                .unwrap_err()
                .field,
            "b.c"
        );
        assert_eq!(
            check_json(br#"{"a\u0001": 1}"#).unwrap_err().field,
            "a\u{1}"
        );
        assert_eq!(check_json(br#""\u007f""#).unwrap_err().field, "body");
        // Syntax errors are the parser's to report.
        assert_eq!(check_json(b"{nope"), Ok(()));
    }

    #[test]
    fn single_line_fields_refuse_line_breaks() {
        assert!(check("q", "a\nb", true).is_err());
        assert!(check("comment", "a\nb", false).is_ok());
        assert!(check("comment", "a\u{0}b", false).is_err());
        assert!(check("name", "Zoë – Ünïcode", true).is_ok());
    }
}
