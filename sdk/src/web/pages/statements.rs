//! Account statements (`/statements`): for a date range, the opening balance, the invoices and payments of the
//! period in date order with a running balance, the closing balance, and the invoices still open; as a page, a PDF
//! and a CSV.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use time::Date;

use super::exports::csv_response;
use super::Page;
use crate::domain::{Invoice, Statement};
use crate::web::csv::{row, Field};
use crate::web::error::WebError;
use crate::web::session::{Member, Viewer};
use crate::web::view::path_segment;
use crate::web::PortalState;

/// The longest period one statement covers.
const MAX_DAYS: i64 = 366;

#[derive(Deserialize)]
pub(crate) struct PeriodQuery {
    from: Option<String>,
    to: Option<String>,
}

/// What a page says: message key and arguments to text in the reader's language.
type Say<'a> = &'a dyn Fn(&str, &[(&str, String)]) -> String;

/// The statement's period: as asked, or the default (the start of the month two months back to today); a period
/// that can't be used comes with what to fix.
fn period(query: &PeriodQuery, today: Date, say: Say<'_>) -> (Date, Date, Option<String>) {
    let default_from = {
        let months = today.year() * 12 + i32::from(u8::from(today.month())) - 1 - 2;
        time::Month::try_from((months % 12 + 1) as u8)
            .and_then(|m| Date::from_calendar_date(months / 12, m, 1))
            .unwrap_or(today)
    };
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let read = |raw: Option<&String>, fallback: Date| -> Result<Date, String> {
        match raw.map(|s| s.trim()).filter(|s| !s.is_empty()) {
            None => Ok(fallback),
            Some(s) => Date::parse(s, &format).map_err(|_| {
                say(
                    "statement-not-a-date",
                    &[("typed", s.to_string()), ("example", today.to_string())],
                )
            }),
        }
    };
    let (from, to) = match (
        read(query.from.as_ref(), default_from),
        read(query.to.as_ref(), today),
    ) {
        (Ok(from), Ok(to)) => (from, to),
        (Err(e), _) | (_, Err(e)) => return (default_from, today, Some(e)),
    };
    if from > to {
        return (default_from, today, Some(say("statement-backwards", &[])));
    }
    if (to - from).whole_days() >= MAX_DAYS {
        return (
            default_from,
            today,
            Some(say("statement-too-long", &[("max", MAX_DAYS.to_string())])),
        );
    }
    (from, to, None)
}

/// The statement of the member's account over the period, and its open invoices.
async fn build(
    state: &PortalState,
    member: &Member,
    from: Date,
    to: Date,
) -> Result<(Statement, Vec<Invoice>), WebError> {
    let (tenant, account) = (member.ctx.tenant.id, member.membership.account.id);
    let activity = state
        .store
        .statement_activity(tenant, account, from, to)
        .await?;
    let statement = Statement::of(&activity).map_err(WebError::internal)?;
    let open = state
        .store
        .open_invoices_oldest_first(tenant, account)
        .await?;
    Ok((statement, open))
}

#[derive(Serialize)]
struct LineView {
    date: String,
    description: String,
    charge: Option<String>,
    credit: Option<String>,
    balance: String,
}

#[derive(Serialize)]
struct OpenView {
    number: String,
    url: String,
    issued_on: String,
    due_on: String,
    days_overdue: i64,
    balance: String,
}

#[derive(Serialize)]
struct StatementView {
    from: String,
    to: String,
    from_label: String,
    to_label: String,
    opening: String,
    charges: String,
    credits: String,
    closing: String,
    lines: Vec<LineView>,
    open: Vec<OpenView>,
    pdf_url: String,
    csv_url: String,
    error: Option<String>,
}

/// `GET /statements?from=YYYY-MM-DD&to=YYYY-MM-DD`.
pub(crate) async fn page(
    State(state): State<Arc<PortalState>>,
    Viewer(member): Viewer,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, WebError> {
    let today = state.today();
    let say = |key: &str, args: &[(&str, String)]| super::tr(&state, &member.ctx, key, args);
    let (from, to, error) = period(&query, today, &say);
    let (statement, open) = build(&state, &member, from, to).await?;
    let range = format!("?from={from}&to={to}");
    let locale = member.ctx.locale;
    let money = |m| locale.format_money(m);
    let view = StatementView {
        from: from.to_string(),
        to: to.to_string(),
        from_label: locale.format_date(from),
        to_label: locale.format_date(to),
        opening: money(statement.opening),
        charges: money(statement.charges),
        credits: money(statement.credits),
        closing: money(statement.closing),
        lines: statement
            .lines
            .iter()
            .map(|l| LineView {
                date: locale.format_date(l.date),
                description: crate::web::i18n::Words::of(&state, &member.ctx)
                    .statement_line(&l.item),
                charge: l.charge.map(money),
                credit: l.credit.map(money),
                balance: money(l.balance),
            })
            .collect(),
        open: open
            .iter()
            .map(|i| OpenView {
                number: i.number.clone(),
                url: member
                    .ctx
                    .link(&format!("/invoices/{}", path_segment(&i.number))),
                issued_on: locale.format_date(i.issued_on),
                due_on: locale.format_date(i.due_on),
                days_overdue: (today - i.due_on).whole_days().max(0),
                balance: money(i.balance()),
            })
            .collect(),
        pdf_url: member.ctx.link(&format!("/statements.pdf{range}")),
        csv_url: member.ctx.link(&format!("/statements.csv{range}")),
        error,
    };
    let status = if view.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let title = super::tr(&state, &member.ctx, "statement-title", &[]);
    let mut page = Page::new(
        &state,
        Some(&member.ctx),
        Some(&member),
        &title,
        "statements",
    );
    page.insert("statement", &view);
    Ok(page.status(status).render("statement.html"))
}

/// The period as asked, or a 400 saying what to fix (the downloads have no form to show it on).
fn period_or_refuse(
    query: &PeriodQuery,
    today: Date,
    say: Say<'_>,
) -> Result<(Date, Date), WebError> {
    match period(query, today, say) {
        (from, to, None) => Ok((from, to)),
        (_, _, Some(error)) => Err(WebError::BadRequest(error)),
    }
}

/// `GET /statements.pdf?from=&to=`.
pub(crate) async fn pdf(
    State(state): State<Arc<PortalState>>,
    Viewer(member): Viewer,
    Query(query): Query<PeriodQuery>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let say = |key: &str, args: &[(&str, String)]| super::tr(&state, &member.ctx, key, args);
    let (from, to) = period_or_refuse(&query, state.today(), &say)?;
    let (statement, open) = build(&state, &member, from, to).await?;
    let ctx = &member.ctx;
    let account = &member.membership.account;
    let made_of = (&ctx.tenant, account, (from, to), &statement, &open);
    let name = format!("{}-{from}_{to}", account.external_id);
    Ok(super::invoices::pdf_download(
        &headers,
        ctx,
        &made_of,
        "statement",
        &name,
        || {
            crate::web::pdf::statement(
                &crate::web::i18n::Words::of(&state, ctx),
                &ctx.tenant,
                account,
                (from, to),
                &statement,
                &open,
            )
        },
    ))
}

/// `GET /statements.csv?from=&to=`: the activity with its running balance, opening and closing lines included.
pub(crate) async fn csv(
    State(state): State<Arc<PortalState>>,
    Viewer(member): Viewer,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, WebError> {
    let say = |key: &str, args: &[(&str, String)]| super::tr(&state, &member.ctx, key, args);
    let (from, to) = period_or_refuse(&query, state.today(), &say)?;
    let (statement, _) = build(&state, &member, from, to).await?;
    let currency = member.membership.account.currency.code();
    let mut text = row(&[
        Field::Value("Date"),
        Field::Value("Description"),
        Field::Value("Charges"),
        Field::Value("Payments"),
        Field::Value("Balance"),
        Field::Value("Currency"),
    ]);
    text.push_str(&row(&[
        Field::Value(&from.to_string()),
        Field::Value("Opening balance"),
        Field::Value(""),
        Field::Value(""),
        Field::Value(&statement.opening.to_decimal_string()),
        Field::Value(currency),
    ]));
    for l in &statement.lines {
        let charge = l.charge.map(|m| m.to_decimal_string()).unwrap_or_default();
        let credit = l.credit.map(|m| m.to_decimal_string()).unwrap_or_default();
        text.push_str(&row(&[
            Field::Value(&l.date.to_string()),
            Field::Text(&l.description),
            Field::Value(&charge),
            Field::Value(&credit),
            Field::Value(&l.balance.to_decimal_string()),
            Field::Value(currency),
        ]));
    }
    text.push_str(&row(&[
        Field::Value(&to.to_string()),
        Field::Value("Closing balance"),
        Field::Value(&statement.charges.to_decimal_string()),
        Field::Value(&statement.credits.to_decimal_string()),
        Field::Value(&statement.closing.to_decimal_string()),
        Field::Value(currency),
    ]));
    Ok(csv_response(&member, "statement", Body::from(text)))
}
