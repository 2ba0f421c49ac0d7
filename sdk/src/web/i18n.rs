//! Message catalogues: every customer-facing word comes from a Fluent catalogue (`themes/<theme>/locales/<lang>.ftl`),
//! looked up for the request's locale — never a process-global one. A theme's own catalogue overrides any message
//! of `default`'s. Templates call `t(key="…", name=value…)`: each theme's templates are compiled once per locale with
//! `t` bound to that locale's catalogue, so a page renders in one language with no per-request set-up.

use std::collections::HashMap;
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::locale::Locale;
use crate::web::PortalState;

/// One locale's messages for one theme.
pub(crate) struct Catalog {
    locale: Locale,
    bundle: FluentBundle<FluentResource>,
}

impl Catalog {
    /// The catalogue of `locale` from Fluent sources, later ones overriding earlier ones (default's, then the
    /// theme's). An error names the file and what is wrong.
    pub(crate) fn new(locale: Locale, sources: &[(&str, &str)]) -> Result<Catalog, String> {
        let id = locale
            .code()
            .parse()
            .map_err(|e| format!("language {}: {e}", locale.code()))?;
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // No Unicode isolation marks around arguments: pages are HTML with their own direction.
        bundle.set_use_isolating(false);
        for (file, text) in sources {
            let resource = FluentResource::try_new(text.to_string())
                .map_err(|(_, errors)| format!("{file}: {errors:?}"))?;
            bundle.add_resource_overriding(resource);
        }
        Ok(Catalog { locale, bundle })
    }

    /// The locale.
    pub(crate) fn locale(&self) -> Locale {
        self.locale
    }

    /// Whether the catalogue has `key`.
    #[cfg(test)]
    pub(crate) fn has(&self, key: &str) -> bool {
        self.bundle.has_message(key)
    }

    /// Message `key` with `args`; `None` if there is no such message.
    pub(crate) fn message(&self, key: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
        let pattern = self.bundle.get_message(key)?.value()?;
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(
                key,
                locale = self.locale.code(),
                ?errors,
                "a message was formatted with errors"
            );
        }
        Some(text.into_owned())
    }

    /// The keys of every message.
    #[cfg(test)]
    pub(crate) fn keys(&self, sources: &[(&str, &str)]) -> Vec<String> {
        let mut keys: Vec<String> = sources
            .iter()
            .filter_map(|(_, text)| FluentResource::try_new(text.to_string()).ok())
            .flat_map(|r| {
                r.entries()
                    .filter_map(|e| match e {
                        fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }
}

/// The `t` function of one locale's templates: `t(key="invoices-title")`, with any other named argument passed to
/// the message (`t(key="pay-invoice", number=inv.number)`). A missing key is an error, so a page never shows one.
pub(crate) struct Translate(pub Arc<Catalog>);

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let key = args
            .get("key")
            .and_then(tera::Value::as_str)
            .ok_or_else(|| tera::Error::msg("t() needs key=\"…\""))?;
        let mut fluent = FluentArgs::new();
        for (name, value) in args.iter().filter(|(n, _)| n.as_str() != "key") {
            let value: FluentValue = match value {
                tera::Value::Number(n) => n
                    .as_f64()
                    .map_or_else(|| FluentValue::from(n.to_string()), FluentValue::from),
                tera::Value::String(s) => FluentValue::from(s.clone()),
                tera::Value::Null => FluentValue::from(""),
                other => FluentValue::from(other.to_string()),
            };
            fluent.set(name.clone(), value);
        }
        self.0
            .message(key, Some(&fluent))
            .map(tera::Value::String)
            .ok_or_else(|| {
                tera::Error::msg(format!("no message {key:?} in {}", self.0.locale().code()))
            })
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// The message key of a decline message gateways are known to send (the sandbox's, Authorize.Net's, Stripe's
/// documented ones), if it is one.
pub(crate) fn decline_key(message: &str) -> Option<&'static str> {
    Some(match message.trim() {
        "Your card was declined." => "decline-card",
        "Your card was declined for insufficient funds." | "Your card has insufficient funds." => {
            "decline-funds"
        }
        "An error occurred while processing your card. Try again in a little bit." => {
            "decline-processing"
        }
        "Your card has expired." => "decline-expired",
        "Your card's security code is incorrect." => "decline-cvc",
        "Your card number is incorrect." => "decline-number",
        "Your card was declined when we checked it." => "decline-checked",
        "The payment was not completed." => "decline-not-completed",
        "Your payment could not be completed. Try a different card." => "decline-try-another",
        _ => return None,
    })
}

/// The words of one language of a tenant's theme, for what is composed outside a page's template (mail, PDFs).
pub(crate) struct Words<'a> {
    state: &'a PortalState,
    theme: &'a str,
    pub locale: Locale,
}

impl<'a> Words<'a> {
    /// `theme`'s words in `locale`.
    pub(crate) fn new(state: &'a PortalState, theme: &'a str, locale: Locale) -> Words<'a> {
        Words {
            state,
            theme,
            locale,
        }
    }

    /// The words of a request's page: its tenant's theme, in its language.
    pub(crate) fn of(state: &'a PortalState, ctx: &'a super::context::Ctx) -> Words<'a> {
        Words::new(state, &ctx.tenant.theme, ctx.locale)
    }

    /// Message `key` with `args`.
    pub(crate) fn say(&self, key: &str, args: &[(&str, String)]) -> String {
        self.format(key, FluentArgs::new(), args)
    }

    /// Message `key` with `fluent` and `args` (a missing key says itself).
    fn format<'x>(
        &self,
        key: &str,
        mut fluent: FluentArgs<'x>,
        args: &'x [(&str, String)],
    ) -> String {
        for (name, value) in args {
            fluent.set(*name, value.clone());
        }
        self.state
            .themes
            .get(self.state.themes.resolve(self.theme))
            .catalog(self.locale)
            .message(key, Some(&fluent))
            .unwrap_or_else(|| key.to_string())
    }

    /// A statement line in these words: `Rechnung INV-1001`, `Zahlung R-000012 (Scheck CHK-5521)`.
    pub(crate) fn statement_line(&self, item: &crate::domain::StatementItem) -> String {
        use crate::domain::StatementItem;
        match item {
            StatementItem::Invoice { number } => {
                self.say("stmt-invoice", &[("number", number.clone())])
            }
            StatementItem::Payment {
                receipt,
                kind,
                reference,
            } => {
                let paid = match receipt {
                    Some(r) => self.say("stmt-payment-numbered", &[("receipt", r.clone())]),
                    None => self.say("stmt-payment", &[]),
                };
                let kind = self.say(&format!("payment-type-{}", kind.as_str()), &[]);
                match reference {
                    Some(r) => format!("{paid} ({kind} {r})"),
                    None => format!("{paid} ({kind})"),
                }
            }
        }
    }

    /// Message `key` with `count` as a number (plural forms choose by it) beside `args`.
    pub(crate) fn count(&self, key: &str, count: i64, args: &[(&str, String)]) -> String {
        let mut fluent = FluentArgs::new();
        fluent.set("count", count);
        self.format(key, fluent, args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: [(Locale, &str); 4] = [
        (
            Locale::En,
            include_str!("../../../themes/default/locales/en.ftl"),
        ),
        (
            Locale::Fr,
            include_str!("../../../themes/default/locales/fr.ftl"),
        ),
        (
            Locale::De,
            include_str!("../../../themes/default/locales/de.ftl"),
        ),
        (
            Locale::Es,
            include_str!("../../../themes/default/locales/es.ftl"),
        ),
    ];

    fn catalog(locale: Locale, text: &str) -> (Catalog, Vec<String>) {
        let sources = [("default", text)];
        let c = Catalog::new(locale, &sources).expect("parses");
        let keys = c.keys(&sources);
        (c, keys)
    }

    #[test]
    fn every_language_has_every_message_and_nothing_else() {
        let (_, english) = catalog(Locale::En, SHIPPED[0].1);
        assert!(english.len() > 50, "{english:?}");
        for (locale, text) in &SHIPPED[1..] {
            let (c, keys) = catalog(*locale, text);
            let missing: Vec<&String> = english.iter().filter(|k| !c.has(k)).collect();
            let extra: Vec<&String> = keys.iter().filter(|k| !english.contains(k)).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", locale.code());
            assert!(
                extra.is_empty(),
                "{} has unknown keys {extra:?}",
                locale.code()
            );
        }
    }

    #[test]
    fn no_translation_is_english_by_accident() {
        let (en, keys) = catalog(Locale::En, SHIPPED[0].1);
        // Words that are the same in both languages (a brand-free "Total", "Status"…) are allowed.
        let same_ok = [
            ("fr", "lines-total"),
            ("fr", "col-total"),
            ("fr", "pager-label"),
            ("fr", "lines-description"),
            ("fr", "receipt-date"),
            ("fr", "col-date"),
            ("fr", "col-type"),
            ("de", "optional"),
            ("de", "pdf-status"),
            ("fr", "pdf-col-date"),
            ("fr", "pdf-date"),
            ("fr", "pdf-total"),
            ("es", "pdf-subtotal"),
            ("es", "pdf-total"),
            ("de", "users-name-optional"),
            ("fr", "activity-session"),
            ("de", "col-status"),
            ("es", "lines-subtotal"),
            ("es", "lines-total"),
            ("es", "col-total"),
        ];
        let mut english_left = Vec::new();
        for (locale, text) in &SHIPPED[1..] {
            let (c, _) = catalog(*locale, text);
            for key in keys
                .iter()
                .filter(|k| !same_ok.contains(&(locale.code(), k.as_str())))
            {
                let args = FluentArgs::new();
                if c.message(key, Some(&args)) == en.message(key, Some(&args)) {
                    english_left.push(format!("{} {key}", locale.code()));
                }
            }
        }
        assert!(
            english_left.is_empty(),
            "still the English text: {english_left:?}"
        );
    }

    #[test]
    fn plurals_and_arguments_follow_the_language() {
        let (de, _) = catalog(Locale::De, SHIPPED[2].1);
        let mut args = FluentArgs::new();
        args.set("first", 1);
        args.set("last", 25);
        args.set("total", 40);
        args.set("count", 40);
        assert_eq!(
            de.message("pager-invoice", Some(&args)).as_deref(),
            Some("1–25 von 40 Rechnungen")
        );
        let mut one = FluentArgs::new();
        one.set("count", 1);
        assert_eq!(
            de.message("comments-marker", Some(&one)).as_deref(),
            Some("1 Kommentar")
        );
    }
}
