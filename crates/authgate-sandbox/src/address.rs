//! The port a directory's sandbox listens on belongs to the directory: `DIR/address.json`
//! records it the first time, and every later start (in-process or `authgate sandbox`)
//! binds the same one, so the URLs a setup printed keep answering. The first time it is
//! 4566 when free (`LocalStack`'s port, which tutorials reuse), else a port derived from the
//! directory's path. Only an explicit `--port` moves it.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;

use serde::{Deserialize, Serialize};
use tokio::net::TcpListener;

use crate::error::SandboxError;
use crate::occupant;
use crate::persist::write_atomically;

pub const ADDRESS_FILE: &str = "address.json";

/// The first choice for a directory without an address; `AUTHGATE_SANDBOX_FIRST_PORT`
/// changes it (`auto` skips it: the test suite runs many directories at once).
const FIRST_PORT: u16 = 4566;
const FIRST_PORT_ENV: &str = "AUTHGATE_SANDBOX_FIRST_PORT";
/// Derived ports lie below Linux's ephemeral range (32768+), so the OS never hands them out
/// for an outgoing connection or a port-0 bind while the directory's sandbox is stopped.
const DERIVED_BASE: u16 = 20_000;
const DERIVED_SPAN: u16 = 10_000;
const DERIVED_TRIES: u16 = 16;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Address {
    port: u16,
}

/// The port recorded for `dir`, if a sandbox has served it before.
pub fn recorded(dir: &Path) -> Option<u16> {
    let text = std::fs::read_to_string(dir.join(ADDRESS_FILE)).ok()?;
    serde_json::from_str::<Address>(&text).ok().map(|a| a.port)
}

fn record(dir: &Path, port: u16) -> Result<(), SandboxError> {
    let bytes = serde_json::to_vec_pretty(&Address { port }).unwrap_or_default();
    write_atomically(&dir.join(ADDRESS_FILE), &bytes)
}

/// Which port a start asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Wanted {
    /// The directory's recorded port; the first time, the first choice.
    #[default]
    Directory,
    /// As `Directory`, with `hint` standing in for a missing record: the port the caller's
    /// own records name (a directory set up before the sandbox kept its address).
    DirectoryOr { hint: u16 },
    /// `--port N` (0: one the OS picks): moves the directory's sandbox there.
    Explicit(u16),
}

/// A bound listener, and the port the directory had before when this start moved it.
pub struct Bound {
    pub listener: TcpListener,
    pub moved_from: Option<u16>,
}

/// Binds the port `wanted` resolves to for `dir` and records it. A recorded port that
/// something else holds is an error naming the holder: moving silently would leave every
/// URL recorded with the old port pointing at that other process.
pub async fn bind(dir: &Path, wanted: Wanted) -> Result<Bound, SandboxError> {
    let recorded = recorded(dir);
    let kept = match wanted {
        Wanted::Explicit(_) => None,
        Wanted::Directory => recorded,
        Wanted::DirectoryOr { hint } => recorded.or(Some(hint)),
    };
    let listener = match (wanted, kept) {
        (Wanted::Explicit(port), _) => match listen(port).await {
            Err(SandboxError::Bind { source, .. })
                if source.kind() == std::io::ErrorKind::AddrInUse =>
            {
                let occupant = occupant::identify(port).await;
                return Err(SandboxError::PortInUse { port, occupant });
            }
            bound => bound?,
        },
        (_, Some(port)) => match listen(port).await {
            Ok(listener) => listener,
            Err(SandboxError::Bind { source, .. })
                if source.kind() == std::io::ErrorKind::AddrInUse =>
            {
                return Err(SandboxError::PortTaken {
                    dir: dir.to_owned(),
                    port,
                    occupant: occupant::identify(port).await,
                });
            }
            Err(e) => return Err(e),
        },
        (_, None) => first_time(dir).await?,
    };
    let port = listener
        .local_addr()
        .map_err(|source| SandboxError::Bind {
            addr: loopback(0),
            source,
        })?
        .port();
    if recorded != Some(port) {
        record(dir, port)?;
    }
    Ok(Bound {
        listener,
        moved_from: recorded.filter(|r| *r != port),
    })
}

fn loopback(port: u16) -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, port))
}

async fn listen(port: u16) -> Result<TcpListener, SandboxError> {
    let addr = loopback(port);
    TcpListener::bind(addr)
        .await
        .map_err(|source| SandboxError::Bind { addr, source })
}

/// 4566 when free, else the directory's derived ports in turn, else one the OS picks.
async fn first_time(dir: &Path) -> Result<TcpListener, SandboxError> {
    let first = match std::env::var(FIRST_PORT_ENV) {
        Ok(value) if value == "auto" => None,
        Ok(value) => value.parse().ok().or(Some(FIRST_PORT)),
        Err(_) => Some(FIRST_PORT),
    };
    let start = derived_port(dir);
    let derived =
        (0..DERIVED_TRIES).map(|i| DERIVED_BASE + (start - DERIVED_BASE + i) % DERIVED_SPAN);
    for port in first.into_iter().chain(derived) {
        if let Ok(listener) = listen(port).await {
            return Ok(listener);
        }
    }
    listen(0).await
}

/// A port in 20000–29999 from the directory's absolute path (FNV-1a, stable across
/// builds), so two directories rarely start from the same one.
fn derived_port(dir: &Path) -> u16 {
    let path = std::path::absolute(dir).unwrap_or_else(|_| dir.to_owned());
    let hash = path
        .as_os_str()
        .as_encoded_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
        });
    DERIVED_BASE + u16::try_from(hash % u64::from(DERIVED_SPAN)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_port_is_recorded_once_and_comes_back() {
        let dir = tempfile::tempdir().unwrap();
        let first = bind(dir.path(), Wanted::Explicit(0)).await.unwrap();
        let port = first.listener.local_addr().unwrap().port();
        assert_eq!(recorded(dir.path()), Some(port));
        assert_eq!(first.moved_from, None);
        drop(first);
        let again = bind(dir.path(), Wanted::DirectoryOr { hint: 9 })
            .await
            .unwrap();
        assert_eq!(again.listener.local_addr().unwrap().port(), port);
        assert_eq!(again.moved_from, None);
    }

    #[tokio::test]
    async fn a_held_recorded_port_names_the_holder_and_keeps_the_record() {
        let dir = tempfile::tempdir().unwrap();
        let holder = TcpListener::bind(loopback(0)).await.unwrap();
        let port = holder.local_addr().unwrap().port();
        record(dir.path(), port).unwrap();
        let Err(SandboxError::PortTaken {
            port: taken,
            occupant,
            ..
        }) = bind(dir.path(), Wanted::Directory).await
        else {
            panic!("a held port is an error");
        };
        assert_eq!(taken, port);
        #[cfg(target_os = "linux")]
        assert!(
            matches!(occupant, occupant::Occupant::Process { pid, .. } if pid == std::process::id()),
            "{occupant:?}"
        );
        assert_eq!(recorded(dir.path()), Some(port));
    }

    #[tokio::test]
    async fn an_explicit_port_moves_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        record(dir.path(), 9).unwrap();
        let moved = bind(dir.path(), Wanted::Explicit(0)).await.unwrap();
        let port = moved.listener.local_addr().unwrap().port();
        assert_eq!(moved.moved_from, Some(9));
        assert_eq!(recorded(dir.path()), Some(port));
    }

    #[test]
    fn derived_ports_stay_below_the_ephemeral_range() {
        for name in ["a", "b", "/tmp/x/.authgate/sandbox"] {
            let port = derived_port(Path::new(name));
            assert!((DERIVED_BASE..DERIVED_BASE + DERIVED_SPAN).contains(&port));
        }
    }
}
