//! `vnsearch serve`: the search page and the HTTP APIs, on the same search
//! path as the CLI (`search::page`, `matches`, `count`, `article`,
//! `timeline`) and the same JSON contracts (`wire`).
//!
//! [`engine`] holds the open index and follows its commits; [`http`] has
//! what every endpoint shares (errors, limits, time-outs, logging, CORS);
//! [`params`] turns query strings into search requests; [`api`] is the
//! native JSON API under `/api/`; [`meili`] the Meilisearch-compatible
//! API at the root paths.

pub mod api;
pub mod engine;
pub mod http;
pub mod meili;
pub mod params;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

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
        .merge(meili::routes());
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
        let articles = engine.searcher().num_docs();
        let state = Arc::new(AppState { engine, options });
        // The first line says where to go; tests read the port from it.
        eprintln!(
            "vnsearch: serving {articles} articles from `{}` at http://{local}/ (Ctrl-C to stop)",
            state.options.index_dir.display()
        );
        axum::serve(listener, router(state))
            .with_graceful_shutdown(shutdown_signal())
            .await
            .context("serving HTTP")?;
        eprintln!("vnsearch: stopped");
        Ok(())
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
