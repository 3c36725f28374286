//! A Meilisearch-compatible, read-only API at the root paths (`/health`,
//! `/indexes/articles/search`, `/multi-search`, …), so the official
//! Meilisearch clients and InstantSearch (through instant-meilisearch)
//! work against vnsearch unchanged. There is one index, `articles`; it is
//! built by `vnsearch index`, so every write is refused with a Meilisearch
//! error saying so. Searches go through the same search path as the CLI
//! and the native API (`search.rs`); what differs from Meilisearch is
//! written down in `docs/meilisearch.md`.
//!
//! [`request`] reads parameters, [`filter`] parses filters into the search
//! layer's `FilterExpr`, [`search`] runs them, [`response`] shapes hits,
//! [`error`] is Meilisearch's error object.

pub mod error;
pub mod filter;
pub mod request;
pub mod response;
pub mod search;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{any, get, post};
use axum::Router;
use serde_json::{json, Map, Value};

use super::http::{blocking, json, MAX_BODY_BYTES};
use super::{Engine, State};
use crate::search::Dimension;
use error::MeiliError;
use request::{Origin, Paging, SearchParams};

/// The one index.
pub const INDEX_UID: &str = "articles";
/// The Meilisearch version whose API this follows (`GET /version`).
pub const MEILISEARCH_API_VERSION: &str = "1.15.0";

type Answer = Result<Response, MeiliError>;
type AppState = axum::extract::State<State>;

pub fn routes() -> Router<State> {
    Router::new()
        .route("/health", get(health))
        .route("/version", get(version))
        .route("/stats", get(global_stats))
        .route("/tasks", get(tasks))
        .route("/multi-search", post(multi_search).fallback(wrong_method))
        .route("/indexes", get(list_indexes).fallback(read_only))
        .route("/indexes/{uid}", get(get_index).fallback(read_only))
        .route(
            "/indexes/{uid}/search",
            get(search_get).post(search_post).fallback(wrong_method),
        )
        .route(
            "/indexes/{uid}/facet-search",
            post(facet_search).fallback(wrong_method),
        )
        .route(
            "/indexes/{uid}/documents",
            get(list_documents).fallback(read_only),
        )
        .route(
            "/indexes/{uid}/documents/fetch",
            post(fetch_documents).fallback(read_only),
        )
        .route(
            "/indexes/{uid}/documents/{id}",
            get(get_document).fallback(read_only),
        )
        .route("/indexes/{uid}/settings", get(settings).fallback(read_only))
        .route(
            "/indexes/{uid}/settings/{name}",
            get(one_setting).fallback(read_only),
        )
        .route("/indexes/{uid}/stats", get(index_stats).fallback(read_only))
        .route("/indexes/{uid}/{*rest}", any(other_index_route))
        .route("/swap-indexes", any(read_only))
        .route("/dumps", any(read_only))
        .route("/snapshots", any(read_only))
}

fn check_uid(uid: &str) -> Result<(), MeiliError> {
    if uid == INDEX_UID {
        Ok(())
    } else {
        Err(MeiliError::index_not_found(uid))
    }
}

/// Runs Meilisearch work on the blocking pool, within the time limit.
async fn run(
    state: &State,
    work: impl FnOnce(&Engine) -> Result<Map<String, Value>, MeiliError> + Send + 'static,
) -> Answer {
    let map = blocking(state, move |engine| Ok(work(engine))).await??;
    Ok(json(&Value::Object(map)))
}

// Refusals read the request body first: answering before it is read makes
// the server close a keep-alive connection that the client may reuse.

async fn read_only(_body: axum::body::Bytes) -> MeiliError {
    MeiliError::read_only()
}

async fn wrong_method(_body: axum::body::Bytes) -> MeiliError {
    MeiliError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "bad_request",
        "This route does not accept this HTTP method; searches are `GET` or `POST`, multi-search is `POST`.",
    )
}

/// Paths under an index that this API does not serve: writes are refused
/// as such, reads are not found.
async fn other_index_route(
    method: axum::http::Method,
    Path((uid, rest)): Path<(String, String)>,
    _body: axum::body::Bytes,
) -> MeiliError {
    if method != axum::http::Method::GET {
        return MeiliError::read_only();
    }
    if uid != INDEX_UID {
        return MeiliError::index_not_found(&uid);
    }
    MeiliError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("vnsearch does not serve `/indexes/{uid}/{rest}`; see docs/meilisearch.md for the routes it has."),
    )
}

async fn health() -> Response {
    json(&json!({"status": "available"}))
}

async fn version() -> Response {
    json(&json!({
        "commitSha": "unknown",
        "commitDate": "unknown",
        "pkgVersion": MEILISEARCH_API_VERSION,
        "vnsearch": env!("CARGO_PKG_VERSION"),
    }))
}

/// An RFC 3339 time with microseconds (the Python client parses
/// `%Y-%m-%dT%H:%M:%S.%fZ`).
fn timestamp(t: Option<std::time::SystemTime>) -> Value {
    let t = t.unwrap_or(std::time::UNIX_EPOCH);
    let t = time::OffsetDateTime::from(t);
    Value::String(format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.microsecond()
    ))
}

fn index_object(engine: &Engine) -> Value {
    let created = std::fs::metadata(&engine.dir)
        .and_then(|m| m.created().or_else(|_| m.modified()))
        .ok();
    json!({
        "uid": INDEX_UID,
        "createdAt": timestamp(created.or(engine.last_update())),
        "updatedAt": timestamp(engine.last_update()),
        "primaryKey": "id",
    })
}

async fn list_indexes(axum::extract::State(state): AppState, RawQuery(query): RawQuery) -> Answer {
    let params = super::params::Params::parse(query.as_deref());
    let number = |name: &str, default: usize| -> Result<usize, MeiliError> {
        params
            .number(name)
            .map(|n| n.unwrap_or(default))
            .map_err(|e| {
                MeiliError::invalid(
                    if name == "offset" {
                        "invalid_index_offset"
                    } else {
                        "invalid_index_limit"
                    },
                    e.message,
                )
            })
    };
    let (offset, limit) = (number("offset", 0)?, number("limit", 20)?);
    let results = if offset == 0 && limit > 0 {
        vec![index_object(&state.engine)]
    } else {
        Vec::new()
    };
    Ok(json(
        &json!({"results": results, "offset": offset, "limit": limit, "total": 1}),
    ))
}

async fn get_index(axum::extract::State(state): AppState, Path(uid): Path<String>) -> Answer {
    check_uid(&uid)?;
    Ok(json(&index_object(&state.engine)))
}

async fn tasks() -> Response {
    json(&json!({"results": [], "total": 0, "limit": 20, "from": null, "next": null}))
}

/// A POST body as JSON, with Meilisearch's errors for a missing or wrong
/// content type, an empty, oversized or malformed payload.
fn json_body(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Value, MeiliError> {
    let accepted = "Accepted values for the Content-Type header are: `application/json`";
    match headers.get(header::CONTENT_TYPE) {
        None => {
            return Err(MeiliError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "missing_content_type",
                format!("A Content-Type header is missing. {accepted}"),
            ))
        }
        Some(value) => {
            let text = value.to_str().unwrap_or("");
            let essence = text.split(';').next().unwrap_or("").trim();
            if !essence.eq_ignore_ascii_case("application/json") {
                return Err(MeiliError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "invalid_content_type",
                    format!("The Content-Type `{text}` is invalid. {accepted}"),
                ));
            }
        }
    }
    let bytes = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            MeiliError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!(
                    "The provided payload reached the size limit. The maximum accepted payload size is {} KiB.",
                    MAX_BODY_BYTES / 1024
                ),
            )
        } else {
            MeiliError::invalid("bad_request", rejection.body_text())
        }
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(MeiliError::invalid(
            "missing_payload",
            "A json payload is missing.",
        ));
    }
    serde_json::from_slice(&bytes).map_err(|e| {
        MeiliError::invalid(
            "malformed_payload",
            format!("The json payload provided is malformed. `{e}`."),
        )
    })
}

async fn search_get(
    axum::extract::State(state): AppState,
    Path(uid): Path<String>,
    RawQuery(query): RawQuery,
) -> Answer {
    check_uid(&uid)?;
    let params = SearchParams::from_query_string(query.as_deref())?;
    run(&state, move |engine| search::search(engine, &params)).await
}

async fn search_post(
    axum::extract::State(state): AppState,
    Path(uid): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    check_uid(&uid)?;
    let body = json_body(&headers, body)?;
    let params = SearchParams::from_json(&body, Origin::Search)?;
    run(&state, move |engine| search::search(engine, &params)).await
}

/// Most queries in one multi-search.
const MAX_QUERIES: usize = 16;

async fn multi_search(
    axum::extract::State(state): AppState,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    let body = json_body(&headers, body)?;
    let Value::Object(body) = body else {
        return Err(MeiliError::invalid(
            "bad_request",
            "Invalid value type: expected an object with `queries`",
        ));
    };
    let mut queries = None;
    let mut federation = None;
    for (field, value) in &body {
        match field.as_str() {
            "queries" => queries = Some(value.clone()),
            "federation" => federation = (!value.is_null()).then(|| value.clone()),
            other => {
                return Err(MeiliError::invalid(
                    "bad_request",
                    format!("Unknown field `{other}`: expected one of `federation`, `queries`"),
                ))
            }
        }
    }
    let Some(Value::Array(queries)) = queries else {
        return Err(MeiliError::invalid(
            "missing_multi_search_queries",
            "Missing field `queries`: give an array of search queries, each with `indexUid`.",
        ));
    };
    if queries.len() > MAX_QUERIES {
        return Err(MeiliError::invalid(
            "bad_request",
            format!(
                "A multi-search may hold at most {MAX_QUERIES} queries (got {}).",
                queries.len()
            ),
        ));
    }
    let federated_paging = federation.as_ref().map(federation_paging).transpose()?;
    let origin = if federated_paging.is_some() {
        Origin::Federated
    } else {
        Origin::MultiSearch
    };
    let mut parsed = Vec::new();
    for (i, query) in queries.iter().enumerate() {
        let params = SearchParams::from_json(query, origin).map_err(|e| e.inside_query(i))?;
        match params.index_uid.as_deref() {
            None => {
                return Err(
                    MeiliError::invalid("missing_index_uid", "Missing field `indexUid`")
                        .inside_query(i),
                )
            }
            Some(uid) => check_uid(uid).map_err(|e| e.inside_query(i))?,
        }
        parsed.push(params);
    }
    match federated_paging {
        Some(paging) => {
            run(&state, move |engine| {
                search::federated(engine, &parsed, paging)
            })
            .await
        }
        None => {
            run(&state, move |engine| {
                let mut results = Vec::new();
                for (i, params) in parsed.iter().enumerate() {
                    let answer = search::search(engine, params).map_err(|e| e.inside_query(i))?;
                    let mut result = Map::new();
                    result.insert("indexUid".into(), Value::String(INDEX_UID.into()));
                    result.extend(answer);
                    results.push(Value::Object(result));
                }
                let mut out = Map::new();
                out.insert("results".into(), Value::Array(results));
                Ok(out)
            })
            .await
        }
    }
}

/// The `federation` object: its paging (`offset`/`limit` or
/// `page`/`hitsPerPage`); facets across queries are not supported.
fn federation_paging(value: &Value) -> Result<Paging, MeiliError> {
    let Value::Object(options) = value else {
        return Err(MeiliError::invalid(
            "invalid_multi_search_federated",
            format!("Invalid value type at `.federation`: expected an object, but found `{value}`"),
        ));
    };
    let mut numbers = std::collections::HashMap::new();
    for (name, v) in options {
        match name.as_str() {
            "offset" | "limit" | "page" | "hitsPerPage" => {
                let n = v.as_u64().ok_or_else(|| {
                    MeiliError::invalid(
                        "invalid_multi_search_federated",
                        format!("Invalid value type at `.federation.{name}`: expected a positive integer, but found `{v}`"),
                    )
                })?;
                numbers.insert(name.as_str(), n as usize);
            }
            "showPerformanceDetails" => {}
            "facetsByIndex" | "mergeFacets" if v.is_null() => {}
            other => {
                return Err(MeiliError::invalid(
                    "invalid_multi_search_federated",
                    format!("vnsearch does not support `federation.{other}`; supported: `offset`, `limit`, `page`, `hitsPerPage`."),
                ))
            }
        }
    }
    Ok(
        if numbers.contains_key("page") || numbers.contains_key("hitsPerPage") {
            Paging::Pages {
                page: numbers.get("page").copied().unwrap_or(1),
                hits_per_page: numbers.get("hitsPerPage").copied().unwrap_or(20),
            }
        } else {
            Paging::Offset {
                offset: numbers.get("offset").copied().unwrap_or(0),
                limit: numbers.get("limit").copied().unwrap_or(20),
            }
        },
    )
}

async fn facet_search(
    axum::extract::State(state): AppState,
    Path(uid): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    check_uid(&uid)?;
    let Value::Object(mut body) = json_body(&headers, body)? else {
        return Err(MeiliError::invalid(
            "bad_request",
            "Invalid value type: expected an object",
        ));
    };
    let facet_name = match body.remove("facetName") {
        Some(Value::String(name)) => name,
        _ => {
            return Err(MeiliError::invalid(
                "missing_facet_search_facet_name",
                "Missing field `facetName`",
            ))
        }
    };
    let facet = facet_name.parse::<Dimension>().map_err(|_| {
        MeiliError::invalid(
            "invalid_facet_search_facet_name",
            format!(
                "Attribute `{facet_name}` is not facet-searchable. Available facet-searchable attributes are: `{}`.",
                Dimension::NAMES.join(", ")
            ),
        )
    })?;
    let facet_query = match body.remove("facetQuery") {
        None | Some(Value::Null) => None,
        Some(Value::String(q)) => Some(q),
        Some(other) => {
            return Err(MeiliError::invalid(
                "invalid_facet_search_facet_query",
                format!(
                    "Invalid value type at `.facetQuery`: expected a string, but found `{other}`"
                ),
            ))
        }
    };
    body.remove("exhaustiveFacetCount");
    let params = SearchParams::from_json(&Value::Object(body), Origin::Search)?;
    run(&state, move |engine| {
        search::facet_search(engine, &params, facet, facet_query.as_deref())
    })
    .await
}

/// `fields=a,b` (documents routes): the attributes to return.
fn fields_param(value: Option<&str>) -> Option<Vec<String>> {
    let list: Vec<String> = value?
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    (!list.is_empty() && !list.iter().any(|f| f == "*")).then_some(list)
}

async fn get_document(
    axum::extract::State(state): AppState,
    Path((uid, id)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Answer {
    check_uid(&uid)?;
    let params = super::params::Params::parse(query.as_deref());
    let fields = fields_param(params.get("fields"));
    run(&state, move |engine| {
        let article = crate::search::article(&engine.index, &engine.searcher(), &id)
            .map_err(|e| MeiliError::from_search(e, "bad_request"))?
            .ok_or_else(|| MeiliError::document_not_found(&id))?;
        let doc = response::document(&article);
        Ok(response::retrieve(&doc, fields.as_deref()))
    })
    .await
}

async fn list_documents(
    axum::extract::State(state): AppState,
    Path(uid): Path<String>,
    RawQuery(query): RawQuery,
) -> Answer {
    check_uid(&uid)?;
    let raw = super::params::Params::parse(query.as_deref());
    let number = |name: &str, code: &'static str, default: usize| -> Result<usize, MeiliError> {
        raw.number(name)
            .map(|n| n.unwrap_or(default))
            .map_err(|e| MeiliError::invalid(code, e.message))
    };
    let offset = number("offset", "invalid_document_offset", 0)?;
    let limit = number("limit", "invalid_document_limit", 20)?;
    let filter = match raw.get("filter") {
        Some(text) => filter::parse(text).map_err(|e| MeiliError {
            code: "invalid_document_filter",
            ..e
        })?,
        None => None,
    };
    let params = SearchParams {
        attributes_to_retrieve: fields_param(raw.get("fields")),
        filter,
        ..SearchParams::default()
    };
    run(&state, move |engine| {
        search::documents(engine, &params, offset, limit)
    })
    .await
}

async fn fetch_documents(
    axum::extract::State(state): AppState,
    Path(uid): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Answer {
    check_uid(&uid)?;
    let Value::Object(body) = json_body(&headers, body)? else {
        return Err(MeiliError::invalid(
            "bad_request",
            "Invalid value type: expected an object",
        ));
    };
    let mut params = SearchParams::default();
    let (mut offset, mut limit) = (0, 20);
    for (name, value) in &body {
        match name.as_str() {
            "offset" | "limit" => {
                let n = value.as_u64().ok_or_else(|| {
                    MeiliError::invalid(
                        if name == "offset" { "invalid_document_offset" } else { "invalid_document_limit" },
                        format!("Invalid value type at `.{name}`: expected a positive integer, but found `{value}`"),
                    )
                })? as usize;
                if name == "offset" {
                    offset = n;
                } else {
                    limit = n;
                }
            }
            "fields" => {
                let list: Vec<String> = value
                    .as_array()
                    .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
                    .unwrap_or_default();
                params.attributes_to_retrieve =
                    (!list.is_empty() && !list.iter().any(|f| f == "*")).then_some(list);
            }
            "filter" => {
                params.filter = filter::parse_value(value)
                    .map_err(|e| MeiliError { code: "invalid_document_filter", ..e })?
            }
            "sort" => {
                params.sort = request::sort(value)
                    .map_err(|e| MeiliError { code: "invalid_document_sort", ..e })?
            }
            "retrieveVectors" => {}
            other => {
                return Err(MeiliError::invalid(
                    "bad_request",
                    format!("Unknown field `{other}`: expected one of `offset`, `limit`, `fields`, `filter`, `sort`, `retrieveVectors`"),
                ))
            }
        }
    }
    run(&state, move |engine| {
        search::documents(engine, &params, offset, limit)
    })
    .await
}

/// The index's settings: what can be filtered, sorted, searched and how
/// results are ranked (read-only; the schema is vnsearch's).
fn settings_object() -> Map<String, Value> {
    let filterable: Vec<&str> = {
        let mut names: Vec<&str> = crate::search::filter_expr::Attribute::ALL
            .iter()
            .map(|a| a.name())
            .collect();
        names.sort_unstable();
        names
    };
    let value = json!({
        "displayedAttributes": ["*"],
        "searchableAttributes": ["title", "body"],
        "filterableAttributes": filterable,
        "sortableAttributes": ["date"],
        "rankingRules": ["sort", "words", "proximity", "attribute", "exactness"],
        "stopWords": [],
        "nonSeparatorTokens": [],
        "separatorTokens": [],
        "dictionary": [],
        "synonyms": {},
        "distinctAttribute": null,
        "proximityPrecision": "byWord",
        "typoTolerance": {
            "enabled": true,
            "minWordSizeForTypos": {
                "oneTypo": crate::search::TYPO_MIN_LETTERS,
                "twoTypos": crate::search::TYPO_TWO_EDITS_FROM
            },
            "disableOnWords": [],
            "disableOnAttributes": [],
            "disableOnNumbers": true
        },
        "faceting": {
            "maxValuesPerFacet": search::MAX_VALUES_PER_FACET,
            "sortFacetValuesBy": {"*": "alpha"}
        },
        "pagination": {"maxTotalHits": request::MAX_HITS_PER_REQUEST},
        "embedders": {},
        "searchCutoffMs": super::http::REQUEST_TIMEOUT.as_millis() as u64,
        "localizedAttributes": null,
        "facetSearch": true,
        "prefixSearch": "disabled"
    });
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

async fn settings(Path(uid): Path<String>) -> Answer {
    check_uid(&uid)?;
    Ok(json(&Value::Object(settings_object())))
}

/// `GET …/settings/filterable-attributes` and the like: one setting.
async fn one_setting(Path((uid, name)): Path<(String, String)>) -> Answer {
    check_uid(&uid)?;
    // kebab-case → camelCase
    let mut key = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            key.extend(c.to_uppercase());
            upper = false;
        } else {
            key.push(c);
        }
    }
    let all = settings_object();
    match all.get(&key) {
        Some(value) => Ok(json(value)),
        None => Err(MeiliError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("There is no setting `{name}`."),
        )),
    }
}

fn stats_object(engine: &Engine) -> Value {
    let documents = engine.searcher().num_docs();
    let bytes = engine.size_bytes();
    // Every document has every attribute (null when unknown).
    let distribution: Map<String, Value> = request::ATTRIBUTES
        .iter()
        .map(|a| (a.to_string(), Value::from(documents)))
        .collect();
    json!({
        "numberOfDocuments": documents,
        "rawDocumentDbSize": bytes,
        "avgDocumentSize": bytes.checked_div(documents).unwrap_or(0),
        "isIndexing": false,
        "numberOfEmbeddings": 0,
        "numberOfEmbeddedDocuments": 0,
        "fieldDistribution": distribution,
    })
}

async fn index_stats(axum::extract::State(state): AppState, Path(uid): Path<String>) -> Answer {
    check_uid(&uid)?;
    Ok(json(&stats_object(&state.engine)))
}

async fn global_stats(axum::extract::State(state): AppState) -> Response {
    let engine = &state.engine;
    json(&json!({
        "databaseSize": engine.size_bytes(),
        "usedDatabaseSize": engine.size_bytes(),
        "lastUpdate": timestamp(engine.last_update()),
        "indexes": {INDEX_UID: stats_object(engine)},
    }))
}
