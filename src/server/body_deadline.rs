//! A deadline for each request body.
//!
//! hyper's header read timeout (`server/listen.rs`) ends when the request
//! head is in; a client can then send a body of up to 64 KiB a byte a
//! second and hold its connection for most of a day. Each request body
//! here must arrive whole within `--body-timeout` of its head. A body that
//! is late ends in an error for the handler reading it, and the request is
//! answered `408 Request Timeout` with `Connection: close`, whatever the
//! handler made of the error. Requests whose handler never reads the body
//! are not affected.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::{Frame, SizeHint};

use super::http::ApiError;

/// Default time a client has to send a whole request body after its head.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// A body that fails once its deadline has passed, noting that it did.
struct DeadlineBody {
    inner: Body,
    deadline: Pin<Box<tokio::time::Sleep>>,
    late: Arc<AtomicBool>,
}

impl http_body::Body for DeadlineBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame);
        }
        if this.deadline.as_mut().poll(cx).is_ready() {
            this.late.store(true, Ordering::Relaxed);
            return Poll::Ready(Some(Err(axum::Error::new(
                "the request body did not arrive in time",
            ))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Middleware: gives the request body its deadline, and answers 408 when
/// the body was late.
pub async fn limit_body_time(
    State(state): State<super::State>,
    request: Request,
    next: Next,
) -> Response {
    let timeout = state.options.body_timeout;
    let late = Arc::new(AtomicBool::new(false));
    let request = request.map(|inner| {
        Body::new(DeadlineBody {
            inner,
            deadline: Box::pin(tokio::time::sleep(timeout)),
            late: late.clone(),
        })
    });
    let response = next.run(request).await;
    if !late.load(Ordering::Relaxed) {
        return response;
    }
    let mut response = ApiError {
        status: StatusCode::REQUEST_TIMEOUT,
        code: "body_timeout",
        message: format!(
            "the request body did not arrive within {} s of the request head; send it at once",
            timeout.as_secs_f64()
        ),
    }
    .into_response();
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}
