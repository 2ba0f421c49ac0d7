//! Starts the example vendor app on http://localhost:3000 with a SQLite file and a little data.

use billfold::secrets::MasterKey;
use billfold::web::Background;
use billfold::{connect, ConnectOptions, Portal, Tenancy};
use vendor_app::{app, example_tenant, VendorState};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter("info,sqlx=warn")
        .init();
    let store = connect("sqlite://vendor-example.db", &ConnectOptions::default()).await?;
    // In production, load the master key from your secret store; a fresh one suits this throwaway database.
    let master = MasterKey::generate()?;
    let slug = example_tenant(&store, &master).await?;
    let portal = Portal::builder(store, master, Tenancy::Single(slug.clone()))
        .public_origin("http://localhost:3000")
        .build()?;
    let state = VendorState {
        portal,
        tenant: slug,
        portal_url: "http://localhost:3000/billing".into(),
        signed_in_email: "pat@initech.example".into(),
    };
    // The portal's background work: receipts and webhooks go out, unconfirmed payments are settled, old records
    // are purged. It stops when the server does.
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let background = state.portal.clone();
    let jobs = tokio::spawn(async move {
        background
            .run_background(Background::new("vendor-example-mail"), async {
                let _ = stopped.await;
            })
            .await;
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("vendor app on http://localhost:3000/ (billing portal at /billing; mail in vendor-example-mail/)");
    axum::serve(listener, app(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    let _ = stop.send(());
    let _ = jobs.await;
    Ok(())
}
