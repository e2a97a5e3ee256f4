//! The device login (RFC 8628 as Auth0 implements it) over 127.0.0.1: the protocol's
//! answers, the `/activate` page's steps and its CSRF refusal, and a real headless
//! Chromium signing in.

// Test helpers panic on what they cannot set up, with the reason as the message.
#![allow(clippy::expect_used)]

mod device_login {
    pub mod browser;
    pub mod cdp;
    pub mod fixture;
    pub mod oauth2_client;
    pub mod page;
    pub mod protocol;
    pub mod spa;
}
