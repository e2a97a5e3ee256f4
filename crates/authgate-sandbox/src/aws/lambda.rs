//! Lambda (REST-JSON, `/2015-03-31/functions…`): create, read, update and delete
//! functions; `Invoke` and the permissions live in the submodules. Functions are always
//! `Active` with `LastUpdateStatus: Successful`, so the SDK waiters return at once.

mod code_check;
mod concurrency;
mod config;
mod create;
mod functions;
mod invoke;
mod shared;

use axum::Router;
use axum::routing::{get, post, put};

use crate::aws::state::AwsState;
use crate::aws::unknown::unknown;
pub(crate) use functions::code;
pub(crate) use invoke::run_function;

pub fn routes() -> Router<AwsState> {
    Router::new()
        .route(
            "/2015-03-31/functions",
            get(functions::list).post(create::create).fallback(unknown),
        )
        .route(
            "/2015-03-31/functions/",
            get(functions::list).fallback(unknown),
        )
        .route(
            "/2015-03-31/functions/{name}",
            get(functions::read)
                .delete(functions::delete)
                .fallback(unknown),
        )
        .route(
            "/2015-03-31/functions/{name}/configuration",
            get(functions::read_configuration)
                .put(config::update_configuration)
                .fallback(unknown),
        )
        .route(
            "/2015-03-31/functions/{name}/code",
            put(config::update_code).fallback(unknown),
        )
        .route(
            "/2015-03-31/functions/{name}/invocations",
            post(invoke::invoke).fallback(unknown),
        )
        .route(
            "/2017-10-31/functions/{name}/concurrency",
            put(concurrency::put)
                .delete(concurrency::delete)
                .fallback(unknown),
        )
        .route(
            "/2019-09-30/functions/{name}/concurrency",
            get(concurrency::get).fallback(unknown),
        )
        .route(
            "/2015-03-31/functions/{name}/policy",
            get(config::get_policy)
                .post(config::add_permission)
                .fallback(unknown),
        )
}
