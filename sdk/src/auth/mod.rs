//! Signing in without the vendor: passwords (Argon2id, NIST SP 800-63B rules), and the throttle that slows down
//! guessing. The pages are in `web::pages::password`; single-use links live with the sessions in the store.

pub mod passwords;
pub mod throttle;

pub use passwords::{PasswordHasher, PasswordProblem};
pub use throttle::{Throttle, TooManyAttempts};
