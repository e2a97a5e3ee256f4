use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> color_eyre::Result<ExitCode> {
    // color_eyre first: the TUI's ratatui::init() chains its terminal-restoring hook over it.
    authgate::report_hook().install()?;
    // rustls's aws-lc provider, before any TLS client exists (reqwest carries none of its own).
    authgate_core::http::install_crypto_provider();
    let cli = authgate::cli::Cli::parse();
    // Boxed in the library: one large future, on the heap, compiled there (see `run`).
    authgate::run(cli).await
}
