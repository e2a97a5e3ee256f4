//! API Gateway (REST-JSON, `/restapis…`): the routes, each kind of object in a file of its
//! own (REST APIs, resources, methods, integrations, gateway responses, authorizers,
//! deployments and stages, the console's tests); `lookup` is what they all read first.

mod api_summary;
mod authorizers;
mod checks;
mod gateway_responses;
mod integrations;
mod lookup;
mod methods;
mod mock;
mod openapi;
mod patch;
mod resources;
mod rest_apis;
mod stages;
mod test_authorizer;
mod test_invoke;
mod views;

use axum::Router;
use axum::routing::get;

use crate::aws::state::AwsState;
use crate::aws::unknown::unknown;
pub(crate) use test_authorizer::function_arn;

pub fn routes() -> Router<AwsState> {
    Router::new()
        .route(
            "/restapis",
            get(rest_apis::list)
                .post(rest_apis::import_or_create)
                .fallback(unknown),
        )
        .route(
            "/restapis/{api}",
            get(rest_apis::read)
                .delete(rest_apis::delete)
                .fallback(unknown),
        )
        .merge(resources::routes())
        .merge(methods::routes())
        .merge(integrations::routes())
        .merge(gateway_responses::routes())
        .merge(authorizers::routes())
        .merge(stages::routes())
}
