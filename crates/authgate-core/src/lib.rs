//! authgate-core: the authorizer contract in Rust — what the bundled Lambda authorizer does,
//! so the CLI, the wizard and the sandbox judge a token the same way. JWT decode and verify
//! with the JWKS cache and its refetch throttle ([`jwt`]), reason codes, IAM policy build and
//! evaluation ([`policy`]), the deterministic authorizer zip ([`bundle`]), the tutorial's
//! shared facts ([`tutorial`]) and atomic 0600 writes ([`fs`]). No UI, no AWS SDK, no server.

pub mod bundle;
pub mod corpus;
pub mod fs;
pub mod hint;
pub mod http;
pub mod jwt;
pub mod loopback;
pub mod policy;
pub mod tutorial;
