//! Statements and exports, on SQLite and PostgreSQL: a statement's balances add up on the page, in the CSV and in
//! the PDF; exports follow the dashboard's filter, stay within the account, and make formula-like vendor text inert;
//! long invoice lines wrap in the PDF, whose later pages carry a running head and page numbers.

use axum::http::StatusCode;
use billfold_tests::web::*;

const HOST: &str = HOST_ACME;

/// Parses CSV (RFC 4180, as the exports write it) into rows of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted, mut chars) =
        (Vec::new(), String::new(), false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    rows
}

fn minor(decimal: &str) -> i64 {
    let (whole, cents) = decimal.split_once('.').unwrap_or((decimal, "00"));
    let sign = if whole.starts_with('-') { -1 } else { 1 };
    whole.parse::<i64>().expect("whole") * 100 + sign * cents.parse::<i64>().expect("cents")
}

async fn a_statements_balances_add_up(store: billfold::SharedStore) {
    let f = portal_fixture(store.clone()).await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let range = "from=2026-10-01&to=2026-11-30";

    let page = get(
        &f.router,
        HOST,
        &format!("/statements?{range}"),
        Some(&cookie),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let html = page.text();
    for expected in [
        "data-testid=\"opening\">$436.98<",
        "data-testid=\"charges\">$50.00<",
        "data-testid=\"credits\">$150.00<",
        "data-testid=\"closing\">$336.98<",
        "Invoice INV-1002",
        "Payment R-000001 (Check CHK-5521)",
    ] {
        assert!(html.contains(expected), "{expected}: {html}");
    }

    let csv = get(
        &f.router,
        HOST,
        &format!("/statements.csv?{range}"),
        Some(&cookie),
    )
    .await;
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    let rows = parse_csv(&csv.text());
    assert_eq!(
        rows[0],
        [
            "Date",
            "Description",
            "Charges",
            "Payments",
            "Balance",
            "Currency"
        ]
    );
    let opening = minor(&rows[1][4]);
    let mut balance = opening;
    for r in &rows[2..rows.len() - 1] {
        let charge = if r[2].is_empty() { 0 } else { minor(&r[2]) };
        let credit = if r[3].is_empty() { 0 } else { minor(&r[3]) };
        balance += charge - credit;
        assert_eq!(minor(&r[4]), balance, "running balance on {r:?}");
    }
    let closing = rows.last().expect("closing row");
    assert_eq!(closing[1], "Closing balance");
    assert_eq!(
        opening + minor(&closing[2]) - minor(&closing[3]),
        minor(&closing[4])
    );
    assert_eq!(
        (opening, balance, minor(&closing[4])),
        (43698, 33698, 33698)
    );

    let pdf = get(
        &f.router,
        HOST,
        &format!("/statements.pdf?{range}"),
        Some(&cookie),
    )
    .await;
    assert_eq!(pdf.header("content-type"), "application/pdf");
    assert!(pdf
        .header("content-disposition")
        .contains("statement-C-100-2026-10-01_2026-11-30.pdf"));
    if let Some(text) = pdftotext(&pdf.body) {
        for words in [
            "STATEMENT",
            "Opening balance",
            "$436.98",
            "Invoice INV-1002",
            "Closing balance",
            "$336.98",
            "Open invoices",
            "INV-1001",
        ] {
            assert!(text.contains(words), "PDF lacks {words:?}:\n{text}");
        }
    }

    // A period that can't be used says why; the downloads refuse it.
    let backwards = get(
        &f.router,
        HOST,
        "/statements?from=2026-11-30&to=2026-10-01",
        Some(&cookie),
    )
    .await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(backwards
        .text()
        .contains("The start of the period is after its end."));
    let garbage = get(
        &f.router,
        HOST,
        "/statements.pdf?from=yesterday",
        Some(&cookie),
    )
    .await;
    assert_eq!(garbage.status, StatusCode::BAD_REQUEST);
    let long = get(
        &f.router,
        HOST,
        "/statements.csv?from=2020-01-01&to=2026-11-30",
        Some(&cookie),
    )
    .await;
    assert_eq!(long.status, StatusCode::BAD_REQUEST);
    // Globex's statement holds only Globex's books.
    let globex = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-200")).await;
    let other = get(
        &f.router,
        HOST,
        &format!("/statements.csv?{range}"),
        Some(&globex),
    )
    .await
    .text();
    assert!(
        other.contains("Invoice INV-2001") && !other.contains("INV-1001"),
        "{other}"
    );
}

async fn exports_follow_the_filter_and_stay_in_the_account(store: billfold::SharedStore) {
    let f = portal_fixture(store.clone()).await;
    billfold_tests::import(
        &store,
        &f.acme.tenant,
        &serde_json::json!({"invoices": [
            {"number": "=HYPERLINK(\"http://evil.example\",\"x\")", "account": "C-100", "issued_on": "2026-11-01",
             "due_on": "2026-12-01", "currency": "USD",
             "lines": [{"description": "Odd", "quantity": "1", "unit_price": "5.00"}]}]}),
    )
    .await
    .expect("import");
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let dashboard = get(&f.router, HOST, "/?status=open", Some(&cookie))
        .await
        .text()
        .replace("&#x2F;", "/");
    assert!(
        dashboard.contains("/invoices.csv?status=open"),
        "{dashboard}"
    );

    let all = get(&f.router, HOST, "/invoices.csv?status=all", Some(&cookie)).await;
    assert!(all
        .header("content-disposition")
        .starts_with("attachment; filename=\"invoices-C-100-"));
    let rows = parse_csv(&all.text());
    assert_eq!(rows[0][0], "Invoice #");
    let numbers: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        numbers,
        [
            "'=HYPERLINK(\"http://evil.example\",\"x\")",
            "INV-1002",
            "INV-1001"
        ],
        "newest first; the formula is inert"
    );
    let inv = rows.iter().find(|r| r[0] == "INV-1001").expect("INV-1001");
    assert_eq!(
        &inv[1..],
        [
            "Past Due",
            "2026-09-01",
            "2026-10-01",
            "USD",
            "436.98",
            "100.00",
            "336.98"
        ]
    );

    let open = parse_csv(
        &get(
            &f.router,
            HOST,
            "/invoices.csv?status=open&q=1001",
            Some(&cookie),
        )
        .await
        .text(),
    );
    assert_eq!(open.len(), 2, "{open:?}");
    assert_eq!(open[1][0], "INV-1001");

    let payments = parse_csv(
        &get(&f.router, HOST, "/payments.csv", Some(&cookie))
            .await
            .text(),
    );
    assert_eq!(
        payments[0],
        [
            "Date",
            "Receipt",
            "Invoice #",
            "Amount",
            "Currency",
            "Type",
            "Paid with",
            "Reference",
            "Status"
        ]
    );
    assert_eq!(payments.len(), 3, "CHK-5521 once per invoice: {payments:?}");
    assert!(payments[1..]
        .iter()
        .all(|r| r[1] == "R-000001" && r[7] == "CHK-5521" && r[8] == "succeeded"));

    // Another account's export holds only its own.
    let globex = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-200")).await;
    let theirs = get(&f.router, HOST, "/invoices.csv", Some(&globex))
        .await
        .text();
    assert!(
        theirs.contains("INV-2001") && !theirs.contains("INV-1001"),
        "{theirs}"
    );
    let signed_out = get(&f.router, HOST, "/payments.csv", None).await;
    assert_ne!(signed_out.status, StatusCode::OK);
}

async fn long_lines_wrap_and_later_pages_are_headed(store: billfold::SharedStore) {
    let f = portal_fixture(store.clone()).await;
    let long = format!(
        "Consulting on the migration of the warehouse management system {} ending-word-here",
        "including data cleanup, training sessions and on-site support ".repeat(4)
    );
    let mut lines =
        vec![serde_json::json!({"description": long, "quantity": "1", "unit_price": "10.00"})];
    for n in 0..70 {
        lines.push(serde_json::json!({"description": format!("Item {n}"), "quantity": "1", "unit_price": "1.00"}));
    }
    billfold_tests::import(
        &store,
        &f.acme.tenant,
        &serde_json::json!({"invoices": [{"number": "INV-LONG", "account": "C-100", "issued_on": "2026-11-01",
            "due_on": "2026-12-01", "currency": "USD", "lines": lines}]}),
    )
    .await
    .expect("import");
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let pdf = get(&f.router, HOST, "/invoices/INV-LONG/pdf", Some(&cookie)).await;
    assert_eq!(pdf.status, StatusCode::OK);
    let Some(text) = pdftotext(&pdf.body) else {
        return;
    };
    assert!(
        text.contains("ending-word-here") && !text.contains('…'),
        "the whole description: {text}"
    );
    assert!(
        text.contains("Page 1 of ") && text.contains("Page 2 of "),
        "{text}"
    );
    let second = text.split('\u{c}').nth(1).expect("a second page");
    assert!(
        second.contains("acme Inc. — Invoice INV-LONG") && second.contains("DESCRIPTION"),
        "{second}"
    );
}

/// The vendor's address, tax id and remit-to details, and the customer's PO number, on the invoice page and PDF and
/// on statements.
async fn vendor_details_and_po_numbers_are_on_invoices_and_statements(
    store: billfold::SharedStore,
) {
    let f = portal_fixture(store.clone()).await;
    update_tenant(&f, |t| {
        t.branding.address = Some("400 Industrial Pkwy\nFlint, MI 48502".into());
        t.branding.tax_id = Some("EIN 38-1234567".into());
        t.branding.remit_to =
            Some("Checks: PO Box 2210, Flint, MI 48501\nACH: routing 072000326".into());
    })
    .await;
    billfold_tests::import(
        &store,
        &f.acme.tenant,
        &serde_json::json!({
            "accounts": [{"id": "C-100", "name": "Initech", "currency": "USD",
                          "address": "1 Initech Way\nAustin, TX 78701"}],
            "invoices": [{"number": "INV-PO", "account": "C-100", "issued_on": "2026-11-01",
            "due_on": "2026-12-01", "currency": "USD", "po_number": " PO-7781 ",
            "lines": [{"description": "Toner", "quantity": "1", "unit_price": "80.00"}]}]}),
    )
    .await
    .expect("import");
    let too_long = billfold_tests::import(
        &store,
        &f.acme.tenant,
        &serde_json::json!({"invoices": [{"number": "INV-PO2", "account": "C-100", "issued_on": "2026-11-01",
            "currency": "USD", "po_number": "P".repeat(65),
            "lines": [{"description": "Toner", "quantity": "1", "unit_price": "80.00"}]}]}),
    )
    .await;
    assert!(
        format!("{too_long:?}").contains("po_number"),
        "{too_long:?}"
    );

    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let page = get(&f.router, HOST, "/invoices/INV-PO", Some(&cookie))
        .await
        .text();
    for expected in [
        "data-testid=\"po-number\">PO-7781<",
        "1 Initech Way<br>Austin, TX 78701",
        "400 Industrial Pkwy<br>Flint, MI 48502",
        "data-testid=\"tax-id\">EIN 38-1234567<",
        "Checks: PO Box 2210, Flint, MI 48501<br>ACH: routing 072000326",
    ] {
        assert!(page.contains(expected), "{expected}: {page}");
    }
    let pdf = get(&f.router, HOST, "/invoices/INV-PO/pdf", Some(&cookie)).await;
    if let Some(text) = pdftotext(&pdf.body) {
        for words in [
            "PO number",
            "PO-7781",
            "1 Initech Way",
            "Austin, TX 78701",
            "400 Industrial Pkwy",
            "Tax ID EIN 38-1234567",
            "Other ways to pay",
            "ACH: routing 072000326",
        ] {
            assert!(text.contains(words), "invoice PDF lacks {words:?}:\n{text}");
        }
    }
    let statement = get(
        &f.router,
        HOST,
        "/statements?from=2026-11-01&to=2026-11-30",
        Some(&cookie),
    )
    .await
    .text();
    assert!(
        statement.contains("Other ways to pay") && statement.contains("EIN 38-1234567"),
        "{statement}"
    );
    let pdf = get(
        &f.router,
        HOST,
        "/statements.pdf?from=2026-11-01&to=2026-11-30",
        Some(&cookie),
    )
    .await;
    if let Some(text) = pdftotext(&pdf.body) {
        assert!(
            text.contains("Other ways to pay") && text.contains("Tax ID EIN 38-1234567"),
            "{text}"
        );
    }
}

billfold_tests::store_suite!(
    vendor_details_and_po_numbers_are_on_invoices_and_statements,
    a_statements_balances_add_up,
    exports_follow_the_filter_and_stay_in_the_account,
    long_lines_wrap_and_later_pages_are_headed,
);
