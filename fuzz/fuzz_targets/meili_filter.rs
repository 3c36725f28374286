//! Fuzz target (g): the Meilisearch filter parser of `vnsearch serve`
//! (`server::meili::filter::parse` for one string, `parse_value` for the
//! JSON forms: a string, arrays of strings and arrays). What parses is
//! applied as a filter expression to a real search on the small seed
//! index, so the expression's query building (place and outlet names,
//! date ranges) is fuzzed too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use vnsearch::search::{self, SearchRequest};
use vnsearch::server::meili::filter;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut expressions = Vec::new();
    if let Ok(Some(expression)) = filter::parse(&text) {
        expressions.push(expression);
    }
    let _ = filter::parse_value(&Value::String(text.to_string()));
    if let Ok(value) = serde_json::from_slice::<Value>(data) {
        if let Ok(Some(expression)) = filter::parse_value(&value) {
            expressions.push(expression);
        }
    }
    if expressions.is_empty() {
        return;
    }
    let (index, searcher) = vnsearch_fuzz::small_index();
    for expression in expressions {
        let mut request = SearchRequest::new("*");
        request.expression = Some(expression);
        request.snippets = false;
        let _ = search::page(index, searcher, &request);
    }
});
