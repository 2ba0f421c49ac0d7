//! Secret material: API keys (stored only as hashes), SSO signing secrets (sealed under the master key) and the
//! master key itself. Every type here redacts itself in `Debug`.

use std::fmt;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use sha2::{Digest, Sha256};

#[derive(Debug, thiserror::Error)]
/// Why a secret could not be made or opened.
pub enum SecretError {
    #[error("the operating system's random number generator failed: {0}")]
    /// The system's random number generator failed.
    Random(String),
    #[error("the master key must be 32 bytes, base64- or hex-encoded")]
    /// The master key is not 32 bytes in base64 or hex.
    BadMasterKey,
    #[error("a sealed secret could not be opened: wrong master key or corrupted data")]
    /// Wrong master key, or the sealed bytes were changed.
    Unseal,
}

/// `N` bytes from the operating system's CSPRNG.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], SecretError> {
    let mut buf = [0u8; N];
    getrandom::getrandom(&mut buf).map_err(|e| SecretError::Random(e.to_string()))?;
    Ok(buf)
}

/// A random URL-safe token of `N` random bytes with a readable prefix, e.g. `bfk_…`.
pub fn random_token<const N: usize>(prefix: &str) -> Result<String, SecretError> {
    Ok(format!(
        "{prefix}{}",
        URL_SAFE_NO_PAD.encode(random_bytes::<N>()?)
    ))
}

/// A string that must not appear in logs: `Debug` and `Display` print `[redacted]`.
#[derive(Clone, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(transparent)]
pub struct Redacted(String);

impl Redacted {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Redacted {
        Redacted(s.into())
    }

    /// The secret itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// A freshly generated tenant API key: the plaintext is shown once; only `hash` is stored.
pub struct NewApiKey {
    /// The key, shown once.
    pub plaintext: Redacted,
    /// The first characters, stored so an operator can tell keys apart.
    pub prefix: String,
    /// SHA-256 of the key: what is stored.
    pub hash: [u8; 32],
}

impl NewApiKey {
    /// A new key with 256 random bits.
    pub fn generate() -> Result<NewApiKey, SecretError> {
        let plaintext = random_token::<32>("bfk_")?;
        Ok(NewApiKey {
            prefix: plaintext[..12].to_string(),
            hash: hash_api_key(&plaintext),
            plaintext: Redacted(plaintext),
        })
    }
}

/// API keys carry 256 random bits, so a plain SHA-256 is a sufficient one-way hash (no password stretching needed).
pub fn hash_api_key(plaintext: &str) -> [u8; 32] {
    Sha256::digest(plaintext.as_bytes()).into()
}

/// A freshly generated SSO signing key. The HMAC key is the bytes of `secret` exactly as printed.
pub struct NewSsoKey {
    /// The key's id (the JWT's `kid`).
    pub key_id: String,
    /// The HMAC secret, shown once.
    pub secret: Redacted,
}

impl NewSsoKey {
    /// A new key with a random id and 256 random bits.
    pub fn generate() -> Result<NewSsoKey, SecretError> {
        Ok(NewSsoKey {
            key_id: random_token::<9>("kid_")?,
            secret: Redacted(random_token::<32>("bfs_")?),
        })
    }
}

/// The key that seals secrets at rest (ChaCha20-Poly1305).
#[derive(Clone)]
pub struct MasterKey([u8; 32]);

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey([redacted])")
    }
}

const SEAL_VERSION: u8 = 1;

impl MasterKey {
    /// A new random master key.
    pub fn generate() -> Result<MasterKey, SecretError> {
        Ok(MasterKey(random_bytes::<32>()?))
    }

    /// Parses 32 bytes written as base64 (standard or URL-safe) or as 64 hex digits.
    pub fn parse(encoded: &str) -> Result<MasterKey, SecretError> {
        let s = encoded.trim();
        let bytes = if s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
            (0..32)
                .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16))
                .collect::<Result<Vec<u8>, _>>()
                .map_err(|_| SecretError::BadMasterKey)?
        } else {
            STANDARD
                .decode(s)
                .or_else(|_| URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')))
                .map_err(|_| SecretError::BadMasterKey)?
        };
        let key: [u8; 32] = bytes.try_into().map_err(|_| SecretError::BadMasterKey)?;
        Ok(MasterKey(key))
    }

    /// The base64 form written to a key file.
    pub fn encode(&self) -> String {
        STANDARD.encode(self.0)
    }

    /// Encrypts `plaintext`; `context` (e.g. tenant id and key id) is authenticated, so a sealed value copied to
    /// another row does not open.
    pub fn seal(&self, plaintext: &[u8], context: &[u8]) -> Result<Vec<u8>, SecretError> {
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.0));
        let nonce = random_bytes::<12>()?;
        let ciphertext = cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: context,
                },
            )
            .map_err(|_| SecretError::Unseal)?;
        let mut out = Vec::with_capacity(1 + nonce.len() + ciphertext.len());
        out.push(SEAL_VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ciphertext);
        Ok(out)
    }

    /// Opens what [`MasterKey::seal`] sealed with the same `context`.
    pub fn open(&self, sealed: &[u8], context: &[u8]) -> Result<Vec<u8>, SecretError> {
        if sealed.len() < 13 || sealed[0] != SEAL_VERSION {
            return Err(SecretError::Unseal);
        }
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&self.0));
        cipher
            .decrypt(
                Nonce::from_slice(&sealed[1..13]),
                Payload {
                    msg: &sealed[13..],
                    aad: context,
                },
            )
            .map_err(|_| SecretError::Unseal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secret_opens_only_with_same_key_and_context() {
        let key = MasterKey::generate().unwrap();
        let sealed = key.seal(b"bfs_secret", b"tenant:1:kid_a").unwrap();
        assert!(!sealed.windows(10).any(|w| w == b"bfs_secret"));
        assert_eq!(key.open(&sealed, b"tenant:1:kid_a").unwrap(), b"bfs_secret");
        assert!(key.open(&sealed, b"tenant:2:kid_a").is_err());
        let other = MasterKey::generate().unwrap();
        assert!(other.open(&sealed, b"tenant:1:kid_a").is_err());
        assert_eq!(
            MasterKey::parse(&key.encode())
                .unwrap()
                .open(&sealed, b"tenant:1:kid_a")
                .unwrap(),
            b"bfs_secret"
        );
    }

    #[test]
    fn debug_never_prints_secrets() {
        let k = NewApiKey::generate().unwrap();
        assert!(!format!("{:?}", k.plaintext).contains("bfk_"));
        assert!(format!("{:?}", MasterKey::generate().unwrap()).contains("redacted"));
        assert_eq!(k.hash, hash_api_key(k.plaintext.expose()));
    }
}
