//! The one way authgate builds an HTTP client. reqwest runs on rustls without a bundled
//! crypto provider (so `ring` is not compiled in next to aws-lc); rustls's aws-lc provider is
//! installed here, once per process, before the first client is built. A `reqwest::Client`
//! built any other way panics with "No provider set" — clippy's `disallowed-methods` points
//! at these functions instead.

/// Installs aws-lc-rs as the process's rustls crypto provider; later calls do nothing.
pub fn install_crypto_provider() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        // Err: a provider was already installed (by a dependent); that one stays.
        drop(rustls::crypto::aws_lc_rs::default_provider().install_default());
    });
}

/// `reqwest::Client::builder()`, with the crypto provider installed.
#[allow(clippy::disallowed_methods)]
pub fn client_builder() -> reqwest::ClientBuilder {
    install_crypto_provider();
    reqwest::Client::builder()
}

/// `reqwest::Client::new()`: the default client, with the crypto provider installed.
#[allow(clippy::disallowed_methods)]
pub fn client() -> reqwest::Client {
    install_crypto_provider();
    reqwest::Client::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_build_with_the_aws_lc_provider_installed() {
        let _plain = client();
        let _https = client_builder()
            .https_only(true)
            .build()
            .expect("an https client builds");
        let provider = rustls::crypto::CryptoProvider::get_default().expect("installed");
        // aws-lc-rs's provider offers X25519MLKEM768 (post-quantum); ring's does not.
        assert!(
            provider
                .kx_groups
                .iter()
                .any(|group| format!("{:?}", group.name()).contains("MLKEM")),
            "{:?}",
            provider.kx_groups
        );
    }
}
