//! Fuzz target (h): the Meilisearch search request of `vnsearch serve`.
//! The input is read as a JSON body (`SearchParams::from_json`, as
//! `POST /indexes/articles/search`, a `/multi-search` query and a
//! federated one) and as a query string (`from_query_string`, as
//! `GET …/search`). A request that parses is answered by
//! `server::meili::search::search` on the small seed index, as the server
//! would: paging, facets, cropping and highlighting included.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use vnsearch::server::meili::request::{Origin, SearchParams};
use vnsearch::server::meili::search;

fuzz_target!(|data: &[u8]| {
    let mut parsed = Vec::new();
    if let Ok(body) = serde_json::from_slice::<Value>(data) {
        for origin in [Origin::Search, Origin::MultiSearch, Origin::Federated] {
            if let Ok(params) = SearchParams::from_json(&body, origin) {
                if origin == Origin::Search {
                    parsed.push(params);
                }
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(params) = SearchParams::from_query_string(Some(text)) {
            parsed.push(params);
        }
    }
    for params in parsed {
        let (offset, limit) = params.paging.window();
        let _ = offset.saturating_add(limit);
        let _ = params.query_text();
        let _ = search::search(vnsearch_fuzz::engine(), &params);
    }
});
