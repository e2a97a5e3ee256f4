//! The secured API as a browser app meets it: gateway responses (CORS on 401/403/500),
//! preflights that skip the authorizer, what a proxy backend learns about the caller. Built
//! through the SDK and the AWS CLI against the sandbox, the same control-plane calls against
//! moto.

mod backend;
mod chromium;
mod cli;
mod handmade;
mod moto;
mod sdk;
pub mod stack;
mod web;
