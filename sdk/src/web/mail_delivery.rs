//! Where composed mail goes: a folder of `.eml` files (the demo's default, and what tests read) or an SMTP relay
//! (lettre over tokio and rustls: `smtp://host:587?tls=required` for STARTTLS, `smtps://host:465` for TLS,
//! `smtp://localhost:25` in the clear). Every message keeps its queue id in its `Message-ID`, the same on every
//! attempt, so a receiver can recognise a repeat.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

#[derive(Debug, thiserror::Error)]
/// Why mail could not be delivered.
pub enum MailError {
    #[error(transparent)]
    /// The store failed.
    Store(#[from] crate::StoreError),
    #[error("mail template: {0}")]
    /// A mail template failed to render.
    Template(String),
    #[error("building the message: {0}")]
    /// The message could not be built (an invalid address).
    Build(String),
    #[error("writing {path}: {source}")]
    /// The message could not be written.
    Io {
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
}

/// How queued mail is delivered.
#[derive(Clone)]
pub enum MailDelivery {
    /// Written as `.eml` files into this folder (created if missing).
    Folder(PathBuf),
    /// Sent through an SMTP relay.
    Smtp(SmtpRelay),
}

impl fmt::Debug for MailDelivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MailDelivery::Folder(dir) => f.debug_tuple("Folder").field(dir).finish(),
            MailDelivery::Smtp(relay) => f.debug_tuple("Smtp").field(&relay.shown).finish(),
        }
    }
}

impl From<PathBuf> for MailDelivery {
    fn from(dir: PathBuf) -> Self {
        MailDelivery::Folder(dir)
    }
}

impl From<&PathBuf> for MailDelivery {
    fn from(dir: &PathBuf) -> Self {
        MailDelivery::Folder(dir.clone())
    }
}

impl From<&Path> for MailDelivery {
    fn from(dir: &Path) -> Self {
        MailDelivery::Folder(dir.to_path_buf())
    }
}

impl From<&str> for MailDelivery {
    fn from(dir: &str) -> Self {
        MailDelivery::Folder(PathBuf::from(dir))
    }
}

/// An SMTP relay and the address mail is sent from.
#[derive(Clone)]
pub struct SmtpRelay {
    transport: std::sync::Arc<AsyncSmtpTransport<Tokio1Executor>>,
    from: Option<Address>,
    /// The URL without credentials, for logs.
    shown: String,
}

impl SmtpRelay {
    /// A relay at `url` (`smtp://`, `smtps://`; `?tls=required` for STARTTLS), logging in with `credentials`
    /// (username, password) if given. `from` is the envelope and `From` address of every message (the tenant's
    /// name is its display name, the tenant's support email its `Reply-To`); without it the tenant's support email
    /// is the `From`.
    pub fn new(
        url: &str,
        credentials: Option<(String, String)>,
        from: Option<&str>,
    ) -> Result<SmtpRelay, MailError> {
        let invalid = |what: &str, e: &dyn fmt::Display| MailError::Build(format!("{what}: {e}"));
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| invalid("smtp url", &e))?
            .timeout(Some(Duration::from_secs(20)));
        if let Some((user, password)) = credentials {
            builder = builder.credentials(Credentials::new(user, password));
        }
        let from = from
            .map(|a| {
                a.parse::<Address>()
                    .map_err(|e| invalid("from address", &e))
            })
            .transpose()?;
        let shown = match url.split_once('@') {
            Some((scheme_and_user, host)) => {
                let scheme = scheme_and_user.split("://").next().unwrap_or("smtp");
                format!("{scheme}://…@{host}")
            }
            None => url.to_string(),
        };
        Ok(SmtpRelay {
            transport: std::sync::Arc::new(builder.build()),
            from,
            shown,
        })
    }
}

/// How one attempt went.
pub(crate) enum Sent {
    /// Written to this file.
    File(PathBuf),
    /// Accepted by the relay.
    Relayed,
}

/// Why one attempt failed.
pub(crate) enum SendFailure {
    /// Try again later (the relay is down, busy, or said 4xx).
    Transient(String),
    /// Will never work (the relay refused the message or recipient with a 5xx).
    Permanent(String),
}

impl MailDelivery {
    /// The address every message is sent from, when the delivery sets one.
    pub(crate) fn sender(&self) -> Option<&Address> {
        match self {
            MailDelivery::Folder(_) => None,
            MailDelivery::Smtp(relay) => relay.from.as_ref(),
        }
    }

    /// Delivers one message; `file_name` names it in a folder.
    pub(crate) async fn send(
        &self,
        message: &Message,
        file_name: &str,
    ) -> Result<Sent, SendFailure> {
        match self {
            MailDelivery::Folder(dir) => {
                let path = dir.join(file_name);
                std::fs::create_dir_all(dir)
                    .and_then(|()| std::fs::write(&path, message.formatted()))
                    .map(|()| Sent::File(path.clone()))
                    .map_err(|e| SendFailure::Transient(format!("writing {}: {e}", path.display())))
            }
            MailDelivery::Smtp(relay) => match relay.transport.send(message.clone()).await {
                Ok(_) => Ok(Sent::Relayed),
                Err(e) if e.is_permanent() => Err(SendFailure::Permanent(e.to_string())),
                Err(e) => Err(SendFailure::Transient(e.to_string())),
            },
        }
    }
}
