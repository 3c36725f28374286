//! Search parameters as Meilisearch clients send them: a JSON body
//! (`POST …/search`, each query of `POST /multi-search`) or a query string
//! (`GET …/search`, where lists are comma-separated). Both are read into
//! one [`SearchParams`] with Meilisearch's checks: unknown fields are a
//! `bad_request`, a value of the wrong type an `invalid_search_<field>`
//! error naming the field, as the official clients expect.

use serde_json::{Map, Value};

use super::error::MeiliError;
use super::filter;
use crate::search::{Dimension, FilterExpr, MatchMode, SortOrder};

/// Hits a page may hold (Meilisearch's default `maxTotalHits`).
pub const MAX_HITS_PER_REQUEST: usize = 1000;
/// Meilisearch's default page size.
pub const DEFAULT_LIMIT: usize = 20;
/// Meilisearch's default crop length, in words.
pub const DEFAULT_CROP_LENGTH: usize = 10;

/// The attributes of a document, in the order hits list them.
pub const ATTRIBUTES: &[&str] = &[
    "id",
    "title",
    "body",
    "date",
    "year",
    "month",
    "city",
    "district",
    "province_2025",
    "source",
    "url",
    "path",
];

/// The attributes whose text can be highlighted and cropped.
pub const TEXT_ATTRIBUTES: &[&str] = &[
    "title",
    "body",
    "city",
    "district",
    "province_2025",
    "source",
];

/// Every search parameter Meilisearch accepts, with the code of its error.
/// Those vnsearch cannot honour (vectors, hybrid search, locales…) are
/// accepted and ignored, or refused when set to something that would
/// change the answer (see `docs/meilisearch.md`).
const FIELDS: &[(&str, &str)] = &[
    ("q", "invalid_search_q"),
    ("vector", "invalid_search_vector"),
    ("offset", "invalid_search_offset"),
    ("limit", "invalid_search_limit"),
    ("page", "invalid_search_page"),
    ("hitsPerPage", "invalid_search_hits_per_page"),
    (
        "attributesToRetrieve",
        "invalid_search_attributes_to_retrieve",
    ),
    ("retrieveVectors", "invalid_search_retrieve_vectors"),
    ("attributesToCrop", "invalid_search_attributes_to_crop"),
    ("cropLength", "invalid_search_crop_length"),
    (
        "attributesToHighlight",
        "invalid_search_attributes_to_highlight",
    ),
    (
        "showMatchesPosition",
        "invalid_search_show_matches_position",
    ),
    ("showRankingScore", "invalid_search_show_ranking_score"),
    (
        "showRankingScoreDetails",
        "invalid_search_show_ranking_score_details",
    ),
    (
        "showPerformanceDetails",
        "invalid_search_show_performance_details",
    ),
    ("filter", "invalid_search_filter"),
    ("sort", "invalid_search_sort"),
    ("distinct", "invalid_search_distinct"),
    ("facets", "invalid_search_facets"),
    ("highlightPreTag", "invalid_search_highlight_pre_tag"),
    ("highlightPostTag", "invalid_search_highlight_post_tag"),
    ("cropMarker", "invalid_search_crop_marker"),
    ("matchingStrategy", "invalid_search_matching_strategy"),
    (
        "attributesToSearchOn",
        "invalid_search_attributes_to_search_on",
    ),
    (
        "rankingScoreThreshold",
        "invalid_search_ranking_score_threshold",
    ),
    ("locales", "invalid_search_locales"),
    ("hybrid", "invalid_search_hybrid_query"),
    ("media", "invalid_search_media"),
];

/// Fields a query of `POST /multi-search` has besides the search ones.
const MULTI_FIELDS: &[(&str, &str)] = &[
    ("indexUid", "invalid_index_uid"),
    (
        "federationOptions",
        "invalid_multi_search_federation_options",
    ),
];

fn code_of(field: &str) -> &'static str {
    FIELDS
        .iter()
        .chain(MULTI_FIELDS)
        .find(|(name, _)| *name == field)
        .map_or("bad_request", |(_, code)| code)
}

/// How the hits are paged: `offset`/`limit` (with an estimated total) or
/// `page`/`hitsPerPage` (with exact totals and a page count).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paging {
    Offset { offset: usize, limit: usize },
    Pages { page: usize, hits_per_page: usize },
}

impl Paging {
    /// The hits to skip and to return (`hits_per_page` and `limit` above
    /// [`MAX_HITS_PER_REQUEST`] return that many).
    pub fn window(self) -> (usize, usize) {
        match self {
            Paging::Offset { offset, limit } => (offset, limit.min(MAX_HITS_PER_REQUEST)),
            Paging::Pages {
                page,
                hits_per_page,
            } => {
                if page == 0 {
                    (0, 0)
                } else {
                    let per_page = hits_per_page.min(MAX_HITS_PER_REQUEST);
                    ((page - 1).saturating_mul(per_page), per_page)
                }
            }
        }
    }
}

/// A parsed search.
#[derive(Clone, Debug)]
pub struct SearchParams {
    /// As the client sent it (`""` when absent), echoed in `query`.
    pub q: String,
    pub paging: Paging,
    pub filter: Option<FilterExpr>,
    pub facets: Vec<Dimension>,
    /// `None`: every attribute.
    pub attributes_to_retrieve: Option<Vec<String>>,
    pub attributes_to_highlight: Vec<String>,
    pub highlight_pre_tag: String,
    pub highlight_post_tag: String,
    /// Attribute and its own crop length, if given as `body:20`.
    pub attributes_to_crop: Vec<(String, Option<usize>)>,
    pub crop_length: usize,
    pub crop_marker: String,
    pub sort: SortOrder,
    pub show_ranking_score: bool,
    pub show_matches_position: bool,
    pub matching: MatchMode,
    /// Multi-search only: the query's index and its federation options.
    pub index_uid: Option<String>,
    pub federation_weight: Option<f64>,
}

impl Default for SearchParams {
    fn default() -> SearchParams {
        SearchParams {
            q: String::new(),
            paging: Paging::Offset {
                offset: 0,
                limit: DEFAULT_LIMIT,
            },
            filter: None,
            facets: Vec::new(),
            attributes_to_retrieve: None,
            attributes_to_highlight: Vec::new(),
            highlight_pre_tag: "<em>".into(),
            highlight_post_tag: "</em>".into(),
            attributes_to_crop: Vec::new(),
            crop_length: DEFAULT_CROP_LENGTH,
            crop_marker: "…".into(),
            sort: SortOrder::Relevance,
            show_ranking_score: false,
            show_matches_position: false,
            matching: MatchMode::All,
            index_uid: None,
            federation_weight: None,
        }
    }
}

fn kind(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(_) => "a boolean".into(),
        Value::Number(n) if n.as_i64().is_some_and(|n| n < 0) => "a negative integer".into(),
        Value::Number(_) => "a number".into(),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn wrong_type(field: &str, expected: &str, value: &Value) -> MeiliError {
    MeiliError::invalid(
        code_of(field),
        format!(
            "Invalid value type at `.{field}`: expected {expected}, but found {}: `{value}`",
            kind(value)
        ),
    )
}

fn unsigned(field: &str, value: &Value) -> Result<usize, MeiliError> {
    value
        .as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| wrong_type(field, "a positive integer", value))
}

fn boolean(field: &str, value: &Value) -> Result<bool, MeiliError> {
    value
        .as_bool()
        .ok_or_else(|| wrong_type(field, "a boolean", value))
}

fn string(field: &str, value: &Value) -> Result<String, MeiliError> {
    value
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| wrong_type(field, "a string", value))
}

/// An array of strings (`null` is none).
fn strings(field: &str, value: &Value) -> Result<Vec<String>, MeiliError> {
    match value {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                item.as_str().map(str::to_string).ok_or_else(|| {
                    MeiliError::invalid(
                        code_of(field),
                        format!(
                            "Invalid value type at `.{field}[{i}]`: expected a string, but found {}: `{item}`",
                            kind(item)
                        ),
                    )
                })
            })
            .collect(),
        other => Err(wrong_type(field, "an array", other)),
    }
}

fn facets(value: &Value) -> Result<Vec<Dimension>, MeiliError> {
    let mut out = Vec::new();
    for name in strings("facets", value)? {
        if name == "*" {
            return Ok(Dimension::ALL.to_vec());
        }
        match name.parse::<Dimension>() {
            Ok(d) if !out.contains(&d) => out.push(d),
            Ok(_) => {}
            Err(_) => {
                let why = if name == "date" {
                    " (`date` has one value per day: count by `month` or `year`)".to_string()
                } else {
                    String::new()
                };
                return Err(MeiliError::invalid(
                    "invalid_search_facets",
                    format!(
                        "Invalid facet distribution: attribute `{name}` is not a facet{why}. Available facets are: `{}`.",
                        Dimension::NAMES.join("`, `")
                    ),
                ));
            }
        }
    }
    Ok(out)
}

pub fn sort(value: &Value) -> Result<SortOrder, MeiliError> {
    let rules = strings("sort", value)?;
    let mut order = SortOrder::Relevance;
    for (i, rule) in rules.iter().enumerate() {
        let Some((attribute, direction)) = rule.rsplit_once(':') else {
            return Err(MeiliError::invalid(
                "invalid_search_sort",
                format!("Invalid syntax for the sort parameter: expected expression ending by `:asc` or `:desc`, found `{rule}`."),
            ));
        };
        if attribute != "date" {
            return Err(MeiliError::invalid(
                "invalid_search_sort",
                format!("Attribute `{attribute}` is not sortable. Available sortable attributes are: `date`."),
            ));
        }
        if i > 0 {
            return Err(MeiliError::invalid(
                "invalid_search_sort",
                "vnsearch sorts by one rule: give `date:asc` or `date:desc` once (ties keep relevance order is not supported).",
            ));
        }
        order = match direction {
            "asc" => SortOrder::Date,
            "desc" => SortOrder::DateDescending,
            _ => {
                return Err(MeiliError::invalid(
                    "invalid_search_sort",
                    format!("Invalid syntax for the sort parameter: expected expression ending by `:asc` or `:desc`, found `{rule}`."),
                ))
            }
        };
    }
    Ok(order)
}

fn crop_list(value: &Value) -> Result<Vec<(String, Option<usize>)>, MeiliError> {
    strings("attributesToCrop", value)?
        .into_iter()
        .map(|entry| match entry.rsplit_once(':') {
            Some((name, length)) => length
                .parse::<usize>()
                .map(|n| (name.to_string(), Some(n)))
                .map_err(|_| {
                    MeiliError::invalid(
                        "invalid_search_attributes_to_crop",
                        format!("Invalid value at `.attributesToCrop`: `{entry}` must be an attribute or `attribute:length` with a whole number of words."),
                    )
                }),
            None => Ok((entry, None)),
        })
        .collect()
}

/// Where the search came from decides which fields are allowed.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Search,
    MultiSearch,
    Federated,
}

impl SearchParams {
    /// A JSON object of search parameters.
    pub fn from_json(body: &Value, origin: Origin) -> Result<SearchParams, MeiliError> {
        let Value::Object(map) = body else {
            return Err(MeiliError::invalid(
                "bad_request",
                format!(
                    "Invalid value type: expected an object, but found {}: `{body}`",
                    kind(body)
                ),
            ));
        };
        SearchParams::from_map(map, origin)
    }

    fn from_map(map: &Map<String, Value>, origin: Origin) -> Result<SearchParams, MeiliError> {
        let mut p = SearchParams::default();
        let mut offset = None;
        let mut limit = None;
        let mut page = None;
        let mut hits_per_page = None;
        for (field, value) in map {
            let known = FIELDS.iter().any(|(n, _)| n == field)
                || (origin != Origin::Search && MULTI_FIELDS.iter().any(|(n, _)| n == field));
            if !known {
                let mut names: Vec<&str> = FIELDS.iter().map(|(n, _)| *n).collect();
                if origin != Origin::Search {
                    names.extend(MULTI_FIELDS.iter().map(|(n, _)| *n));
                }
                return Err(MeiliError::invalid(
                    "bad_request",
                    format!(
                        "Unknown field `{field}`: expected one of `{}`",
                        names.join("`, `")
                    ),
                ));
            }
            match field.as_str() {
                "q" => {
                    p.q = match value {
                        Value::Null => String::new(),
                        other => string(field, other)?,
                    }
                }
                "offset" => offset = Some(unsigned(field, value)?),
                "limit" => limit = Some(unsigned(field, value)?),
                "page" => page = Some(unsigned(field, value)?),
                "hitsPerPage" => hits_per_page = Some(unsigned(field, value)?),
                "filter" => p.filter = filter::parse_value(value)?,
                "facets" => p.facets = facets(value)?,
                "attributesToRetrieve" => {
                    let list = strings(field, value)?;
                    p.attributes_to_retrieve =
                        (!value.is_null() && !list.iter().any(|a| a == "*")).then_some(list);
                }
                "attributesToHighlight" => p.attributes_to_highlight = strings(field, value)?,
                "attributesToCrop" => p.attributes_to_crop = crop_list(value)?,
                "cropLength" => p.crop_length = unsigned(field, value)?,
                "cropMarker" => p.crop_marker = string(field, value)?,
                "highlightPreTag" => p.highlight_pre_tag = string(field, value)?,
                "highlightPostTag" => p.highlight_post_tag = string(field, value)?,
                "sort" => p.sort = sort(value)?,
                "showRankingScore" => p.show_ranking_score = boolean(field, value)?,
                "showMatchesPosition" => p.show_matches_position = boolean(field, value)?,
                "showRankingScoreDetails" | "retrieveVectors" | "showPerformanceDetails"
                    if !value.is_null() =>
                {
                    boolean(field, value)?;
                }
                "matchingStrategy" => {
                    p.matching = match value.as_str() {
                        // `all` and `last` both require every word and, when
                        // no article has them all, rank by how many they have.
                        Some("all") | Some("last") => MatchMode::All,
                        Some("frequency") => MatchMode::Any,
                        _ => {
                            return Err(MeiliError::invalid(
                                "invalid_search_matching_strategy",
                                format!("Unknown value `{}` at `.matchingStrategy`: expected one of `last`, `all`, `frequency`", value.as_str().map_or(value.to_string(), str::to_string)),
                            ))
                        }
                    }
                }
                "attributesToSearchOn" => {
                    for name in strings(field, value)? {
                        if !matches!(name.as_str(), "*" | "title" | "body") {
                            return Err(MeiliError::invalid(
                                "invalid_search_attributes_to_search_on",
                                format!("Attribute `{name}` is not searchable. Available searchable attributes are: `title, body`."),
                            ));
                        }
                    }
                }
                "distinct" if !value.is_null() => {
                    return Err(MeiliError::invalid(
                        "invalid_search_distinct",
                        "vnsearch does not support `distinct`: every article is its own document.",
                    ));
                }
                "vector" | "hybrid" | "media" if !value.is_null() => {
                    return Err(MeiliError::invalid(
                        code_of(field),
                        format!("vnsearch does not support `{field}`: it has no embeddings, only full-text search."),
                    ));
                }
                "rankingScoreThreshold" if !value.is_null() => {
                    value
                        .as_f64()
                        .filter(|t| (0.0..=1.0).contains(t))
                        .ok_or_else(|| wrong_type(field, "a number between 0.0 and 1.0", value))?;
                }
                "locales" => {
                    strings(field, value)?;
                }
                "indexUid" => p.index_uid = Some(string(field, value)?),
                "federationOptions" => {
                    if origin != Origin::Federated {
                        if !value.is_null() {
                            return Err(MeiliError::invalid(
                                "invalid_multi_search_federation_options",
                                "Using `federationOptions` is not allowed in a non-federated search. Hint: add `federation: {}` to the request's body.",
                            ));
                        }
                        continue;
                    }
                    p.federation_weight = federation_weight(value)?;
                }
                _ => {}
            }
        }
        if origin == Origin::Federated {
            if offset.is_some() || limit.is_some() || page.is_some() || hits_per_page.is_some() {
                return Err(MeiliError::invalid(
                    "invalid_multi_search_query_pagination",
                    "Using pagination options is not allowed in federated queries. Hint: remove `offset`, `limit`, `page` or `hitsPerPage` from the query, or give them to `federation`.",
                ));
            }
            if !p.facets.is_empty() {
                return Err(MeiliError::invalid(
                    "invalid_multi_search_query_facets",
                    "Using facet options is not allowed in federated queries. Hint: remove `facets` from the query.",
                ));
            }
        }
        p.paging = if page.is_some() || hits_per_page.is_some() {
            Paging::Pages {
                page: page.unwrap_or(1),
                hits_per_page: hits_per_page.unwrap_or(DEFAULT_LIMIT),
            }
        } else {
            Paging::Offset {
                offset: offset.unwrap_or(0),
                limit: limit.unwrap_or(DEFAULT_LIMIT),
            }
        };
        Ok(p)
    }

    /// A query string (`GET …/search`): numbers and booleans are parsed,
    /// lists are comma-separated, then read as the JSON body would be.
    pub fn from_query_string(query: Option<&str>) -> Result<SearchParams, MeiliError> {
        let mut map = Map::new();
        for (name, raw) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            let name = name.into_owned();
            let raw = raw.into_owned();
            let invalid = |expected: &str| {
                MeiliError::invalid(
                    code_of(&name),
                    format!("Invalid value in parameter `{name}`: could not parse `{raw}` as {expected}"),
                )
            };
            let value = match name.as_str() {
                "offset" | "limit" | "page" | "hitsPerPage" | "cropLength" => Value::from(
                    raw.trim()
                        .parse::<u64>()
                        .map_err(|_| invalid("a positive integer"))?,
                ),
                "rankingScoreThreshold" => Value::from(
                    raw.trim()
                        .parse::<f64>()
                        .map_err(|_| invalid("a number"))?,
                ),
                "showMatchesPosition" | "showRankingScore" | "showRankingScoreDetails"
                | "retrieveVectors" | "showPerformanceDetails" => match raw.trim() {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    _ => return Err(invalid("a boolean, expected either `true` or `false`")),
                },
                "attributesToRetrieve" | "attributesToCrop" | "attributesToHighlight"
                | "facets" | "sort" | "attributesToSearchOn" | "locales" => Value::Array(
                    raw.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| Value::String(s.to_string()))
                        .collect(),
                ),
                // GET spells hybrid search with these names; refused below.
                "hybridEmbedder" | "hybridSemanticRatio" => {
                    return Err(MeiliError::invalid(
                        "invalid_search_hybrid_query",
                        "vnsearch does not support hybrid search: it has no embeddings, only full-text search.",
                    ))
                }
                _ => Value::String(raw.clone()),
            };
            map.insert(name, value);
        }
        SearchParams::from_map(&map, Origin::Search)
    }

    /// The query text for the search path: an empty `q` is every article.
    pub fn query_text(&self) -> String {
        if self.q.trim().is_empty() {
            "*".into()
        } else {
            self.q.clone()
        }
    }
}

fn federation_weight(value: &Value) -> Result<Option<f64>, MeiliError> {
    match value {
        Value::Null => Ok(None),
        Value::Object(options) => {
            let mut weight = None;
            for (name, v) in options {
                match name.as_str() {
                    "weight" => {
                        weight = Some(v.as_f64().filter(|w| *w >= 0.0).ok_or_else(|| {
                            MeiliError::invalid(
                                "invalid_multi_search_weight",
                                format!("Invalid value at `.federationOptions.weight`: the value of `weight` is invalid, expected a positive float (>= 0.0), found `{v}`"),
                            )
                        })?)
                    }
                    "remote" | "queryPosition" => {}
                    other => {
                        return Err(MeiliError::invalid(
                            "bad_request",
                            format!("Unknown field `{other}` inside `.federationOptions`: expected one of `weight`, `remote`, `queryPosition`"),
                        ))
                    }
                }
            }
            Ok(weight)
        }
        other => Err(wrong_type("federationOptions", "an object", other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_a_full_body() {
        let p = SearchParams::from_json(
            &json!({"q": "dân vận", "limit": 5, "offset": 2, "filter": "city = hanoi",
                    "facets": ["city", "year"], "sort": ["date:desc"], "attributesToCrop": ["body:5", "title"],
                    "matchingStrategy": "frequency", "attributesToRetrieve": ["title"], "locales": ["vie"]}),
            Origin::Search,
        )
        .unwrap();
        assert_eq!(
            p.paging,
            Paging::Offset {
                offset: 2,
                limit: 5
            }
        );
        assert_eq!(p.facets, vec![Dimension::City, Dimension::Year]);
        assert_eq!(p.sort, SortOrder::DateDescending);
        assert_eq!(p.matching, MatchMode::Any);
        assert_eq!(
            p.attributes_to_crop,
            vec![("body".into(), Some(5)), ("title".into(), None)]
        );
        assert_eq!(p.attributes_to_retrieve, Some(vec!["title".to_string()]));
        assert!(p.filter.is_some());
    }

    #[test]
    fn pages_and_defaults() {
        let p =
            SearchParams::from_json(&json!({"page": 2, "hitsPerPage": 3}), Origin::Search).unwrap();
        assert_eq!(p.paging.window(), (3, 3));
        let p = SearchParams::from_json(&json!({"hitsPerPage": 5}), Origin::Search).unwrap();
        assert_eq!(p.paging.window(), (0, 5));
        let p = SearchParams::from_json(&json!({"page": 0}), Origin::Search).unwrap();
        assert_eq!(p.paging.window(), (0, 0));
        let p = SearchParams::from_json(&json!({"limit": 5000}), Origin::Search).unwrap();
        assert_eq!(p.paging.window(), (0, 1000));
        let p = SearchParams::from_json(&json!({}), Origin::Search).unwrap();
        assert_eq!(p.paging.window(), (0, 20));
        assert_eq!(p.query_text(), "*");
    }

    #[test]
    fn errors_name_the_field() {
        let table = [
            (json!({"limit": "x"}), "invalid_search_limit", "Invalid value type at `.limit`: expected a positive integer, but found a string: `\"x\"`"),
            (json!({"offset": -1}), "invalid_search_offset", "found a negative integer"),
            (json!({"q": 3}), "invalid_search_q", "expected a string"),
            (json!({"bogus": 1}), "bad_request", "Unknown field `bogus`: expected one of `q`"),
            (json!({"indexUid": "articles"}), "bad_request", "Unknown field `indexUid`"),
            (json!({"facets": ["title"]}), "invalid_search_facets", "attribute `title` is not a facet"),
            (json!({"facets": "city"}), "invalid_search_facets", "expected an array"),
            (json!({"sort": ["title:asc"]}), "invalid_search_sort", "Attribute `title` is not sortable"),
            (json!({"sort": ["date"]}), "invalid_search_sort", "expected expression ending by `:asc` or `:desc`"),
            (json!({"sort": ["date:up"]}), "invalid_search_sort", "found `date:up`"),
            (json!({"matchingStrategy": "most"}), "invalid_search_matching_strategy", "expected one of `last`, `all`, `frequency`"),
            (json!({"showRankingScore": "yes"}), "invalid_search_show_ranking_score", "expected a boolean"),
            (json!({"attributesToCrop": ["body:x"]}), "invalid_search_attributes_to_crop", "body:x"),
            (json!({"hybrid": {"embedder": "x"}}), "invalid_search_hybrid_query", "no embeddings"),
            (json!({"distinct": "city"}), "invalid_search_distinct", "distinct"),
            (json!({"attributesToSearchOn": ["city"]}), "invalid_search_attributes_to_search_on", "not searchable"),
            (json!({"filter": "nope = 1"}), "invalid_search_filter", "Attribute `nope` is not filterable"),
            (json!({"federationOptions": {"weight": 2}}), "bad_request", "Unknown field"),
            (json!(["q"]), "bad_request", "expected an object"),
        ];
        for (body, code, message) in table {
            let err = SearchParams::from_json(&body, Origin::Search).unwrap_err();
            assert_eq!(err.code, code, "{body}");
            assert!(err.message.contains(message), "{body}: {}", err.message);
        }
    }

    #[test]
    fn federated_queries_refuse_paging_and_facets() {
        let err = SearchParams::from_json(
            &json!({"indexUid": "articles", "limit": 3}),
            Origin::Federated,
        )
        .unwrap_err();
        assert_eq!(err.code, "invalid_multi_search_query_pagination");
        let err = SearchParams::from_json(
            &json!({"indexUid": "articles", "facets": ["city"]}),
            Origin::Federated,
        )
        .unwrap_err();
        assert_eq!(err.code, "invalid_multi_search_query_facets");
        let p = SearchParams::from_json(
            &json!({"indexUid": "articles", "federationOptions": {"weight": 2.0}}),
            Origin::Federated,
        )
        .unwrap();
        assert_eq!(p.federation_weight, Some(2.0));
        let err = SearchParams::from_json(
            &json!({"indexUid": "articles", "federationOptions": {"weight": 2.0}}),
            Origin::MultiSearch,
        )
        .unwrap_err();
        assert_eq!(err.code, "invalid_multi_search_federation_options");
    }

    #[test]
    fn query_strings() {
        let p = SearchParams::from_query_string(Some(
            "q=d%C3%A2n&limit=3&facets=city,year&attributesToHighlight=*&showRankingScore=true&filter=city%20%3D%20hanoi",
        ))
        .unwrap();
        assert_eq!(p.q, "dân");
        assert_eq!(
            p.paging,
            Paging::Offset {
                offset: 0,
                limit: 3
            }
        );
        assert_eq!(p.facets, vec![Dimension::City, Dimension::Year]);
        assert!(p.show_ranking_score);
        assert!(p.filter.is_some());
        let err = SearchParams::from_query_string(Some("limit=x")).unwrap_err();
        assert_eq!(err.code, "invalid_search_limit");
        assert!(
            err.message
                .contains("could not parse `x` as a positive integer"),
            "{}",
            err.message
        );
        let err = SearchParams::from_query_string(Some("zzz=1")).unwrap_err();
        assert_eq!(err.code, "bad_request");
    }
}
