//! Reading the `.eml` files the portal writes to its outbox with a real MIME parser (`mail-parser`), so tests see
//! a message the way a mail client would: decoded headers, the display name apart from the address, every part.

use std::path::{Path, PathBuf};

use mail_parser::{MessageParser, MimeHeaders, PartType};

/// One delivered message as a mail client reads it.
#[derive(Debug, Clone)]
pub struct Mail {
    pub file: PathBuf,
    pub from_name: Option<String>,
    pub from_address: String,
    pub to: Vec<String>,
    pub subject: String,
    /// The decoded text of the `text/plain` part.
    pub text: String,
    /// The decoded `text/html` part, if the message has one.
    pub html: Option<String>,
    /// Content types of the message's leaf parts, in order (`text/plain`, `text/html`, …).
    pub parts: Vec<String>,
}

impl Mail {
    pub fn parse(file: &Path) -> Mail {
        let bytes = std::fs::read(file).expect("read .eml");
        let message = MessageParser::default()
            .parse(&bytes)
            .unwrap_or_else(|| panic!("{} is not a MIME message", file.display()));
        let from = message
            .from()
            .and_then(|a| a.first())
            .expect("a From address");
        let parts = message
            .parts
            .iter()
            .filter(|p| !matches!(p.body, PartType::Multipart(_)))
            .map(|p| {
                p.content_type()
                    .map(|ct| format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("")))
                    .unwrap_or_else(|| "text/plain".to_string())
            })
            .collect();
        let html = (message.html_body_count() > 0
            && message
                .html_body
                .first()
                .and_then(|i| message.parts.get(*i as usize))
                .is_some_and(|p| matches!(p.body, PartType::Html(_))))
        .then(|| message.body_html(0).unwrap_or_default().into_owned());
        Mail {
            file: file.to_path_buf(),
            from_name: from.name().map(str::to_string),
            from_address: from.address().unwrap_or_default().to_string(),
            to: message
                .to()
                .map(|a| {
                    a.iter()
                        .filter_map(|m| m.address().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            subject: message.subject().unwrap_or_default().to_string(),
            text: message.body_text(0).unwrap_or_default().into_owned(),
            html,
            parts,
        }
    }

    /// The first line of the text part containing `needle`, trimmed (e.g. a sign-in link).
    pub fn line_with(&self, needle: &str) -> Option<String> {
        self.text
            .lines()
            .find(|l| l.contains(needle))
            .map(|l| l.trim().to_string())
    }
}

/// Every message in `dir`, in file-name order.
pub fn outbox(dir: &Path) -> Vec<Mail> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("outbox")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    files.sort();
    files.iter().map(|f| Mail::parse(f)).collect()
}
