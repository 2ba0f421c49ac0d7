//! The portal's pages, one module per page group, and the two ways every page ends: a rendered template or a
//! rendered [`WebError`].

pub(crate) mod account;
pub(crate) mod assets;
pub(crate) mod autopay;
pub(crate) mod checkout;
pub(crate) mod comments;
pub(crate) mod confirm;
pub(crate) mod dashboard;
pub(crate) mod emailed_links;
pub(crate) mod estimates;
pub(crate) mod exports;
pub(crate) mod gateway_fields;
pub(crate) mod gateway_webhooks;
pub(crate) mod invoices;
pub(crate) mod password_reset;
pub(crate) mod pay;
pub(crate) mod payment_methods;
pub(crate) mod payments;
pub(crate) mod receipts;
pub(crate) mod sandbox;
pub(crate) mod security;
pub(crate) mod sign_in;
pub(crate) mod sign_in_page;
pub(crate) mod statements;
pub(crate) mod subscriptions;
pub(crate) mod users;

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::context::{Ctx, TenantView};
use super::error::WebError;
use super::session::Member;
use super::themes::error_chain;
use super::PortalState;

pub(crate) async fn not_found() -> WebError {
    WebError::NotFound
}

/// Message `key` of the tenant's theme in the request's language, with `args` (`(name, value)`); the key itself if
/// the catalogue has no such message (a test checks every key exists in every language).
pub(crate) fn tr(state: &PortalState, ctx: &Ctx, key: &str, args: &[(&str, String)]) -> String {
    super::i18n::Words::of(state, ctx).say(key, args)
}

/// Like [`tr`], with `count` as a number (plural forms choose by it).
pub(crate) fn tr_count(state: &PortalState, ctx: &Ctx, key: &str, count: i64) -> String {
    super::i18n::Words::of(state, ctx).count(key, count, &[])
}

/// A gateway's words for a decline, in the reader's language where they are ones gateways are known to send (the
/// sandbox's, Authorize.Net's, Stripe's documented decline messages); other words as the gateway sent them.
pub(crate) fn gateway_words(state: &PortalState, ctx: &Ctx, message: &str) -> String {
    match super::i18n::decline_key(message) {
        Some(key) => tr(state, ctx, key, &[]),
        None => message.to_string(),
    }
}

/// Why a payment can't be made as asked, in the reader's language.
pub(crate) fn pay_refusal(state: &PortalState, ctx: &Ctx, e: &crate::payments::PayError) -> String {
    use crate::payments::{AmountProblem, PayError, SelectionProblem};
    let money = |m: &crate::money::Money| ctx.locale.format_money(*m);
    let (key, args): (&str, Vec<(&str, String)>) = match e {
        PayError::Amount(AmountProblem::Separators {
            example,
            comma_decimals,
        }) => (
            if *comma_decimals {
                "refuse-use-comma"
            } else {
                "refuse-use-point"
            },
            vec![("example", example.clone())],
        ),
        PayError::Amount(AmountProblem::Unreadable { example, decimals }) => (
            "refuse-unreadable",
            vec![
                ("example", example.clone()),
                ("decimals", decimals.to_string()),
            ],
        ),
        PayError::Amount(AmountProblem::NotPositive) => ("refuse-above-zero", vec![]),
        PayError::Amount(AmountProblem::MoreThanLeft { left, chosen }) => (
            if *chosen {
                "refuse-more-than-chosen"
            } else {
                "refuse-more-than-balance"
            },
            vec![("amount", money(left))],
        ),
        PayError::Amount(AmountProblem::WholeOnly { left }) => {
            ("refuse-whole-only", vec![("amount", money(left))])
        }
        PayError::Amount(AmountProblem::BelowMinimum { minimum }) => {
            ("refuse-minimum", vec![("amount", money(minimum))])
        }
        PayError::Selection(SelectionProblem::NoneChosen) => ("refuse-choose-one", vec![]),
        PayError::Selection(SelectionProblem::NothingLeft(n)) => {
            ("refuse-nothing-left-on", vec![("number", n.clone())])
        }
        PayError::Selection(SelectionProblem::BeingPaid(n)) => {
            ("refuse-being-paid", vec![("number", n.clone())])
        }
        PayError::NothingToPay => ("refuse-nothing-to-pay", vec![]),
        PayError::NothingOwed => ("refuse-nothing-owed", vec![]),
        PayError::AlreadyReserved => ("refuse-already-reserved", vec![]),
        PayError::Expired => ("refuse-expired", vec![]),
        PayError::Cancelled => ("refuse-cancelled", vec![]),
        PayError::AchDisabled => ("refuse-ach-disabled", vec![]),
        PayError::BadToken => ("refuse-bad-token", vec![]),
        PayError::Internal => ("error-internal-text", vec![]),
    };
    tr(state, ctx, key, &args)
}

/// The message key saying what is wrong with a new password.
pub(crate) fn password_problem_key(
    problem: &crate::auth::passwords::PasswordProblem,
) -> &'static str {
    use crate::auth::passwords::PasswordProblem;
    match problem {
        PasswordProblem::TooShort => "password-too-short",
        PasswordProblem::TooLong => "password-too-long",
        PasswordProblem::Common => "password-common",
    }
}

#[derive(Serialize)]
struct AccountView<'a> {
    name: &'a str,
    external_id: &'a str,
    current: bool,
}

/// A themed page on its way out: the common context every page starts from (where links go, the tenant's face, the
/// signed-in user and their accounts for the header's switcher, the CSRF token for forms) plus the page's own
/// values. Every page is rendered by [`Page::render`], as uncached HTML.
pub(crate) struct Page<'a> {
    state: &'a PortalState,
    ctx: Option<&'a Ctx>,
    /// The language it renders in.
    locale: crate::locale::Locale,
    status: StatusCode,
    context: tera::Context,
}

#[derive(Serialize)]
struct LanguageView {
    code: &'static str,
    name: &'static str,
    current: bool,
}

impl<'a> Page<'a> {
    pub(crate) fn new(
        state: &'a PortalState,
        ctx: Option<&'a Ctx>,
        member: Option<&Member>,
        title: &str,
        nav: &str,
    ) -> Page<'a> {
        let mut c = tera::Context::new();
        // The member's context carries the user's own choice of language.
        let locale = member
            .map(|m| m.ctx.locale)
            .or(ctx.map(|c| c.locale))
            .unwrap_or_default();
        c.insert("lang", locale.code());
        let languages: Vec<LanguageView> = crate::locale::Locale::ALL
            .iter()
            .map(|l| LanguageView {
                code: l.code(),
                name: l.name(),
                current: *l == locale,
            })
            .collect();
        c.insert("languages", &languages);
        let theme = ctx.map_or("default", |c| state.themes.resolve(&c.tenant.theme));
        c.insert("title", title);
        c.insert("nav", nav);
        c.insert("base", ctx.map_or("", |c| c.base.as_str()));
        c.insert("home", ctx.map_or("/", |c| c.home()));
        c.insert("theme", theme);
        c.insert("theme_css", &state.themes.get(theme).has_theme_css);
        c.insert("tenant", &ctx.map(|c| TenantView::of(&c.tenant)));
        c.insert("user_email", &member.map(|m| m.user.email.as_str()));
        c.insert("csrf", &member.map(|m| m.csrf_token()));
        c.insert(
            "can_pay",
            &member.is_some_and(|m| m.membership.roles.can_pay()),
        );
        c.insert(
            "can_administer",
            &member.is_some_and(|m| m.membership.roles.can_administer()),
        );
        let accounts: Vec<AccountView> = member
            .map(|m| {
                m.memberships
                    .iter()
                    .map(|x| AccountView {
                        name: &x.account.name,
                        external_id: &x.account.external_id,
                        current: x.account.id == m.membership.account.id,
                    })
                    .collect()
            })
            .unwrap_or_default();
        c.insert("accounts", &accounts);
        c.insert(
            "has_estimates",
            &member.is_some_and(|m| m.membership.account.estimate_count > 0),
        );
        c.insert(
            "has_subscriptions",
            &member.is_some_and(|m| m.membership.account.subscription_count > 0),
        );
        // A narrow session (a View Invoice link) shows its page without the navigation, and offers a full sign-in.
        let scoped = member.is_some_and(|m| m.session.scope.is_some());
        c.insert("scoped", &scoped);
        c.insert("sign_in_url", &ctx.map(|c| c.link("/sign-in")));
        c.insert(
            "account_name",
            &member.map(|m| m.membership.account.name.as_str()),
        );
        Page {
            state,
            ctx,
            locale,
            status: StatusCode::OK,
            context: c,
        }
    }

    /// Adds a value the page's template reads.
    pub(crate) fn insert(&mut self, key: &str, value: &(impl Serialize + ?Sized)) {
        self.context.insert(key, value);
    }

    /// Answers with `status` instead of 200.
    pub(crate) fn status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// Renders `template` of the request's theme as an uncached HTML page.
    pub(crate) fn render(self, template: &str) -> Response {
        let theme = self.ctx.map_or("default", |c| c.tenant.theme.as_str());
        let locale = self.locale;
        match self
            .state
            .themes
            .get(theme)
            .tera(locale)
            .and_then(|t| t.render(template, &self.context))
        {
            Ok(html) => {
                let mut response = (self.status, html).into_response();
                let headers = response.headers_mut();
                headers.insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                );
                headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
                response
            }
            Err(e) => {
                tracing::error!(theme, template, error = %error_chain(&e), "template failed to render");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Something went wrong on our side.",
                )
                    .into_response()
            }
        }
    }
}

/// A page that only says something: errors, "signed out".
pub(crate) fn message_page(
    state: &PortalState,
    ctx: Option<&Ctx>,
    status: StatusCode,
    heading: &str,
    paragraphs: &[String],
    extra: impl FnOnce(&mut Page<'_>),
) -> Response {
    let mut page = Page::new(state, ctx, None, heading, "").status(status);
    page.insert("heading", heading);
    page.insert("paragraphs", paragraphs);
    page.insert("choices", &Vec::<()>::new());
    page.insert("choice_csrf", "");
    // A way back to the portal, unless the page offers its own choices (or says the session ended).
    page.insert("way_back", &true);
    extra(&mut page);
    page.render("message.html")
}

/// The themed page for an error, with the tenant's help contact.
pub(crate) fn render_error(state: &PortalState, ctx: Option<&Ctx>, error: &WebError) -> Response {
    // In the request's language (the tenant's theme and catalogue); without a tenant, in English.
    let say = |key: &str, args: &[(&str, String)]| -> String {
        match ctx {
            Some(c) => tr(state, c, key, args),
            None => {
                let mut fluent = fluent_bundle::FluentArgs::new();
                for (name, value) in args {
                    fluent.set(*name, value.clone());
                }
                state
                    .themes
                    .get("default")
                    .catalog(crate::locale::Locale::En)
                    .message(key, Some(&fluent))
                    .unwrap_or_else(|| key.to_string())
            }
        }
    };
    let vendor = ctx.map_or_else(|| say("error-your-vendor", &[]), |c| c.tenant.name.clone());
    let v = || [("vendor", vendor.clone())];
    let (heading, paragraphs): (String, Vec<String>) = match error {
        WebError::NotFound if ctx.is_none() => (
            say("error-no-portal", &[]),
            vec![say("error-no-portal-text", &[])],
        ),
        WebError::NotFound => (
            say("error-not-found", &[]),
            vec![say("error-not-found-text", &[])],
        ),
        WebError::SignInRequired { expired } => (
            say(
                if *expired {
                    "error-session-ended"
                } else {
                    "error-sign-in"
                },
                &[],
            ),
            vec![
                say(
                    if *expired {
                        "error-session-ended-text"
                    } else {
                        "error-sign-in-text"
                    },
                    &[],
                ),
                say("error-open-again", &v()),
            ],
        ),
        WebError::InvalidSignInLink { .. } => (
            say("error-bad-link", &[]),
            vec![
                say("error-bad-link-text", &[]),
                say("error-bad-link-again", &v()),
            ],
        ),
        WebError::AccessDenied { .. } => (
            say("error-access-denied", &[]),
            vec![
                say("error-access-denied-text", &[]),
                say("error-access-denied-ask", &v()),
            ],
        ),
        WebError::Forbidden(why) if *why == "refused-form-expired" => {
            (say("error-form-expired", &[]), vec![say(why, &[])])
        }
        WebError::Forbidden(why) => (say("error-forbidden", &[]), vec![say(why, &[])]),
        // A message key (said in the reader's language), or words a page already said in it.
        WebError::BadRequest(why) => (
            say("error-bad-request", &[]),
            vec![say(why, &[]), say("error-nothing-changed", &[])],
        ),
        WebError::Rejected { message, .. } => (
            say("error-bad-request", &[]),
            vec![say(message, &[]), say("error-nothing-changed", &[])],
        ),
        WebError::Internal(_) => (
            say("error-internal", &[]),
            vec![say("error-internal-text", &[])],
        ),
    };
    let mut response = message_page(state, ctx, error.status(), &heading, &paragraphs, |c| {
        if let WebError::AccessDenied { choices, csrf } = error {
            c.insert("choices", choices);
            c.insert("choice_csrf", csrf);
        }
    });
    if let WebError::Internal(cause) = error {
        response.extensions_mut().insert(cause.clone());
    }
    response
}

/// A 303 to `to` (a path the portal built), for the Post/Redirect/Get pattern after a form.
pub(crate) fn see_other(to: &str) -> Result<Response, WebError> {
    let mut response = StatusCode::SEE_OTHER.into_response();
    response.headers_mut().insert(
        axum::http::header::LOCATION,
        HeaderValue::from_str(to).map_err(WebError::internal)?,
    );
    Ok(response)
}
