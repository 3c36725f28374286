//! The name map: every name the detector knows (provinces, districts,
//! names that contain a place name but are not that place, foreign places
//! and central bodies), keyed by word sequence in exact and folded form.
//!
//! It is built once per [`Gazetteer`](super::super::Gazetteer) so that an
//! article is matched in one pass over its words ([`super::scan`]) rather
//! than by searching for each of ~1,000 names.

use std::collections::{HashMap, HashSet};

use super::super::names::prefix_of;
use super::super::Province;
use super::people::PersonWords;
use crate::analysis::segment::for_each_segment;
use crate::analysis::{Form, Normalizer};

pub(super) const NON_PLACES: &str = include_str!("../../../data/non_places.txt");
pub(super) const FOREIGN: &str = include_str!("../../../data/foreign_places.txt");

/// Central bodies and the whole country: their mention makes an article
/// national unless a province or a foreign country is more clearly the
/// subject. Capitalised ones must be written capitalised (`Bộ Y tế`, not
/// `bộ` "set").
pub(super) const NATIONAL: &[&str] = &[
    "Chính phủ",
    "Quốc hội",
    "Thủ tướng",
    "Trung ương",
    "Bộ",
    "Tổng Bí thư",
    "Chủ tịch nước",
    "Bộ Chính trị",
    "Ban Bí thư",
    "Nhà nước",
    "Việt Nam",
    "cả nước",
    "toàn quốc",
    "trên toàn quốc",
    "các tỉnh",
    "nhiều tỉnh",
    "các địa phương",
    "nhiều địa phương",
    "đội tuyển Việt Nam",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Unit {
    Province(usize),
    District(usize, usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Target {
    Place(Unit),
    /// A name containing a place name that is not that place.
    NonPlace,
    /// A foreign place, body or person (index into the foreign names).
    /// `ambiguous` names are also given names or words (`Anh`, `Nga`).
    Foreign {
        ambiguous: bool,
    },
    /// A central body or the whole country.
    National,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Entry {
    pub(super) target: Target,
    /// Needs a prefix to count (`Hồ Chí Minh` alone is usually the person).
    pub(super) weak: bool,
    /// The key itself carries a prefix that cannot be split off (`Quận 1`).
    pub(super) prefixed: bool,
    /// Must be written capitalised (place names, `Chính phủ`); names from
    /// the non-place list and `cả nước` need not.
    pub(super) capital: bool,
}

pub(super) type NameMap = HashMap<Vec<String>, Vec<Entry>>;

/// Word-sequence index of every name the detector knows.
pub(crate) struct Matcher {
    pub(super) exact: NameMap,
    pub(super) folded: NameMap,
    pub(super) exact_first: HashSet<String>,
    pub(super) folded_first: HashSet<String>,
    pub(super) max_len: usize,
    /// Districts whose bare name belongs to no other unit in the country.
    pub(super) unique_districts: HashSet<(usize, usize)>,
    /// Surnames and titles in exact and folded form.
    pub(super) person_exact: PersonWords,
    pub(super) person_folded: PersonWords,
}

/// Provinces whose bare name is mostly something else.
pub(super) const WEAK_PROVINCE_KEYS: &[&str] = &["hochiminh", "hcm"];

pub(super) fn words(text: &str, form: Form) -> Vec<String> {
    let mut out = Vec::new();
    let mut norm = Normalizer::default();
    for_each_segment(text, |s| {
        let mut w = String::new();
        norm.normalize(s.text, form, &mut w);
        out.push(w);
    });
    out
}

/// Names of a data file: one per line, `#` comments and blank lines
/// skipped, `?` marking an ambiguous name.
pub(super) fn list_lines(data: &str) -> impl Iterator<Item = (bool, &str)> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.strip_prefix('?') {
            Some(rest) => (true, rest.trim()),
            None => (false, l),
        })
}

impl Matcher {
    pub(crate) fn build(provinces: &[Province]) -> Matcher {
        let mut m = Matcher {
            exact: HashMap::new(),
            folded: HashMap::new(),
            exact_first: HashSet::new(),
            folded_first: HashSet::new(),
            max_len: 1,
            unique_districts: HashSet::new(),
            person_exact: PersonWords::new(Form::Exact),
            person_folded: PersonWords::new(Form::Folded),
        };
        for (pi, p) in provinces.iter().enumerate() {
            for s in p.spellings() {
                m.add_place(s, Unit::Province(pi));
            }
            for (di, d) in p.districts.iter().enumerate() {
                for s in d.spellings() {
                    m.add_place(s, Unit::District(pi, di));
                }
            }
        }
        for (pi, p) in provinces.iter().enumerate() {
            for (di, d) in p.districts.iter().enumerate() {
                let key = words(&d.name, Form::Exact);
                // One-syllable and numbered names (`Quận 1`) are too
                // common as words to place an article alone.
                let unique = key.len() >= 2
                    && m.exact.get(&key).is_some_and(|list| {
                        list.iter()
                            .all(|e| e.target == Target::Place(Unit::District(pi, di)))
                    });
                if unique {
                    m.unique_districts.insert((pi, di));
                }
            }
        }
        for (_, name) in list_lines(NON_PLACES) {
            m.add(name, Target::NonPlace, false, false, false);
        }
        for (ambiguous, name) in list_lines(FOREIGN) {
            m.add(name, Target::Foreign { ambiguous }, false, false, true);
        }
        for name in NATIONAL {
            let capital = name.chars().next().is_some_and(char::is_uppercase);
            m.add(name, Target::National, false, false, capital);
        }
        m
    }

    fn add_place(&mut self, spelling: &str, unit: Unit) {
        let folded = words(spelling, Form::Folded);
        // `Q1`, `Q.1`: a lone letter is too ambiguous to match in prose.
        if folded.first().is_some_and(|w| w.chars().count() == 1) || folded.is_empty() {
            return;
        }
        let (skip, prefixed) = match prefix_of(&folded) {
            Some((_, n)) if n < folded.len() => {
                let rest_is_number = folded[n..]
                    .iter()
                    .all(|w| w.chars().all(|c| c.is_ascii_digit()));
                if rest_is_number {
                    (0, true)
                } else {
                    (n, false)
                }
            }
            _ => (0, false),
        };
        let weak = matches!(unit, Unit::Province(_))
            && WEAK_PROVINCE_KEYS.contains(&folded[skip..].concat().as_str());
        let exact = words(spelling, Form::Exact);
        // `Quan Sơn`, `Quan Hóa` start with `quan`, which folds like the
        // prefix `quận` but is part of the name: in exact form only a
        // prefix written with its diacritics is split off.
        let needs_marks = ["quan", "huyen", "tinh", "thanh", "thi", "thu"];
        let exact_skip =
            if skip > 0 && exact[0] == folded[0] && needs_marks.contains(&folded[0].as_str()) {
                0
            } else {
                skip
            };
        self.insert(
            exact[exact_skip..].to_vec(),
            folded[skip..].to_vec(),
            Entry {
                target: Target::Place(unit),
                weak,
                prefixed,
                capital: true,
            },
        );
    }

    fn add(&mut self, name: &str, target: Target, weak: bool, prefixed: bool, capital: bool) {
        let exact = words(name, Form::Exact);
        let folded = words(name, Form::Folded);
        if exact.is_empty() {
            return;
        }
        self.insert(
            exact,
            folded,
            Entry {
                target,
                weak,
                prefixed,
                capital,
            },
        );
    }

    fn insert(&mut self, exact: Vec<String>, folded: Vec<String>, entry: Entry) {
        for (map, first, key) in [
            (&mut self.exact, &mut self.exact_first, exact),
            (&mut self.folded, &mut self.folded_first, folded),
        ] {
            self.max_len = self.max_len.max(key.len());
            first.insert(key[0].clone());
            let list = map.entry(key).or_default();
            if !list.iter().any(|e| e.target == entry.target) {
                list.push(entry);
            }
        }
    }
}
