//! The name map: every name the detector knows (provinces, districts,
//! names that contain a place name but are not that place, foreign places
//! and central bodies), keyed by word sequence in exact and folded form.
//!
//! It is built once per [`Gazetteer`](super::super::Gazetteer) so that an
//! article is matched in one pass over its words ([`super::scan`]) rather
//! than by searching for each of ~1,000 names.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::super::names::prefix_of;
use super::super::Province;
use super::context::ContextWords;
use super::words::{Words, KEY_SEPARATOR};
use crate::analysis::Form;

const NON_PLACES: &str = include_str!("../../../data/non_places.txt");
const FOREIGN: &str = include_str!("../../../data/foreign_places.txt");

/// Central bodies and the whole country: their mention makes an article
/// national unless a province or a foreign country is more clearly the
/// subject. Capitalised ones must be written capitalised (`Bộ Y tế`, not
/// `bộ` "set").
const NATIONAL: &[&str] = &[
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

impl Target {
    /// The province or district named, if this is a place.
    pub(super) fn unit(self) -> Option<Unit> {
        match self {
            Target::Place(u) => Some(u),
            _ => None,
        }
    }
}

/// Keyed by the name's normalized words joined by [`KEY_SEPARATOR`], the
/// way a run of words lies in [`Words`].
type NameMap = HashMap<Box<str>, Vec<Entry>>;

/// Word-sequence index of every name the detector knows.
pub(crate) struct Matcher {
    pub(super) exact: FormIndex,
    pub(super) folded: FormIndex,
    /// Words in the longest name.
    pub(super) max_len: usize,
    /// Districts whose bare name belongs to no other unit in the country.
    pub(super) unique_districts: HashSet<(usize, usize)>,
}

/// The names and context words in one form: exact for text with
/// diacritics, folded for text written without.
pub(super) struct FormIndex {
    pub(super) form: Form,
    pub(super) names: NameMap,
    /// First words of the names: most words of a text are none, and are
    /// passed over with one lookup.
    pub(super) first_words: HashSet<String>,
    pub(super) context: ContextWords,
}

impl FormIndex {
    fn new(form: Form) -> FormIndex {
        FormIndex {
            form,
            names: HashMap::default(),
            first_words: HashSet::default(),
            context: ContextWords::new(form),
        }
    }
}

/// Provinces whose bare name is mostly something else.
const WEAK_PROVINCE_KEYS: &[&str] = &["hochiminh", "hcm"];

/// The normalized words of a name, split as the scan splits a zone.
fn words(text: &str, form: Form) -> Vec<String> {
    Words::new(text, form).tokens()
}

/// The key of a name's words in a [`NameMap`].
fn key_of(words: &[String]) -> String {
    words.join(&KEY_SEPARATOR.to_string())
}

/// Names of a data file: one per line, `#` comments and blank lines
/// skipped, `?` marking an ambiguous name.
fn list_lines(data: &str) -> impl Iterator<Item = (bool, &str)> {
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
            exact: FormIndex::new(Form::Exact),
            folded: FormIndex::new(Form::Folded),
            max_len: 1,
            unique_districts: HashSet::default(),
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
                    && m.exact
                        .names
                        .get(key_of(&key).as_str())
                        .is_some_and(|list| {
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
        for (index, key) in [(&mut self.exact, exact), (&mut self.folded, folded)] {
            self.max_len = self.max_len.max(key.len());
            index.first_words.insert(key[0].clone());
            let list = index.names.entry(key_of(&key).into()).or_default();
            if !list.iter().any(|e| e.target == entry.target) {
                list.push(entry);
            }
        }
    }
}
