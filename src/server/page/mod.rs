//! The search page at `/` and the article view at `/articles/{id}`:
//! server-rendered HTML on the same search path as the API
//! (`search::page` with disjunctive facets, `search::timeline`,
//! `search::article`), so the page works as a plain GET form with
//! JavaScript off; `assets/app.js` adds search-as-you-type on top.
//!
//! The page's state lives in its URL ([`PageState`]): query, filters,
//! sort, page, chart mode and language. The script and stylesheet are
//! compiled into the binary and served from fixed routes only, so nothing
//! outside the bundle can ever be served.

pub mod i18n;
pub mod render;

use axum::extract::{Path as UrlPath, RawQuery};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::http::{blocking, ApiError};
use super::params::Params;
use super::State;
use crate::search::{self, FilterArgs, Interval, SearchRequest, SortOrder};
use i18n::Lang;

/// Results per page.
pub const PER_PAGE: usize = 10;
/// Deepest page served (offsets beyond cost time and nobody reads them).
pub const MAX_PAGE: usize = 1000;

pub fn routes() -> Router<State> {
    Router::new()
        .route("/", get(search_page))
        .route("/articles/{id}", get(article_page))
        .route("/assets/app.js", get(|| async { asset(&APP_JS) }))
        .route("/assets/style.css", get(|| async { asset(&STYLE_CSS) }))
}

/// A file compiled into the binary.
pub struct Asset {
    pub content: &'static str,
    pub content_type: &'static str,
    /// Changes whenever the content does; asset URLs carry it (`?v=`), so
    /// browsers may cache them for good.
    pub version: u64,
}

impl Asset {
    /// `/assets/app.js?v=…`.
    pub fn url(&self, path: &str) -> String {
        format!("{path}?v={:x}", self.version)
    }
}

/// FNV-1a, at compile time.
const fn fnv(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}

const APP_JS_TEXT: &str = include_str!("assets/app.js");
const STYLE_CSS_TEXT: &str = include_str!("assets/style.css");

pub static APP_JS: Asset = Asset {
    content: APP_JS_TEXT,
    content_type: "text/javascript; charset=utf-8",
    version: fnv(APP_JS_TEXT.as_bytes()),
};

pub static STYLE_CSS: Asset = Asset {
    content: STYLE_CSS_TEXT,
    content_type: "text/css; charset=utf-8",
    version: fnv(STYLE_CSS_TEXT.as_bytes()),
};

fn asset(asset: &'static Asset) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(asset.content_type),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    if let Ok(etag) = HeaderValue::from_str(&format!("\"{:x}\"", asset.version)) {
        headers.insert(header::ETAG, etag);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    (headers, asset.content).into_response()
}

/// Scripts only from the bundle (no inline script runs, whatever an
/// article contains), no plugins, no framing.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
                   frame-ancestors 'none'";

/// An HTML page with the headers every page gets.
fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CSP),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("same-origin"),
            ),
        ],
        body,
    )
        .into_response()
}

/// Count bars or share bars in the trends chart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Chart {
    #[default]
    Count,
    Share,
}

/// Everything the page's URL says.
#[derive(Clone, Debug, Default)]
pub struct PageState {
    pub q: String,
    pub cities: Vec<String>,
    pub years: Vec<String>,
    pub sources: Vec<String>,
    pub from: String,
    pub to: String,
    /// `relevance`, `-date` or `date`.
    pub sort: String,
    /// 1-based.
    pub page: usize,
    pub lang: Lang,
    pub chart: Chart,
}

impl PageState {
    pub fn from_params(params: &Params) -> PageState {
        let text = |name: &str| params.get(name).unwrap_or("").trim().to_string();
        PageState {
            q: text("q"),
            cities: params.all("city"),
            years: params.all("year"),
            sources: params.all("source"),
            from: text("from"),
            to: text("to"),
            sort: params.get("sort").unwrap_or("relevance").to_string(),
            page: params
                .get("page")
                .and_then(|p| p.trim().parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, MAX_PAGE),
            lang: Lang::from_param(params.get("lang")),
            chart: match params.get("chart") {
                Some("share") => Chart::Share,
                _ => Chart::Count,
            },
        }
    }

    pub fn has_filters(&self) -> bool {
        !(self.cities.is_empty()
            && self.years.is_empty()
            && self.sources.is_empty()
            && self.from.is_empty()
            && self.to.is_empty())
    }

    /// The search's parameters as the API takes them (`q`, filters,
    /// `sort`), without paging or display settings.
    pub fn search_pairs(&self) -> Vec<(&'static str, &str)> {
        let mut pairs = vec![("q", self.q.as_str())];
        pairs.extend(self.cities.iter().map(|v| ("city", v.as_str())));
        pairs.extend(self.years.iter().map(|v| ("year", v.as_str())));
        pairs.extend(self.sources.iter().map(|v| ("source", v.as_str())));
        if !self.from.is_empty() {
            pairs.push(("from", &self.from));
        }
        if !self.to.is_empty() {
            pairs.push(("to", &self.to));
        }
        if self.sort != "relevance" {
            pairs.push(("sort", &self.sort));
        }
        pairs
    }

    /// The page's own query string (for links), on page `page`.
    pub fn query_string(&self, page: usize) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (name, value) in self.search_pairs() {
            out.append_pair(name, value);
        }
        if page > 1 {
            out.append_pair("page", &page.to_string());
        }
        if self.chart == Chart::Share {
            out.append_pair("chart", "share");
        }
        if self.lang == Lang::En {
            out.append_pair("lang", "en");
        }
        out.finish()
    }

    /// The search for the page shown.
    pub fn request(&self) -> Result<SearchRequest, ApiError> {
        let sort = self
            .sort
            .parse::<SortOrder>()
            .map_err(|e| ApiError::bad_request(format!("sort: {e}")))?;
        let none_if_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Ok(SearchRequest {
            filters: FilterArgs {
                cities: self.cities.clone(),
                years: self.years.clone(),
                sources: self.sources.clone(),
                from: none_if_empty(&self.from),
                to: none_if_empty(&self.to),
                ..FilterArgs::default()
            },
            sort,
            limit: PER_PAGE,
            offset: (self.page - 1) * PER_PAGE,
            disjunctive_facets: true,
            ..SearchRequest::new(self.q.clone())
        })
    }
}

async fn search_page(
    axum::extract::State(state): axum::extract::State<State>,
    RawQuery(query): RawQuery,
) -> Response {
    let page = PageState::from_params(&Params::parse(query.as_deref()));
    if page.q.is_empty() {
        let articles = blocking(&state, |engine| Ok(engine.searcher().num_docs()))
            .await
            .unwrap_or(0);
        return html(StatusCode::OK, render::landing(&page, articles));
    }
    let request = match page.request() {
        Ok(request) => request,
        Err(error) => return html(error.status, render::search_error(&page, &error.message)),
    };
    let answer = blocking(&state, move |engine| {
        let searcher = engine.searcher();
        let results = search::page(&engine.index, &searcher, &request)?;
        let timeline = search::timeline(&engine.index, &searcher, &request, Interval::Month)?;
        Ok((results, timeline))
    })
    .await;
    match answer {
        Ok((results, timeline)) => {
            html(StatusCode::OK, render::results(&page, &results, &timeline))
        }
        Err(error) => html(error.status, render::search_error(&page, &error.message)),
    }
}

async fn article_page(
    axum::extract::State(state): axum::extract::State<State>,
    UrlPath(id): UrlPath<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let page = PageState::from_params(&Params::parse(query.as_deref()));
    // A query that does not parse highlights nothing; the article still shows.
    let highlight = (!page.q.is_empty())
        .then(|| search::highlight_terms(&page.q).ok())
        .flatten()
        .unwrap_or_default();
    let wanted = id.clone();
    let answer = blocking(&state, move |engine| {
        search::article(&engine.index, &engine.searcher(), &wanted)
    })
    .await;
    match answer {
        Ok(Some(article)) => html(StatusCode::OK, render::article(&page, &article, &highlight)),
        Ok(None) => html(StatusCode::NOT_FOUND, render::article_missing(&page, &id)),
        Err(error) => html(error.status, render::search_error(&page, &error.message)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_through_the_url() {
        let params = Params::parse(Some(
            "q=d%C3%A2n+v%E1%BA%ADn&city=H%E1%BA%A3i+Ph%C3%B2ng&city=H%C3%A0+N%E1%BB%99i&year=2023&sort=-date&page=3&lang=en&chart=share",
        ));
        let state = PageState::from_params(&params);
        assert_eq!(state.q, "dân vận");
        assert_eq!(state.cities, ["Hải Phòng", "Hà Nội"]);
        assert_eq!(
            (state.page, state.lang, state.chart),
            (3, Lang::En, Chart::Share)
        );
        let again = PageState::from_params(&Params::parse(Some(&state.query_string(3))));
        assert_eq!(again.query_string(3), state.query_string(3));
        let request = state.request().unwrap();
        assert_eq!((request.offset, request.limit), (20, PER_PAGE));
        assert!(request.disjunctive_facets);
        assert_eq!(request.sort, SortOrder::DateDescending);
    }

    #[test]
    fn paging_is_bounded_and_bad_sorts_are_refused() {
        let state = PageState::from_params(&Params::parse(Some("q=a&page=999999999")));
        assert_eq!(state.page, MAX_PAGE);
        let state = PageState::from_params(&Params::parse(Some("q=a&page=-2")));
        assert_eq!(state.page, 1);
        let state = PageState::from_params(&Params::parse(Some("q=a&sort=up")));
        assert!(state.request().is_err());
    }

    #[test]
    fn asset_versions_follow_content() {
        assert_ne!(APP_JS.version, STYLE_CSS.version);
        assert!(APP_JS
            .url("/assets/app.js")
            .starts_with("/assets/app.js?v="));
    }
}
