//! What each `billfold` subcommand does.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::Path;

use billfold::domain::{
    Account, Actor, Branding, CancelPolicy, Email, FrameAncestors, NewAuditEntry, NewTenant, Role,
    Roles, SignInMethods, Slug, Tenant, TenantSettings,
};
use billfold::gateway::config::{
    AuthorizeNetConfig, GatewayConfig, StripeConfig, AUTHORIZE_NET_API, AUTHORIZE_NET_JS,
    AUTHORIZE_NET_TEST_API, AUTHORIZE_NET_TEST_JS,
};
use billfold::secrets::Redacted;
use billfold::sso::SignInRequest;
use billfold::store::{connect, ConnectOptions};
use billfold::{tenants, Currency, SharedStore};

use crate::cli::{
    AccountArgs, ApiKeyCommand, AuditArgs, Cli, Command, DomainCommand, EstimateCommand,
    GatewayChoice, InvoiceCommand, InvoiceSendArgs, MemberCommand, SsoUrlArgs, TenantAddArgs,
    TenantCommand, TenantGatewayArgs, TenantUpdateArgs,
};
use crate::config::Config;
use crate::{demo, master_key, server};

pub type CommandResult = Result<(), Box<dyn std::error::Error>>;

pub async fn run(cli: Cli) -> CommandResult {
    let dir = std::env::current_dir()?;
    let mut config = Config::load(&dir)?;
    for var in Config::unknown_env_vars() {
        eprintln!("warning: ignoring {var}: it is not a Billfold setting (see README.md, \"Configuration\")");
    }
    if let Some(url) = cli.database_url {
        config.database.url = url;
    }
    tracing::debug!(?config, "configuration");
    match cli.command {
        Command::Serve { port } => {
            let store = open(&config, config.database.run_migrations).await?;
            let listener = bind(&config, port).await?;
            // Links carry the port actually bound (port 0 picks a free one).
            config.server.port = listener.local_addr()?.port();
            serve(store, &config, &dir, listener).await
        }
        Command::Demo { port } => {
            let store = open(&config, true).await?;
            let master = master_key::load_or_create(&config.secrets, &dir)?;
            let users = demo::seed(store.as_ref(), &master).await?;
            let listener = bind(&config, port).await?;
            // Links carry the port actually bound (port 0 picks a free one).
            config.server.port = listener.local_addr()?.port();
            demo::print_sign_in_urls(store.as_ref(), &master, &config, &users).await?;
            serve(store, &config, &dir, listener).await
        }
        Command::Migrate => {
            let store = open(&config, true).await?;
            let versions = store.applied_migrations().await?;
            println!(
                "database is at migration {}",
                versions.last().copied().unwrap_or(0)
            );
            Ok(())
        }
        Command::Tenant(TenantCommand::Add(args)) => tenant_add(&config, &dir, *args).await,
        Command::Tenant(TenantCommand::List) => tenant_list(&config).await,
        Command::Tenant(TenantCommand::Gateway(args)) => tenant_gateway(&config, &dir, args).await,
        Command::Tenant(TenantCommand::Update(args)) => tenant_update(&config, args).await,
        Command::Tenant(TenantCommand::Domain(command)) => tenant_domain(&config, command).await,
        Command::Invoice(InvoiceCommand::Send(args)) => invoice_send(&config, &dir, args).await,
        Command::Import { tenant, file } => import(&config, &tenant, &file).await,
        Command::SsoUrl(args) => sso_url(&config, &dir, args).await,
        Command::Member(command) => member(&config, command).await,
        Command::Audit(args) => audit(&config, args).await,
        Command::ApiKey(command) => api_key(&config, command).await,
        Command::Estimate(EstimateCommand::List { tenant, account }) => {
            estimate_list(&config, &tenant, account.as_deref()).await
        }
    }
}

async fn bind(
    config: &Config,
    port: Option<u16>,
) -> Result<tokio::net::TcpListener, Box<dyn std::error::Error>> {
    let port = port.unwrap_or(config.server.port);
    let addr: SocketAddr = format!("{}:{port}", config.server.bind)
        .parse()
        .map_err(|e| {
            format!(
                "server.bind {:?} is not an IP address: {e}",
                config.server.bind
            )
        })?;
    Ok(server::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?)
}

async fn serve(
    store: SharedStore,
    config: &Config,
    dir: &Path,
    listener: tokio::net::TcpListener,
) -> CommandResult {
    let master = master_key::load_or_create(&config.secrets, dir)?;
    let portal = server::portal(store, master, config, dir)?;
    let limits = server::connection_limits(config);
    let mail = config.mail.delivery(dir)?;
    tracing::info!(?mail, "mail delivery");
    server::serve(portal, listener, mail, limits).await?;
    Ok(())
}

/// The store of a command that works on existing data: a SQLite file that isn't there is an error (rather than
/// an empty database created in whatever folder the command ran in).
async fn open_existing(config: &Config) -> Result<SharedStore, Box<dyn std::error::Error>> {
    let url = config.database.url.as_str();
    if let Some(rest) = url.strip_prefix("sqlite:") {
        let path = rest.trim_start_matches("//");
        let path = path.split('?').next().unwrap_or(path);
        if !path.is_empty() && path != ":memory:" && !Path::new(path).exists() {
            let here =
                std::env::current_dir().map_or_else(|_| ".".into(), |d| d.display().to_string());
            return Err(format!(
                "no database at {path} (in {here}): run `billfold demo` or `billfold migrate` in the folder that \
                 should hold it, or point database.url at it"
            )
            .into());
        }
    }
    Ok(open(config, true).await?)
}

async fn open(config: &Config, run_migrations: bool) -> Result<SharedStore, billfold::StoreError> {
    let options = ConnectOptions {
        max_connections: config.database.max_connections,
        run_migrations,
        ..ConnectOptions::default()
    };
    connect(&config.database.url, &options).await
}

async fn tenant_add(config: &Config, dir: &Path, args: TenantAddArgs) -> CommandResult {
    let slug = Slug::parse(&args.slug)?;
    let name = args.name.trim().to_string();
    if name.is_empty() {
        return Err("--name must not be empty".into());
    }
    let theme = args.theme.trim().to_string();
    if theme.is_empty()
        || !theme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(format!("--theme {theme:?} is not a theme folder name").into());
    }
    let new_tenant = NewTenant {
        slug,
        name,
        theme,
        branding: Branding {
            support_phone: args.support_phone,
            support_email: args.support_email,
            support_hours: args.support_hours,
            primary_color: args.primary_color,
            logo_url: args.logo_url,
            ..Branding::default()
        },
        settings: TenantSettings {
            default_currency: Currency::from_code(&args.currency)?,
            past_due_after_days: args.past_due_after_days,
            partial_payments: !args.full_payments_only,
            frame_ancestors: args
                .frame_ancestors
                .as_deref()
                .map(FrameAncestors::parse)
                .transpose()?,
            sign_in: SignInMethods::parse(&args.sign_in).map_err(|e| format!("--sign-in: {e}"))?,
            ..TenantSettings::default()
        },
    };
    let master = master_key::load_or_create(&config.secrets, dir)?;
    let store = open(config, true).await?;
    let created = tenants::provision(store.as_ref(), &master, &new_tenant).await?;
    eprintln!(
        "created tenant {} ({}) at {}; these secrets are shown only once:",
        created.tenant.slug,
        created.tenant.name,
        config.server.tenant_base_url(created.tenant.slug.as_str())
    );
    println!("api_key={}", created.api_key.expose());
    println!("sso_key_id={}", created.sso_key_id);
    println!("sso_secret={}", created.sso_secret.expose());
    Ok(())
}

async fn invoice_send(config: &Config, dir: &Path, args: InvoiceSendArgs) -> CommandResult {
    let slug = Slug::parse(&args.tenant)?;
    let master = master_key::load_or_create(&config.secrets, dir)?;
    let store = open_existing(config).await?;
    let portal = server::portal(store, master, config, dir)?;
    let recipients = portal
        .send_invoice(
            &slug,
            &args.number,
            &config.server.tenant_base_url(slug.as_str()),
        )
        .await?;
    eprintln!(
        "invoice {} queued for {} (the running host delivers it)",
        args.number,
        recipients.join(", ")
    );
    Ok(())
}

async fn tenant_domain(config: &Config, command: DomainCommand) -> CommandResult {
    use billfold::domains;
    let slug = match &command {
        DomainCommand::Add { slug, .. }
        | DomainCommand::Verify { slug, .. }
        | DomainCommand::Prefer { slug, .. }
        | DomainCommand::Remove { slug, .. }
        | DomainCommand::List { slug } => slug.clone(),
    };
    let store = open_existing(config).await?;
    let tenant = store
        .tenant_by_slug(&slug)
        .await?
        .ok_or_else(|| format!("no tenant with slug {slug:?}"))?;
    let now = store.clock().unix();
    match command {
        DomainCommand::Add { hostname, .. } => {
            let added = domains::add(
                store.as_ref(),
                &tenant,
                &hostname,
                Some(&config.server.base_domain),
                now,
            )
            .await?;
            println!(
                "{}\tpending\t{}",
                added.hostname,
                domains::verification_url(&added)
            );
            eprintln!(
                "point {} at the portal (a CNAME to {}, or the proxy in front), then run `billfold tenant domain \
                 verify {slug} {}`",
                added.hostname,
                config.server.tenant_base_url(&slug),
                added.hostname
            );
        }
        DomainCommand::Verify { hostname, .. } => {
            let verifier = config.domains.verifier()?;
            let verified =
                domains::verify(store.as_ref(), &verifier, &tenant, &hostname, now).await?;
            println!("{}\tverified", verified.hostname);
        }
        DomainCommand::Prefer { hostname, .. } => {
            domains::prefer(store.as_ref(), &tenant, &hostname).await?;
            println!("{}\tpreferred", domains::host_name(&hostname));
        }
        DomainCommand::Remove { hostname, .. } => {
            domains::remove(store.as_ref(), &tenant, &hostname).await?;
            println!("{}\tremoved", domains::host_name(&hostname));
        }
        DomainCommand::List { .. } => {
            for d in store.domains(tenant.id).await? {
                let status = if d.verified_at.is_some() {
                    "verified"
                } else {
                    "pending"
                };
                let preferred = if d.preferred { "\tpreferred" } else { "" };
                println!("{}\t{status}{preferred}", d.hostname);
            }
        }
    }
    Ok(())
}

async fn tenant_update(config: &Config, args: TenantUpdateArgs) -> CommandResult {
    let store = open_existing(config).await?;
    let tenant = store
        .tenant_by_slug(&args.slug)
        .await?
        .ok_or_else(|| format!("no tenant with slug {:?}", args.slug))?;
    let mut update = NewTenant {
        slug: tenant.slug.clone(),
        name: tenant.name.clone(),
        theme: tenant.theme.clone(),
        branding: tenant.branding.clone(),
        settings: tenant.settings.clone(),
    };
    if let Some(methods) = &args.sign_in {
        update.settings.sign_in =
            SignInMethods::parse(methods).map_err(|e| format!("--sign-in: {e}"))?;
    }
    if let Some(policy) = &args.subscription_cancel {
        update.settings.subscription_cancel =
            CancelPolicy::parse(policy).map_err(|e| format!("--subscription-cancel: {e}"))?;
    }
    if let Some(when) = &args.autopay_when {
        update.settings.autopay_days_after_issue = match when.trim() {
            "due" => None,
            days => Some(
                days.parse::<u32>()
                    .ok()
                    .filter(|d| *d <= 365)
                    .ok_or("--autopay-when takes `due` or a number of days (0–365) after issue")?,
            ),
        };
    }
    if let Some(lang) = &args.default_locale {
        update.settings.default_locale = billfold::locale::Locale::parse(lang)
            .filter(|l| l.code() == lang.trim().to_ascii_lowercase())
            .ok_or("--default-locale takes en, fr, de or es")?;
    }
    if let Some(n) = args.autopay_max_failures {
        if !(1..=10).contains(&n) {
            return Err("--autopay-max-failures takes 1 to 10".into());
        }
        update.settings.autopay_max_failures = n;
    }
    if let Some(name) = &args.name {
        let name = name.trim();
        if name.is_empty() {
            return Err("--name must not be empty".into());
        }
        update.name = name.to_string();
    }
    // A multi-line text given on one line: `\n` starts a new line; an empty value clears the setting.
    let text = |value: &Option<String>, current: &Option<String>| match value {
        None => current.clone(),
        Some(v) => Some(v.replace("\\n", "\n"))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty()),
    };
    update.branding.address = text(&args.address, &update.branding.address);
    update.branding.tax_id = text(&args.tax_id, &update.branding.tax_id);
    update.branding.remit_to = text(&args.remit_to, &update.branding.remit_to);
    let updated = store.update_tenant(tenant.id, &update).await?;
    eprintln!(
        "updated tenant {} ({}): sign-in {}",
        updated.slug,
        updated.name,
        updated.settings.sign_in.to_storage()
    );
    Ok(())
}

async fn tenant_list(config: &Config) -> CommandResult {
    let store = open_existing(config).await?;
    let tenants = store.list_tenants().await?;
    if tenants.is_empty() {
        eprintln!("no tenants yet: create one with `billfold tenant add SLUG --name NAME`");
        return Ok(());
    }
    let mut rows: Vec<[String; 5]> = Vec::with_capacity(tenants.len());
    for t in &tenants {
        let gateway = store
            .gateway_config(t.id)
            .await?
            .map_or_else(|| "sandbox".to_string(), |(kind, _)| kind);
        rows.push([
            t.slug.to_string(),
            t.name.clone(),
            t.theme.clone(),
            gateway,
            config.server.tenant_base_url(t.slug.as_str()),
        ]);
    }
    let header = ["SLUG", "NAME", "THEME", "GATEWAY", "PORTAL"].map(String::from);
    let widths: Vec<usize> = (0..5)
        .map(|i| {
            rows.iter()
                .chain([&header])
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in std::iter::once(&header).chain(rows.iter()) {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:w$}"))
            .collect();
        println!("{}", line.join("  ").trim_end());
    }
    Ok(())
}

/// A URL given for a gateway: http(s) with a plain origin (it goes into the payment page's security policy).
fn gateway_url(flag: &str, url: &str) -> Result<String, String> {
    let url = url.trim();
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && GatewayConfig::origin_of(url).is_some();
    ok.then(|| url.to_string())
        .ok_or_else(|| format!("{flag} {url:?} is not an http(s) URL"))
}

fn secret(flag: &str, value: &str, prefixes: &[&str]) -> Result<Redacted, String> {
    let value = value.trim();
    if value.is_empty() || value.chars().any(char::is_whitespace) {
        return Err(format!("{flag} is empty or has spaces in it"));
    }
    if !prefixes.is_empty() && !prefixes.iter().any(|p| value.starts_with(p)) {
        return Err(format!(
            "{flag} should start with {}",
            prefixes.join(" or ")
        ));
    }
    Ok(Redacted::new(value))
}

async fn tenant_gateway(config: &Config, dir: &Path, args: TenantGatewayArgs) -> CommandResult {
    let gateway = match args.gateway {
        GatewayChoice::Sandbox => GatewayConfig::Sandbox,
        GatewayChoice::Stripe(a) => GatewayConfig::Stripe(StripeConfig {
            secret_key: secret("--secret-key", &a.secret_key, &["sk_", "rk_"])?,
            publishable_key: secret("--publishable-key", &a.publishable_key, &["pk_"])?
                .expose()
                .to_string(),
            webhook_secret: a
                .webhook_secret
                .as_deref()
                .map(|w| secret("--webhook-secret", w, &["whsec_"]))
                .transpose()?,
            api_base: gateway_url("--api-base", &a.api_base)?,
            js_url: gateway_url("--js-url", &a.js_url)?,
        }),
        GatewayChoice::AuthorizeNet(a) => {
            let (endpoint, js) = if a.test {
                (AUTHORIZE_NET_TEST_API, AUTHORIZE_NET_TEST_JS)
            } else {
                (AUTHORIZE_NET_API, AUTHORIZE_NET_JS)
            };
            GatewayConfig::AuthorizeNet(AuthorizeNetConfig {
                login_id: secret("--login-id", &a.login_id, &[])?.expose().to_string(),
                transaction_key: secret("--transaction-key", &a.transaction_key, &[])?,
                client_key: secret("--client-key", &a.client_key, &[])?
                    .expose()
                    .to_string(),
                signature_key: a
                    .signature_key
                    .as_deref()
                    .map(|k| secret("--signature-key", k, &[]))
                    .transpose()?,
                endpoint: gateway_url("--endpoint", a.endpoint.as_deref().unwrap_or(endpoint))?,
                js_url: gateway_url("--js-url", a.js_url.as_deref().unwrap_or(js))?,
            })
        }
    };
    let store = open_existing(config).await?;
    let tenant = store
        .tenant_by_slug(&args.slug)
        .await?
        .ok_or_else(|| format!("no tenant with slug {:?}", args.slug))?;
    let master = master_key::load_or_create(&config.secrets, dir)?;
    tenants::set_gateway(store.as_ref(), &master, tenant.id, &gateway).await?;
    let base = config.server.tenant_base_url(tenant.slug.as_str());
    println!("gateway={}", gateway.kind());
    match &gateway {
        GatewayConfig::Sandbox => {}
        GatewayConfig::Stripe(_) => eprintln!(
            "{} takes payments through Stripe; send its webhooks (payment_intent.*) to {base}/webhooks/stripe",
            tenant.slug
        ),
        GatewayConfig::AuthorizeNet(_) => eprintln!(
            "{} takes payments through Authorize.Net; send its webhooks (net.authorize.payment.*) to \
             {base}/webhooks/authorize-net",
            tenant.slug
        ),
    }
    Ok(())
}

async fn import(config: &Config, slug: &str, file: &Path) -> CommandResult {
    let json = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let store = open_existing(config).await?;
    let tenant = store
        .tenant_by_slug(slug)
        .await?
        .ok_or_else(|| format!("no tenant with slug {slug:?}"))?;
    let batch = billfold::import::prepare(store.as_ref(), tenant.id, &json).await?;
    let bar = std::io::stdout().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(batch.record_count());
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} records ({per_sec}, {eta} left)",
        ) {
            bar.set_style(style);
        }
        bar
    });
    let progress = |n: u64| {
        if let Some(bar) = &bar {
            bar.set_position(n);
        }
    };
    let summary = store.apply_import(tenant.id, &batch, &progress).await;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let summary = summary?;
    let mut line = format!(
        "imported into {slug}: {} accounts, {} contacts, {} invoices, {} payments",
        summary.accounts, summary.contacts, summary.invoices, summary.payments
    );
    for (count, what) in [
        (summary.subscriptions, "subscriptions"),
        (summary.estimates, "estimates"),
    ] {
        if count > 0 {
            line.push_str(&format!(", {count} {what}"));
        }
    }
    println!("{line}");
    Ok(())
}

async fn sso_url(config: &Config, dir: &Path, args: SsoUrlArgs) -> CommandResult {
    billfold::domain::Email::parse(&args.email)?;
    let store = open_existing(config).await?;
    let tenant = store
        .tenant_by_slug(&args.tenant)
        .await?
        .ok_or_else(|| format!("no tenant with slug {:?}", args.tenant))?;
    let master = master_key::load_or_create(&config.secrets, dir)?;
    let request = SignInRequest {
        tenant: &tenant.slug,
        email: &args.email,
        account: args.account.as_deref(),
        to: args.to.as_deref(),
        ttl_secs: args.ttl,
        scope: None,
    };
    let now = store.clock().unix();
    let mut server = config.server.clone();
    match args.port {
        Some(port) => server.public_port = Some(port),
        None => eprintln!(
            "(the link is for port {}; if the portal listens elsewhere, e.g. `demo --port 8090`, add --port)",
            server.public_port.unwrap_or(server.port)
        ),
    }
    let base = server.tenant_base_url(tenant.slug.as_str());
    let url = tenants::sign_in_url(store.as_ref(), &master, &tenant, &base, &request, now).await?;
    println!("{url}");
    Ok(())
}

/// The tenant and account a member or audit command is about.
async fn tenant_account(
    store: &SharedStore,
    args: &AccountArgs,
) -> Result<(Tenant, Account), Box<dyn std::error::Error>> {
    let tenant = store
        .tenant_by_slug(&args.tenant)
        .await?
        .ok_or_else(|| format!("no tenant with slug {:?}", args.tenant))?;
    let account = store
        .accounts_by_external_ids(tenant.id, std::slice::from_ref(&args.account))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| format!("no account {:?} in tenant {}", args.account, tenant.slug))?;
    Ok((tenant, account))
}

fn access_roles(access: &str) -> Result<Roles, String> {
    Role::parse(access)
        .map(|r| Roles::new([r]))
        .map_err(|_| format!("--access {access:?}: use viewer, accounting or admin"))
}

async fn member(config: &Config, command: MemberCommand) -> CommandResult {
    let store = open_existing(config).await?;
    let actor = Actor::vendor("cli");
    let now = store.clock().unix();
    match command {
        MemberCommand::List(args) => {
            let (tenant, account) = tenant_account(&store, &args).await?;
            let members = store.account_members(tenant.id, account.id).await?;
            for m in members {
                println!("{}\t{}", m.user.email, m.roles.to_storage());
            }
            Ok(())
        }
        MemberCommand::Set(args) => {
            let email = Email::parse(&args.member.email)?;
            let roles = access_roles(&args.access)?;
            let (tenant, account) = tenant_account(&store, &args.member.account).await?;
            let existing = store
                .account_members(tenant.id, account.id)
                .await?
                .into_iter()
                .find(|m| m.user.email == email);
            let entry = |action, detail| NewAuditEntry {
                tenant_id: tenant.id,
                account_id: Some(account.id),
                actor: &actor,
                action,
                detail,
                now,
            };
            match existing {
                Some(m) => {
                    let audit = entry(
                        "member.roles_changed",
                        format!("{email}: {} → {}", m.roles.to_storage(), roles.to_storage()),
                    );
                    store
                        .set_member_roles(tenant.id, account.id, m.user.id, roles, &audit)
                        .await??;
                }
                None => {
                    let audit = entry("member.added", format!("{email} as {}", roles.to_storage()));
                    store
                        .add_member(tenant.id, account.id, &email, &args.name, roles, &audit)
                        .await??;
                }
            }
            println!(
                "{email} has {} access to {}",
                roles.to_storage(),
                account.external_id
            );
            Ok(())
        }
        MemberCommand::Remove(args) => {
            let email = Email::parse(&args.email)?;
            let (tenant, account) = tenant_account(&store, &args.account).await?;
            let user = store
                .account_members(tenant.id, account.id)
                .await?
                .into_iter()
                .find(|m| m.user.email == email)
                .ok_or_else(|| format!("{email} has no access to {}", account.external_id))?;
            let audit = NewAuditEntry {
                tenant_id: tenant.id,
                account_id: Some(account.id),
                actor: &actor,
                action: "member.removed",
                detail: email.as_str().to_string(),
                now,
            };
            store
                .remove_member(tenant.id, account.id, user.user.id, &audit)
                .await??;
            println!("{email} no longer has access to {}", account.external_id);
            Ok(())
        }
    }
}

async fn estimate_list(config: &Config, slug: &str, account: Option<&str>) -> CommandResult {
    let store = open_existing(config).await?;
    let tenant = store
        .tenant_by_slug(slug)
        .await?
        .ok_or_else(|| format!("no tenant with slug {slug:?}"))?;
    let account = match account {
        Some(external_id) => Some(
            tenant_account(
                &store,
                &AccountArgs {
                    tenant: slug.to_string(),
                    account: external_id.to_string(),
                },
            )
            .await?
            .1
            .id,
        ),
        None => None,
    };
    let today = time::OffsetDateTime::now_utc().date();
    let mut after = None;
    loop {
        let page = store.estimates_page(tenant.id, account, after, 500).await?;
        for e in &page {
            let decision = match (&e.approved_name, &e.decline_reason) {
                (Some(name), _) => format!("approved by {name}"),
                (None, Some(reason)) => format!("declined: {reason}"),
                _ => String::new(),
            };
            let code = e.total.currency().code();
            println!(
                "{}\t{}\t{}\t{} {code}\t{} {code}\t{}\t{}\t{}",
                e.number,
                e.account_external_id,
                e.state(today),
                e.total.to_decimal_string(),
                e.deposit.to_decimal_string(),
                e.expires_on,
                e.deposit_invoice.as_deref().unwrap_or("-"),
                decision.replace(['\t', '\n'], " ")
            );
        }
        match page.last() {
            Some(last) if page.len() == 500 => after = Some(last.id),
            _ => break,
        }
    }
    Ok(())
}

async fn audit(config: &Config, args: AuditArgs) -> CommandResult {
    let store = open_existing(config).await?;
    let tenant = store
        .tenant_by_slug(&args.tenant)
        .await?
        .ok_or_else(|| format!("no tenant with slug {:?}", args.tenant))?;
    let account = match &args.account {
        Some(external_id) => Some(
            tenant_account(
                &store,
                &AccountArgs {
                    tenant: args.tenant.clone(),
                    account: external_id.clone(),
                },
            )
            .await?
            .1
            .id,
        ),
        None => None,
    };
    for e in store
        .audit_log(tenant.id, account, None, args.limit.clamp(1, 10_000))
        .await?
    {
        let when = time::OffsetDateTime::from_unix_timestamp(e.created_at)
            .ok()
            .and_then(|t| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .unwrap_or_default();
        println!(
            "{when}\t{}\t{}\t{}\t{}\t{}",
            e.account.as_deref().unwrap_or("-"),
            e.actor,
            e.session.as_deref().unwrap_or("-"),
            e.action,
            e.detail
        );
    }
    Ok(())
}

async fn api_key(config: &Config, command: ApiKeyCommand) -> CommandResult {
    let store = open_existing(config).await?;
    let slug = match &command {
        ApiKeyCommand::Create { tenant } | ApiKeyCommand::List { tenant } => tenant,
        ApiKeyCommand::Revoke { tenant, .. } => tenant,
    };
    let tenant = store
        .tenant_by_slug(slug)
        .await?
        .ok_or_else(|| format!("no tenant with slug {slug:?}"))?;
    match command {
        ApiKeyCommand::Create { .. } => {
            let key = tenants::add_api_key(store.as_ref(), tenant.id).await?;
            eprintln!(
                "created an API key for {}; it is shown only once:",
                tenant.slug
            );
            println!("api_key={}", key.expose());
        }
        ApiKeyCommand::List { .. } => {
            for (prefix, created, revoked) in store.api_keys(tenant.id).await? {
                println!(
                    "{prefix}\t{created}\t{}",
                    if revoked { "revoked" } else { "active" }
                );
            }
        }
        ApiKeyCommand::Revoke { prefix, .. } => {
            if !store.revoke_api_key(tenant.id, &prefix).await? {
                return Err(format!(
                    "no active API key with prefix {prefix:?} in {}",
                    tenant.slug
                )
                .into());
            }
            println!("revoked {prefix}");
        }
    }
    Ok(())
}
