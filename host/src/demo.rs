//! `billfold demo`: two tenants with different themes and enough data to see every part of the portal — a user in
//! two accounts, a viewer, a user without a role; invoices paid, unpaid, past due, partly paid, multi-line with tax.
//! Idempotent: running it again updates the same records (dates move with today).

use billfold::domain::{
    Actor, Branding, CommentAuthor, CommentBody, Email, NewAuditEntry, NewComment, NewSavedMethod,
    NewTenant, Slug, Tenant, TenantSettings,
};
use billfold::secrets::MasterKey;
use billfold::sso::SignInRequest;
use billfold::{import, tenants, Currency, Store};
use serde_json::{json, Value};
use time::{Date, Duration};

use crate::config::Config;

/// A demo user to print a sign-in URL for: (tenant, email, what they show).
pub struct DemoUser {
    pub tenant: &'static str,
    pub email: &'static str,
    pub about: &'static str,
}

fn tenant_specs() -> Vec<NewTenant> {
    let usd = Currency::from_code("USD").expect("USD is in the currency table");
    vec![
        NewTenant {
            slug: Slug::parse("acme").expect("valid slug"),
            name: "Acme Parts Co.".into(),
            theme: "default".into(),
            branding: Branding {
                logo_url: None,
                primary_color: Some("#1d4ed8".into()),
                support_phone: Some("(810) 555-0134".into()),
                support_email: Some("billing@acme-parts.example".into()),
                support_hours: Some("Mon–Fri, 8am–5pm ET".into()),
                address: Some("400 Industrial Pkwy\nFlint, MI 48502".into()),
                tax_id: Some("EIN 38-1234567".into()),
                remit_to: Some(
                    "Checks: Acme Parts Co., PO Box 2210, Flint, MI 48501\n\
                     ACH / wire: First Lakes Bank, routing 072000326, account 4410 0021 88"
                        .into(),
                ),
            },
            settings: TenantSettings {
                default_currency: usd,
                ..TenantSettings::default()
            },
        },
        NewTenant {
            slug: Slug::parse("harbor").expect("valid slug"),
            name: "Harbor Freightworks".into(),
            theme: "harbor".into(),
            branding: Branding {
                logo_url: None,
                primary_color: Some("#0f766e".into()),
                support_phone: Some("(805) 555-0177".into()),
                support_email: Some("accounts@harbor.example".into()),
                support_hours: Some("Weekdays 9–6 PT".into()),
                ..Branding::default()
            },
            settings: TenantSettings {
                default_currency: usd,
                partial_payments: false,
                ..TenantSettings::default()
            },
        },
    ]
}

fn day(today: Date, days_ago: i64) -> String {
    (today - Duration::days(days_ago)).to_string()
}

fn invoice(
    number: &str,
    account: &str,
    today: Date,
    days_ago: i64,
    tax: &str,
    lines: Value,
) -> Value {
    json!({"number": number, "account": account, "issued_on": day(today, days_ago),
           "due_on": day(today, days_ago - 30), "currency": "USD", "tax": tax, "lines": lines})
}

fn acme_data(today: Date) -> Value {
    let mut invoices = vec![
        invoice(
            "INV-1001",
            "C-100",
            today,
            70,
            "32.00",
            json!([
            {"description": "Handheld barcode scanner", "quantity": "2", "unit_price": "199.99"},
            {"description": "USB charging cradle", "quantity": "2", "unit_price": "49.50"},
            {"description": "Shipping & handling", "quantity": "1", "unit_price": "18.00"}]),
        ),
        invoice(
            "INV-1002",
            "C-100",
            today,
            20,
            "41.60",
            json!([
            {"description": "Label printer ZT-410", "quantity": "1", "unit_price": "420.00"},
            {"description": "Thermal labels, 4×6 (roll of 250)", "quantity": "12", "unit_price": "8.25"},
            {"description": "Extended warranty, 2 years", "quantity": "1", "unit_price": "0.00"}]),
        ),
        invoice(
            "INV-1003",
            "C-100",
            today,
            40,
            "0.00",
            json!([
            {"description": "On-site installation", "quantity": "3.5", "unit_price": "95.00"}]),
        ),
        invoice(
            "INV-1004",
            "C-100",
            today,
            5,
            "6.40",
            json!([
            {"description": "Replacement battery pack", "quantity": "4", "unit_price": "20.00"}]),
        ),
        invoice(
            "INV-2001",
            "C-200",
            today,
            50,
            "12.00",
            json!([
            {"description": "Scanner repair <script>alert('x')</script>", "quantity": "1", "unit_price": "150.00"}]),
        ),
        invoice(
            "INV-2002",
            "C-200",
            today,
            10,
            "0.00",
            json!([
            {"description": "Support plan, monthly", "quantity": "1", "unit_price": "89.00"}]),
        ),
    ];
    // A year of paid monthly supply orders, so the list has pages.
    let mut payments = vec![
        json!({"id": "PAY-1", "account": "C-100", "amount": "200.00", "type": "check", "reference": "CHK-5521",
               "paid_on": day(today, 35), "allocations": [{"invoice": "INV-1001", "amount": "200.00"}]}),
        json!({"id": "PAY-2", "account": "C-100", "amount": "332.50", "type": "ach", "reference": "ACH-88412",
               "paid_on": day(today, 25), "allocations": [{"invoice": "INV-1003", "amount": "332.50"}]}),
    ];
    // The customer's purchase order on their first invoice.
    invoices[0]["po_number"] = json!("PO-7781");
    for n in 0..30 {
        let number = format!("INV-{}", 900 - n);
        invoices.push(invoice(
            &number,
            "C-100",
            today,
            80 + 12 * n,
            "4.00",
            json!([
            {"description": "Monthly consumables", "quantity": "1", "unit_price": "50.00"}]),
        ));
        payments.push(
            json!({"id": format!("PAY-H{n}"), "account": "C-100", "amount": "54.00", "type": "card",
            "reference": format!("ch_demo{n:04}"), "paid_on": day(today, 70 + 12 * n),
            "allocations": [{"invoice": number, "amount": "54.00"}]}),
        );
    }
    json!({
        "accounts": [{"id": "C-100", "name": "Initech", "currency": "USD"},
                     {"id": "C-200", "name": "Globex Corporation", "currency": "USD"}],
        "contacts": [
            {"email": "pat@initech.example", "name": "Pat Doe",
             "memberships": [{"account": "C-100", "roles": ["accounting"]}, {"account": "C-200", "roles": ["admin"]}]},
            {"email": "vic@initech.example", "name": "Vic Viewer",
             "memberships": [{"account": "C-100", "roles": ["viewer"]}]},
            {"email": "nora@initech.example", "name": "Nora Newhire",
             "memberships": [{"account": "C-100", "roles": []}]}],
        "invoices": invoices,
        "payments": payments,
    })
}

fn harbor_data(today: Date) -> Value {
    json!({
        "accounts": [{"id": "H-1", "name": "Wayne Shipping", "currency": "USD"}],
        "contacts": [{"email": "pat@initech.example", "name": "Pat Doe",
                      "memberships": [{"account": "H-1", "roles": ["admin"]}]}],
        "invoices": [
            invoice("HF-3001", "H-1", today, 60, "75.00", json!([
                {"description": "Container drayage, Port of Oakland", "quantity": "3", "unit_price": "450.00"},
                {"description": "Chassis rental (days)", "quantity": "6", "unit_price": "35.00"}])),
            invoice("HF-3002", "H-1", today, 15, "0.00", json!([
                {"description": "Warehouse storage, pallet-weeks", "quantity": "40", "unit_price": "12.50"}]))],
        "payments": [{"id": "HP-1", "account": "H-1", "amount": "500.00", "type": "wire", "reference": "WIRE-2231",
                      "paid_on": day(today, 30), "allocations": [{"invoice": "HF-3001", "amount": "500.00"}]}],
    })
}

/// Initech's saved sandbox card (charged by its subscription), a subscription, an estimate asking for a deposit, and
/// a comment thread on an invoice: created once, left alone on later runs.
async fn self_service(
    store: &dyn Store,
    tenant: &Tenant,
    today: Date,
) -> Result<(), Box<dyn std::error::Error>> {
    const CARD: &str = "spm_demo_initech_visa";
    let account = store
        .accounts_by_external_ids(tenant.id, &["C-100".to_string()])
        .await?
        .into_iter()
        .next()
        .ok_or("demo account C-100 is missing")?;
    let pat = store
        .user_by_email(tenant.id, &Email::parse("pat@initech.example")?)
        .await?
        .ok_or("demo user pat is missing")?;
    let vendor = Actor::vendor("demo");
    let now = store.clock().unix();
    let audit = |action: &'static str, detail: &str| NewAuditEntry {
        tenant_id: tenant.id,
        account_id: Some(account.id),
        actor: &vendor,
        action,
        detail: detail.to_string(),
        now,
    };
    if store
        .saved_method(tenant.id, account.id, CARD)
        .await?
        .is_none()
    {
        // A sandbox method is its token: the card the TEST MODE page would have made.
        let token = "tok_demo_initech_visa";
        store
            .sandbox_store_token(
                tenant.id,
                token,
                "card",
                "Visa •••• 4242",
                "approve",
                Some("12/30"),
            )
            .await?;
        let method = NewSavedMethod {
            public_id: CARD.into(),
            tenant_id: tenant.id,
            account_id: account.id,
            gateway: "sandbox".into(),
            customer_ref: None,
            reference: token.into(),
            kind: "card".into(),
            brand: "Visa".into(),
            last4: "4242".into(),
            exp_month: Some(12),
            exp_year: Some(2030),
            created_by: Some(pat.id),
            now,
        };
        store
            .add_saved_method(&method, &audit("payment_method.added", "Visa •••• 4242"))
            .await?;
    }
    let month_start = today.replace_day(1)?;
    let next_month = month_start + Duration::days(32);
    let data = json!({
        "subscriptions": [
            {"id": "sub_demo_scanners", "account": "C-100", "plan": "Scanner fleet care (per device)", "quantity": 12,
             "unit_amount": "9.50", "currency": "USD", "interval": "month", "status": "active",
             "current_period_start": month_start.to_string(),
             "current_period_end": next_month.replace_day(1)?.to_string(), "payment_method": CARD},
            {"id": "sub_demo_labels", "account": "C-100", "plan": "Label stock subscription", "unit_amount": "480.00",
             "currency": "USD", "interval": "year", "status": "active",
             "current_period_start": day(today, 200), "current_period_end": day(today, 200 - 365)}],
        "estimates": [
            {"number": "EST-2026-014", "account": "C-100", "issued_on": day(today, 3), "expires_on": day(today, -27),
             "currency": "USD", "tax": "58.40", "deposit": "250.00",
             "terms": "A 250.00 deposit is due on approval; the balance is invoiced on delivery.\nPrices are valid until the date shown.",
             "lines": [{"description": "Handheld barcode scanner, rugged", "quantity": "4", "unit_price": "219.00"},
                       {"description": "Four-slot charging cradle", "quantity": "1", "unit_price": "154.00"}]}],
    });
    if store
        .estimate(tenant.id, None, "EST-2026-014")
        .await?
        .is_none()
    {
        import::run(store, tenant.id, &serde_json::to_vec(&data)?, &|_| {}).await?;
    }
    if let Some(invoice) = store.invoice(tenant.id, "INV-1002").await? {
        if invoice.comment_count == 0 {
            let question = CommentBody::parse(
                "Hi, the label rolls on this invoice: we ordered 10, not 12. Could you check?",
            )?;
            store
                .add_comment(
                    tenant.id,
                    &invoice,
                    &NewComment {
                        author: CommentAuthor::Customer,
                        user_id: Some(pat.id),
                        author_name: &pat.name,
                        author_email: Some(pat.email.as_str()),
                        body: &question,
                        resolve: false,
                        now: now - 86_400,
                    },
                    None,
                )
                .await?;
            let reply = CommentBody::parse(
                "Thanks, Pat: two rolls were a back-order from October. We'll credit them if you'd rather not keep them.",
            )?;
            store
                .add_comment(
                    tenant.id,
                    &invoice,
                    &NewComment {
                        author: CommentAuthor::Vendor,
                        user_id: None,
                        author_name: &tenant.name,
                        author_email: None,
                        body: &reply,
                        resolve: false,
                        now: now - 3_600,
                    },
                    None,
                )
                .await?;
        }
    }
    Ok(())
}

/// Creates or updates the demo tenants and their data; returns the users to sign in.
pub async fn seed(
    store: &dyn Store,
    master: &MasterKey,
) -> Result<Vec<DemoUser>, Box<dyn std::error::Error>> {
    let today = store.clock().now().date();
    for spec in tenant_specs() {
        let tenant = match store.tenant_by_slug(spec.slug.as_str()).await? {
            Some(t) => store.update_tenant(t.id, &spec).await?,
            None => tenants::provision(store, master, &spec).await?.tenant,
        };
        let data = match tenant.slug.as_str() {
            "acme" => acme_data(today),
            _ => harbor_data(today),
        };
        let json = serde_json::to_vec(&data)?;
        import::run(store, tenant.id, &json, &|_| {}).await?;
        if tenant.slug.as_str() == "acme" {
            self_service(store, &tenant, today).await?;
        }
    }
    Ok(vec![
        DemoUser {
            tenant: "acme",
            email: "pat@initech.example",
            about: "accounting on Initech, admin on Globex: try the account switcher",
        },
        DemoUser {
            tenant: "acme",
            email: "vic@initech.example",
            about: "viewer on Initech",
        },
        DemoUser {
            tenant: "acme",
            email: "nora@initech.example",
            about: "no role yet (Access denied)",
        },
        DemoUser {
            tenant: "harbor",
            email: "pat@initech.example",
            about: "admin on Wayne Shipping, Harbor theme",
        },
    ])
}

/// Prints one sign-in URL per demo user (each works once, for an hour).
pub async fn print_sign_in_urls(
    store: &dyn Store,
    master: &MasterKey,
    config: &Config,
    users: &[DemoUser],
) -> Result<(), Box<dyn std::error::Error>> {
    let now = store.clock().unix();
    println!("Billfold demo: sign in as (each link works once, for an hour; `billfold sso-url` makes more)");
    for u in users {
        let tenant = store
            .tenant_by_slug(u.tenant)
            .await?
            .ok_or_else(|| format!("demo tenant {} is missing", u.tenant))?;
        let request = SignInRequest {
            tenant: &tenant.slug,
            email: u.email,
            account: None,
            to: None,
            ttl_secs: 3600,
            scope: None,
        };
        let base = config.server.tenant_base_url(u.tenant);
        let url = tenants::sign_in_url(store, master, &tenant, &base, &request, now).await?;
        println!("\n  {} — {} ({})\n  {url}", u.email, tenant.name, u.about);
    }
    println!(
        "\nPay with the sandbox's test card 4242 4242 4242 4242 (any future expiry, any CVC); receipts are written to {}/.\n",
        config.mail.outbox_dir
    );
    Ok(())
}
