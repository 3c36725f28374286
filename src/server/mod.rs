//! `vnsearch serve`: the search page and the HTTP APIs, on the same search
//! path as the CLI (`search::page`, `matches`, `count`, `article`,
//! `timeline`) and the same JSON contracts (`wire`).
//!
//! [`engine`] holds the open index and follows its commits; [`listen`]
//! accepts connections with a deadline for request heads; [`http`] has
//! what every endpoint shares (errors, limits, time-outs, logging, CORS);
//! [`params`] turns query strings into search requests; [`api`] is the
//! native JSON API under `/api/`; [`meili`] the Meilisearch-compatible
//! API at the root paths; [`page`] the search page at `/`.

pub mod api;
pub mod body_deadline;
pub mod engine;
pub mod http;
pub mod listen;
pub mod meili;
pub mod page;
pub mod params;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use axum::Router;

pub use engine::Engine;

/// How to serve.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub index_dir: PathBuf,
    pub addr: SocketAddr,
    /// No request log on stderr.
    pub quiet: bool,
    /// An origin allowed to call the API from a browser (CORS is off
    /// otherwise).
    pub cors: Option<String>,
    /// Time a client has to send a whole request head.
    pub header_timeout: Duration,
    /// Time a client has to send a whole request body after its head.
    pub body_timeout: Duration,
}

/// Everything a request handler can reach.
pub struct AppState {
    pub engine: Engine,
    pub options: ServeOptions,
}

pub type State = Arc<AppState>;

/// The whole application: every route, with the shared layers.
pub fn router(state: State) -> Router {
    let routes = Router::new()
        .nest("/api", api::routes())
        .merge(meili::routes())
        .merge(page::routes());
    http::layers(routes, state)
}

/// Serves until Ctrl-C (or SIGTERM), then stops cleanly.
pub fn run(options: ServeOptions) -> Result<()> {
    let engine = Engine::open(&options.index_dir)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.addr)
            .await
            .with_context(|| {
                format!(
                    "cannot listen on {}; is another server using it? choose another with --addr",
                    options.addr
                )
            })?;
        let local = listener.local_addr().context("reading the bound address")?;
        // Signal handlers are installed before the address is announced,
        // so a client that stops us right after it has no window to kill
        // us uncleanly.
        let shutdown = shutdown_signal()?;
        let articles = engine.searcher().num_docs();
        let state = Arc::new(AppState { engine, options });
        // The first line says where to go; tests read the port from it.
        eprintln!(
            "vnsearch: serving {articles} articles from `{}` at http://{local}/ (Ctrl-C to stop)",
            state.options.index_dir.display()
        );
        let header_timeout = state.options.header_timeout;
        listen::serve(listener, router(state), header_timeout, shutdown)
            .await
            .context("serving HTTP")?;
        eprintln!("vnsearch: stopped");
        Ok(())
    })
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM; the handlers are registered
/// when this is called, not when it is first awaited.
#[cfg(unix)]
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt()).context("handling Ctrl-C")?;
    let mut terminate = signal(SignalKind::terminate()).context("handling SIGTERM")?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {},
            _ = terminate.recv() => {},
        }
    })
}

#[cfg(not(unix))]
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
