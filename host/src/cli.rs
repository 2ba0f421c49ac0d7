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
        after_help = "Examples:\n  billfold tenant add acme --name \"Acme Corp\"\n  billfold tenant list"
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
    /// Print a signed sign-in URL for a user (valid once, for --ttl seconds).
    #[command(
        name = "sso-url",
        after_help = "Example:\n  billfold sso-url --tenant acme --email pat@initech.example --account C-100 --to /invoices/INV-1001"
    )]
    SsoUrl(SsoUrlArgs),
}

#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Create a tenant; prints its API key and SSO signing secret once, as key=value lines.
    #[command(
        after_help = "Example:\n  billfold tenant add acme --name \"Acme Corp\" --theme default"
    )]
    Add(Box<TenantAddArgs>),
    /// List tenants with their portal address.
    #[command(after_help = "Example:\n  billfold tenant list")]
    List,
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
    /// Unpaid invoices older than this many days are Past Due.
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
}
