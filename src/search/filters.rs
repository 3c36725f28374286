//! Facet and date filters: `--city`, `--district`, `--province-2025`,
//! `--source`, `--from`, `--to`, resolved to canonical names first so that
//! any spelling of a place works and an unknown one is reported with the
//! closest known names.

use std::ops::Bound;

use anyhow::Result;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DateTime, Term};

use crate::analysis::{normalize, Form};
use crate::error::usage_error;
use crate::gazetteer::Gazetteer;
use crate::index::schema::Fields;
use crate::ingest::{calendar, source};

/// Filters resolved to facet values and instants.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    /// `(city, district)` facet paths; any may match.
    pub places: Vec<Vec<String>>,
    /// Post-2025 provinces; any may match.
    pub provinces_2025: Vec<String>,
    pub sources: Vec<String>,
    /// Inclusive lower bound.
    pub from: Option<DateTime>,
    /// Exclusive upper bound.
    pub until: Option<DateTime>,
    /// Periods (`[start, end)`); any may match (`--year 2023 --year 2024`).
    pub periods: Vec<(DateTime, DateTime)>,
    /// Canonical scope names; any may match.
    pub scopes: Vec<String>,
}

/// What the user typed, before resolution.
#[derive(Clone, Debug, Default)]
pub struct FilterArgs {
    pub cities: Vec<String>,
    pub districts: Vec<String>,
    pub provinces_2025: Vec<String>,
    pub sources: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Years or months (`2023`, `2023-12`); any may match.
    pub years: Vec<String>,
    /// `local`, `national`, `international`; any may match.
    pub scopes: Vec<String>,
}

/// The facet panels a page shows, each filtered by its own values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    City,
    Year,
    Source,
}

impl FilterArgs {
    /// The same filters without the panel's own (for disjunctive counts:
    /// a panel is counted with the other panels' filters only).
    pub fn without(&self, panel: Panel) -> FilterArgs {
        let mut other = self.clone();
        match panel {
            Panel::City => {
                other.cities.clear();
                other.districts.clear();
            }
            Panel::Year => other.years.clear(),
            Panel::Source => other.sources.clear(),
        }
        other
    }

    /// True when the panel's own filter is set.
    pub fn filters(&self, panel: Panel) -> bool {
        match panel {
            Panel::City => !self.cities.is_empty() || !self.districts.is_empty(),
            Panel::Year => !self.years.is_empty(),
            Panel::Source => !self.sources.is_empty(),
        }
    }
}

/// Facet paths (`[city]`) for a city name in any spelling.
pub fn city_places(name: &str) -> Result<Vec<Vec<String>>> {
    let gazetteer = Gazetteer::get();
    let province = gazetteer
        .province(name)
        .ok_or_else(|| unknown("city", name, &gazetteer.suggest(name, 3)))?;
    Ok(vec![vec![province.name.clone()]])
}

/// Facet paths (`[city, district]`) for a district name, within `cities`
/// when given (a name like `Châu Thành` exists in several provinces).
pub fn district_places(name: &str, cities: &[String]) -> Result<Vec<Vec<String>>> {
    let gazetteer = Gazetteer::get();
    let scopes: Vec<Option<&str>> = if cities.is_empty() {
        vec![None]
    } else {
        cities.iter().map(|c| Some(c.as_str())).collect()
    };
    let mut found = Vec::new();
    for scope in scopes {
        for (province, district) in gazetteer.district(name, scope) {
            found.push(vec![province.name.clone(), district.name.clone()]);
        }
    }
    if found.is_empty() {
        let within = if cities.is_empty() {
            String::new()
        } else {
            format!(" in {}", cities.join(", "))
        };
        return Err(usage_error(format!(
            "unknown district `{name}`{within}; give the district's name as in `Quận Hoàng Mai` or `Hoàng Mai`"
        )));
    }
    Ok(found)
}

/// A non-scoring query: any of the facet paths.
fn facet_query(field: tantivy::schema::Field, paths: Vec<Facet>) -> Box<dyn Query> {
    let clauses = paths
        .into_iter()
        .map(|facet| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_facet(field, &facet),
                IndexRecordOption::Basic,
            ));
            (Occur::Should, q)
        })
        .collect();
    Box::new(ConstScoreQuery::new(
        Box::new(BooleanQuery::new(clauses)),
        0.0,
    ))
}

pub fn place_query(fields: &Fields, places: &[Vec<String>]) -> Box<dyn Query> {
    facet_query(
        fields.place_facet,
        places.iter().map(Facet::from_path).collect(),
    )
}

pub fn source_query(fields: &Fields, sources: &[String]) -> Box<dyn Query> {
    facet_query(
        fields.source_facet,
        sources.iter().map(|s| Facet::from_path([s])).collect(),
    )
}

/// Articles of any of these scopes (canonical names).
pub fn scope_query(fields: &Fields, scopes: &[String]) -> Box<dyn Query> {
    facet_query(
        fields.scope_facet,
        scopes.iter().map(|s| Facet::from_path([s])).collect(),
    )
}

/// The canonical scope a user means: `local`, `national`, `international`,
/// in English or Vietnamese (`địa phương`, `trong nước`, `quốc tế`), with
/// or without diacritics.
pub fn resolve_scope(name: &str) -> Result<&'static str> {
    let folded = normalize(name, Form::Folded);
    match folded.trim() {
        "local" | "dia phuong" => Ok("local"),
        "national" | "trong nuoc" | "toan quoc" => Ok("national"),
        "international" | "quoc te" | "the gioi" => Ok("international"),
        _ => Err(usage_error(format!(
            "unknown scope `{name}`; use local, national or international"
        ))),
    }
}

/// Published in `[from, until)`; either bound may be open.
pub fn date_query(
    fields: &Fields,
    from: Option<DateTime>,
    until: Option<DateTime>,
) -> Box<dyn Query> {
    let bound = |instant: Option<DateTime>, make: fn(Term) -> Bound<Term>| {
        instant.map_or(Bound::Unbounded, |i| {
            make(Term::from_field_date_for_search(fields.date, i))
        })
    };
    let range = RangeQuery::new(bound(from, Bound::Included), bound(until, Bound::Excluded));
    Box::new(ConstScoreQuery::new(Box::new(range), 0.0))
}

impl Filters {
    /// Resolves names through the gazetteer and `known_sources` (the source
    /// values present in the index).
    pub fn resolve(args: &FilterArgs, known_sources: &[String]) -> Result<Filters> {
        let mut cities = Vec::new();
        for name in &args.cities {
            cities.extend(city_places(name)?.into_iter().flatten());
        }
        let mut places: Vec<Vec<String>> = Vec::new();
        for name in &args.districts {
            places.extend(district_places(name, &cities)?);
        }
        if places.is_empty() {
            places = cities.into_iter().map(|c| vec![c]).collect();
        }
        let mut provinces_2025 = Vec::new();
        for name in &args.provinces_2025 {
            let gazetteer = Gazetteer::get();
            let province = gazetteer
                .province_2025(name)
                .ok_or_else(|| unknown("province (2025 map)", name, &gazetteer.suggest(name, 3)))?;
            provinces_2025.push(province.name.clone());
        }
        let mut sources = Vec::new();
        for name in &args.sources {
            sources.push(resolve_source(name, known_sources)?);
        }
        let from = args
            .from
            .as_deref()
            .map(|d| parse_period("--from", d).map(|(start, _)| start))
            .transpose()?;
        let until = args
            .to
            .as_deref()
            .map(|d| parse_period("--to", d).map(|(_, end)| end))
            .transpose()?;
        if let (Some(from), Some(until)) = (from, until) {
            if from >= until {
                return Err(usage_error(format!(
                    "--from {} is after --to {}; swap them",
                    args.from.as_deref().unwrap_or_default(),
                    args.to.as_deref().unwrap_or_default()
                )));
            }
        }
        let periods = args
            .years
            .iter()
            .map(|y| parse_period("--year", y))
            .collect::<Result<Vec<_>>>()?;
        let scopes = args
            .scopes
            .iter()
            .map(|s| resolve_scope(s).map(str::to_string))
            .collect::<Result<Vec<_>>>()?;
        Ok(Filters {
            scopes,
            places,
            provinces_2025,
            sources,
            from,
            until,
            periods,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
            && self.provinces_2025.is_empty()
            && self.sources.is_empty()
            && self.from.is_none()
            && self.until.is_none()
            && self.periods.is_empty()
            && self.scopes.is_empty()
    }

    /// One non-scoring query per filter; all must hold.
    pub fn queries(&self, fields: &Fields) -> Vec<Box<dyn Query>> {
        let mut out = Vec::new();
        if !self.places.is_empty() {
            out.push(place_query(fields, &self.places));
        }
        if !self.provinces_2025.is_empty() {
            out.push(facet_query(
                fields.province_2025_facet,
                self.provinces_2025
                    .iter()
                    .map(|p| Facet::from_path([p]))
                    .collect(),
            ));
        }
        if !self.sources.is_empty() {
            out.push(source_query(fields, &self.sources));
        }
        if !self.scopes.is_empty() {
            out.push(scope_query(fields, &self.scopes));
        }
        if self.from.is_some() || self.until.is_some() {
            out.push(date_query(fields, self.from, self.until));
        }
        if !self.periods.is_empty() {
            let any: Vec<(Occur, Box<dyn Query>)> = self
                .periods
                .iter()
                .map(|&(from, until)| (Occur::Should, date_query(fields, Some(from), Some(until))))
                .collect();
            out.push(Box::new(BooleanQuery::new(any)));
        }
        out
    }
}

fn unknown(what: &str, name: &str, suggestions: &[String]) -> anyhow::Error {
    let hint = if suggestions.is_empty() {
        // Nothing close: say what a valid value looks like instead.
        format!("; give a Vietnamese {what} by its name, with or without diacritics, e.g. `Hà Nội` or `hai phong`")
    } else {
        format!("; did you mean {}?", suggestions.join(", "))
    };
    usage_error(format!("unknown {what} `{name}`{hint}"))
}

/// The outlet name stored in the index that `name` means. Any spelling in
/// the outlet table (`ingest::source::OUTLETS`) resolves to the outlet's
/// display name, which is what the index stores: the byline abbreviation
/// (`PLVN`, `ĐCSVN`), the full name, the web domain with or without its
/// suffix (`dantri`, `dantri.com.vn`), with or without diacritics, in any
/// case. Other names are matched against `known` (the outlet names present
/// in the index) ignoring case and diacritics, then as a part of exactly
/// one of them (`Pháp luật`); an unknown name is a usage error with the
/// closest known outlets.
pub fn resolve_source(name: &str, known: &[String]) -> Result<String> {
    if let Some(display) = source::canonical(name) {
        // The index stores the display name; one built before the outlet
        // table knew this spelling may store another that means it.
        let stored = known
            .iter()
            .find(|k| *k == display)
            .or_else(|| known.iter().find(|k| source::canonical(k) == Some(display)));
        return Ok(stored.map_or_else(|| display.to_owned(), String::clone));
    }
    let fold = |s: &str| -> String {
        normalize(s, Form::Folded)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    let wanted = fold(name);
    if let Some(exact) = known.iter().find(|k| fold(k) == wanted) {
        return Ok(exact.clone());
    }
    if wanted.chars().count() >= 3 {
        let containing: Vec<&String> = known.iter().filter(|k| fold(k).contains(&wanted)).collect();
        if let [only] = containing.as_slice() {
            return Ok((*only).clone());
        }
    }
    let suggestions = source::suggest(name, known, 3);
    let hint = if suggestions.is_empty() {
        String::new()
    } else {
        format!("did you mean {}? ", suggestions.join(", "))
    };
    let listed = if known.is_empty() {
        "the index has no articles with a known source".to_string()
    } else {
        format!("known sources: {}", known.join(", "))
    };
    Err(usage_error(format!(
        "unknown source `{name}`; {hint}{listed} (an outlet may also be given by its abbreviation or web domain, e.g. PLVN, dantri.com.vn)"
    )))
}

/// A `--from`/`--to` value as the period `[start, end)` it names.
pub fn parse_period(flag: &str, text: &str) -> Result<(DateTime, DateTime)> {
    calendar::parse_period(text).ok_or_else(|| {
        usage_error(format!(
            "{flag} `{text}` is not a date; use 2023, 2023-12, 2023-12-19 or 19/12/2023"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_periods_name_the_flag() {
        assert!(parse_period("--from", "2023-12").is_ok());
        let err = parse_period("--to", "hôm qua").unwrap_err().to_string();
        assert!(err.contains("--to `hôm qua` is not a date"), "{err}");
    }

    #[test]
    fn sources_resolve_through_the_outlet_table() {
        let known: Vec<String> = [
            "Báo Pháp luật Việt Nam",
            "Báo Thanh tra",
            "Báo điện tử Đảng Cộng sản Việt Nam",
            "Báo Dân trí",
            "Some Blog",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let dcsvn = "Báo điện tử Đảng Cộng sản Việt Nam";
        let cases = [
            ("PLVN", "Báo Pháp luật Việt Nam"),
            ("plvn", "Báo Pháp luật Việt Nam"),
            ("Báo Pháp luật Việt Nam", "Báo Pháp luật Việt Nam"),
            ("bao phap luat viet nam", "Báo Pháp luật Việt Nam"),
            ("Pháp luật Việt Nam", "Báo Pháp luật Việt Nam"),
            ("baophapluat.vn", "Báo Pháp luật Việt Nam"),
            ("baophapluat", "Báo Pháp luật Việt Nam"),
            ("phap luat", "Báo Pháp luật Việt Nam"),
            ("ĐCSVN", dcsvn),
            ("DCSVN", dcsvn),
            ("đcsvn", dcsvn),
            ("dangcongsan.vn", dcsvn),
            ("dangcongsan", dcsvn),
            ("Đảng Cộng sản Việt Nam", dcsvn),
            ("dang cong san viet nam", dcsvn),
            ("dantri", "Báo Dân trí"),
            ("dantri.com.vn", "Báo Dân trí"),
            ("Dân Trí", "Báo Dân trí"),
            ("DAN TRI", "Báo Dân trí"),
            ("https://dantri.com.vn/xa-hoi.htm", "Báo Dân trí"),
            ("Thanh tra", "Báo Thanh tra"),
            ("thanhtra.com.vn", "Báo Thanh tra"),
            ("some blog", "Some Blog"),
            // In the table but not in this index: resolves (no hits).
            ("vnexpress", "VnExpress"),
            ("TTO", "Báo Tuổi Trẻ"),
        ];
        for (name, want) in cases {
            assert_eq!(resolve_source(name, &known).unwrap(), want, "{name}");
        }
    }

    #[test]
    fn sources_stored_under_an_older_spelling() {
        let known = vec!["www.thanhnien.com.vn via baomoi.com".to_string()];
        assert_eq!(
            resolve_source("Thanh Niên", &known).unwrap(),
            "www.thanhnien.com.vn via baomoi.com"
        );
    }

    #[test]
    fn unknown_cities_say_what_a_city_looks_like() {
        let err = city_places("atlantis").unwrap_err().to_string();
        assert!(err.contains("unknown city `atlantis`"), "{err}");
        assert!(err.contains("e.g. `Hà Nội` or `hai phong`"), "{err}");
        let err = city_places("hai phongg").unwrap_err().to_string();
        assert!(err.contains("did you mean Hải Phòng"), "{err}");
    }

    #[test]
    fn unknown_sources_list_the_known_ones() {
        let known = vec!["Báo Thanh tra".to_string(), "Báo Dân trí".to_string()];
        let err = resolve_source("Thanh tre", &known).unwrap_err().to_string();
        assert!(err.contains("unknown source `Thanh tre`"), "{err}");
        assert!(err.contains("did you mean Báo Thanh tra"), "{err}");
        assert!(
            err.contains("known sources: Báo Thanh tra, Báo Dân trí"),
            "{err}"
        );
        let err = resolve_source("xyz", &[]).unwrap_err().to_string();
        assert!(err.contains("no articles with a known source"), "{err}");
        // Too short to stand for a part of a name.
        assert!(resolve_source("ba", &known).is_err());
    }
}
