//! Passwords: checked against NIST SP 800-63B (at least 8 characters, at most 128, no composition rules, not one of
//! the 10,000 most common passwords), hashed with Argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane) off
//! the async runtime, a few at a time so a burst of sign-ins cannot starve the server.
//!
//! `common_passwords.txt` is the first 10,000 passwords of 8 or more characters (lowercased) from the OWASP
//! SecLists project's `10_million_password_list_top_1M.txt` (Daniel Miessler and Jason Haddix, CC BY-SA 3.0).

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use argon2::password_hash::{PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

use crate::secrets::{random_bytes, SecretError};

/// The fewest characters a password may have.
pub const MIN_CHARS: usize = 8;
/// The most characters a password may have (NIST asks for at least 64 to be allowed).
pub const MAX_CHARS: usize = 128;

const COMMON: &str = include_str!("common_passwords.txt");

fn common() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| COMMON.lines().filter(|l| !l.is_empty()).collect())
}

/// Why a new password is refused; the message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    /// Fewer than [`MIN_CHARS`] characters.
    #[error("Use at least 8 characters.")]
    TooShort,
    /// More than [`MAX_CHARS`] characters.
    #[error("Use at most 128 characters.")]
    TooLong,
    /// One of the most common passwords.
    #[error(
        "That password is one of the most commonly used, so it is easy to guess. Choose another."
    )]
    Common,
}

/// Checks a new password against the rules.
pub fn check_new(password: &str) -> Result<(), PasswordProblem> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    if common().contains(password.to_lowercase().as_str()) {
        return Err(PasswordProblem::Common);
    }
    Ok(())
}

fn argon2() -> Argon2<'static> {
    // OWASP's first recommendation for Argon2id: m = 19 MiB, t = 2, p = 1.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes and verifies passwords on the blocking pool, at most `permits` at a time.
#[derive(Debug, Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    /// A hash of a random password, verified against when the email is unknown so both take the same time.
    decoy: Arc<str>,
}

/// Hashing failed (the runtime is shutting down, or no random bytes).
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

impl From<SecretError> for HashError {
    fn from(e: SecretError) -> Self {
        HashError(e.to_string())
    }
}

impl PasswordHasher {
    /// A hasher running at most `concurrent` hashes at once.
    pub fn new(concurrent: usize) -> PasswordHasher {
        // The decoy needs no secrecy, only the same cost as a real hash: a fixed salt will do.
        let decoy = SaltString::from_b64("YmlsbGZvbGQtZGVjb3k")
            .ok()
            .and_then(|salt| {
                argon2()
                    .hash_password(b"billfold decoy", &salt)
                    .ok()
                    .map(|h| h.to_string())
            })
            .unwrap_or_default();
        PasswordHasher {
            permits: Arc::new(Semaphore::new(concurrent.max(1))),
            decoy: Arc::from(decoy),
        }
    }

    /// The PHC string of `password` (`$argon2id$v=19$m=19456,t=2,p=1$…`).
    pub async fn hash(&self, password: &str) -> Result<String, HashError> {
        let password = password.to_string();
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| HashError(e.to_string()))?;
        tokio::task::spawn_blocking(move || hash_now(&password))
            .await
            .map_err(|e| HashError(e.to_string()))?
    }

    /// Whether `password` matches `stored`; with no stored hash (an unknown email, a user without a password) it
    /// verifies against a decoy and answers `false` in the same time.
    pub async fn verify(&self, password: &str, stored: Option<&str>) -> bool {
        let (password, known) = (password.to_string(), stored.is_some());
        let hash = stored.map_or_else(|| self.decoy.to_string(), str::to_string);
        let Ok(_permit) = self.permits.acquire().await else {
            return false;
        };
        let matched = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&hash)
                .map(|parsed| {
                    argon2()
                        .verify_password(password.as_bytes(), &parsed)
                        .is_ok()
                })
                .unwrap_or(false)
        })
        .await
        .unwrap_or(false);
        known && matched
    }
}

fn hash_now(password: &str) -> Result<String, HashError> {
    let salt =
        SaltString::encode_b64(&random_bytes::<16>()?).map_err(|e| HashError(e.to_string()))?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_follow_nist() {
        assert_eq!(check_new("short7!"), Err(PasswordProblem::TooShort));
        assert_eq!(check_new("Password1"), Err(PasswordProblem::Common));
        assert_eq!(check_new("qwertyuiop"), Err(PasswordProblem::Common));
        assert_eq!(check_new(&"a".repeat(129)), Err(PasswordProblem::TooLong));
        assert!(
            check_new(&"ab".repeat(32)).is_ok(),
            "64 characters are allowed"
        );
        assert!(
            check_new("correct horse battery").is_ok(),
            "no composition rules"
        );
        assert!(check_new("ünïcødé pass").is_ok());
    }

    #[tokio::test]
    async fn hashes_verify_and_decoys_never_match() {
        let hasher = PasswordHasher::new(2);
        let hash = hasher.hash("a long passphrase").await.expect("hash");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(hasher.verify("a long passphrase", Some(&hash)).await);
        assert!(!hasher.verify("another passphrase", Some(&hash)).await);
        assert!(!hasher.verify("a long passphrase", None).await);
        assert!(!hasher.verify("x", Some("not a hash")).await);
    }
}
