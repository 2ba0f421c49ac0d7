//! Starts the example vendor app on http://localhost:3000 with a SQLite file and a little data.

use billfold::domain::{NewTenant, Slug};
use billfold::secrets::MasterKey;
use billfold::{connect, import, tenants, ConnectOptions, Portal, Tenancy};
use vendor_app::{app, VendorState};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter("info,sqlx=warn")
        .init();
    let store = connect("sqlite://vendor-example.db", &ConnectOptions::default()).await?;
    // In production, load the master key from your secret store; a fresh one suits this throwaway database.
    let master = MasterKey::generate()?;
    let slug = Slug::parse("vendor")?;
    let tenant = match store.tenant_by_slug(slug.as_str()).await? {
        // Keys sealed under an earlier run's master key can't be opened: add one under this run's key.
        Some(t) => {
            tenants::add_sso_key(store.as_ref(), &master, t.id).await?;
            t
        }
        None => {
            let new = NewTenant {
                slug: slug.clone(),
                name: "Example Vendor".into(),
                theme: "default".into(),
                branding: Default::default(),
                settings: Default::default(),
            };
            tenants::provision(store.as_ref(), &master, &new)
                .await?
                .tenant
        }
    };
    let data = serde_json::json!({
        "accounts": [{"id": "A-1", "name": "Initech", "currency": "USD"}],
        "contacts": [{"email": "pat@initech.example", "name": "Pat",
                      "memberships": [{"account": "A-1", "roles": ["accounting"]}]}],
        "invoices": [{"number": "V-1001", "account": "A-1", "issued_on": "2026-10-01", "due_on": "2026-10-31",
                      "currency": "USD", "lines": [{"description": "Pro plan", "quantity": "1", "unit_price": "49.00"}]}]
    });
    import::run(
        store.as_ref(),
        tenant.id,
        &serde_json::to_vec(&data)?,
        &|_| {},
    )
    .await?;
    let portal = Portal::builder(store, master, Tenancy::Single(slug.clone())).build()?;
    let state = VendorState {
        portal,
        tenant: slug,
        portal_url: "http://localhost:3000/billing".into(),
        signed_in_email: "pat@initech.example".into(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("vendor app on http://localhost:3000/ (billing portal at /billing)");
    axum::serve(listener, app(state)).await?;
    Ok(())
}
