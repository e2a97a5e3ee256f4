//! The domain: Auth0, AWS, JWT verification, IAM policies and the authorizer bundle.
//!
//! Nothing under here imports ratatui, crossterm or the app/ui/tasks modules, and every
//! network client takes its base URL or endpoint as a parameter.
pub mod auth0;
pub mod aws;
pub mod bundle;
pub mod jwt;
pub mod policy;
