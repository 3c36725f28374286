//! How much one query may ask for. A search engine that answers anyone
//! (a terminal user pasting a document, or any HTTP client) must bound the
//! work of one query: without limits, 3,000 `OR`ed words took 6.4 s on the
//! 104,608-article index and 10,000 nested parentheses would overflow the
//! parser's stack. The CLI and the server apply the same limits, and each
//! error names the limit and what to do.

use crate::error::usage_error;

/// Longest query, in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// Most words (and phrase words and prefixes) in one query: room for a
/// long natural-language question (the ALQAC set has 75-word ones), far
/// from the thousands of words that cost seconds.
pub const MAX_WORDS: usize = 128;
/// Deepest nesting of parentheses and `NOT`.
pub const MAX_DEPTH: usize = 16;
/// Most index words one `prefix*` may stand for.
pub const MAX_PREFIX_EXPANSIONS: usize = 2_000;

pub fn query_too_long(chars: usize) -> anyhow::Error {
    usage_error(format!(
        "the query is {chars} characters long; the limit is {MAX_QUERY_CHARS}: shorten it"
    ))
}

pub fn too_many_words(words: usize) -> anyhow::Error {
    usage_error(format!(
        "the query has {words} words; the limit is {MAX_WORDS}: use fewer words, or several searches"
    ))
}

pub fn too_deep() -> anyhow::Error {
    usage_error(format!(
        "the query nests parentheses or NOT more than {MAX_DEPTH} levels deep; simplify it"
    ))
}

pub fn prefix_too_wide(prefix: &str) -> anyhow::Error {
    usage_error(format!(
        "the prefix `{prefix}*` matches more than {MAX_PREFIX_EXPANSIONS} different words; type more letters before `*`"
    ))
}
