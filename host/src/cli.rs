//! The `billfold` command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "billfold",
    version,
    about = "Billfold: the self-hosted customer billing portal",
    long_about = "Billfold: the self-hosted customer billing portal.\n\n\
        Every command reads billfold.toml in the working directory if present, then BILLFOLD__SECTION__KEY \
        environment variables (which win), then --database-url. The default database is sqlite://billfold.db.",
    after_help = "Examples:\n  billfold migrate\n  billfold tenant add acme --name \"Acme Corp\"\n  \
        billfold import --tenant acme customers.json\n  billfold sso-url --tenant acme --email pat@initech.example\n  \
        billfold --database-url postgres://postgres@127.0.0.1/billfold serve --port 8080"
)]
pub struct Cli {
    /// Database to use, overriding configuration: sqlite://PATH or postgres://USER@HOST/DB.
    #[arg(long, global = true, value_name = "URL")]
    pub database_url: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the portal host (tenants on subdomains of server.base_domain).
    #[command(
        after_help = "Example:\n  billfold serve --port 8080   # then open http://acme.localhost:8080/healthz"
    )]
    Serve {
        /// Port to listen on, overriding server.port.
        #[arg(long)]
        port: Option<u16>,
    },
    /// Create (idempotently) demo tenants, accounts, users and invoices, then serve, printing a sign-in URL for
    /// each demo user.
    #[command(
        after_help = "Example:\n  billfold demo   # then open one of the printed sign-in URLs"
    )]
    Demo {
        /// Port to listen on, overriding server.port.
        #[arg(long)]
        port: Option<u16>,
    },
    /// Apply database migrations and exit.
    #[command(
        after_help = "Example:\n  billfold --database-url postgres://postgres@127.0.0.1/billfold migrate"
    )]
    Migrate,
    /// Create and list tenants (vendors).
    #[command(
        subcommand,
        after_help = "Examples:\n  billfold tenant add acme --name \"Acme Corp\"\n  billfold tenant list\n  \
            billfold tenant gateway acme sandbox"
    )]
    Tenant(TenantCommand),
    /// Load accounts, contacts, invoices and offline payments from a JSON file (all or nothing; re-importing
    /// updates).
    #[command(
        after_help = "Example:\n  billfold import --tenant acme customers.json\n\n\
        The file format is described in README.md (section \"Import file\")."
    )]
    Import {
        /// The tenant's slug.
        #[arg(long)]
        tenant: String,
        /// The JSON file to import.
        file: PathBuf,
    },
    /// Email an invoice to its account's contacts, each with a View Invoice link (the running host delivers it).
    #[command(
        subcommand,
        after_help = "Example:\n  billfold invoice send --tenant acme INV-1001"
    )]
    Invoice(InvoiceCommand),
    /// Print a signed sign-in URL for a user (valid once, for --ttl seconds).
    #[command(
        name = "sso-url",
        after_help = "Example:\n  billfold sso-url --tenant acme --email pat@initech.example --account C-100 --to /invoices/INV-1001"
    )]
    SsoUrl(SsoUrlArgs),
    /// Give a user access to a customer account, change it, or take it away (what the account's own admins do on
    /// the portal's Users page). Audited as the vendor.
    #[command(
        subcommand,
        after_help = "Examples:\n  billfold member set --tenant acme --account C-100 --email pat@initech.example --access accounting\n  \
            billfold member remove --tenant acme --account C-100 --email pat@initech.example\n  \
            billfold member list --tenant acme --account C-100"
    )]
    Member(MemberCommand),
    /// Create, list and revoke a tenant's REST API keys (several may be active, so keys can rotate).
    #[command(
        name = "api-key",
        subcommand,
        after_help = "Examples:\n  billfold api-key create --tenant acme      # prints api_key=… once\n  \
            billfold api-key list --tenant acme\n  billfold api-key revoke --tenant acme --prefix bfk_AbCdEfGh"
    )]
    ApiKey(ApiKeyCommand),
    /// List estimates and the customers' decisions (approved by whom, declined why, deposit invoice).
    #[command(
        subcommand,
        after_help = "Examples:\n  billfold estimate list --tenant acme\n  billfold estimate list --tenant acme --account C-100"
    )]
    Estimate(EstimateCommand),
    /// Print the audit log (payments, payment methods, users and roles), newest first.
    #[command(
        after_help = "Examples:\n  billfold audit --tenant acme\n  billfold audit --tenant acme --account C-100 --limit 20"
    )]
    Audit(AuditArgs),
}

#[derive(Debug, Subcommand)]
pub enum DomainCommand {
    /// Add a domain, pending verification; prints where the portal will look for its token.
    #[command(after_help = "Example:\n  billfold tenant domain add acme billing.acme.example")]
    Add {
        /// The tenant's slug.
        slug: String,
        /// The host name.
        hostname: String,
    },
    /// Verify a domain once it points at the portal (the portal must reach itself through it).
    #[command(after_help = "Example:\n  billfold tenant domain verify acme billing.acme.example")]
    Verify {
        /// The tenant's slug.
        slug: String,
        /// The host name.
        hostname: String,
    },
    /// Build links and emails on this verified domain.
    #[command(after_help = "Example:\n  billfold tenant domain prefer acme billing.acme.example")]
    Prefer {
        /// The tenant's slug.
        slug: String,
        /// The host name.
        hostname: String,
    },
    /// Remove a domain.
    #[command(after_help = "Example:\n  billfold tenant domain remove acme billing.acme.example")]
    Remove {
        /// The tenant's slug.
        slug: String,
        /// The host name.
        hostname: String,
    },
    /// The tenant's domains: host name, status, preferred.
    #[command(after_help = "Example:\n  billfold tenant domain list acme")]
    List {
        /// The tenant's slug.
        slug: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum EstimateCommand {
    /// One line per estimate, oldest first: number, account, status, total, deposit, valid until, decision.
    #[command(after_help = "Example:\n  billfold estimate list --tenant acme --account C-100")]
    List {
        /// The tenant's slug.
        #[arg(long)]
        tenant: String,
        /// Only this account (vendor's external id).
        #[arg(long, value_name = "EXTERNAL_ID")]
        account: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ApiKeyCommand {
    /// Create a key; prints `api_key=…` once (only its hash is stored).
    #[command(after_help = "Example:\n  billfold api-key create --tenant acme")]
    Create {
        /// The tenant's slug.
        #[arg(long)]
        tenant: String,
    },
    /// List keys by prefix, with when they were made and whether they are revoked.
    #[command(after_help = "Example:\n  billfold api-key list --tenant acme")]
    List {
        /// The tenant's slug.
        #[arg(long)]
        tenant: String,
    },
    /// Revoke a key (by the prefix `list` shows); requests with it are refused at once.
    #[command(
        after_help = "Example:\n  billfold api-key revoke --tenant acme --prefix bfk_AbCdEfGh"
    )]
    Revoke {
        /// The tenant's slug.
        #[arg(long)]
        tenant: String,
        /// The key's first characters, as `list` shows them.
        #[arg(long)]
        prefix: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Add the user (created if new) to the account with this access, or change their access.
    #[command(
        after_help = "Example:\n  billfold member set --tenant acme --account C-100 --email pat@initech.example --access admin"
    )]
    Set(MemberSetArgs),
    /// Take the user's access to the account away (never the account's last admin).
    #[command(
        after_help = "Example:\n  billfold member remove --tenant acme --account C-100 --email pat@initech.example"
    )]
    Remove(MemberArgs),
    /// List the account's users and their access.
    #[command(after_help = "Example:\n  billfold member list --tenant acme --account C-100")]
    List(AccountArgs),
}

#[derive(Debug, Args)]
pub struct AccountArgs {
    /// The tenant's slug.
    #[arg(long)]
    pub tenant: String,
    /// The account (vendor's external id).
    #[arg(long, value_name = "EXTERNAL_ID")]
    pub account: String,
}

#[derive(Debug, Args)]
pub struct MemberArgs {
    #[command(flatten)]
    pub account: AccountArgs,
    /// The user's email.
    #[arg(long)]
    pub email: String,
}

#[derive(Debug, Args)]
pub struct MemberSetArgs {
    #[command(flatten)]
    pub member: MemberArgs,
    /// viewer, accounting or admin.
    #[arg(long)]
    pub access: String,
    /// The user's name (for a new user).
    #[arg(long, default_value = "")]
    pub name: String,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The tenant's slug.
    #[arg(long)]
    pub tenant: String,
    /// Only this account (vendor's external id).
    #[arg(long, value_name = "EXTERNAL_ID")]
    pub account: Option<String>,
    /// How many entries.
    #[arg(long, default_value_t = 50)]
    pub limit: i64,
}

#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Create a tenant; prints its API key and SSO signing secret once, as key=value lines.
    #[command(
        after_help = "Example:\n  billfold tenant add acme --name \"Acme Corp\" --theme default"
    )]
    Add(Box<TenantAddArgs>),
    /// List tenants with their portal address and payment gateway.
    #[command(after_help = "Example:\n  billfold tenant list")]
    List,
    /// A tenant's own domains (billing.acme.example): add one, point it at the portal (a CNAME, or the proxy in
    /// front), verify it, choose the one links are built on, remove one.
    #[command(
        subcommand,
        after_help = "Examples:\n  billfold tenant domain add acme billing.acme.example\n  \
            billfold tenant domain verify acme billing.acme.example\n  billfold tenant domain list acme"
    )]
    Domain(DomainCommand),
    /// Choose the payment gateway a tenant takes payments through, with its credentials (stored encrypted under
    /// the master key, never printed). Secrets are best passed in environment variables.
    #[command(after_help = "Examples:\n  billfold tenant gateway acme sandbox\n  \
        BILLFOLD_STRIPE_SECRET_KEY=sk_live_... BILLFOLD_STRIPE_WEBHOOK_SECRET=whsec_... \\\n    \
        billfold tenant gateway acme stripe --publishable-key pk_live_...\n  \
        BILLFOLD_ANET_TRANSACTION_KEY=... BILLFOLD_ANET_SIGNATURE_KEY=... \\\n    \
        billfold tenant gateway acme authorize-net --login-id 5KP3u95bQpv --client-key 6Ge...\n\n\
        Point the gateway's webhooks at <portal>/webhooks/stripe or <portal>/webhooks/authorize-net.")]
    Gateway(TenantGatewayArgs),
    /// Change a tenant's settings; options left out stay as they are.
    #[command(
        after_help = "Examples:\n  billfold tenant update acme --sign-in password,email-link\n  \
        billfold tenant update acme --sign-in email-link    (no passwords: emailed links only)\n  \
        billfold tenant update acme --sign-in none          (only the vendor's SSO links)\n  \
        billfold tenant update acme --address '1 Dock Rd\\nSpringfield, IL 62701' --tax-id 'EIN 12-3456789'\n  \
        billfold tenant update acme --subscription-cancel not_allowed\n  \
        billfold tenant update acme --autopay-when 7 --autopay-max-failures 3\n  \
        billfold tenant update acme --default-locale de"
    )]
    Update(TenantUpdateArgs),
}

#[derive(Debug, Args)]
pub struct TenantUpdateArgs {
    /// The tenant's slug.
    pub slug: String,
    /// How customers may sign in on the portal's own page: password, email-link (comma-separated), or none.
    /// The vendor's SSO links always work.
    #[arg(long, value_name = "METHODS")]
    pub sign_in: Option<String>,
    /// Display name shown to customers.
    #[arg(long)]
    pub name: Option<String>,
    /// The vendor's postal address on invoices, receipts and statements; lines separated by `\n` ("" clears it).
    #[arg(long)]
    pub address: Option<String>,
    /// The vendor's tax id (VAT, EIN, GST…) on invoices, receipts and statements ("" clears it).
    #[arg(long)]
    pub tax_id: Option<String>,
    /// Other ways to pay (remit-to address, bank details) on invoices and statements; lines separated by `\n`.
    #[arg(long)]
    pub remit_to: Option<String>,
    /// How customers may cancel subscriptions in the portal: at_period_end, immediately or not_allowed.
    #[arg(long, value_name = "POLICY")]
    pub subscription_cancel: Option<String>,
    /// When AutoPay pays an invoice: `due` (on its due date) or a number of days after it was issued.
    #[arg(long, value_name = "due|DAYS")]
    pub autopay_when: Option<String>,
    /// After how many failed AutoPay attempts in a row it stops (1–10).
    #[arg(long, value_name = "N")]
    pub autopay_max_failures: Option<u32>,
    /// The portal's language when neither the user's choice nor the browser says (en, fr, de, es); also the language
    /// of mail to accounts the vendor gave none.
    #[arg(long, value_name = "LANG")]
    pub default_locale: Option<String>,
}

#[derive(Debug, Args)]
pub struct TenantGatewayArgs {
    /// The tenant's slug.
    pub slug: String,
    #[command(subcommand)]
    pub gateway: GatewayChoice,
}

#[derive(Debug, Subcommand)]
pub enum GatewayChoice {
    /// The built-in sandbox: a TEST MODE page with test cards; no real money moves.
    Sandbox,
    /// Stripe: the Payment Element in the browser, PaymentIntents confirmed by Billfold.
    Stripe(StripeArgs),
    /// Authorize.Net: the Accept hosted form in the browser, createTransactionRequest by Billfold.
    #[command(name = "authorize-net")]
    AuthorizeNet(AuthorizeNetArgs),
}

#[derive(Debug, Args)]
pub struct StripeArgs {
    /// Secret key, sk_live_… / sk_test_… (or a restricted rk_… key).
    #[arg(long, env = "BILLFOLD_STRIPE_SECRET_KEY", hide_env_values = true)]
    pub secret_key: String,
    /// Publishable key, pk_live_… / pk_test_… (given to Stripe.js in the browser).
    #[arg(long)]
    pub publishable_key: String,
    /// The webhook endpoint's signing secret, whsec_… (webhooks are refused without it).
    #[arg(long, env = "BILLFOLD_STRIPE_WEBHOOK_SECRET", hide_env_values = true)]
    pub webhook_secret: Option<String>,
    /// Stripe's API (a local stand-in for testing, e.g. localstripe).
    #[arg(long, default_value = billfold::gateway::config::STRIPE_API)]
    pub api_base: String,
    /// Stripe.js.
    #[arg(long, default_value = billfold::gateway::config::STRIPE_JS)]
    pub js_url: String,
}

#[derive(Debug, Args)]
pub struct AuthorizeNetArgs {
    /// API Login ID.
    #[arg(long)]
    pub login_id: String,
    /// Transaction Key.
    #[arg(long, env = "BILLFOLD_ANET_TRANSACTION_KEY", hide_env_values = true)]
    pub transaction_key: String,
    /// Public Client Key (given to Accept in the browser).
    #[arg(long)]
    pub client_key: String,
    /// Signature Key for webhooks (webhooks are refused without it).
    #[arg(long, env = "BILLFOLD_ANET_SIGNATURE_KEY", hide_env_values = true)]
    pub signature_key: Option<String>,
    /// Use Authorize.Net's sandbox (apitest / jstest) instead of production.
    #[arg(long)]
    pub test: bool,
    /// The API endpoint, overriding production or --test.
    #[arg(long)]
    pub endpoint: Option<String>,
    /// AcceptUI.js, overriding production or --test.
    #[arg(long)]
    pub js_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct TenantAddArgs {
    /// Subdomain label: lower-case letters, digits and hyphens.
    pub slug: String,
    /// Display name shown to customers.
    #[arg(long)]
    pub name: String,
    /// Theme folder under themes/.
    #[arg(long, default_value = "default")]
    pub theme: String,
    /// Default currency (ISO 4217).
    #[arg(long, default_value = "USD")]
    pub currency: String,
    /// Days after issue an invoice without a due date is due (an unpaid invoice is Past Due after its due date).
    #[arg(long, default_value_t = 45)]
    pub past_due_after_days: u32,
    /// Customers must pay invoices in full (no partial payments).
    #[arg(long)]
    pub full_payments_only: bool,
    /// Support phone shown in the portal's "Need Help?" block.
    #[arg(long)]
    pub support_phone: Option<String>,
    /// Support email shown in the portal's "Need Help?" block.
    #[arg(long)]
    pub support_email: Option<String>,
    /// Support hours shown in the portal's "Need Help?" block.
    #[arg(long)]
    pub support_hours: Option<String>,
    /// Brand colour for the header and buttons, `#rrggbb`.
    #[arg(long)]
    pub primary_color: Option<String>,
    /// Logo image URL (https).
    #[arg(long)]
    pub logo_url: Option<String>,
    /// Origins allowed to frame the portal, space-separated (e.g. "https://app.vendor.example").
    #[arg(long)]
    pub frame_ancestors: Option<String>,
    /// How customers may sign in on the portal's own page: password, email-link (comma-separated), or none.
    #[arg(long, value_name = "METHODS", default_value = "password,email-link")]
    pub sign_in: String,
}

#[derive(Debug, Args)]
pub struct SsoUrlArgs {
    /// The tenant's slug.
    #[arg(long)]
    pub tenant: String,
    /// The user's email.
    #[arg(long)]
    pub email: String,
    /// The account (vendor's external id) to open.
    #[arg(long, value_name = "EXTERNAL_ID")]
    pub account: Option<String>,
    /// Seconds the link stays valid (at most 3600).
    #[arg(long, default_value_t = 300)]
    pub ttl: i64,
    /// A path inside the portal to land on, e.g. /invoices/INV-1001.
    #[arg(long)]
    pub to: Option<String>,
    /// The port the portal is reached on, when not server.public_port / server.port (e.g. `demo --port 8090`).
    #[arg(long)]
    pub port: Option<u16>,
}

#[derive(Debug, Subcommand)]
pub enum InvoiceCommand {
    /// Email the invoice to its account's contacts with a View Invoice link each (valid
    /// `mail.invoice_link_days`), which opens that invoice only.
    #[command(after_help = "Example:\n  billfold invoice send --tenant acme INV-1001")]
    Send(InvoiceSendArgs),
}

#[derive(Debug, Args)]
pub struct InvoiceSendArgs {
    /// The tenant's slug.
    #[arg(long)]
    pub tenant: String,
    /// The invoice's number.
    pub number: String,
}
