//! Tera themes. A theme is `themes/<name>/templates/*.html` plus `themes/<name>/static/*`. Every theme starts from
//! `default` and replaces only the templates and files it has, so a vendor re-skins a tenant with a stylesheet and a
//! template or two. The `default` and `harbor` themes are compiled in; an operator's folder adds or overrides themes.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use std::sync::Arc;

use tera::Tera;

use super::i18n::{Catalog, Translate};
use crate::locale::Locale;

#[derive(Debug, thiserror::Error)]
/// Why themes could not be loaded.
pub enum ThemeError {
    #[error("theme {theme:?}: {message}")]
    /// A template failed to compile.
    Template {
        /// The theme.
        theme: String,
        /// What is wrong.
        message: String,
    },
    #[error("theme folder {path}: {source}")]
    /// A theme file could not be read.
    Io {
        /// The file or folder.
        path: String,
        /// The error.
        source: std::io::Error,
    },
}

pub(crate) struct Asset {
    pub bytes: Cow<'static, [u8]>,
    pub content_type: &'static str,
    /// Its bytes' ETag, worked out once.
    pub etag: String,
}

pub(crate) struct Theme {
    /// The template sources (default's, replaced by the theme's own), checked when the theme loaded.
    templates: Vec<(String, Cow<'static, str>)>,
    /// The templates compiled once per locale, each with `t` bound to that locale's catalogue, on the locale's first
    /// use: a copy per theme and locale was most of the server's memory, and most portals use one or two.
    teras: Vec<(Locale, std::sync::OnceLock<Tera>)>,
    /// The messages of each locale (the theme's over default's).
    catalogs: Vec<Arc<Catalog>>,
    pub assets: HashMap<String, Asset>,
    /// Whether the theme has its own `theme.css`, loaded after `portal.css`.
    pub has_theme_css: bool,
}

/// A theme's templates compiled with `t` (functions must exist before templates that call them compile).
fn compile(
    templates: &[(String, Cow<'static, str>)],
    t: impl tera::Function + 'static,
) -> Result<Tera, tera::Error> {
    let mut tera = Tera::default();
    tera.register_function("t", t);
    tera.add_raw_templates(templates.iter().map(|(f, t)| (f.as_str(), t.as_ref())))?;
    Ok(tera)
}

/// The themes a portal renders with, by name.
pub struct Themes {
    themes: HashMap<String, Theme>,
}

impl Theme {
    /// The templates that render in `locale` (compiled on its first use).
    pub(crate) fn tera(&self, locale: Locale) -> Result<&Tera, tera::Error> {
        let Some((_, cell)) = self.teras.iter().find(|(l, _)| *l == locale) else {
            return Err(tera::Error::msg(format!(
                "no templates for {}",
                locale.code()
            )));
        };
        if let Some(tera) = cell.get() {
            return Ok(tera);
        }
        let catalog = self
            .catalogs
            .iter()
            .find(|c| c.locale() == locale)
            .ok_or_else(|| tera::Error::msg(format!("no messages for {}", locale.code())))?;
        let tera = compile(&self.templates, Translate(catalog.clone()))?;
        // Two requests may compile at once: one copy is kept, the other dropped.
        Ok(cell.get_or_init(|| tera))
    }

    /// The messages of `locale`.
    pub(crate) fn catalog(&self, locale: Locale) -> &Catalog {
        self.catalogs
            .iter()
            .find(|c| c.locale() == locale)
            .or_else(|| self.catalogs.first())
            .expect("a theme has a catalogue for every locale")
    }
}

/// One theme's source files: templates, message catalogues (`en.ftl`…) and static files by name.
#[derive(Default, Clone)]
struct Source {
    templates: Vec<(String, Cow<'static, str>)>,
    locales: Vec<(String, Cow<'static, str>)>,
    assets: Vec<(String, Cow<'static, [u8]>)>,
}

macro_rules! embedded_theme {
    ($name:literal, templates: [$($t:literal),* $(,)?], static: [$($s:literal),* $(,)?]) => {
        Source {
            templates: vec![$(($t.to_string(), Cow::Borrowed(include_str!(
                concat!("../../themes/", $name, "/templates/", $t))))),*],
            assets: vec![$(($s.to_string(), Cow::Borrowed(&include_bytes!(
                concat!("../../themes/", $name, "/static/", $s))[..]))),*],
            locales: Vec::new(),
        }
    };
}

/// An embedded theme's catalogues, one per locale (`themes/<name>/locales/<lang>.ftl`).
macro_rules! embedded_locales {
    ($name:literal) => {
        vec![
            embedded_locales!(@one $name, "en.ftl"),
            embedded_locales!(@one $name, "fr.ftl"),
            embedded_locales!(@one $name, "de.ftl"),
            embedded_locales!(@one $name, "es.ftl"),
        ]
    };
    (@one $name:literal, $file:literal) => {
        (
            $file.to_string(),
            Cow::Borrowed(include_str!(concat!("../../themes/", $name, "/locales/", $file))),
        )
    };
}

fn embedded_sources() -> Vec<(&'static str, Source)> {
    let mut default = embedded_default();
    default.locales = embedded_locales!("default");
    let (name, mut harbor) = embedded_harbor();
    harbor.locales = embedded_locales!("harbor");
    vec![("default", default), (name, harbor)]
}

fn embedded_harbor() -> (&'static str, Source) {
    (
        "harbor",
        embedded_theme!("harbor", templates: ["header.html", "help.html"], static: ["theme.css"]),
    )
}

fn embedded_default() -> Source {
    embedded_theme!("default",
                templates: ["base.html", "header.html", "account_menu.html", "help.html", "macros.html", "dashboard.html",
                            "invoice.html", "payments.html", "message.html", "pay.html", "confirm.html",
                            "sandbox.html", "gateway_fields.html", "authenticate.html", "payment_methods.html", "users.html", "activity.html", "sign_in_link.html",
                            "sign_in.html", "forgot_password.html", "reset_password.html", "security.html",
                            "email_sign_in_link.txt", "email_password_reset.txt", "email_invoice.txt", "email_invoice.html",
                            "email_sign_in_link.html", "email_password_reset.html", "email_invitation.html", "email_base.html",
                            "email_invitation.txt", "receipt.html", "email_receipt.txt",
                            "email_receipt.html", "statement.html", "vendor_details.html", "email_notice.txt", "email_notice.html", "subscriptions.html", "subscription_cancel.html", "estimates.html", "estimate.html", "autopay.html"],
                static: ["portal.css", "favicon.svg", "gateway-fields.js", "portal.js"])
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("woff2") => "font/woff2",
        Some("js") => "text/javascript; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn read_dir_files(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, ThemeError> {
    let io = |source| ThemeError::Io {
        path: dir.display().to_string(),
        source,
    };
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        if entry.file_type().map_err(io)?.is_file() {
            let name = entry.file_name().to_string_lossy().into_owned();
            out.push((name, std::fs::read(entry.path()).map_err(io)?));
        }
    }
    Ok(out)
}

impl Themes {
    /// The themes compiled into this crate.
    pub fn embedded() -> Result<Themes, ThemeError> {
        Themes::build(
            embedded_sources()
                .into_iter()
                .map(|(n, s)| (n.to_string(), s))
                .collect(),
        )
    }

    /// The compiled-in themes overlaid with the themes in `dir` (one folder per theme). A missing `dir` is fine.
    pub fn with_dir(dir: &Path) -> Result<Themes, ThemeError> {
        let mut sources: HashMap<String, Source> = embedded_sources()
            .into_iter()
            .map(|(n, s)| (n.to_string(), s))
            .collect();
        if dir.is_dir() {
            let entries = std::fs::read_dir(dir).map_err(|source| ThemeError::Io {
                path: dir.display().to_string(),
                source,
            })?;
            for entry in entries.flatten() {
                if !entry.path().is_dir() {
                    continue;
                }
                let name = entry.file_name().to_string_lossy().into_owned();
                let source = sources.entry(name.clone()).or_default();
                for (file, bytes) in read_dir_files(&entry.path().join("templates"))? {
                    let text = String::from_utf8(bytes).map_err(|_| ThemeError::Template {
                        theme: name.clone(),
                        message: format!("{file} is not UTF-8"),
                    })?;
                    source.templates.push((file, Cow::Owned(text)));
                }
                for (file, bytes) in read_dir_files(&entry.path().join("static"))? {
                    source.assets.push((file, Cow::Owned(bytes)));
                }
                for (file, bytes) in read_dir_files(&entry.path().join("locales"))? {
                    let text = String::from_utf8(bytes).map_err(|_| ThemeError::Template {
                        theme: name.clone(),
                        message: format!("locales/{file} is not UTF-8"),
                    })?;
                    source.locales.push((file, Cow::Owned(text)));
                }
            }
        }
        Themes::build(sources.into_iter().collect())
    }

    fn build(sources: Vec<(String, Source)>) -> Result<Themes, ThemeError> {
        let base = sources
            .iter()
            .find(|(n, _)| n == "default")
            .map(|(_, s)| s.clone())
            .unwrap_or_default();
        let mut themes = HashMap::new();
        for (name, source) in &sources {
            let fail = |e: tera::Error| ThemeError::Template {
                theme: name.clone(),
                message: error_chain(&e),
            };
            // Later entries replace earlier ones by name: default first, then the theme's own.
            let mut templates: HashMap<String, Cow<'static, str>> = HashMap::new();
            for (file, text) in base.templates.iter().chain(source.templates.iter()) {
                templates.insert(file.clone(), text.clone());
            }
            let templates: Vec<(String, Cow<'static, str>)> = templates.into_iter().collect();
            // Compiled once here so a broken template stops the start; each locale compiles its own on first use.
            compile(&templates, |_: &HashMap<String, tera::Value>| {
                Ok(tera::Value::Null)
            })
            .map_err(fail)?;
            let mut teras = Vec::with_capacity(Locale::ALL.len());
            let mut catalogs = Vec::with_capacity(Locale::ALL.len());
            for locale in Locale::ALL {
                let file = format!("{}.ftl", locale.code());
                let sources: Vec<(&str, &str)> = base
                    .locales
                    .iter()
                    .chain(source.locales.iter())
                    .filter(|(f, _)| *f == file)
                    .map(|(f, t)| (f.as_str(), t.as_ref()))
                    .collect();
                let catalog = Arc::new(Catalog::new(locale, &sources).map_err(|message| {
                    ThemeError::Template {
                        theme: name.clone(),
                        message,
                    }
                })?);
                teras.push((locale, std::sync::OnceLock::new()));
                catalogs.push(catalog);
            }
            let mut assets = HashMap::new();
            for (file, bytes) in base.assets.iter().chain(source.assets.iter()) {
                assets.insert(
                    file.clone(),
                    Asset {
                        bytes: bytes.clone(),
                        content_type: content_type(file),
                        etag: crate::web::conditional::etag(&[bytes]),
                    },
                );
            }
            let has_theme_css = assets.contains_key("theme.css");
            themes.insert(
                name.clone(),
                Theme {
                    templates,
                    teras,
                    catalogs,
                    assets,
                    has_theme_css,
                },
            );
        }
        if !themes.contains_key("default") {
            return Err(ThemeError::Template {
                theme: "default".into(),
                message: "the default theme is missing".into(),
            });
        }
        Ok(Themes { themes })
    }

    /// The theme called `name`, or `default` when there is none by that name.
    pub(crate) fn get(&self, name: &str) -> &Theme {
        match self.themes.get(name) {
            Some(t) => t,
            None => &self.themes["default"],
        }
    }

    /// The real name of the theme `name` resolves to.
    pub(crate) fn resolve<'a>(&self, name: &'a str) -> &'a str {
        if self.themes.contains_key(name) {
            name
        } else {
            "default"
        }
    }

    /// The themes' names, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.themes.keys().cloned().collect();
        names.sort();
        names
    }
}

/// A tera error with its causes, which name the template and the line.
pub(crate) fn error_chain(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}
