//! The sandbox server: the Auth0 tenant and the AWS control plane on one loopback port, so
//! one base URL serves the issuer, the JWKS, the Management API and every AWS endpoint.

use std::net::SocketAddr;
use std::path::Path;

use axum::Router;
use tokio::sync::oneshot;

use std::sync::Arc;

use super::address::{self, Wanted};
use super::aws::{self, AwsState};
use super::error::SandboxError;
use super::gateway;
use super::guard::{self, Guard};
use super::occupant::About;
use super::ownership::{self, Claim, Ownership};
use super::tenant::{self, TenantState};

/// Every route of the sandbox: the tenant, the AWS control plane and the data plane (invoke
/// URLs under `/restapis/{api}/{stage}/_user_request_/…`, whose `ControlPlane` is the same
/// `AwsState`). One clock: the tenant's, which `/sandbox/clock-skew` moves. Every request
/// passes the [`guard`] first.
fn router(tenant: TenantState, aws: AwsState, about: About, guard: Guard) -> Router {
    let cache = gateway::AuthorizerCache::new(tenant.clock());
    aws.attach_gateway_cache(cache.clone());
    let control: Arc<dyn gateway::ControlPlane> = Arc::new(aws.clone());
    tenant::router(tenant)
        .merge(aws::router(aws))
        .merge(gateway::router(control, cache))
        .merge(about_route(about))
        .layer(axum::middleware::from_fn_with_state(guard, guard::layer))
}

/// A running sandbox; shuts down when dropped or on [`SandboxHandle::shutdown`].
pub struct SandboxHandle {
    base_url: String,
    /// The port the directory had before, when this start moved it (`--port`).
    moved_from: Option<u16>,
    aws: AwsState,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl SandboxHandle {
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
    pub fn moved_from(&self) -> Option<u16> {
        self.moved_from
    }
    /// The AWS control plane's state (the data plane's `ControlPlane`).
    pub fn aws(&self) -> &AwsState {
        &self.aws
    }
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Starts the sandbox on `addr` (must be loopback; port 0 picks one, and the directory keeps
/// it from then on) with state under `dir`, unless another process serves that directory.
pub async fn start(dir: &Path, addr: SocketAddr) -> Result<SandboxHandle, SandboxError> {
    if !addr.ip().is_loopback() {
        return Err(SandboxError::NotLoopback { addr });
    }
    start_on(dir, Wanted::Explicit(addr.port())).await
}

/// Starts the sandbox for `dir` on the port `wanted` resolves to ([`address`]).
pub async fn start_on(dir: &Path, wanted: Wanted) -> Result<SandboxHandle, SandboxError> {
    match ownership::claim(dir)? {
        Claim::Owner(owner) => start_owned(owner, wanted).await,
        Claim::Taken(holder) => Err(SandboxError::AlreadyServed {
            dir: dir.to_owned(),
            holder,
        }),
    }
}

/// Starts the sandbox on a directory this process holds. The lock lives in the server task,
/// so it is released only once the server has stopped writing.
pub async fn start_owned(
    mut owner: Ownership,
    wanted: Wanted,
) -> Result<SandboxHandle, SandboxError> {
    let dir = owner.dir().to_owned();
    let address::Bound {
        listener,
        moved_from,
    } = address::bind(&dir, wanted).await?;
    let local = listener.local_addr().map_err(|source| SandboxError::Bind {
        addr: SocketAddr::from((std::net::Ipv4Addr::LOCALHOST, 0)),
        source,
    })?;
    let base_url = format!("http://{local}");
    let tenant = TenantState::open(&dir, &base_url)?;
    let aws = AwsState::open(&dir)?;
    let (stop, stopped) = oneshot::channel::<()>();
    let about = About {
        dir: std::path::absolute(&dir).unwrap_or_else(|_| dir.clone()),
        pid: std::process::id(),
    };
    let app = router(tenant, aws.clone(), about, Guard::new(local.port()));
    // The listener is bound: connections queue from now on, so the address can be published.
    owner.publish(&base_url)?;
    let task = tokio::spawn(async move {
        let serve = axum::serve(listener, app).with_graceful_shutdown(async {
            let _ = stopped.await;
        });
        if let Err(error) = serve.await {
            tracing::warn!(%error, "sandbox server stopped");
        }
        drop(owner);
    });
    tracing::info!(%base_url, "sandbox listening");
    Ok(SandboxHandle {
        base_url,
        moved_from,
        aws,
        stop: Some(stop),
        task: Some(task),
    })
}

/// `GET /sandbox/about`: the directory this sandbox serves, so a start that finds its port
/// held can name which directory's sandbox holds it.
fn about_route(about: About) -> Router {
    let about = Arc::new(about);
    Router::new().route(
        "/sandbox/about",
        axum::routing::get(move || {
            let about = Arc::clone(&about);
            async move { axum::Json((*about).clone()) }
        }),
    )
}
