//! Import: idempotence, updates, all-or-nothing, and every validation with its message, on both stores.

use billfold::domain::{HistoryCursor, InvoiceCursor, InvoiceFilter, InvoiceQuery, Tenant};
use billfold::{Currency, Money, SharedStore};
use billfold_tests::{import, master_key, sample_file, store_suite, tenant};
use serde_json::{json, Value};

store_suite!(
    importing_twice_gives_the_same_state,
    changed_records_are_updated,
    one_bad_record_writes_nothing,
    over_allocation_against_stored_payments_writes_nothing,
    each_validation_names_the_path_and_reason,
    amounts_in_zero_and_three_decimal_currencies_are_exact,
    large_files_are_written_exactly_across_batches,
);

/// Everything an import can change, in a comparable form.
async fn snapshot(store: &SharedStore, tenant: &Tenant) -> String {
    let mut out = String::new();
    for account in store.list_accounts(tenant.id).await.unwrap() {
        out += &format!("{account:?}\n");
        let invoices = store
            .list_invoices(
                tenant.id,
                account.id,
                &InvoiceQuery {
                    sort: Default::default(),
                    filter: InvoiceFilter::All,
                    number_search: None,
                    at: InvoiceCursor::First,
                    limit: 1000,
                },
            )
            .await
            .unwrap();
        for inv in invoices.items {
            out += &format!(
                "{:?}\n",
                store.invoice(tenant.id, &inv.number).await.unwrap()
            );
        }
        out += &format!(
            "{:?}\n",
            store
                .payment_history_page(tenant.id, account.id, HistoryCursor::Newest, 1000)
                .await
                .unwrap()
                .rows
        );
        out += &format!(
            "{:?}\n",
            store.account_summary(tenant.id, account.id).await.unwrap()
        );
    }
    let email = billfold::domain::Email::parse("pat@initech.example").unwrap();
    if let Some(user) = store.user_by_email(tenant.id, &email).await.unwrap() {
        out += &format!(
            "{user:?}\n{:?}\n",
            store.memberships(tenant.id, user.id).await.unwrap()
        );
    }
    out
}

async fn importing_twice_gives_the_same_state(store: SharedStore) {
    let acme = tenant(&store, &master_key(), "acme").await.tenant;
    import(&store, &acme, &sample_file()).await.unwrap();
    let first = snapshot(&store, &acme).await;
    import(&store, &acme, &sample_file()).await.unwrap();
    assert_eq!(snapshot(&store, &acme).await, first);
    let initech = store.list_accounts(acme.id).await.unwrap()[0].id;
    assert_eq!(
        store
            .payment_history_page(acme.id, initech, HistoryCursor::Newest, 100)
            .await
            .unwrap()
            .rows
            .len(),
        2,
        "no duplicate payment"
    );
}

async fn changed_records_are_updated(store: SharedStore) {
    let acme = tenant(&store, &master_key(), "acme").await.tenant;
    import(&store, &acme, &sample_file()).await.unwrap();
    let mut file = sample_file();
    file["accounts"][0]["name"] = json!("Initech LLC");
    file["contacts"][0]["memberships"][1]["roles"] = json!(["admin"]);
    file["invoices"][0]["lines"] =
        json!([{"description": "Scanner v2", "quantity": "1", "unit_price": "500.00"}]);
    file["payments"][0]["amount"] = json!("120.00");
    file["payments"][0]["allocations"] = json!([{"invoice": "INV-1001", "amount": "120.00"}]);
    import(&store, &acme, &file).await.unwrap();

    let accounts = store.list_accounts(acme.id).await.unwrap();
    assert_eq!(accounts[0].name, "Initech LLC");
    let inv = store.invoice(acme.id, "INV-1001").await.unwrap().unwrap();
    assert_eq!(inv.lines.len(), 1);
    assert_eq!(inv.lines[0].description, "Scanner v2");
    assert_eq!(inv.total.minor(), 50_000 + 3_200);
    assert_eq!(inv.paid.minor(), 12_000);
    let inv2 = store.invoice(acme.id, "INV-1002").await.unwrap().unwrap();
    assert_eq!(
        inv2.paid.minor(),
        0,
        "the allocation removed from the payment reopens INV-1002"
    );
    let email = billfold::domain::Email::parse("pat@initech.example").unwrap();
    let pat = store.user_by_email(acme.id, &email).await.unwrap().unwrap();
    let globex = store
        .memberships(acme.id, pat.id)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.account.external_id == "C-200")
        .unwrap();
    assert!(globex.roles.can_administer());
}

async fn one_bad_record_writes_nothing(store: SharedStore) {
    let acme = tenant(&store, &master_key(), "acme").await.tenant;
    let mut file = sample_file();
    file["invoices"][2]["lines"][0]["unit_price"] = json!("12,5");
    let err = import(&store, &acme, &file).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "invoices[2].lines[0].unit_price: \"12,5\" is not a decimal amount"
    );
    assert!(store.list_accounts(acme.id).await.unwrap().is_empty());
    assert!(store.invoice(acme.id, "INV-1001").await.unwrap().is_none());
}

async fn over_allocation_against_stored_payments_writes_nothing(store: SharedStore) {
    let acme = tenant(&store, &master_key(), "acme").await.tenant;
    import(&store, &acme, &sample_file()).await.unwrap();
    let before = snapshot(&store, &acme).await;
    // INV-1001 ($436.98) already has $100.00 paid; another $400.00 would overpay it. The file's new account and
    // invoice must not be written either.
    let file = json!({
        "accounts": [{"id": "C-300", "name": "Hooli", "currency": "USD"}],
        "invoices": [{"number": "INV-3001", "account": "C-300", "issued_on": "2026-10-01", "due_on": "2026-10-31",
                      "currency": "USD", "lines": [{"description": "X", "quantity": "1", "unit_price": "1.00"}]}],
        "payments": [{"id": "P-2", "account": "C-100", "amount": "400.00", "type": "wire", "paid_on": "2026-11-01",
                      "allocations": [{"invoice": "INV-1001", "amount": "400.00"}]}]
    });
    let err = import(&store, &acme, &file).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "payments[0].allocations[0].amount: payments to invoice \"INV-1001\" would add up to $500.00, more than its total of $436.98"
    );
    assert_eq!(snapshot(&store, &acme).await, before);
    assert!(store.invoice(acme.id, "INV-3001").await.unwrap().is_none());

    // Lowering an invoice's total below what was paid on it is refused the same way.
    let mut file = sample_file();
    file["invoices"][0]["lines"] =
        json!([{"description": "Cheap", "quantity": "1", "unit_price": "10.00"}]);
    file["invoices"][0]["tax"] = json!("0");
    file["payments"] = json!([]);
    let err = import(&store, &acme, &file).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "invoices[0].lines: the new total $10.00 is less than the $100.00 already paid (or being paid) on invoice \"INV-1001\""
    );
    assert_eq!(snapshot(&store, &acme).await, before);
}

/// Applies `edit` to the sample file and expects the import to fail with exactly `message`.
fn case(edit: impl FnOnce(&mut Value), message: &str) -> (Value, String) {
    let mut file = sample_file();
    edit(&mut file);
    (file, message.to_string())
}

async fn each_validation_names_the_path_and_reason(store: SharedStore) {
    let acme = tenant(&store, &master_key(), "acme").await.tenant;
    let cases = vec![
        case(|f| f["contacts"][0]["memberships"][0]["account"] = json!("C-999"),
            "contacts[0].memberships[0].account: unknown account \"C-999\""),
        case(|f| f["invoices"][1]["account"] = json!("C-999"), "invoices[1].account: unknown account \"C-999\""),
        case(|f| f["payments"][0]["account"] = json!("C-999"), "payments[0].account: unknown account \"C-999\""),
        case(|f| f["invoices"][0]["currency"] = json!("EUR"),
            "invoices[0].currency: \"EUR\" does not match account \"C-100\", which bills in USD"),
        case(|f| f["payments"][0]["currency"] = json!("GBP"),
            "payments[0].currency: \"GBP\" does not match account \"C-100\", which bills in USD"),
        case(|f| f["accounts"][0]["currency"] = json!("XYZ"),
            "accounts[0].currency: \"XYZ\" is not a supported ISO 4217 currency code"),
        case(|f| f["invoices"][2]["number"] = json!("INV-1001"),
            "invoices[2].number: \"INV-1001\" appears more than once in the file (also at invoices[0].number)"),
        case(|f| f["accounts"][1]["id"] = json!("C-100"),
            "accounts[1].id: \"C-100\" appears more than once in the file (also at accounts[0].id)"),
        case(|f| f["contacts"].as_array_mut().unwrap().push(json!({"email": "PAT@initech.example"})),
            "contacts[1].email: \"pat@initech.example\" appears more than once in the file (also at contacts[0].email)"),
        case(|f| f["invoices"][0]["lines"][0]["unit_price"] = json!("199.999"),
            "invoices[0].lines[0].unit_price: \"199.999\" has more decimals than USD allows (2)"),
        case(|f| f["invoices"][0]["lines"][0]["unit_price"] = json!("0.30000000000000004"),
            "invoices[0].lines[0].unit_price: \"0.30000000000000004\" has more decimals than USD allows (2)"),
        case(|f| f["invoices"][0]["lines"][0]["unit_price"] = json!(199.99),
            "invoices[0].lines[0].unit_price: 199.99 is a JSON number; write amounts as decimal strings such as \"12.50\""),
        case(|f| f["invoices"][0]["tax"] = json!("1e3"), "invoices[0].tax: \"1e3\" is not a decimal amount"),
        case(|f| f["invoices"][0]["lines"][0]["quantity"] = json!("-2"),
            "invoices[0].lines[0].quantity: \"-2\" is not a decimal quantity"),
        case(|f| f["invoices"][0]["lines"][0]["quantity"] = json!("0"),
            "invoices[0].lines[0].quantity: the quantity must be more than zero"),
        case(|f| f["payments"][0]["allocations"][0]["amount"] = json!("101.00"),
            "payments[0].allocations[1].amount: the allocations add up to $151.00, more than the payment of $150.00"),
        case(|f| {
                f["payments"][0]["allocations"][1]["amount"] = json!("10.00");
                f["payments"].as_array_mut().unwrap().push(json!({"id": "P-9", "account": "C-100", "amount": "45.00",
                    "type": "card", "paid_on": "2026-11-01", "allocations": [{"invoice": "INV-1002", "amount": "45.00"}]}));
            },
            "payments[1].allocations[0].amount: payments to invoice \"INV-1002\" would add up to $55.00, more than its total of $50.00"),
        case(|f| f["payments"][0]["allocations"][0]["amount"] = json!("500.00"),
            "payments[0].allocations[0].amount: $500.00 is more than invoice \"INV-1001\"'s total of $436.98"),
        case(|f| f["payments"][0]["allocations"][0]["invoice"] = json!("INV-2001"),
            "payments[0].allocations[0].invoice: invoice \"INV-2001\" belongs to another account, not \"C-100\""),
        case(|f| f["payments"][0]["allocations"][0]["invoice"] = json!("INV-404"),
            "payments[0].allocations[0].invoice: unknown invoice \"INV-404\""),
        case(|f| f["contacts"][0]["memberships"][0]["roles"] = json!(["accounting", "owner"]),
            "contacts[0].memberships[0].roles[1]: \"owner\" is not a role (use \"viewer\", \"accounting\" or \"admin\")"),
        case(|f| f["contacts"][0]["email"] = json!("pat at initech"),
            "contacts[0].email: \"pat at initech\" is not a valid email address"),
        case(|f| f["invoices"][1]["issued_on"] = json!("2026-13-01"),
            "invoices[1].issued_on: \"2026-13-01\" is not a date (YYYY-MM-DD)"),
        case(|f| f["payments"][0]["paid_on"] = json!("10/20/2026"),
            "payments[0].paid_on: \"10/20/2026\" is not a date (YYYY-MM-DD)"),
        case(|f| f["invoices"][1]["due_on"] = json!("2026-10-01"),
            "invoices[1].due_on: \"2026-10-01\" is before the issue date \"2026-10-15\""),
        case(|f| f["payments"][0]["type"] = json!("bitcoin"),
            "payments[0].type: \"bitcoin\" is not a payment type (use card, ach, check, wire, cash or other)"),
        case(|f| { f["payments"][0].as_object_mut().unwrap().remove("reference"); },
            "payments[0]: a payment needs an \"id\" or a \"reference\", so that importing the file again updates it instead of recording it twice"),
        case(|f| { f["invoices"][0].as_object_mut().unwrap().remove("lines"); },
            "invoices[0]: missing field `lines` at line 1 column 1"),
        case(|f| f["invoices"][0]["discount"] = json!("1.00"),
            "invoices[0].discount: unknown field `discount`, expected one of `number`, `account`, `issued_on`, `due_on`, `currency`, `tax`, `po_number`, `lines` at line 1 column 1"),
    ];
    for (file, expected) in cases {
        let err = import(&store, &acme, &file).await.expect_err(&expected);
        let message = err.to_string();
        // serde reports where in the (re-serialised) text it was; only the path and reason are ours to assert.
        let message = message.split(" at line ").next().unwrap();
        let expected = expected.split(" at line ").next().unwrap();
        assert_eq!(message, expected);
        assert!(
            store.list_accounts(acme.id).await.unwrap().is_empty(),
            "nothing written after: {expected}"
        );
    }
    let err = billfold::import::run(store.as_ref(), acme.id, b"{\"accounts\": [", &|_| {})
        .await
        .unwrap_err();
    assert!(
        err.to_string().starts_with("accounts: EOF while parsing"),
        "{err}"
    );
}

async fn amounts_in_zero_and_three_decimal_currencies_are_exact(store: SharedStore) {
    let acme = tenant(&store, &master_key(), "acme").await.tenant;
    let file = json!({
        "accounts": [{"id": "JP", "name": "Tokyo", "currency": "JPY"}, {"id": "KW", "name": "Kuwait", "currency": "KWD"}],
        "invoices": [
            {"number": "J-1", "account": "JP", "issued_on": "2026-10-01", "due_on": "2026-10-31", "currency": "JPY",
             "tax": "10", "lines": [{"description": "A", "quantity": "3", "unit_price": "333"},
                                    {"description": "B", "quantity": "0.5", "unit_price": "1"}]},
            {"number": "K-1", "account": "KW", "issued_on": "2026-10-01", "due_on": "2026-10-31", "currency": "KWD",
             "tax": "0.001", "lines": [{"description": "A", "quantity": "1", "unit_price": "10.125"}]}],
        "payments": [
            {"id": "JP-1", "account": "JP", "amount": "1010", "type": "wire", "paid_on": "2026-10-02",
             "allocations": [{"invoice": "J-1", "amount": "1010"}]},
            {"id": "KW-1", "account": "KW", "amount": "0.001", "type": "wire", "paid_on": "2026-10-02",
             "allocations": [{"invoice": "K-1", "amount": "0.001"}]}]
    });
    import(&store, &acme, &file).await.unwrap();
    let j = store.invoice(acme.id, "J-1").await.unwrap().unwrap();
    let jpy = Currency::from_code("JPY").unwrap();
    assert_eq!(
        j.lines[1].amount,
        Money::from_minor(1, jpy),
        "¥0.5 rounds half away from zero to ¥1"
    );
    assert_eq!(j.total, Money::from_minor(999 + 1 + 10, jpy));
    assert!(j.balance().is_zero());
    let k = store.invoice(acme.id, "K-1").await.unwrap().unwrap();
    assert_eq!(k.total.minor(), 10_126);
    assert_eq!(k.balance().format(), "KWD 10.125");

    let mut bad = file.clone();
    bad["payments"][0]["amount"] = json!("1010.0");
    let err = import(&store, &acme, &bad).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "payments[0].amount: \"1010.0\" has more decimals than JPY allows (0)"
    );
}

async fn large_files_are_written_exactly_across_batches(store: SharedStore) {
    let acme = tenant(&store, &master_key(), "acme").await.tenant;
    let n = 1_234;
    let invoices: Vec<Value> = (0..n)
        .map(|i| json!({"number": format!("N-{i:05}"), "account": "C-1", "currency": "USD",
            "issued_on": "2026-10-01", "due_on": "2026-10-31",
            "lines": [{"description": format!("Line A{i}"), "quantity": "1", "unit_price": "1.00"},
                      {"description": format!("Line B{i}"), "quantity": "2", "unit_price": "0.50"}]}))
        .collect();
    let mut file = json!({"accounts": [{"id": "C-1", "name": "One", "currency": "USD"}], "invoices": invoices});
    import(&store, &acme, &file).await.unwrap();
    let account = store.list_accounts(acme.id).await.unwrap()[0].id;
    let summary = store.account_summary(acme.id, account).await.unwrap();
    assert_eq!(summary.unpaid_invoices, n);
    assert_eq!(summary.total_outstanding.minor(), n * 200);
    let last = store.invoice(acme.id, "N-01233").await.unwrap().unwrap();
    assert_eq!(
        last.lines
            .iter()
            .map(|l| l.description.as_str())
            .collect::<Vec<_>>(),
        ["Line A1233", "Line B1233"]
    );

    // A refused invoice late in the file (in a later batch) is named by its own index, and nothing is written.
    import(
        &store,
        &acme,
        &json!({"accounts": [{"id": "C-2", "name": "Two", "currency": "USD"}]}),
    )
    .await
    .unwrap();
    file["invoices"][1100]["account"] = json!("C-2");
    file["invoices"][3]["lines"][0]["unit_price"] = json!("2.00");
    let err = import(&store, &acme, &file).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "invoices[1100].account: invoice \"N-01100\" already belongs to another account"
    );
    assert_eq!(
        store
            .invoice(acme.id, "N-00003")
            .await
            .unwrap()
            .unwrap()
            .total
            .minor(),
        200,
        "rolled back"
    );
}

/// SQLite's statistics keep the per-index averages only: with STAT4's value samples, SQLite parses and plans a
/// statement again on every execution whose plan could depend on a bound value (BENCHMARKS.md, "Statements
/// re-planned on every execution"). A database that holds samples — analysed by hand or by an older Billfold —
/// loses them when opened, and reads still answer.
#[tokio::test]
async fn sqlite_drops_analyze_value_samples_when_opened() {
    use sqlx::Connection;
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("billfold.db").display());
    let count = |table: &'static str| {
        let url = url.clone();
        async move {
            let mut conn = sqlx::SqliteConnection::connect(&url).await.expect("open");
            sqlx::query_scalar::<_, i64>(&format!("SELECT count(*) FROM {table}"))
                .fetch_one(&mut conn)
                .await
                .expect("count")
        }
    };
    let store = billfold::connect(&url, &billfold::ConnectOptions::default())
        .await
        .expect("open store");
    let acme = tenant(&store, &master_key(), "acme").await.tenant;
    let invoices: Vec<Value> = (0..300)
        .map(|i| {
            json!({"number": format!("N-{i:05}"), "account": "C-1", "currency": "USD",
            "issued_on": "2026-10-01", "due_on": "2026-10-31",
            "lines": [{"description": "Line", "quantity": "1", "unit_price": "1.00"}]})
        })
        .collect();
    let file = json!({"accounts": [{"id": "C-1", "name": "One", "currency": "USD"}], "invoices": invoices});
    import(&store, &acme, &file).await.unwrap();
    drop(store);

    let mut conn = sqlx::SqliteConnection::connect(&url).await.expect("open");
    sqlx::query("ANALYZE")
        .execute(&mut conn)
        .await
        .expect("analyze");
    conn.close().await.expect("close");
    assert!(count("sqlite_stat4").await > 0, "ANALYZE took samples");

    let store = billfold::connect(&url, &billfold::ConnectOptions::default())
        .await
        .expect("reopen store");
    assert_eq!(count("sqlite_stat4").await, 0, "samples dropped");
    assert!(count("sqlite_stat1").await > 0, "averages kept");
    let last = store.invoice(acme.id, "N-00299").await.unwrap().unwrap();
    assert_eq!(last.total.minor(), 100);
}
