//! Configuration: built-in defaults, then `billfold.toml` in the working directory, then `BILLFOLD__SECTION__KEY`
//! environment variables (the environment wins), then command-line overrides.

use std::fmt;
use std::path::Path;

use billfold::secrets::Redacted;
use billfold::store::redact_url;
use serde::Deserialize;

pub const CONFIG_FILE: &str = "billfold.toml";
const ENV_PREFIX: &str = "BILLFOLD";
const ENV_SEPARATOR: &str = "__";

#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    pub database: DatabaseConfig,
    pub server: ServerConfig,
    pub secrets: SecretsConfig,
    pub sessions: SessionsConfig,
    pub mail: MailConfig,
    pub api: ApiConfig,
    pub webhooks: WebhooksConfig,
    pub sandbox: SandboxConfig,
    pub domains: DomainsConfig,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DomainsConfig {
    /// The port verification fetches a custom domain's token from (80: the proxy in front answers plain HTTP).
    pub verify_port: u16,
    /// Connect to this address instead of where public DNS points when verifying (a private deployment, tests);
    /// empty: public DNS.
    pub verify_connect_to: String,
}

impl DomainsConfig {
    /// The verifier these settings describe.
    pub fn verifier(&self) -> Result<billfold::domains::DomainVerifier, String> {
        let connect_to =
            match self.verify_connect_to.trim() {
                "" => None,
                ip => Some(ip.parse().map_err(|_| {
                    format!("domains.verify_connect_to: {ip:?} is not an IP address")
                })?),
            };
        Ok(billfold::domains::DomainVerifier {
            port: self.verify_port,
            connect_to,
            ..billfold::domains::DomainVerifier::default()
        })
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct SandboxConfig {
    /// Milliseconds added to every call to the built-in sandbox gateway, to simulate a real gateway's latency.
    pub latency_ms: u64,
}

#[derive(Clone, Deserialize)]
pub struct DatabaseConfig {
    /// `sqlite://billfold.db` (the default, created if missing) or `postgres://…`.
    pub url: String,
    /// The pool's size; unset, the store's default (SQLite 4, PostgreSQL 10).
    pub max_connections: Option<u32>,
    /// Apply migrations when the host starts (`billfold migrate` applies them explicitly).
    pub run_migrations: bool,
}

impl fmt::Debug for DatabaseConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseConfig")
            .field("url", &redact_url(&self.url))
            .field("max_connections", &self.max_connections)
            .field("run_migrations", &self.run_migrations)
            .finish()
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct ServerConfig {
    pub bind: String,
    pub port: u16,
    /// Tenant `acme` is served at `acme.<base_domain>`.
    pub base_domain: String,
    /// `http` or `https`, used in links the host prints (sign-in URLs).
    pub public_scheme: String,
    /// The port in printed links, when a proxy listens on another port than `port`.
    pub public_port: Option<u16>,
    /// Folder of operator themes (`<dir>/<name>/templates`, `<dir>/<name>/static`) added to the built-in ones.
    pub themes_dir: String,
    /// Seconds a connection has to send a complete request head, after connecting or after its previous response
    /// (so also how long an idle keep-alive connection stays open).
    pub header_read_timeout_secs: u64,
    /// Seconds a client has to send a request body (slower gets 408).
    pub body_read_timeout_secs: u64,
    /// Largest request body in bytes (larger gets 413).
    pub max_body_bytes: usize,
    /// Connections held open at once; lowered at start-up to stay under the open-file limit.
    pub max_connections: usize,
    /// Addresses of reverse proxies in front of the host, comma-separated: their `X-Forwarded-For` names the
    /// client (the sign-in throttle counts failures per client address). Empty: the socket's peer is the client.
    pub trusted_proxies: String,
}

impl ServerConfig {
    /// The trusted proxies' addresses, or which entry is not one.
    pub fn trusted_proxy_addresses(&self) -> Result<Vec<std::net::IpAddr>, String> {
        self.trusted_proxies
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| {
                a.parse()
                    .map_err(|_| format!("server.trusted_proxies: {a:?} is not an IP address"))
            })
            .collect()
    }
}

#[derive(Clone, Deserialize)]
pub struct MailConfig {
    /// Folder the host writes outgoing mail to, one `.eml` file per message, when no SMTP relay is set.
    pub outbox_dir: String,
    /// The SMTP relay (`smtp://host:587?tls=required`, `smtps://host:465`); empty: mail goes to `outbox_dir`.
    pub smtp_url: String,
    /// The relay's login (best from `BILLFOLD__MAIL__SMTP_USERNAME`).
    pub smtp_username: String,
    /// The relay's password (best from `BILLFOLD__MAIL__SMTP_PASSWORD`).
    pub smtp_password: String,
    /// The address mail is sent from (the tenant's name is its display name, its support email the Reply-To);
    /// empty: each tenant's support email.
    pub from_address: String,
    /// How many days the View Invoice link of an invoice email works.
    pub invoice_link_days: u32,
}

impl fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailConfig")
            .field("outbox_dir", &self.outbox_dir)
            .field(
                "smtp_url",
                &self
                    .smtp_url
                    .split_once('@')
                    .map_or(self.smtp_url.as_str(), |(_, host)| host),
            )
            .field("smtp_username", &self.smtp_username)
            .field("smtp_password", &"[redacted]")
            .field("from_address", &self.from_address)
            .field("invoice_link_days", &self.invoice_link_days)
            .finish()
    }
}

impl MailConfig {
    /// Where the host's mail goes: the SMTP relay if one is set, else `dir`/`outbox_dir`.
    pub fn delivery(
        &self,
        dir: &std::path::Path,
    ) -> Result<billfold::web::MailDelivery, billfold::web::MailError> {
        if self.smtp_url.trim().is_empty() {
            return Ok(billfold::web::MailDelivery::Folder(
                dir.join(&self.outbox_dir),
            ));
        }
        let credentials = (!self.smtp_username.is_empty())
            .then(|| (self.smtp_username.clone(), self.smtp_password.clone()));
        let from = Some(self.from_address.trim()).filter(|a| !a.is_empty());
        Ok(billfold::web::MailDelivery::Smtp(
            billfold::web::SmtpRelay::new(self.smtp_url.trim(), credentials, from)?,
        ))
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct ApiConfig {
    /// Requests each API key may make per minute (shared by every host process on the database); more get 429
    /// with Retry-After.
    pub rate_limit_per_minute: u32,
}

#[derive(Debug, Clone, Deserialize)]
pub struct WebhooksConfig {
    /// Let tenants' webhook endpoints point at loopback and private-network addresses. Off by default, so an
    /// endpoint can't reach the host's own network; turn on only for development.
    pub allow_private_addresses: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SessionsConfig {
    /// A portal session ends after this many seconds without a request.
    pub idle_timeout_secs: u64,
    /// …and this many seconds after sign-in, however active.
    pub absolute_timeout_secs: u64,
}

impl ServerConfig {
    /// The portal's address for one tenant, e.g. `http://acme.localhost:8080`.
    pub fn tenant_base_url(&self, slug: &str) -> String {
        let port = self.public_port.unwrap_or(self.port);
        let default_port = matches!(
            (self.public_scheme.as_str(), port),
            ("http", 80) | ("https", 443)
        );
        let port = if default_port {
            String::new()
        } else {
            format!(":{port}")
        };
        format!("{}://{slug}.{}{port}", self.public_scheme, self.base_domain)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct SecretsConfig {
    /// 32 bytes, base64 or hex. Takes precedence over `master_key_file`.
    pub master_key: Option<Redacted>,
    /// Where the master key is kept when `master_key` is not set; created on first use if missing.
    pub master_key_file: String,
}

/// The keys the configuration knows, for warning about mistyped environment variables.
const KNOWN_KEYS: &[&str] = &[
    "database.url",
    "database.max_connections",
    "database.run_migrations",
    "server.bind",
    "server.port",
    "server.base_domain",
    "server.public_scheme",
    "server.public_port",
    "server.themes_dir",
    "server.header_read_timeout_secs",
    "server.body_read_timeout_secs",
    "server.max_body_bytes",
    "server.max_connections",
    "server.trusted_proxies",
    "sandbox.latency_ms",
    "sessions.idle_timeout_secs",
    "mail.outbox_dir",
    "mail.smtp_url",
    "mail.smtp_username",
    "mail.smtp_password",
    "mail.from_address",
    "mail.invoice_link_days",
    "sessions.absolute_timeout_secs",
    "secrets.master_key",
    "secrets.master_key_file",
    "api.rate_limit_per_minute",
    "webhooks.allow_private_addresses",
    "domains.verify_port",
    "domains.verify_connect_to",
];

impl Config {
    /// Loads the layered configuration from `dir` (the working directory in the CLI).
    pub fn load(dir: &Path) -> Result<Config, config::ConfigError> {
        let builder = config::Config::builder()
            .set_default("database.url", "sqlite://billfold.db")?
            .set_default("database.run_migrations", true)?
            .set_default("server.bind", "127.0.0.1")?
            .set_default("server.port", 8080)?
            .set_default("server.base_domain", "localhost")?
            .set_default("server.public_scheme", "http")?
            .set_default("server.themes_dir", "themes")?
            .set_default("server.header_read_timeout_secs", 10)?
            .set_default("server.body_read_timeout_secs", 30)?
            .set_default("server.max_body_bytes", 2 << 20)?
            .set_default("server.max_connections", 4096)?
            .set_default("server.trusted_proxies", "")?
            .set_default("sandbox.latency_ms", 0)?
            .set_default("secrets.master_key_file", "billfold.key")?
            .set_default("sessions.idle_timeout_secs", 30 * 60)?
            .set_default("mail.outbox_dir", "mail-outbox")?
            .set_default("mail.smtp_url", "")?
            .set_default("mail.smtp_username", "")?
            .set_default("mail.smtp_password", "")?
            .set_default("mail.from_address", "")?
            .set_default("mail.invoice_link_days", 30)?
            .set_default("sessions.absolute_timeout_secs", 12 * 60 * 60)?
            .set_default("api.rate_limit_per_minute", 600)?
            .set_default("webhooks.allow_private_addresses", false)?
            .set_default("domains.verify_port", 80)?
            .set_default("domains.verify_connect_to", "")?
            .add_source(
                config::File::from(dir.join(CONFIG_FILE))
                    .format(config::FileFormat::Toml)
                    .required(false),
            )
            .add_source(
                config::Environment::with_prefix(ENV_PREFIX)
                    .prefix_separator(ENV_SEPARATOR)
                    .separator(ENV_SEPARATOR)
                    .try_parsing(true),
            );
        let config: Config = builder.build()?.try_deserialize()?;
        config
            .server
            .trusted_proxy_addresses()
            .map_err(config::ConfigError::Message)?;
        config
            .domains
            .verifier()
            .map_err(config::ConfigError::Message)?;
        Ok(config)
    }

    /// Environment variables that look like Billfold settings but match none (probably mistyped).
    pub fn unknown_env_vars() -> Vec<String> {
        let prefix = format!("{ENV_PREFIX}{ENV_SEPARATOR}");
        std::env::vars()
            .filter_map(|(k, _)| {
                let key = k
                    .strip_prefix(&prefix)?
                    .to_lowercase()
                    .replace(ENV_SEPARATOR, ".");
                (!KNOWN_KEYS.contains(&key.as_str())).then_some(k)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_redacts_secrets_and_database_passwords() {
        let dir = std::env::temp_dir().join(format!("billfold-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(CONFIG_FILE),
            "[database]\nurl = \"postgres://app:hunter2@db.internal/billfold\"\n\
             [secrets]\nmaster_key = \"c2VjcmV0LW1hc3Rlci1rZXktbWF0ZXJpYWwtMzItYnl0ZXM=\"\n",
        )
        .unwrap();
        let config = Config::load(&dir).unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains("c2VjcmV0"), "{shown}");
        assert!(
            shown.contains("postgres://app:[redacted]@db.internal/billfold"),
            "{shown}"
        );
        assert_eq!(
            config.server.tenant_base_url("acme"),
            "http://acme.localhost:8080"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
