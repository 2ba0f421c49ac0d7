use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    billfold_host::main().await
}
