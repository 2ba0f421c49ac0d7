//! The store conformance suite: every store operation, run on SQLite and on PostgreSQL.

use billfold::domain::*;
use billfold::secrets::hash_api_key;
use billfold::sso::{self, SignInRequest};
use billfold::store::{embedded, Backend};
use billfold::tenants;
use billfold::{Currency, Money, SharedStore, StoreError};
use billfold_tests::{import, master_key, sample_file, store_suite, tenant};
use time::macros::date;

store_suite!(
    migrations_apply_once_and_are_recorded,
    tenants_are_created_listed_and_unique_by_slug,
    api_keys_are_found_by_hash_only,
    sso_keys_rotate_and_open_only_for_their_tenant,
    imported_records_read_back_exactly,
    invoice_lists_filter_and_paginate,
    payment_history_shows_each_allocation,
    payment_history_pages_by_keyset,
    tenants_never_see_each_others_data,
);

#[test]
fn both_dialects_have_the_same_migration_versions() {
    let versions = |ms: &[billfold::store::Migration]| {
        ms.iter().map(|m| (m.version, m.name)).collect::<Vec<_>>()
    };
    assert!(!embedded::SQLITE.is_empty());
    assert_eq!(versions(embedded::SQLITE), versions(embedded::POSTGRES));
    for (dialect, embedded) in [
        ("sqlite", embedded::SQLITE),
        ("postgres", embedded::POSTGRES),
    ] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../migrations")
            .join(dialect);
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        let listed: Vec<String> = embedded
            .iter()
            .map(|m| format!("{:04}_{}.sql", m.version, m.name))
            .collect();
        assert_eq!(
            files, listed,
            "every file in migrations/{dialect} is embedded, in order"
        );
    }
}

fn usd() -> Currency {
    Currency::from_code("USD").unwrap()
}

fn usd_cents(minor: i64) -> Money {
    Money::from_minor(minor, usd())
}

async fn migrations_apply_once_and_are_recorded(store: SharedStore) {
    store.migrate().await.unwrap();
    store.migrate().await.unwrap();
    let expected: Vec<i64> = match store.backend() {
        Backend::Sqlite => embedded::SQLITE.iter().map(|m| m.version).collect(),
        Backend::Postgres => embedded::POSTGRES.iter().map(|m| m.version).collect(),
    };
    assert_eq!(store.applied_migrations().await.unwrap(), expected);
}

async fn tenants_are_created_listed_and_unique_by_slug(store: SharedStore) {
    let master = master_key();
    let acme = tenant(&store, &master, "acme").await;
    let globex = tenant(&store, &master, "globex").await;
    assert_ne!(acme.tenant.id, globex.tenant.id);
    assert_eq!(acme.tenant.settings.past_due_after_days, 45);
    assert!(acme.tenant.settings.partial_payments);

    let found = store.tenant_by_slug("acme").await.unwrap().unwrap();
    assert_eq!(found, acme.tenant);
    assert!(store.tenant_by_slug("nobody").await.unwrap().is_none());
    let slugs: Vec<String> = store
        .list_tenants()
        .await
        .unwrap()
        .iter()
        .map(|t| t.slug.to_string())
        .collect();
    assert_eq!(slugs, ["acme", "globex"]);

    let again = tenants::provision(
        store.as_ref(),
        &master,
        &NewTenant {
            slug: Slug::parse("acme").unwrap(),
            name: "Another Acme".into(),
            theme: "default".into(),
            branding: Branding::default(),
            settings: TenantSettings::default(),
        },
    )
    .await;
    assert!(
        matches!(again, Err(tenants::TenantError::Store(StoreError::Conflict(ref m))) if m.contains("acme")),
        "{again:?}"
    );
    assert_eq!(
        store.list_tenants().await.unwrap().len(),
        2,
        "a refused tenant leaves nothing behind"
    );
}

async fn api_keys_are_found_by_hash_only(store: SharedStore) {
    let master = master_key();
    let acme = tenant(&store, &master, "acme").await;
    let globex = tenant(&store, &master, "globex").await;
    let by_key = |k: &str| {
        let store = store.clone();
        let hash = hash_api_key(k);
        async move {
            store
                .tenant_by_api_key(&hash)
                .await
                .unwrap()
                .map(|t| t.slug.to_string())
        }
    };
    assert_eq!(by_key(acme.api_key.expose()).await.as_deref(), Some("acme"));
    assert_eq!(
        by_key(globex.api_key.expose()).await.as_deref(),
        Some("globex")
    );
    assert_eq!(by_key("bfk_not-a-key").await, None);
    // The plaintext is nowhere in the store's answers; only its hash matches.
    assert!(!format!("{:?}", store.list_tenants().await.unwrap()).contains(acme.api_key.expose()));
}

async fn sso_keys_rotate_and_open_only_for_their_tenant(store: SharedStore) {
    let master = master_key();
    let acme = tenant(&store, &master, "acme").await;
    let globex = tenant(&store, &master, "globex").await;
    let (new_kid, new_secret) = tenants::add_sso_key(store.as_ref(), &master, acme.tenant.id)
        .await
        .unwrap();

    let keys = tenants::sso_keys(store.as_ref(), &master, acme.tenant.id)
        .await
        .unwrap();
    assert_eq!(
        keys.len(),
        2,
        "two keys are active at once during a rotation"
    );
    assert!(keys.contains(&(
        acme.sso_key_id.clone(),
        acme.sso_secret.expose().to_string()
    )));
    assert!(keys.contains(&(new_kid.clone(), new_secret.expose().to_string())));

    // Stored secrets are sealed: the raw bytes do not contain the secret.
    for stored in store.active_sso_keys(acme.tenant.id).await.unwrap() {
        assert!(!stored
            .sealed_secret
            .windows(8)
            .any(|w| w == &acme.sso_secret.expose().as_bytes()[..8]));
    }
    // A sealed secret is bound to its tenant: another tenant's context does not open it.
    let sealed = store.active_sso_keys(acme.tenant.id).await.unwrap();
    let wrong = master.open(
        &sealed[0].sealed_secret,
        format!(
            "billfold-sso-key\n{}\n{}",
            globex.tenant.id.0, sealed[0].key_id
        )
        .as_bytes(),
    );
    assert!(wrong.is_err());

    let request = SignInRequest {
        tenant: &acme.tenant.slug,
        email: "pat@initech.example",
        account: None,
        to: None,
        ttl_secs: 60,
        scope: None,
    };
    let url = tenants::sign_in_url(
        store.as_ref(),
        &master,
        &acme.tenant,
        "http://acme.localhost:8080",
        &request,
        1_000,
    )
    .await
    .unwrap();
    let token = url
        .strip_prefix("http://acme.localhost:8080/sso?token=")
        .unwrap();
    assert!(sso::verify(token, &acme.tenant.slug, &keys, 1_001).is_ok());
    let globex_keys = tenants::sso_keys(store.as_ref(), &master, globex.tenant.id)
        .await
        .unwrap();
    assert!(sso::verify(token, &globex.tenant.slug, &globex_keys, 1_001).is_err());

    assert!(store
        .revoke_sso_key(acme.tenant.id, &acme.sso_key_id)
        .await
        .unwrap());
    assert!(
        !store
            .revoke_sso_key(globex.tenant.id, &new_kid)
            .await
            .unwrap(),
        "cannot revoke another tenant's key"
    );
    let keys = tenants::sso_keys(store.as_ref(), &master, acme.tenant.id)
        .await
        .unwrap();
    assert_eq!(keys, vec![(new_kid, new_secret.expose().to_string())]);
}

async fn imported_records_read_back_exactly(store: SharedStore) {
    let master = master_key();
    let acme = tenant(&store, &master, "acme").await.tenant;
    let summary = import(&store, &acme, &sample_file()).await.unwrap();
    assert_eq!(
        (
            summary.accounts,
            summary.contacts,
            summary.invoices,
            summary.payments
        ),
        (2, 1, 3, 1)
    );

    let accounts = store.list_accounts(acme.id).await.unwrap();
    assert_eq!(
        accounts
            .iter()
            .map(|a| a.external_id.as_str())
            .collect::<Vec<_>>(),
        ["C-100", "C-200"]
    );
    let initech = accounts[0].clone();
    assert_eq!(
        (initech.name.as_str(), initech.currency),
        ("Initech", usd())
    );

    let email = Email::parse("PAT@initech.EXAMPLE").unwrap();
    let pat = store
        .user_by_email(acme.id, &email)
        .await
        .unwrap()
        .expect("emails match case-insensitively");
    assert_eq!(pat.name, "Pat Doe");
    let memberships = store.memberships(acme.id, pat.id).await.unwrap();
    let roles: Vec<(String, bool, bool)> = memberships
        .iter()
        .map(|m| {
            (
                m.account.external_id.clone(),
                m.roles.can_view(),
                m.roles.can_pay(),
            )
        })
        .collect();
    assert_eq!(
        roles,
        [
            ("C-200".to_string(), true, false),
            ("C-100".to_string(), true, true)
        ]
    );

    let inv = store.invoice(acme.id, "INV-1001").await.unwrap().unwrap();
    assert_eq!(inv.account_id, initech.id);
    assert_eq!(
        (inv.issued_on, inv.due_on),
        (date!(2026 - 09 - 01), date!(2026 - 10 - 01))
    );
    assert_eq!(inv.lines.len(), 2);
    assert_eq!(inv.lines[0].description, "Scanner");
    assert_eq!(inv.lines[0].amount, usd_cents(39_998));
    assert_eq!(inv.lines[1].quantity.to_string(), "1.5");
    assert_eq!(
        inv.lines[1].amount,
        usd_cents(500),
        "1.5 × $3.33 = $4.995 rounds half away from zero"
    );
    assert_eq!(
        (inv.subtotal, inv.tax, inv.total),
        (usd_cents(40_498), usd_cents(3_200), usd_cents(43_698))
    );
    assert_eq!(inv.paid, usd_cents(10_000));
    assert_eq!(inv.balance(), usd_cents(33_698));
    assert_eq!(
        inv.badge(date!(2026 - 10 - 01)),
        Badge::Unpaid,
        "on its due date it is not yet past due"
    );
    assert_eq!(inv.badge(date!(2026 - 10 - 02)), Badge::PastDue);
    assert!(store.invoice(acme.id, "INV-404").await.unwrap().is_none());

    let summary = store.account_summary(acme.id, initech.id).await.unwrap();
    assert_eq!(summary.total_outstanding, usd_cents(33_698));
    assert_eq!(summary.unpaid_invoices, 1);

    let payment = store
        .payment(acme.id, initech.id, "check:CHK-5521")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(payment.amount, usd_cents(15_000));
    assert_eq!(payment.kind, PaymentType::Check);
    assert_eq!(payment.status, PaymentStatus::Succeeded);
    assert_eq!(
        payment.allocations,
        vec![
            Allocation {
                invoice_number: "INV-1001".into(),
                amount: usd_cents(10_000)
            },
            Allocation {
                invoice_number: "INV-1002".into(),
                amount: usd_cents(5_000)
            },
        ]
    );
}

/// An invoice list's pages (10 each) walked forward from the first by key; then walked back from the last, which
/// must give the very same pages.
async fn walk_invoice_pages(
    store: &SharedStore,
    tenant: TenantId,
    account: AccountId,
    sort: InvoiceSort,
    filter: InvoiceFilter,
) -> Vec<Vec<String>> {
    let list = |at| async move {
        store
            .list_invoices(
                tenant,
                account,
                &InvoiceQuery {
                    sort,
                    filter,
                    number_search: None,
                    at,
                    limit: 10,
                },
            )
            .await
            .unwrap()
    };
    let numbers = |p: &InvoicePage| p.items.iter().map(|i| i.number.clone()).collect::<Vec<_>>();
    let mut forward = Vec::new();
    let mut page = list(InvoiceCursor::First).await;
    assert_eq!(page.prev, None, "the first page has none before it");
    loop {
        forward.push(numbers(&page));
        match page.next {
            Some(key) => page = list(InvoiceCursor::After(key)).await,
            None => break,
        }
        assert!(forward.len() < 100, "the walk ends");
    }
    let mut backward = vec![numbers(&page)];
    while let Some(key) = page.prev {
        page = list(InvoiceCursor::Before(key)).await;
        backward.push(numbers(&page));
        assert!(backward.len() < 100, "the walk back ends");
    }
    backward.reverse();
    assert_eq!(backward, forward, "{sort:?} {filter:?}: back the same way");
    forward
}

async fn invoice_lists_filter_and_paginate(store: SharedStore) {
    let master = master_key();
    let acme = tenant(&store, &master, "acme").await.tenant;
    let invoices: Vec<serde_json::Value> = (1..=25)
        .map(|n| {
            serde_json::json!({"number": format!("INV-{n:03}"), "account": "C-1", "currency": "USD",
                "issued_on": format!("2026-01-{n:02}"), "due_on": format!("2026-03-{:02}", n % 7 + 1),
                "lines": [{"description": "Item", "quantity": "1", "unit_price": format!("{n}.00")}]})
        })
        .collect();
    // Pay invoices 1..=5 in full.
    let allocations: Vec<serde_json::Value> = (1..=5)
        .map(|n| serde_json::json!({"invoice": format!("INV-{n:03}"), "amount": format!("{n}.00")}))
        .collect();
    let file = serde_json::json!({
        "accounts": [{"id": "C-1", "name": "One", "currency": "USD"}],
        "invoices": invoices,
        "payments": [{"id": "P-1", "account": "C-1", "amount": "15.00", "type": "wire", "paid_on": "2026-02-01",
                      "allocations": allocations}]
    });
    import(&store, &acme, &file).await.unwrap();
    let account = store.list_accounts(acme.id).await.unwrap()[0].id;

    // Newest first, 10 a page, walked forward by key and back again: each invoice exactly once, the same pages.
    let newest: Vec<String> = (1..=25).rev().map(|n| format!("INV-{n:03}")).collect();
    let pages = walk_invoice_pages(
        &store,
        acme.id,
        account,
        InvoiceSort::Newest,
        InvoiceFilter::All,
    )
    .await;
    assert_eq!(
        pages.concat(),
        newest,
        "newest first, each invoice exactly once"
    );
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [10, 10, 5]);
    // Due first: the open invoices (6..=25) by due date then id, then the paid ones; the walk crosses from one group
    // to the other inside a page, both ways.
    let due_order = |range: std::ops::RangeInclusive<u32>| {
        let mut numbers: Vec<u32> = range.collect();
        numbers.sort_by_key(|n| (n % 7, *n));
        numbers
            .into_iter()
            .map(|n| format!("INV-{n:03}"))
            .collect::<Vec<_>>()
    };
    let due_first = [due_order(6..=25), due_order(1..=5)].concat();
    let pages = walk_invoice_pages(
        &store,
        acme.id,
        account,
        InvoiceSort::DueFirst,
        InvoiceFilter::All,
    )
    .await;
    assert_eq!(pages.concat(), due_first, "open by due date, then the rest");
    let pages = walk_invoice_pages(
        &store,
        acme.id,
        account,
        InvoiceSort::DueFirst,
        InvoiceFilter::Open,
    )
    .await;
    assert_eq!(pages.concat(), due_order(6..=25), "due first, open only");
    let pages = walk_invoice_pages(
        &store,
        acme.id,
        account,
        InvoiceSort::Newest,
        InvoiceFilter::Paid,
    )
    .await;
    assert_eq!(
        pages.concat(),
        ["INV-005", "INV-004", "INV-003", "INV-002", "INV-001"]
    );
    // A key past the end (a stale link) shows nothing and leads back.
    let beyond = store
        .list_invoices(
            acme.id,
            account,
            &InvoiceQuery {
                at: InvoiceCursor::After(InvoiceKey {
                    open: true,
                    date: time::macros::date!(2000 - 01 - 01),
                    id: InvoiceId(1),
                }),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(beyond.items.is_empty() && beyond.next.is_none() && beyond.prev.is_some());
    let back = store
        .list_invoices(
            acme.id,
            account,
            &InvoiceQuery {
                at: InvoiceCursor::Before(beyond.prev.unwrap()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        back.items
            .iter()
            .map(|i| i.number.as_str())
            .collect::<Vec<_>>(),
        [
            "INV-010", "INV-009", "INV-008", "INV-007", "INV-006", "INV-005", "INV-004", "INV-003",
            "INV-002", "INV-001"
        ]
    );

    let open = store
        .list_invoices(
            acme.id,
            account,
            &InvoiceQuery {
                sort: Default::default(),
                filter: InvoiceFilter::Open,
                number_search: None,
                at: InvoiceCursor::First,
                limit: 100,
            },
        )
        .await
        .unwrap();
    assert_eq!(open.items.len(), 20);
    assert!(open.items.iter().all(|i| !i.balance().is_zero()));
    let paid = store
        .list_invoices(
            acme.id,
            account,
            &InvoiceQuery {
                sort: Default::default(),
                filter: InvoiceFilter::Paid,
                number_search: None,
                at: InvoiceCursor::First,
                limit: 100,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        paid.items
            .iter()
            .map(|i| i.number.as_str())
            .collect::<Vec<_>>(),
        ["INV-005", "INV-004", "INV-003", "INV-002", "INV-001"]
    );

    let summary = store.account_summary(acme.id, account).await.unwrap();
    assert_eq!(summary.unpaid_invoices, 20);
    assert_eq!(
        (
            summary.count(InvoiceFilter::All),
            summary.count(InvoiceFilter::Open),
            summary.count(InvoiceFilter::Paid)
        ),
        (25, 20, 5)
    );
    assert_eq!(
        store.list_accounts(acme.id).await.unwrap()[0].summary,
        summary,
        "read with the account"
    );
    for (filter, search, count) in [
        (InvoiceFilter::All, "inv-01", 10),
        (InvoiceFilter::Open, "inv-00", 4),
        (InvoiceFilter::Paid, "00", 5),
        (InvoiceFilter::All, "%", 0),
    ] {
        assert_eq!(
            store
                .count_invoices(acme.id, account, filter, search)
                .await
                .unwrap(),
            count,
            "{filter:?} {search}"
        );
    }
    assert_eq!(
        summary.total_outstanding,
        usd_cents((6..=25).sum::<i64>() * 100)
    );
}

async fn payment_history_shows_each_allocation(store: SharedStore) {
    let master = master_key();
    let acme = tenant(&store, &master, "acme").await.tenant;
    let mut file = sample_file();
    file["payments"].as_array_mut().unwrap().push(serde_json::json!(
        {"account": "C-100", "amount": "20.00", "type": "cash", "id": "CASH-1", "paid_on": "2026-11-01"}
    ));
    import(&store, &acme, &file).await.unwrap();
    let initech = store.list_accounts(acme.id).await.unwrap()[0].id;
    let history = store
        .payment_history_page(acme.id, initech, HistoryCursor::Newest, 10)
        .await
        .unwrap();
    assert_eq!((history.rows.len(), history.older.is_some()), (3, false));
    type Row = (String, Option<String>, Money, PaymentType, Option<String>);
    let rows: Vec<Row> = history
        .rows
        .into_iter()
        .map(|r| {
            (
                r.paid_on.to_string(),
                r.invoice_number,
                r.amount,
                r.kind,
                r.reference,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                "2026-11-01".into(),
                None,
                usd_cents(2_000),
                PaymentType::Cash,
                None
            ),
            (
                "2026-10-20".into(),
                Some("INV-1001".into()),
                usd_cents(10_000),
                PaymentType::Check,
                Some("CHK-5521".into())
            ),
            (
                "2026-10-20".into(),
                Some("INV-1002".into()),
                usd_cents(5_000),
                PaymentType::Check,
                Some("CHK-5521".into())
            ),
        ]
    );
}

/// Payment History pages by keyset: every payment once, newest first, whichever way the pages are walked; payments on
/// the same day are told apart by id; a page with allocations to several invoices keeps its rows together.
async fn payment_history_pages_by_keyset(store: SharedStore) {
    let master = master_key();
    let acme = tenant(&store, &master, "acme").await.tenant;
    let mut file = sample_file();
    // Seven more payments, three of them on one day.
    for (n, day) in [
        "2026-11-01",
        "2026-11-02",
        "2026-11-02",
        "2026-11-02",
        "2026-11-03",
        "2026-11-04",
        "2026-11-05",
    ]
    .iter()
    .enumerate()
    {
        file["payments"].as_array_mut().unwrap().push(serde_json::json!(
            {"account": "C-100", "amount": "1.00", "type": "cash", "id": format!("CASH-{n}"), "paid_on": day}
        ));
    }
    import(&store, &acme, &file).await.unwrap();
    let initech = store.list_accounts(acme.id).await.unwrap()[0].id;
    let all = store
        .payment_history_page(acme.id, initech, HistoryCursor::Newest, 100)
        .await
        .unwrap()
        .rows;
    let key = |r: &PaymentHistoryRow| (r.payment_key.clone(), r.invoice_number.clone());
    let expected: Vec<_> = all.iter().map(key).collect();
    // Back through the pages, three payments a page.
    let mut seen = Vec::new();
    let mut at = HistoryCursor::Newest;
    let mut pages = Vec::new();
    loop {
        let page = store
            .payment_history_page(acme.id, initech, at, 3)
            .await
            .unwrap();
        assert!(!page.rows.is_empty());
        assert_eq!(page.newer.is_some(), at != HistoryCursor::Newest, "{at:?}");
        seen.extend(page.rows.iter().map(key));
        pages.push(page.clone());
        match page.older {
            Some(older) => at = older,
            None => break,
        }
    }
    assert_eq!(seen, expected, "every row once, in order");
    assert_eq!(pages.len(), 3, "8 payments, 3 a page");
    // Forward again from the last page: the same pages, and no newer page before the first.
    let middle = store
        .payment_history_page(acme.id, initech, pages[2].newer.expect("newer"), 3)
        .await
        .unwrap();
    assert_eq!(middle.rows, pages[1].rows);
    let first = store
        .payment_history_page(acme.id, initech, middle.newer.expect("newer"), 3)
        .await
        .unwrap();
    assert_eq!(first.rows, pages[0].rows);
    assert!(first.newer.is_none());
    // A cursor round-trips through its token.
    let older = pages[0].older.expect("older");
    assert_eq!(
        HistoryCursor::parse(&older.token().unwrap(), true),
        Some(older)
    );
}

async fn tenants_never_see_each_others_data(store: SharedStore) {
    let master = master_key();
    let acme = tenant(&store, &master, "acme").await.tenant;
    let globex = tenant(&store, &master, "globex").await.tenant;
    import(&store, &acme, &sample_file()).await.unwrap();
    // Same account id, invoice number and email in another tenant, with different data.
    let other = serde_json::json!({
        "accounts": [{"id": "C-100", "name": "Globex's Initech", "currency": "EUR"}],
        "contacts": [{"email": "pat@initech.example", "name": "Patricia",
                      "memberships": [{"account": "C-100", "roles": ["admin"]}]}],
        "invoices": [{"number": "INV-1001", "account": "C-100", "issued_on": "2026-01-01", "due_on": "2026-01-31",
                      "currency": "EUR", "lines": [{"description": "Other", "quantity": "1", "unit_price": "7.00"}]}]
    });
    import(&store, &globex, &other).await.unwrap();

    let a_inv = store.invoice(acme.id, "INV-1001").await.unwrap().unwrap();
    let g_inv = store.invoice(globex.id, "INV-1001").await.unwrap().unwrap();
    assert_eq!(a_inv.total, usd_cents(43_698));
    assert_eq!(
        g_inv.total,
        Money::from_minor(700, Currency::from_code("EUR").unwrap())
    );
    assert_eq!(g_inv.lines.len(), 1);
    assert_ne!(a_inv.account_id, g_inv.account_id);

    let g_accounts = store.list_accounts(globex.id).await.unwrap();
    assert_eq!(g_accounts.len(), 1);
    assert_eq!(g_accounts[0].name, "Globex's Initech");
    let a_initech = store.list_accounts(acme.id).await.unwrap()[0].clone();
    assert_eq!(a_initech.name, "Initech");

    let email = Email::parse("pat@initech.example").unwrap();
    let a_pat = store.user_by_email(acme.id, &email).await.unwrap().unwrap();
    let g_pat = store
        .user_by_email(globex.id, &email)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(a_pat.id, g_pat.id);
    assert_eq!(g_pat.name, "Patricia");
    assert_eq!(
        store.memberships(globex.id, g_pat.id).await.unwrap().len(),
        1
    );
    assert!(
        store
            .memberships(globex.id, a_pat.id)
            .await
            .unwrap()
            .is_empty(),
        "ids from tenant A find nothing in B"
    );

    // Reads keyed by another tenant's account id return nothing.
    let cross = store
        .list_invoices(
            globex.id,
            a_initech.id,
            &InvoiceQuery {
                sort: Default::default(),
                filter: InvoiceFilter::All,
                number_search: None,
                at: InvoiceCursor::First,
                limit: 10,
            },
        )
        .await
        .unwrap();
    assert!(cross.items.is_empty());
    assert!(store
        .payment_history_page(globex.id, a_initech.id, HistoryCursor::Newest, 10)
        .await
        .unwrap()
        .rows
        .is_empty());
    assert!(store
        .payment(globex.id, a_initech.id, "check:CHK-5521")
        .await
        .unwrap()
        .is_none());
    assert!(store
        .account_summary(globex.id, a_initech.id)
        .await
        .is_err());
    let owners = store
        .invoice_owners(globex.id, &["INV-1001".into(), "INV-1002".into()])
        .await
        .unwrap();
    assert_eq!(owners.len(), 1);
    let by_ext = store
        .accounts_by_external_ids(globex.id, &["C-100".into(), "C-200".into()])
        .await
        .unwrap();
    assert_eq!(
        by_ext.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        ["Globex's Initech"]
    );

    // A payment in B cannot be allocated to A's invoice, even by number.
    let steal = serde_json::json!({"payments": [{"id": "X", "account": "C-100", "amount": "1.00", "type": "cash",
        "paid_on": "2026-11-01", "allocations": [{"invoice": "INV-1002", "amount": "1.00"}]}]});
    let err = import(&store, &globex, &steal).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "payments[0].allocations[0].invoice: unknown invoice \"INV-1002\""
    );
}
