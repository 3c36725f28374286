//! Finding the place an article is about, and whether it is local,
//! national or international news.
//!
//! This runs on every article of a crawl, so names are matched in one pass
//! over the article's words (longest match in a map from word sequences to
//! names) instead of searching for each of ~1,000 names.
//!
//! Counting mentions is not enough: `Thái Bình Dương` is the Pacific, `Phó
//! Thủ tướng Trương Hòa Bình` a person, `hòa bình` peace, and a national or
//! world story names provinces in passing. So:
//! - the map holds, besides provinces and districts, names that contain a
//!   place name but are not that place (`data/non_places.txt`), foreign
//!   places (`data/foreign_places.txt`) and central bodies; the longest
//!   match wins, so `Thái Bình Dương` hides `Thái Bình`;
//! - a place name right after a surname or a personal title, or followed by
//!   a birth year or age, is a person;
//! - names must be capitalised as proper nouns unless the text has no
//!   capitals at all, and are matched on the exact form (so `hai phòng`
//!   "two rooms" is not `Hải Phòng`), or on the folded form when the
//!   article is written without diacritics;
//! - each mention is graded by where it is (dateline, title, lead, body)
//!   and how it is written (administrative prefix, district with its
//!   province in parentheses, bare name); body mentions are capped, and a
//!   province needs [`CITY_MIN`] points, so a passing mention gives none;
//! - foreign and national mentions are scored the same way and decide the
//!   scope; a province beats them only with stronger evidence.

use std::collections::{HashMap, HashSet};

use super::locality::{Evidence, EvidenceKind, Scope, Zone};
use super::names::{prefix_of, Prefix};
use super::{Gazetteer, Locality, Province};
use crate::analysis::segment::for_each_segment;
use crate::analysis::{has_diacritics, normalize, Form, Normalizer};

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

/// Family names: a place name right after one is a person's given name
/// (`Trương Hòa Bình`). Syllables that also start sentences as ordinary
/// words (`Từ`, `Mai`, `Tăng`) are left out. Middle names `Văn`, `Thị`
/// count too.
const SURNAMES: &[&str] = &[
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ",
    "hồ", "ngô", "dương", "lý", "trương", "đinh", "đoàn", "lâm", "trịnh", "đào", "lương", "lưu",
    "tạ", "tô", "chu", "vương", "quách", "triệu", "phùng", "lại", "kiều", "đàm", "văn", "thị",
];

/// Words for a person written right before their name: a place name after
/// them is a person (`ông Thái Bình`, `chị Nga`).
const PERSONAL_TITLES: &[&[&str]] = &[
    &["ông"],
    &["bà"],
    &["anh"],
    &["chị"],
    &["em"],
    &["cháu"],
    &["cụ"],
    &["bé"],
    &["cô"],
    &["chú"],
    &["đồng", "chí"],
    &["ca", "sĩ"],
    &["nghệ", "sĩ"],
    &["nhà", "văn"],
    &["nhà", "thơ"],
    &["cầu", "thủ"],
    &["thủ", "môn"],
    &["hlv"],
    &["bác", "sĩ"],
    &["giáo", "sư"],
    &["gs"],
    &["pgs"],
    &["ts"],
    &["ths"],
    &["nsnd"],
    &["nsưt"],
    &["đại", "tá"],
    &["thượng", "tá"],
    &["trung", "tá"],
    &["thiếu", "tá"],
    &["đại", "úy"],
    &["thiếu", "tướng"],
    &["trung", "tướng"],
    &["thượng", "tướng"],
    &["đại", "tướng"],
];

/// Central offices: a Vietnamese place name right after one is the
/// office-holder's name (`Phó Thủ tướng Hòa Bình`), unless a name follows
/// (`Bộ trưởng … Nguyễn …` is not written with a province in between).
/// Foreign names after them are countries (`Thủ tướng Anh`).
const OFFICE_TITLES: &[&[&str]] = &[
    &["thủ", "tướng"],
    &["bộ", "trưởng"],
    &["thứ", "trưởng"],
    &["tổng", "bí", "thư"],
    &["chủ", "tịch", "nước"],
];

/// Words after which a place name names something else: streets (`đường
/// Điện Biên Phủ`, `phố Hải Phòng`) and rivers (`sông Thái Bình`) are
/// named after places they are not in.
const NAMED_THINGS: &[&str] = &["đường", "phố", "lộ", "sông"];

/// Words that introduce where a person lives or comes from (`trú tại`,
/// `ngụ`, `quê`): in crime and accident reports that is often another
/// province than the one the story happens in.
const RESIDENCE: &[&str] = &["trú", "ngụ", "quê"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Unit {
    Province(usize),
    District(usize, usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
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
struct Entry {
    target: Target,
    /// Needs a prefix to count (`Hồ Chí Minh` alone is usually the person).
    weak: bool,
    /// The key itself carries a prefix that cannot be split off (`Quận 1`).
    prefixed: bool,
    /// Must be written capitalised (place names, `Chính phủ`); names from
    /// the non-place list and `cả nước` need not.
    capital: bool,
}

type NameMap = HashMap<Vec<String>, Vec<Entry>>;

/// Word-sequence index of every name the detector knows.
pub(crate) struct Matcher {
    exact: NameMap,
    folded: NameMap,
    exact_first: HashSet<String>,
    folded_first: HashSet<String>,
    max_len: usize,
    /// Districts whose bare name belongs to no other unit in the country.
    unique_districts: HashSet<(usize, usize)>,
    /// Surnames and titles in exact and folded form.
    person_exact: PersonWords,
    person_folded: PersonWords,
}

/// [`SURNAMES`], [`PERSONAL_TITLES`] and [`OFFICE_TITLES`] in one form.
struct PersonWords {
    /// [`NAMED_THINGS`].
    things: HashSet<String>,
    /// [`RESIDENCE`].
    residence: HashSet<String>,
    surnames: HashSet<String>,
    personal: Vec<Vec<String>>,
    office: Vec<Vec<String>>,
}

impl PersonWords {
    fn new(form: Form) -> PersonWords {
        let phrases = |list: &[&[&str]]| -> Vec<Vec<String>> {
            list.iter()
                .map(|t| t.iter().map(|w| normalize(w, form)).collect())
                .collect()
        };
        PersonWords {
            things: NAMED_THINGS.iter().map(|s| normalize(s, form)).collect(),
            residence: RESIDENCE.iter().map(|s| normalize(s, form)).collect(),
            surnames: SURNAMES.iter().map(|s| normalize(s, form)).collect(),
            personal: phrases(PERSONAL_TITLES),
            office: phrases(OFFICE_TITLES),
        }
    }
}

/// Provinces whose bare name is mostly something else.
const WEAK_PROVINCE_KEYS: &[&str] = &["hochiminh", "hcm"];

fn words(text: &str, form: Form) -> Vec<String> {
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

/// A name found in the text, with what its context says about it.
struct Found<'a> {
    entries: &'a [Entry],
    prefix: Option<Prefix>,
    /// Number of words matched.
    len: usize,
    /// Byte range in the zone's text.
    start: usize,
    end: usize,
    /// Nothing but punctuation before it in the zone, and a dash or colon
    /// after it (`HÀ NỘI -`, `Hải Phòng:`).
    opens_zone: bool,
    /// Within the zone's first sentence.
    first_sentence: bool,
    /// Where a person lives (`trú tại …`, `quê …`), not where the story is.
    residence: bool,
    /// Next to other provinces in a list (`Hà Nội, Hải Phòng và …`).
    listed: bool,
    /// Followed by a foreign country in parentheses: a place abroad.
    abroad: bool,
}

/// The words of a zone: original segments with their normalized form.
struct Words<'t> {
    text: &'t str,
    segments: Vec<(usize, usize)>,
    tokens: Vec<String>,
    any_upper: bool,
}

impl<'t> Words<'t> {
    fn new(text: &'t str, form: Form) -> Words<'t> {
        let mut segments = Vec::new();
        let mut tokens = Vec::new();
        let mut norm = Normalizer::default();
        for_each_segment(text, |s| {
            let mut w = String::new();
            norm.normalize(s.text, form, &mut w);
            segments.push((s.start, s.end));
            tokens.push(w);
        });
        Words {
            text,
            segments,
            tokens,
            any_upper: text.chars().any(char::is_uppercase),
        }
    }

    fn seg(&self, i: usize) -> &'t str {
        let (s, e) = self.segments[i];
        &self.text[s..e]
    }

    fn capitalised(&self, i: usize) -> bool {
        !self.any_upper
            || self
                .seg(i)
                .chars()
                .next()
                .is_some_and(|c| !c.is_alphabetic() || c.is_uppercase())
    }

    /// Capitalised in text that has capitals (in text without any, case
    /// says nothing).
    fn truly_capitalised(&self, i: usize) -> bool {
        self.any_upper && self.seg(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Only spaces between word `i` and word `i + 1`.
    fn adjacent(&self, i: usize) -> bool {
        i + 1 < self.segments.len()
            && self.text[self.segments[i].1..self.segments[i + 1].0]
                .chars()
                .all(|c| c == ' ' || c == '\u{a0}')
    }

    /// Whether the words right before word `i` are `phrase` (normalized).
    fn preceded_by(&self, i: usize, phrase: &[String]) -> bool {
        let n = phrase.len();
        if i < n {
            return false;
        }
        (0..n).all(|k| {
            let j = i - n + k;
            self.adjacent(j) && self.tokens[j] == phrase[k]
        })
    }
}

/// Matches whose token sequence is longest win; `Thái Bình Dương` hides
/// `Thái Bình`.
impl Matcher {
    fn scan<'a>(&'a self, text: &str, folded_mode: bool, mut found: impl FnMut(Found<'a>)) {
        let (map, first, form, person) = if folded_mode {
            (
                &self.folded,
                &self.folded_first,
                Form::Folded,
                &self.person_folded,
            )
        } else {
            (
                &self.exact,
                &self.exact_first,
                Form::Exact,
                &self.person_exact,
            )
        };
        let w = Words::new(text, form);
        let n = w.tokens.len();
        let first_word = w.segments.first().map(|s| s.0);
        let first_stop = text
            .find(['.', '!', '?', '\n'])
            .unwrap_or(text.len())
            .min(300);
        let mut i = 0;
        while i < n {
            if !first.contains(&w.tokens[i]) {
                i += 1;
                continue;
            }
            let mut advanced = false;
            for len in (1..=self.max_len.min(n - i)).rev() {
                let Some(entries) = map.get(&w.tokens[i..i + len]) else {
                    continue;
                };
                let all_capitalised = (i..i + len).all(|k| w.capitalised(k));
                let first_capitalised = w.capitalised(i);
                let usable = entries.iter().any(|e| match e.target {
                    Target::NonPlace => true,
                    Target::National => !e.capital || first_capitalised,
                    _ => all_capitalised,
                });
                if !usable {
                    continue;
                }
                i += len;
                advanced = true;
                if entries.iter().any(|e| e.target == Target::NonPlace) {
                    break;
                }
                let start = w.segments[i - len].0;
                let end = w.segments[i - 1].1;
                let kept: &[Entry] = entries;
                if is_person(person, &w, i - len, i, kept) {
                    break;
                }
                if kept
                    .iter()
                    .all(|e| matches!(e.target, Target::Foreign { ambiguous: true }))
                    && !self.foreign_in_context(&w, i - len, i, first)
                {
                    break;
                }
                let prefix = prefix_before(&w, i - len);
                let place = kept.iter().any(|e| matches!(e.target, Target::Place(_)));
                if place && prefix.is_none() && names_other_thing(person, &w, i - len) {
                    break;
                }
                let opens_zone = first_word == Some(start)
                    && text[end..].trim_start().starts_with(['-', '–', '—', ':']);
                let first_sentence = start < first_stop;
                found(Found {
                    entries: kept,
                    prefix,
                    len,
                    start,
                    end,
                    residence: place && prefix_is_residence(person, &w, i - len),
                    opens_zone,
                    first_sentence,
                    listed: false,
                    abroad: false,
                });
                break;
            }
            if !advanced {
                i += 1;
            }
        }
    }
}

/// A place (or foreign) name used as a person's name: after a surname or a
/// personal title, after a central office for Vietnamese places, or
/// followed by a birth year or age.
fn is_person(person: &PersonWords, w: &Words, from: usize, to: usize, entries: &[Entry]) -> bool {
    let place = entries.iter().any(|e| matches!(e.target, Target::Place(_)));
    let foreign = entries
        .iter()
        .any(|e| matches!(e.target, Target::Foreign { .. }));
    if !place && !foreign {
        return false;
    }
    if from > 0
        && w.adjacent(from - 1)
        && w.truly_capitalised(from - 1)
        && person.surnames.contains(&w.tokens[from - 1])
    {
        return true;
    }
    if person.personal.iter().any(|t| w.preceded_by(from, t)) {
        return true;
    }
    let next_capitalised = to < w.tokens.len() && w.adjacent(to - 1) && w.truly_capitalised(to);
    if place && !next_capitalised && person.office.iter().any(|t| w.preceded_by(from, t)) {
        return true;
    }
    let after = w.text[w.segments[to - 1].1..].trim_start();
    if let Some(rest) = after.strip_prefix(['(', ',']) {
        let rest = rest.trim_start();
        if rest.starts_with("SN") || rest.starts_with("sinh năm") {
            return true;
        }
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && rest[digits..].trim_start().starts_with("tuổi") {
            return true;
        }
    }
    false
}

impl Matcher {
    /// An ambiguous foreign name (`Anh`, `Nga`, `Mỹ`) counts only inside a
    /// sentence after a lower-case word (`nước Anh`, `tại Mỹ`) and not
    /// followed by another capitalised name (`Mỹ Tâm`), unless that name is
    /// itself foreign (`Tổng thống Mỹ Donald Trump`).
    fn foreign_in_context(
        &self,
        w: &Words,
        from: usize,
        to: usize,
        first: &HashSet<String>,
    ) -> bool {
        if !w.any_upper {
            return false;
        }
        if from == 0 || !w.adjacent(from - 1) || w.truly_capitalised(from - 1) {
            return false;
        }
        if to < w.tokens.len() && w.adjacent(to - 1) && w.truly_capitalised(to) {
            return first.contains(&w.tokens[to]);
        }
        true
    }
}

/// Marks places abroad that share a Vietnamese name, and provinces written
/// as a list (`Nghệ An - Quảng Bình`, `Hà Nội,
/// TP.HCM và Đà Nẵng`): a story naming several provinces side by side is
/// about none of them in particular.
fn mark_lists(text: &str, hits: &mut [Found]) {
    let province = |f: &Found| {
        f.entries.iter().find_map(|e| match e.target {
            Target::Place(Unit::Province(p)) => Some(p),
            _ => None,
        })
    };
    for k in 1..hits.len() {
        // `Hà Nam (Trung Quốc)`: a Chinese province of the same name.
        let foreign = hits[k]
            .entries
            .iter()
            .all(|e| matches!(e.target, Target::Foreign { .. }));
        if foreign && text[hits[k - 1].end..hits[k].start].trim() == "(" {
            hits[k - 1].abroad = true;
        }
        let (a, b) = (province(&hits[k - 1]), province(&hits[k]));
        let (Some(a), Some(b)) = (a, b) else {
            continue;
        };
        let gap = text[hits[k - 1].end..hits[k].start].trim();
        let gap = gap.strip_prefix(',').unwrap_or(gap).trim();
        let gap = gap
            .strip_suffix(" tỉnh")
            .or_else(|| gap.strip_suffix(" TP"))
            .or_else(|| gap.strip_suffix(" TP."))
            .unwrap_or(gap)
            .trim();
        let separator = matches!(
            gap,
            "" | "-" | "–" | "—" | "và" | "/" | "&" | "hoặc" | "tỉnh" | "TP" | "TP."
        );
        if a != b && separator {
            hits[k - 1].listed = true;
            hits[k].listed = true;
        }
    }
}

/// Whether the name at word `i` follows a word that makes it a street or a
/// river name.
fn names_other_thing(person: &PersonWords, w: &Words, i: usize) -> bool {
    i > 0 && w.adjacent(i - 1) && person.things.contains(&w.tokens[i - 1])
}

/// Whether a residence word comes shortly before word `i` in the same
/// clause (`trú tại xã X, huyện Y, tỉnh Z`).
fn prefix_is_residence(person: &PersonWords, w: &Words, i: usize) -> bool {
    for j in (i.saturating_sub(8)..i).rev() {
        let gap = &w.text[w.segments[j].1..w.segments[j + 1].0];
        if gap.contains(['.', ';', ')', '(', '\n']) {
            return false;
        }
        if person.residence.contains(&w.tokens[j]) {
            return true;
        }
    }
    false
}

/// The administrative prefix written just before word `i`, if any.
fn prefix_before(w: &Words, i: usize) -> Option<Prefix> {
    let fold = |j: usize| normalize(w.seg(j), Form::Folded);
    if i >= 2 && w.adjacent(i - 2) {
        if let Some((p, 2)) = prefix_of(&[fold(i - 2), fold(i - 1)]) {
            return Some(p);
        }
    }
    if i >= 1 {
        if let Some((p, 1)) = prefix_of(&[fold(i - 1)]) {
            return Some(p);
        }
    }
    None
}

/// Points a province needs to become the article's city: one title
/// mention, a dateline, or a lead mention confirmed elsewhere; never a
/// passing mention in the body alone unless it is repeated with prefixes.
pub const CITY_MIN: u32 = 6;
/// Points of foreign evidence that make an article international.
const FOREIGN_MIN: u32 = 6;
/// Body mentions of one province count at most this much, so that a long
/// body listing a neighbour many times does not outweigh the headline.
const BODY_CAP: u32 = 4;
/// Body mentions of foreign or national names count at most this much per
/// name.
const BODY_CAP_OTHER: u32 = 3;
/// A district is primary only with this much evidence: a title or lead
/// mention, or several in the body.
const DISTRICT_MIN: u32 = 3;

/// Where in the zone a mention is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Title,
    /// Opening the lead (`HÀ NỘI -`).
    Dateline,
    /// In the lead's first sentence.
    Opening,
    Lead,
    Body,
}

/// Points of a place mention by where and how it is written.
fn place_points(at: Place, kind: EvidenceKind) -> u32 {
    use EvidenceKind::*;
    match (at, kind) {
        (Place::Dateline, _) => 12,
        (Place::Title, Prefixed | InProvince) => 10,
        (Place::Title, UniqueDistrict) => 5,
        (Place::Title, _) => 8,
        (Place::Opening, Prefixed | InProvince) => 8,
        (Place::Opening, UniqueDistrict) => 3,
        (Place::Opening, _) => 6,
        (Place::Lead, Prefixed | InProvince) => 5,
        (Place::Lead, UniqueDistrict) => 2,
        (Place::Lead, _) => 4,
        (Place::Body, Prefixed | InProvince) => 2,
        (Place::Body, _) => 1,
    }
}

/// Points of a foreign or national mention.
fn other_points(at: Place) -> u32 {
    match at {
        Place::Title => 8,
        Place::Dateline | Place::Opening => 5,
        Place::Lead => 3,
        Place::Body => 1,
    }
}

/// The best mention seen for something, with its points.
#[derive(Clone)]
struct Best {
    points: u32,
    evidence: Evidence,
}

/// Keeps the strongest mention, the earliest of equals.
fn keep_best(slot: &mut Option<Best>, points: u32, evidence: impl FnOnce() -> Evidence) {
    if slot.as_ref().is_none_or(|b| points > b.points) {
        *slot = Some(Best {
            points,
            evidence: evidence(),
        });
    }
}

/// Evidence gathered over an article.
#[derive(Default)]
struct Scores {
    /// Province → (points, first order, best mention).
    province: HashMap<usize, (u32, usize, Option<Best>)>,
    body_province: HashMap<usize, u32>,
    district_strong: HashMap<(usize, usize), u32>,
    district_weak: HashMap<(usize, usize), u32>,
    foreign: u32,
    foreign_body: HashMap<String, u32>,
    foreign_best: Option<Best>,
    national: u32,
    national_body: HashMap<String, u32>,
    national_best: Option<Best>,
    /// National points from the title and lead only.
    national_head: u32,
}

impl Scores {
    fn add_province(
        &mut self,
        p: usize,
        points: u32,
        at: Place,
        order: usize,
        ev: &dyn Fn() -> Evidence,
    ) {
        let points = if at == Place::Body {
            let used = self.body_province.entry(p).or_default();
            let room = BODY_CAP.saturating_sub(*used);
            *used += points.min(room);
            points.min(room)
        } else {
            points
        };
        let e = self.province.entry(p).or_insert((0, order, None));
        e.0 += points;
        keep_best(&mut e.2, points.max(1), ev);
    }

    fn add_other(&mut self, national: bool, key: String, at: Place, ev: Evidence) {
        let (total, body, best) = if national {
            (
                &mut self.national,
                &mut self.national_body,
                &mut self.national_best,
            )
        } else {
            (
                &mut self.foreign,
                &mut self.foreign_body,
                &mut self.foreign_best,
            )
        };
        let mut points = other_points(at);
        if at == Place::Body {
            let used = body.entry(key).or_default();
            points = points.min(BODY_CAP_OTHER.saturating_sub(*used));
            *used += points;
        }
        *total += points;
        if national && at != Place::Body {
            self.national_head += points;
        }
        if points > 0 {
            keep_best(best, points, || ev);
        }
    }
}

impl Gazetteer {
    /// The primary province (and district, when named) of an article, its
    /// scope and the other provinces it mentions. The title and the opening
    /// of the lead weigh most, then the rest of the lead, then the body.
    pub fn locate(&self, title: &str, lead: &str, body: &str) -> Locality {
        self.locate_within(title, lead, body, None)
    }

    /// Like [`Gazetteer::locate`], but with the province already known (a
    /// `city` field of a record): only the district, mentions and scope are
    /// found.
    pub fn locate_within(
        &self,
        title: &str,
        lead: &str,
        body: &str,
        city: Option<&Province>,
    ) -> Locality {
        let sample: String = title.chars().chain(lead.chars()).take(2000).collect();
        let folded_mode = !has_diacritics(&sample)
            && !has_diacritics(&body.chars().take(2000).collect::<String>());
        let mut scores = Scores::default();
        let mut order = 0usize;
        for (text, zone, offset) in [
            (title, Zone::Title, 0),
            (lead, Zone::Lead, 0),
            (body, Zone::Body, lead.len()),
        ] {
            let mut hits: Vec<Found> = Vec::new();
            self.matcher.scan(text, folded_mode, |f| hits.push(f));
            mark_lists(text, &mut hits);
            for k in 0..hits.len() {
                let f = &hits[k];
                order += 1;
                let at = match zone {
                    Zone::Title => Place::Title,
                    Zone::Lead if f.opens_zone => Place::Dateline,
                    Zone::Lead if f.first_sentence => Place::Opening,
                    Zone::Lead => Place::Lead,
                    Zone::Body => Place::Body,
                };
                let evidence = |kind: EvidenceKind| Evidence {
                    text: text[f.start..f.end].to_owned(),
                    zone,
                    position: offset + f.start,
                    kind: if at == Place::Dateline {
                        EvidenceKind::Dateline
                    } else {
                        kind
                    },
                };
                // `huyện Yên Thành (Nghệ An)`: the parenthesis confirms the
                // district before it.
                let in_parens: Vec<Unit> = match k.checked_sub(1).map(|j| &hits[j]) {
                    Some(prev) if text[prev.end..f.start].trim() == "(" => prev
                        .entries
                        .iter()
                        .filter_map(|e| match e.target {
                            Target::Place(u) => Some(u),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                self.score(f, at, order, &in_parens, &evidence, &mut scores);
            }
        }
        self.decide(scores, city)
    }

    fn decide(&self, scores: Scores, city: Option<&Province>) -> Locality {
        let forced = city.and_then(|c| self.provinces.iter().position(|p| p.code == c.code));
        let best = scores
            .province
            .iter()
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
            .map(|(&p, s)| (p, s.0, s.2.clone()));
        let mut locality = Locality::default();
        let head_strong = |b: &Option<Best>| {
            b.as_ref().is_some_and(|b| {
                b.evidence.zone == Zone::Title || b.evidence.kind == EvidenceKind::Dateline
            })
        };
        let primary = match (forced, best) {
            (Some(p), _) => Some(p),
            (None, Some((p, points, ref ev))) if points >= CITY_MIN => {
                // A foreign story names a province only in passing unless
                // the province has more evidence; a story about central
                // bodies meeting in Hà Nội is national unless the title
                // names the place.
                let foreign_wins = scores.foreign >= FOREIGN_MIN && scores.foreign >= points;
                let national_wins = !head_strong(ev) && scores.national_head > points;
                (!foreign_wins && !national_wins).then_some(p)
            }
            _ => None,
        };
        if let Some(p) = primary {
            let province = &self.provinces[p];
            locality.city = Some(province.name.clone());
            locality.province_2025 = Some(province.province_2025.clone());
            locality.scope = Scope::Local;
            locality.evidence = scores
                .province
                .get(&p)
                .and_then(|s| s.2.clone())
                .map(|b| b.evidence);
            if let Some(d) = self.district_of(p, &scores) {
                let district = &province.districts[d];
                locality.district = Some(district.name.clone());
                locality.district_full = Some(district.full_name.clone());
                locality.district_code = Some(district.code.clone());
            }
        } else if scores.foreign >= FOREIGN_MIN && scores.foreign >= scores.national {
            locality.scope = Scope::International;
            locality.evidence = scores.foreign_best.map(|b| b.evidence);
        } else {
            locality.scope = Scope::National;
            locality.evidence = scores.national_best.map(|b| b.evidence);
        }
        let mut others: Vec<(u32, usize, usize)> = scores
            .province
            .iter()
            .filter(|(&q, _)| Some(q) != primary)
            .map(|(&q, s)| (s.0, s.1, q))
            .collect();
        others.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        locality.mentions = others
            .into_iter()
            .map(|(_, _, q)| self.provinces[q].name.clone())
            .collect();
        locality
    }

    /// The best-supported district of province `p`, if supported enough.
    fn district_of(&self, p: usize, scores: &Scores) -> Option<usize> {
        let mut best: Option<(u32, usize)> = None;
        for (&(dp, d), &strong) in &scores.district_strong {
            if dp == p {
                let total = strong + scores.district_weak.get(&(dp, d)).copied().unwrap_or(0);
                if best.is_none_or(|(s, bd)| total > s || (total == s && d < bd)) {
                    best = Some((total, d));
                }
            }
        }
        for (&(dp, d), &weak) in &scores.district_weak {
            if dp == p
                && !scores.district_strong.contains_key(&(dp, d))
                && best.is_none_or(|(s, bd)| weak > s || (weak == s && d < bd))
            {
                best = Some((weak, d));
            }
        }
        best.filter(|&(s, _)| s >= DISTRICT_MIN).map(|(_, d)| d)
    }

    fn score(
        &self,
        f: &Found,
        at: Place,
        order: usize,
        in_parens: &[Unit],
        evidence: &dyn Fn(EvidenceKind) -> Evidence,
        scores: &mut Scores,
    ) {
        for e in f.entries {
            match e.target {
                Target::Foreign { .. } | Target::National => {
                    let ev = evidence(if e.target == Target::National {
                        EvidenceKind::National
                    } else {
                        EvidenceKind::Foreign
                    });
                    let key = ev.text.to_lowercase();
                    scores.add_other(e.target == Target::National, key, at, ev);
                    return;
                }
                _ => {}
            }
        }
        if f.abroad {
            return;
        }
        // A listed province or a person's home counts like a passing
        // mention wherever it stands.
        let at = if f.listed || f.residence {
            Place::Body
        } else {
            at
        };
        let kind_of = |u: Unit| match u {
            Unit::Province(p) => self.provinces[p].kind.as_str(),
            Unit::District(p, d) => self.provinces[p].districts[d].kind.as_str(),
        };
        let units = || {
            f.entries.iter().filter_map(|e| match e.target {
                Target::Place(u) => Some((u, e)),
                _ => None,
            })
        };
        if let Some(prefix) = f.prefix {
            let fits = |u: Unit| prefix.fits(kind_of(u));
            let provinces: Vec<usize> = units()
                .filter_map(|(u, _)| match u {
                    Unit::Province(p) if fits(u) => Some(p),
                    _ => None,
                })
                .collect();
            let districts: Vec<(usize, usize)> = units()
                .filter_map(|(u, _)| match u {
                    Unit::District(p, d) if fits(u) => Some((p, d)),
                    _ => None,
                })
                .collect();
            let points = place_points(at, EvidenceKind::Prefixed);
            if !provinces.is_empty() {
                for p in provinces {
                    scores.add_province(p, points, at, order, &|| evidence(EvidenceKind::Prefixed));
                }
                return;
            }
            if districts.len() == 1 {
                let (p, d) = districts[0];
                *scores.district_strong.entry((p, d)).or_default() += points;
                scores.add_province(p, points, at, order, &|| evidence(EvidenceKind::Prefixed));
                return;
            }
            if !districts.is_empty() {
                for pd in districts {
                    *scores.district_weak.entry(pd).or_default() += points;
                }
                return;
            }
        }
        let has_province = units().any(|(u, _)| matches!(u, Unit::Province(_)));
        for (u, e) in units() {
            match u {
                Unit::Province(p) if !e.weak => {
                    let confirms = in_parens
                        .iter()
                        .any(|b| matches!(b, Unit::District(bp, _) if *bp == p));
                    let kind = if confirms {
                        for b in in_parens {
                            if let Unit::District(bp, bd) = *b {
                                if bp == p {
                                    *scores.district_strong.entry((bp, bd)).or_default() +=
                                        place_points(at, EvidenceKind::InProvince);
                                }
                            }
                        }
                        EvidenceKind::InProvince
                    } else {
                        EvidenceKind::Name
                    };
                    scores.add_province(p, place_points(at, kind), at, order, &|| evidence(kind));
                }
                Unit::District(p, d) if e.prefixed => {
                    let points = place_points(at, EvidenceKind::Prefixed);
                    *scores.district_strong.entry((p, d)).or_default() += points;
                    scores.add_province(p, points, at, order, &|| evidence(EvidenceKind::Prefixed));
                }
                Unit::District(p, d) if !has_province => {
                    let points = place_points(at, EvidenceKind::Name);
                    *scores.district_weak.entry((p, d)).or_default() += points;
                    // One-word spellings (`Sơn`, `Hoa`) are ordinary words.
                    if f.len >= 2 && self.matcher.unique_districts.contains(&(p, d)) {
                        let kind = EvidenceKind::UniqueDistrict;
                        scores
                            .add_province(p, place_points(at, kind), at, order, &|| evidence(kind));
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(
        title: &str,
        lead: &str,
        body: &str,
    ) -> (Option<String>, Option<String>, Option<String>, Vec<String>) {
        let l = Gazetteer::get().locate(title, lead, body);
        (l.city, l.district, l.province_2025, l.mentions)
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_owned())
    }

    #[test]
    fn primary_locality() {
        type Case<'a> = (
            &'a str,
            &'a str,
            &'a str,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let cases: Vec<Case> = vec![
            (
                "Hải Phòng: Tăng cường khối đại đoàn kết",
                "",
                "",
                s("Hải Phòng"),
                None,
                s("Hải Phòng"),
            ),
            (
                "Thành phố Bến Tre tổng kết công tác dân vận",
                "",
                "Ban Dân vận Thành ủy Bến Tre",
                s("Bến Tre"),
                s("Bến Tre"),
                s("Vĩnh Long"),
            ),
            (
                "Quận Hoàng Mai xây dựng được 1.431 mô hình",
                "",
                "Quận ủy Hoàng Mai",
                s("Hà Nội"),
                s("Hoàng Mai"),
                s("Hà Nội"),
            ),
            (
                "Thị xã Hoàng Mai ra quân",
                "",
                "",
                s("Nghệ An"),
                s("Hoàng Mai"),
                s("Nghệ An"),
            ),
            (
                "Hoàng Mai: người dân phấn khởi",
                "Thị xã Hoàng Mai (Nghệ An) vừa...",
                "",
                s("Nghệ An"),
                s("Hoàng Mai"),
                s("Nghệ An"),
            ),
            (
                "Huyện Châu Thành đón chuẩn nông thôn mới",
                "UBND tỉnh Tiền Giang vừa công nhận",
                "",
                s("Tiền Giang"),
                s("Châu Thành"),
                s("Đồng Tháp"),
            ),
            (
                "Cháy lớn ở TP.HCM",
                "",
                "",
                s("Hồ Chí Minh"),
                None,
                s("Hồ Chí Minh"),
            ),
            (
                "Ha Noi: khoi cong cau moi o quan Long Bien",
                "",
                "",
                s("Hà Nội"),
                s("Long Biên"),
                s("Hà Nội"),
            ),
            (
                "hai phong don tet",
                "",
                "",
                s("Hải Phòng"),
                None,
                s("Hải Phòng"),
            ),
            (
                "Kỷ niệm ngày Thương binh liệt sĩ",
                "",
                "Học tập tư tưởng Hồ Chí Minh vì hòa bình",
                None,
                None,
                None,
            ),
            (
                "Tin vắn",
                "Kim Thành",
                "Nguyễn Văn Thành phát biểu",
                None,
                None,
                None,
            ),
        ];
        for (title, lead, body, city, district, p2025) in cases {
            let got = loc(title, lead, body);
            assert_eq!((got.0, got.1, got.2), (city, district, p2025), "{title}");
        }
    }

    #[test]
    fn mentions_are_kept() {
        let (city, _, _, mentions) = loc(
            "Hải Phòng hợp tác với Quảng Ninh",
            "Lãnh đạo TP Hải Phòng và tỉnh Quảng Ninh",
            "Đoàn công tác của Hà Nội cũng tham dự.",
        );
        assert_eq!(city.as_deref(), Some("Hải Phòng"));
        assert_eq!(mentions, ["Quảng Ninh", "Hà Nội"]);
    }

    #[test]
    fn bare_district_needs_its_province() {
        // `Đông Anh` alone is weak; with Hà Nội named it is the district.
        let (city, district, _, _) = loc("Đông Anh khởi công dự án", "", "");
        assert_eq!((city, district), (None, None));
        let (city, district, _, _) = loc("Đông Anh khởi công dự án", "Hà Nội", "");
        assert_eq!(
            (city.as_deref(), district.as_deref()),
            (Some("Hà Nội"), Some("Đông Anh"))
        );
    }

    fn full(title: &str, lead: &str, body: &str) -> Locality {
        Gazetteer::get().locate(title, lead, body)
    }

    #[test]
    fn pacific_is_not_thai_binh() {
        let l = full(
            "Tàu sân bay Mỹ tiến vào Thái Bình Dương",
            "Hải quân Mỹ điều tàu sân bay tới tây Thái Bình Dương.",
            "Bình Nhưỡng phản đối. Khu vực châu Á - Thái Bình Dương căng thẳng.",
        );
        assert_eq!(l.city, None);
        assert_eq!(l.scope, Scope::International);
        assert!(!l.mentions.contains(&"Thái Bình".to_owned()));
        let l = full("Thái Bình: nông dân thu hoạch lúa", "", "");
        assert_eq!(l.city.as_deref(), Some("Thái Bình"));
    }

    #[test]
    fn people_are_not_places() {
        for (title, lead) in [
            (
                "Phó Thủ tướng Trương Hòa Bình làm việc với Bộ Tư pháp",
                "Phó Thủ tướng Trương Hòa Bình yêu cầu Bộ Tư pháp hoàn thiện luật.",
            ),
            (
                "Bổ nhiệm Thứ trưởng",
                "Phó Thủ tướng Hòa Bình trao quyết định.",
            ),
            ("Tin vắn", "Ông Thái Bình (SN 1970) cho biết."),
            ("Pho Thu tuong Truong Hoa Binh tiep doan", "Bo Tu phap"),
            ("Đêm nhạc Đàm Vĩnh Hưng", "Ca sĩ Đàm Vĩnh Hưng biểu diễn."),
        ] {
            let l = full(title, lead, "");
            assert_eq!(l.city, None, "{title}");
        }
        let l = full("Hòa Bình: khánh thành trường học", "", "");
        assert_eq!(l.city.as_deref(), Some("Hòa Bình"));
        let l = full("Đọc sách về hòa bình", "Thế giới hòa bình", "");
        assert_eq!(l.city, None);
    }

    #[test]
    fn evidence_is_graded() {
        // Dateline.
        let l = full(
            "Khánh thành cầu mới",
            "HÀ NỘI - Sáng nay cầu mới thông xe.",
            "",
        );
        assert_eq!(l.city.as_deref(), Some("Hà Nội"));
        let e = l.evidence.unwrap();
        assert_eq!(
            (e.kind, e.zone, e.position),
            (EvidenceKind::Dateline, Zone::Lead, 0)
        );
        assert_eq!(e.text, "HÀ NỘI");
        // A district with its province in parentheses.
        let l = full(
            "Tin vắn",
            "Tại xã Mỹ Thành, huyện Yên Thành (Nghệ An), mưa lớn gây ngập.",
            "",
        );
        assert_eq!(
            (l.city.as_deref(), l.district.as_deref()),
            (Some("Nghệ An"), Some("Yên Thành"))
        );
        // One passing mention in the body is not enough.
        let l = full(
            "Bí quyết ngủ ngon",
            "Các chuyên gia khuyên nên ngủ đủ giấc.",
            "Một bác sĩ ở Hà Nội cho biết nên tránh cà phê.",
        );
        assert_eq!(l.city, None);
        assert_eq!(l.mentions, ["Hà Nội"]);
        assert_eq!(l.scope, Scope::National);
        // Streets and rivers named after places.
        let l = full(
            "Cháy nhà trên đường Điện Biên Phủ",
            "Vụ cháy ở đường Điện Biên Phủ, quận Bình Thạnh, TP.HCM.",
            "",
        );
        assert_eq!(l.city.as_deref(), Some("Hồ Chí Minh"));
        let l = full("Cá chết trên sông Thái Bình", "", "");
        assert_eq!(l.city, None);
    }

    #[test]
    fn scope() {
        let l = full(
            "Quốc hội thông qua Luật Đất đai",
            "Sáng 18/1, tại Hà Nội, Quốc hội biểu quyết thông qua luật.",
            "Luật áp dụng trên cả nước.",
        );
        assert_eq!((l.city, l.scope), (None, Scope::National));
        let l = full(
            "Tổng thống Mỹ Donald Trump gặp Kim Jong-un tại Singapore",
            "Cuộc gặp giữa Mỹ và Triều Tiên diễn ra tại Singapore.",
            "Trung Quốc hoan nghênh. Đại sứ Việt Nam tại Hà Nội.",
        );
        assert_eq!((l.city, l.scope), (None, Scope::International));
        assert_eq!(l.evidence.unwrap().kind, EvidenceKind::Foreign);
        let l = full(
            "Đà Nẵng đón khách",
            "TP Đà Nẵng đón 1 triệu lượt khách.",
            "",
        );
        assert_eq!(l.scope, Scope::Local);
        assert_eq!(Scope::International.as_str(), "international");
        assert_eq!(
            serde_json::to_value(Scope::Local).unwrap(),
            serde_json::json!("local")
        );
        // A Chinese province with a Vietnamese name.
        let l = full("Tin vắn", "Cảnh sát Hà Nam (Trung Quốc) bắt nghi phạm.", "");
        assert_eq!(l.city, None);
    }

    #[test]
    fn bad_input() {
        assert_eq!(full("", "", ""), Locality::default());
        let l = full("Tin vắn", "Không có địa danh nào.", "Chỉ là lời khuyên.");
        assert_eq!((l.city, l.scope), (None, Scope::National));
        // Fifty places listed: none is the subject.
        let g = Gazetteer::get();
        let names: Vec<&str> = g
            .provinces
            .iter()
            .take(50)
            .map(|p| p.name.as_str())
            .collect();
        let list = names.join(", ");
        let l = full("Giá xăng giảm", &list, &format!("{list}. {list}."));
        assert_eq!(l.city, None);
        // All but `Hồ Chí Minh`, which without a prefix is the person.
        assert_eq!(l.mentions.len(), 49);
        // All capitals, and no diacritics.
        let l = full(
            "HẢI PHÒNG: KHÁNH THÀNH CẦU MỚI",
            "TP HẢI PHÒNG VỪA KHÁNH THÀNH",
            "",
        );
        assert_eq!(l.city.as_deref(), Some("Hải Phòng"));
        let l = full(
            "Da Nang khanh thanh cau moi",
            "TP Da Nang vua khanh thanh cau",
            "",
        );
        assert_eq!(l.city.as_deref(), Some("Đà Nẵng"));
        // Odd text never panics.
        for text in [
            "(((",
            "- - -",
            "Hà",
            "Nội",
            "tỉnh",
            "TP.",
            "((Hà Nội",
            "Quận 1 (",
            "\u{301}\u{300}Hà Nội",
        ] {
            let _ = full(text, text, text);
        }
    }
}
