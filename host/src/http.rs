//! The host's HTTP/1.1 server: hyper connections with a header-read deadline, a cap on connections held open at
//! once (kept below the process's open-file limit, which start-up raises to its hard maximum), and graceful
//! shutdown. A client that connects and sends nothing, dribbles its request head, or sits idle on a kept-alive
//! connection is closed when the deadline passes; request bodies have their own deadline in the portal
//! ([`billfold::web::BodyLimits`]). When a limit bites it is logged, at most once per ten seconds.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// How long shutdown waits for requests in flight before it drops them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// Open files kept free of connections: the database pool, log and mail files, the sockets the host opens itself.
const RESERVED_FILES: u64 = 64;

/// Connection limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A connection must send a complete request head within this long of connecting, or of its previous response
    /// (hyper starts the timer whenever it waits for a request, so this is also the keep-alive idle timeout).
    pub header_read_timeout: Duration,
    /// Connections held open at once; more wait in the listen queue until one closes.
    pub max_connections: usize,
}

/// Counts of what the limits did, logged periodically.
#[derive(Default)]
struct Bitten {
    timed_out: AtomicU64,
    at_capacity: AtomicU64,
    errors: AtomicU64,
}

/// Raises the soft limit on open files to the hard limit and returns the soft limit in force (`None` when it can't
/// be read).
pub fn raise_open_file_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit only writes the struct it is given, which lives on this stack frame.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
            return None;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: limit.rlim_max,
                rlim_max: limit.rlim_max,
            };
            // SAFETY: setrlimit only reads the struct it is given.
            if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
                limit.rlim_cur = limit.rlim_max;
            }
        }
        Some(limit.rlim_cur)
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The connection cap to use: the configured one, lowered to leave `reserved` open files (the database pool among
/// them) under the open-file limit.
pub fn connection_cap(configured: usize, open_file_limit: Option<u64>, reserved: u64) -> usize {
    match open_file_limit {
        Some(limit) => {
            let room = limit.saturating_sub(reserved + RESERVED_FILES).max(16);
            configured.min(usize::try_from(room).unwrap_or(usize::MAX))
        }
        None => configured,
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then lets requests in flight finish (up to ten
/// seconds).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let bitten = Arc::new(Bitten::default());
    let reporter = tokio::spawn(report(bitten.clone(), limits));
    tokio::pin!(shutdown);
    loop {
        if permits.available_permits() == 0 {
            bitten.at_capacity.fetch_add(1, Ordering::Relaxed);
        }
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors or a connection reset before accept: wait a moment, never spin.
                    bitten.errors.fetch_add(1, Ordering::Relaxed);
                    tracing::debug!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        // The peer's address reaches handlers as `ConnectInfo` (the sign-in throttle counts per client address).
        let service = TowerToHyperService::new(router.clone().map_request(
            move |request: axum::http::Request<Incoming>| {
                let mut request = request.map(axum::body::Body::new);
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                request
            },
        ));
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        let bitten = bitten.clone();
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                if e.is_timeout() {
                    bitten.timed_out.fetch_add(1, Ordering::Relaxed);
                } else {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
            }
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("requests still running after {}s; stopping anyway", SHUTDOWN_GRACE.as_secs());
        }
    }
    reporter.abort();
    Ok(())
}

/// Logs what the limits did in the last ten seconds, if anything.
async fn report(bitten: Arc<Bitten>, limits: Limits) {
    let mut every = tokio::time::interval(Duration::from_secs(10));
    every.tick().await;
    loop {
        every.tick().await;
        let timed_out = bitten.timed_out.swap(0, Ordering::Relaxed);
        let at_capacity = bitten.at_capacity.swap(0, Ordering::Relaxed);
        let errors = bitten.errors.swap(0, Ordering::Relaxed);
        if timed_out > 0 {
            tracing::info!(
                connections = timed_out,
                "closed connections that sent no complete request within {}s",
                limits.header_read_timeout.as_secs_f32()
            );
        }
        if at_capacity > 0 {
            tracing::warn!(
                times = at_capacity,
                "the connection limit ({}) was reached; new connections waited in the listen queue",
                limits.max_connections
            );
        }
        if errors > 0 {
            tracing::warn!(
                errors,
                "accepting connections failed (out of file descriptors?)"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_stays_below_the_open_file_limit() {
        assert_eq!(connection_cap(4096, Some(1024), 10), 950);
        assert_eq!(connection_cap(500, Some(1024), 10), 500);
        assert_eq!(connection_cap(4096, None, 10), 4096);
        assert_eq!(connection_cap(4096, Some(20), 10), 16);
    }
}
