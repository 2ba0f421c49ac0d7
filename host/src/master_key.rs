//! Finds the master key that seals tenants' SSO secrets: from configuration, or from the key file, which is created
//! (readable by its owner only) the first time a secret needs sealing.

use std::io::Write;
use std::path::Path;

use billfold::secrets::MasterKey;

use crate::config::SecretsConfig;

#[derive(Debug, thiserror::Error)]
pub enum MasterKeyError {
    #[error("secrets.master_key is not valid: {0}")]
    Config(billfold::secrets::SecretError),
    #[error("the master key file {path} is not valid: {source}")]
    File {
        path: String,
        source: billfold::secrets::SecretError,
    },
    #[error("cannot use the master key file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Random(billfold::secrets::SecretError),
}

/// Loads the master key; when none is configured and the key file is missing, creates the file and says so on
/// stderr (the secrets it seals cannot be recovered without it).
pub fn load_or_create(config: &SecretsConfig, dir: &Path) -> Result<MasterKey, MasterKeyError> {
    if let Some(key) = &config.master_key {
        return MasterKey::parse(key.expose()).map_err(MasterKeyError::Config);
    }
    let path = dir.join(&config.master_key_file);
    let shown = path.display().to_string();
    match std::fs::read_to_string(&path) {
        Ok(text) => MasterKey::parse(&text).map_err(|source| MasterKeyError::File {
            path: shown,
            source,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = MasterKey::generate().map_err(MasterKeyError::Random)?;
            write_private(&path, &key.encode()).map_err(|source| MasterKeyError::Io {
                path: shown.clone(),
                source,
            })?;
            eprintln!(
                "note: created a new master key in {shown}. It encrypts the tenants' SSO secrets: back it up and \
                 keep it private, or set BILLFOLD__SECRETS__MASTER_KEY in production."
            );
            Ok(key)
        }
        Err(source) => Err(MasterKeyError::Io {
            path: shown,
            source,
        }),
    }
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(contents.as_bytes())?;
    file.write_all(b"\n")
}
