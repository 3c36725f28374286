//! Meilisearch's error object, `{"message", "code", "type", "link"}`, with
//! the HTTP statuses Meilisearch uses. The official clients turn this
//! object into their own exception (`MeilisearchApiError` in Python, with
//! `.code`), so the codes are Meilisearch's own names wherever one fits.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::UsageError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeiliError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl MeiliError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> MeiliError {
        MeiliError {
            status,
            code,
            message: message.into(),
        }
    }

    /// A 400 with the given code (`invalid_search_limit`, …).
    pub fn invalid(code: &'static str, message: impl Into<String>) -> MeiliError {
        MeiliError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn index_not_found(uid: &str) -> MeiliError {
        MeiliError::new(
            StatusCode::NOT_FOUND,
            "index_not_found",
            format!("Index `{uid}` not found. vnsearch serves one index, `articles`."),
        )
    }

    pub fn document_not_found(id: &str) -> MeiliError {
        MeiliError::new(
            StatusCode::NOT_FOUND,
            "document_not_found",
            format!("Document `{id}` not found."),
        )
    }

    /// Every write (documents, settings, indexes, tasks that change
    /// anything) is refused: the index is built by `vnsearch index`.
    pub fn read_only() -> MeiliError {
        MeiliError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "read_only_index",
            "vnsearch serves the `articles` index read-only: documents, settings and indexes \
             cannot be changed through this API. Build or update the index with `vnsearch index` \
             (the running server picks up the new commit within seconds).",
        )
    }

    /// The `type` field: Meilisearch's four kinds.
    pub fn kind(&self) -> &'static str {
        if self.status.is_server_error() {
            "internal"
        } else {
            "invalid_request"
        }
    }

    /// A multi-search query's error names the query, as Meilisearch does.
    pub fn inside_query(mut self, position: usize) -> MeiliError {
        self.message = format!("Inside `.queries[{position}]`: {}", self.message);
        self
    }

    /// An error of the search path: the user's mistakes (a query that does
    /// not parse, a limit it exceeds) are `code` (400), the rest internal.
    pub fn from_search(error: anyhow::Error, code: &'static str) -> MeiliError {
        if error
            .chain()
            .any(|c| c.downcast_ref::<UsageError>().is_some())
        {
            MeiliError::invalid(code, format!("{error:#}"))
        } else {
            MeiliError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                format!("{error:#}"),
            )
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "message": self.message,
            "code": self.code,
            "type": self.kind(),
            "link": format!("https://docs.meilisearch.com/errors#{}", self.code),
        })
    }
}

impl IntoResponse for MeiliError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.to_json())).into_response()
    }
}

/// The server's own errors (time limit, a failed task) in Meilisearch's
/// shape.
impl From<super::super::http::ApiError> for MeiliError {
    fn from(e: super::super::http::ApiError) -> MeiliError {
        let code = match e.status {
            StatusCode::SERVICE_UNAVAILABLE => "search_timeout",
            StatusCode::BAD_REQUEST => "bad_request",
            _ => "internal",
        };
        MeiliError::new(e.status, code, e.message)
    }
}
