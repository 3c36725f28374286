//! Accepting connections, with a deadline for each request head.
//!
//! `axum::serve` installs no timer in hyper, so hyper's header read
//! timeout never fires there: a client that sends its request a byte a
//! second, or opens a connection and sends nothing, holds that connection
//! (and a file descriptor) for as long as it likes, and enough of them
//! starve the server ("slowloris"). This is axum's accept loop with a
//! timer: a request head must arrive whole within `header_timeout`, idle
//! keep-alive connections included, or the connection is closed. Shutdown
//! stops accepting, lets requests in flight finish for a bounded time,
//! then returns.

use std::future::Future;
use std::time::Duration;

use anyhow::Result;
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

/// Default time a client has to send a whole request head: hyper's own
/// default. Keep-alive connections idle that long are closed too, and
/// HTTP clients then open a new one.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(30);

/// Longest wait for requests in flight once shutdown has begun.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    header_timeout: Duration,
    shutdown: impl Future<Output = ()>,
) -> Result<()> {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors or a connection reset before it
                // was accepted: not the server's end, so wait and go on,
                // as axum does.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Answers are small and written whole: no reason to let Nagle
        // delay them.
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A client that goes away or times out ends only its own
            // connection; there is nothing to report.
            let _ = connection.await;
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown()).await;
    Ok(())
}
