//! Applies the embedded migrations in order, once each, recording a checksum so an edited migration is noticed.

use sha2::{Digest, Sha256};

/// One embedded migration file.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

impl Migration {
    pub fn checksum(&self) -> Vec<u8> {
        Sha256::digest(self.sql.as_bytes()).to_vec()
    }
}

pub mod embedded {
    use super::Migration;
    include!(concat!(env!("OUT_DIR"), "/migrations.rs"));
}
