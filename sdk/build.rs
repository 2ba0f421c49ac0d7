//! Embeds `migrations/{sqlite,postgres}/NNNN_name.sql` into the crate so the SDK and the binary carry their schema.

use std::fmt::Write;
use std::path::Path;
use std::{env, fs};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("migrations");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut out = String::new();
    for dialect in ["sqlite", "postgres"] {
        let dir = root.join(dialect);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .map(|e| e.expect("readable directory entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "sql"))
            .collect();
        files.sort();
        writeln!(
            out,
            "pub const {}: &[Migration] = &[",
            dialect.to_uppercase()
        )
        .unwrap();
        for file in files {
            let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
            let (version, name) = stem
                .split_once('_')
                .expect("migration files are named NNNN_name.sql");
            let version: i64 = version
                .parse()
                .expect("migration file names start with a number");
            let path = file.canonicalize().unwrap();
            writeln!(
                out,
                "    Migration {{ version: {version}, name: {name:?}, sql: include_str!({:?}) }},",
                path.display().to_string()
            )
            .unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    fs::write(
        Path::new(&env::var("OUT_DIR").unwrap()).join("migrations.rs"),
        out,
    )
    .unwrap();
}
