//! What every endpoint shares: errors as JSON with the right status, work
//! moved off the async threads with a time limit, the request log, request
//! size limits and CORS.
//!
//! Searching is CPU work on a memory-mapped index, so it runs on tokio's
//! blocking pool; a request that runs past [`REQUEST_TIMEOUT`] gets a 503
//! instead of holding its client. The query limits of `search::limits`
//! bound how long any one search can take in the first place.

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};

use super::{Engine, State};
use crate::error::UsageError;
use crate::index;

/// Longest a request may compute before it is answered with 503.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest request body (search requests are small JSON objects).
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Longest request target (path and query string).
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// An error answered as `{"error": message, "code": code}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "bad_request",
            message: message.into(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: message.into(),
        }
    }

    fn timeout() -> ApiError {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            code: "timeout",
            message: format!(
                "the request took longer than {} s; narrow the query or add filters",
                REQUEST_TIMEOUT.as_secs()
            ),
        }
    }
}

/// The user's mistakes (a bad parameter, a query that does not parse) are
/// 400 with the same message the CLI prints; anything else is a 500 (code
/// `index_damaged` when the index needs rebuilding).
impl From<anyhow::Error> for ApiError {
    fn from(error: anyhow::Error) -> ApiError {
        if error
            .chain()
            .any(|c| c.downcast_ref::<UsageError>().is_some())
        {
            ApiError::bad_request(format!("{error:#}"))
        } else if error.chain().any(|c| c.is::<index::Damaged>()) {
            ApiError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                code: "index_damaged",
                message: format!("{error:#}"),
            }
        } else {
            ApiError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                code: "internal",
                message: format!("{error:#}"),
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({"error": self.message, "code": self.code});
        (self.status, axum::Json(body)).into_response()
    }
}

/// Runs `work` on the blocking pool with the index, within the time limit.
pub async fn blocking<T: Send + 'static>(
    state: &State,
    work: impl FnOnce(&Engine) -> anyhow::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    let state = state.clone();
    let task = tokio::task::spawn_blocking(move || {
        index::guard_damage(&state.engine.dir, || work(&state.engine))
    });
    match tokio::time::timeout(REQUEST_TIMEOUT, task).await {
        Ok(Ok(result)) => result.map_err(ApiError::from),
        Ok(Err(join)) => Err(ApiError::from(anyhow::anyhow!(
            "the request failed inside the server: {join}"
        ))),
        Err(_) => Err(ApiError::timeout()),
    }
}

/// A JSON body with the right content type (the wire types serialize
/// themselves; this keeps one serialization for CLI and HTTP).
pub fn json(value: &impl serde::Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            bytes,
        )
            .into_response(),
        Err(e) => ApiError::from(anyhow::Error::new(e)).into_response(),
    }
}

/// One line per request on stderr: method, path, status, milliseconds.
async fn log(
    axum::extract::State(state): axum::extract::State<State>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    if !state.options.quiet {
        eprintln!(
            "{method} {path} {} {:.1} ms",
            response.status().as_u16(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    response
}

/// Refuses oversized request targets before any work is done.
async fn limit_uri(request: Request, next: Next) -> Response {
    let length = request
        .uri()
        .path_and_query()
        .map_or(0, |pq| pq.as_str().len());
    if length > MAX_URI_BYTES {
        return ApiError {
            status: StatusCode::URI_TOO_LONG,
            code: "uri_too_long",
            message: format!("the request URL is {length} bytes; the limit is {MAX_URI_BYTES}"),
        }
        .into_response();
    }
    next.run(request).await
}

/// The layers every route gets.
pub fn layers(routes: Router<State>, state: State) -> Router {
    let mut app = routes
        .fallback(not_found)
        .layer(middleware::from_fn(limit_uri))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            super::body_deadline::limit_body_time,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), log));
    if let Some(origin) = &state.options.cors {
        let allowed = if origin == "*" {
            AllowOrigin::any()
        } else {
            match HeaderValue::from_str(origin) {
                Ok(value) => AllowOrigin::exact(value),
                Err(_) => AllowOrigin::list([]),
            }
        };
        app = app.layer(
            CorsLayer::new()
                .allow_origin(allowed)
                .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
                .allow_headers([
                    header::CONTENT_TYPE,
                    header::AUTHORIZATION,
                    header::HeaderName::from_static("x-meilisearch-client"),
                ]),
        );
    }
    app.with_state(state)
}

/// Reads the body first, so the connection can be reused (see the
/// Meilisearch refusals).
async fn not_found(_body: axum::body::Bytes) -> ApiError {
    ApiError::not_found("no such page or endpoint; the search page is at / and the API under /api/")
}

/// A streamed body from a blocking producer (exports of every match).
pub fn stream_blocking(
    state: &State,
    produce: impl FnOnce(&Engine, &mut dyn FnMut(Vec<u8>) -> bool) -> anyhow::Result<()>
        + Send
        + 'static,
) -> Body {
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(16);
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let mut send = |chunk: Vec<u8>| sender.blocking_send(Ok(chunk)).is_ok();
        let produced = index::guard_damage(&state.engine.dir, || produce(&state.engine, &mut send));
        if let Err(e) = produced {
            // The status line is gone; end the stream with an error so the
            // client sees a broken download, not a short one.
            let _ = sender.blocking_send(Err(std::io::Error::other(format!("{e:#}"))));
        }
    });
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|item| (item, receiver))
    });
    Body::from_stream(stream)
}
