//! Query strings → search requests. Filters repeat (`city=a&city=b`), as
//! HTML forms send them, so the parameters are read as a list of pairs
//! rather than a map. Values are checked by the same parsers the CLI uses,
//! so a bad value gets the same message.

use std::str::FromStr;

use super::http::ApiError;
use crate::search::{FilterArgs, MatchMode, SearchRequest, SortOrder, Typos};

/// The decoded `name=value` pairs of a query string, in order.
#[derive(Clone, Debug, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(query: Option<&str>) -> Params {
        Params(
            form_urlencoded::parse(query.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first non-empty value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// Every non-empty value of `name`.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// `name` parsed by its type's own parser (the CLI's), if present.
    pub fn parsed<T: FromStr<Err = String>>(&self, name: &str) -> Result<Option<T>, ApiError> {
        self.get(name)
            .map(|v| {
                v.parse::<T>()
                    .map_err(|e| ApiError::bad_request(format!("{name}: {e}")))
            })
            .transpose()
    }

    /// A whole number, if present.
    pub fn number(&self, name: &str) -> Result<Option<usize>, ApiError> {
        self.get(name)
            .map(|v| {
                v.trim().parse::<usize>().map_err(|_| {
                    ApiError::bad_request(format!("{name} must be a whole number (got `{v}`)"))
                })
            })
            .transpose()
    }

    /// `name`'s value when it is one of `allowed`; `default` when absent.
    pub fn one_of<'a>(
        &'a self,
        name: &str,
        allowed: &[&'a str],
        default: &'a str,
    ) -> Result<&'a str, ApiError> {
        match self.get(name) {
            None => Ok(default),
            Some(v) if allowed.contains(&v) => Ok(v),
            Some(v) => Err(ApiError::bad_request(format!(
                "{name} `{v}` is not one of {}",
                allowed.join(", ")
            ))),
        }
    }

    /// `true`/`1`/`yes`/`on` (a ticked checkbox sends `on`).
    pub fn flag(&self, name: &str) -> bool {
        self.get(name)
            .is_some_and(|v| matches!(v, "true" | "1" | "yes" | "on"))
    }

    /// The query text; `q` is required.
    pub fn query(&self) -> Result<String, ApiError> {
        self.get("q").map(str::to_string).ok_or_else(|| {
            ApiError::bad_request(
                "the parameter q (the query) is required; use q=* for every article",
            )
        })
    }

    /// The filters, as the CLI's `--city`, `--district`, … give them.
    pub fn filters(&self) -> FilterArgs {
        FilterArgs {
            cities: self.all("city"),
            districts: self.all("district"),
            provinces_2025: self.all("province_2025"),
            sources: self.all("source"),
            from: self.get("from").map(str::to_string),
            to: self.get("to").map(str::to_string),
            years: self.all("year"),
            scopes: self.all("scope"),
        }
    }

    /// A search request: `q`, filters, `match`, `sort`, `limit`, `offset`,
    /// `explain`, `typos`.
    pub fn request(&self) -> Result<SearchRequest, ApiError> {
        let defaults = SearchRequest::new(self.query()?);
        Ok(SearchRequest {
            filters: self.filters(),
            mode: self.parsed::<MatchMode>("match")?.unwrap_or(defaults.mode),
            sort: self.parsed::<SortOrder>("sort")?.unwrap_or(defaults.sort),
            limit: self.number("limit")?.unwrap_or(defaults.limit),
            offset: self.number("offset")?.unwrap_or(defaults.offset),
            explain: self.flag("explain"),
            typos: self.parsed::<Typos>("typos")?.unwrap_or(defaults.typos),
            ..defaults
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_filters_and_defaults() {
        let p = Params::parse(Some(
            "q=d%C3%A2n+v%E1%BA%ADn&city=hanoi&city=&city=haiphong&limit=5",
        ));
        let r = p.request().unwrap();
        assert_eq!(r.query, "dân vận");
        assert_eq!(r.filters.cities, ["hanoi", "haiphong"]);
        assert_eq!((r.limit, r.offset), (5, 0));
        assert!(Params::parse(Some("limit=x&q=a")).request().is_err());
        assert!(Params::parse(Some("sort=up&q=a")).request().is_err());
        assert!(Params::parse(None).request().is_err());
    }
}
