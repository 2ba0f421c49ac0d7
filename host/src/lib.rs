//! `billfold-host`: the white-label multi-tenant portal host and its command line. Wiring only: configuration,
//! tenancy by subdomain, CLI and start-up; the product lives in the `billfold` crate.

pub mod cli;
pub mod commands;
pub mod config;
pub mod demo;
pub mod http;
pub mod master_key;
pub mod server;

use std::process::ExitCode;

use clap::Parser;

/// Runs the command line with the process's arguments, in the working directory.
pub async fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    init_tracing();
    match commands::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("BILLFOLD_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour only on a terminal: a log redirected to a file has no escape codes.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
}
