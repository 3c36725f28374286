//! Finding the place an article is about.
//!
//! This runs on every article of a crawl, so place names are matched in one
//! pass over the article's words (longest match in a map from word
//! sequences to units) instead of searching for each of ~800 names.
//!
//! Many district names are also ordinary words or people's names (`Hòa
//! Bình` "peace", `Bình Minh`, `Thống Nhất`, a byline `Kim Thành`), so the
//! evidence is graded: a province name, or a district written with its
//! prefix (`Quận Hoàng Mai`, `huyện Châu Thành`), is strong; a bare district
//! name only counts when its province is named as well. Names must be
//! capitalised as proper nouns unless the text has no capitals at all.
//! Matching uses the exact form (so `hai phòng` "two rooms" is not `Hải
//! Phòng`), or the folded form when the article is written without
//! diacritics.

use std::collections::{HashMap, HashSet};

use super::names::{prefix_of, Prefix};
use super::Locality;
use super::{Gazetteer, Province};
use crate::analysis::segment::for_each_segment;
use crate::analysis::{has_diacritics, normalize, Form, Normalizer};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Unit {
    Province(usize),
    District(usize, usize),
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    unit: Unit,
    /// Needs a prefix to count (`Hồ Chí Minh` alone is usually the person).
    weak: bool,
    /// The key itself carries a prefix that cannot be split off (`Quận 1`).
    prefixed: bool,
}

type NameMap = HashMap<Vec<String>, Vec<Entry>>;

/// Word-sequence index of every province and district spelling.
pub(crate) struct Matcher {
    exact: NameMap,
    folded: NameMap,
    exact_first: HashSet<String>,
    folded_first: HashSet<String>,
    max_len: usize,
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

impl Matcher {
    pub(crate) fn build(provinces: &[Province]) -> Matcher {
        let mut m = Matcher {
            exact: HashMap::new(),
            folded: HashMap::new(),
            exact_first: HashSet::new(),
            folded_first: HashSet::new(),
            max_len: 1,
        };
        for (pi, p) in provinces.iter().enumerate() {
            for s in p.spellings() {
                m.add(s, Unit::Province(pi));
            }
            for (di, d) in p.districts.iter().enumerate() {
                for s in std::iter::once(&d.name)
                    .chain([&d.full_name])
                    .chain(&d.aliases)
                {
                    m.add(s, Unit::District(pi, di));
                }
            }
        }
        m
    }

    fn add(&mut self, spelling: &str, unit: Unit) {
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
        let entry = Entry {
            unit,
            weak,
            prefixed,
        };
        let exact = words(spelling, Form::Exact);
        for (map, first, key) in [
            (
                &mut self.exact,
                &mut self.exact_first,
                exact[skip..].to_vec(),
            ),
            (
                &mut self.folded,
                &mut self.folded_first,
                folded[skip..].to_vec(),
            ),
        ] {
            self.max_len = self.max_len.max(key.len());
            first.insert(key[0].clone());
            let list = map.entry(key).or_default();
            if !list.iter().any(|e| e.unit == unit) {
                list.push(entry);
            }
        }
    }
}

/// A name found in the text.
struct Found<'a> {
    entries: &'a [Entry],
    prefix: Option<Prefix>,
    position: usize,
}

impl Matcher {
    fn scan<'a>(&'a self, text: &str, folded_mode: bool, mut found: impl FnMut(Found<'a>)) {
        let (map, first, form) = if folded_mode {
            (&self.folded, &self.folded_first, Form::Folded)
        } else {
            (&self.exact, &self.exact_first, Form::Exact)
        };
        let any_upper = text.chars().any(char::is_uppercase);
        let mut segments: Vec<&str> = Vec::new();
        let mut tokens: Vec<String> = Vec::new();
        let mut norm = Normalizer::default();
        for_each_segment(text, |s| {
            let mut w = String::new();
            norm.normalize(s.text, form, &mut w);
            segments.push(s.text);
            tokens.push(w);
        });
        let capitalised = |seg: &str| {
            !any_upper
                || seg
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_alphabetic() || c.is_uppercase())
        };
        let mut i = 0;
        while i < tokens.len() {
            if !first.contains(&tokens[i]) {
                i += 1;
                continue;
            }
            let mut advanced = false;
            for len in (1..=self.max_len.min(tokens.len() - i)).rev() {
                let Some(entries) = map.get(&tokens[i..i + len]) else {
                    continue;
                };
                if !segments[i..i + len].iter().all(|s| capitalised(s)) {
                    continue;
                }
                let prefix = prefix_before(&segments[..i]);
                found(Found {
                    entries,
                    prefix,
                    position: i,
                });
                i += len;
                advanced = true;
                break;
            }
            if !advanced {
                i += 1;
            }
        }
    }
}

/// The administrative prefix written just before a name, if any.
fn prefix_before(segments: &[&str]) -> Option<Prefix> {
    let n = segments.len();
    let fold = |i: usize| normalize(segments[i], Form::Folded);
    if n >= 2 {
        if let Some((p, 2)) = prefix_of(&[fold(n - 2), fold(n - 1)]) {
            return Some(p);
        }
    }
    if n >= 1 {
        if let Some((p, 1)) = prefix_of(&[fold(n - 1)]) {
            return Some(p);
        }
    }
    None
}

/// Evidence gathered over an article.
#[derive(Default)]
struct Scores {
    province: HashMap<usize, (u32, usize)>,
    body_province: HashMap<usize, u32>,
    district_strong: HashMap<(usize, usize), u32>,
    district_weak: HashMap<(usize, usize), u32>,
}

const TITLE_WEIGHT: u32 = 5;
const LEAD_WEIGHT: u32 = 3;
const BODY_WEIGHT: u32 = 1;
/// Body mentions of one province count at most this much, so that a long
/// body listing a neighbour many times does not outweigh the headline.
const BODY_CAP: u32 = 4;
/// A district is primary only with this much evidence: a title or lead
/// mention, or several in the body.
const DISTRICT_MIN: u32 = 3;

impl Scores {
    fn add_province(&mut self, p: usize, weight: u32, order: usize) {
        let w = if weight == BODY_WEIGHT {
            let used = self.body_province.entry(p).or_default();
            if *used >= BODY_CAP {
                return;
            }
            *used += weight;
            weight
        } else {
            weight
        };
        let e = self.province.entry(p).or_insert((0, order));
        e.0 += w;
    }
}

impl Gazetteer {
    /// The primary province (and district, when named) of an article, with
    /// the other provinces it mentions. The title weighs most, then the
    /// lead, then the body.
    pub fn locate(&self, title: &str, lead: &str, body: &str) -> Locality {
        self.locate_within(title, lead, body, None)
    }

    /// Like [`Gazetteer::locate`], but with the province already known (a
    /// `city` field of a record): only the district and mentions are found.
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
        for (zone, weight) in [
            (title, TITLE_WEIGHT),
            (lead, LEAD_WEIGHT),
            (body, BODY_WEIGHT),
        ] {
            self.matcher.scan(zone, folded_mode, |f| {
                order += 1;
                self.score(&f, weight, order * 100_000 + f.position, &mut scores);
            });
        }
        let forced = city.and_then(|c| self.provinces.iter().position(|p| p.code == c.code));
        let primary = forced.or_else(|| {
            scores
                .province
                .iter()
                .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
                .map(|(&p, _)| p)
        });
        let mut locality = Locality::default();
        let Some(p) = primary else {
            return locality;
        };
        let province = &self.provinces[p];
        locality.city = Some(province.name.clone());
        locality.province_2025 = Some(province.province_2025.clone());
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
        if let Some((_, d)) = best.filter(|&(s, _)| s >= DISTRICT_MIN) {
            let district = &province.districts[d];
            locality.district = Some(district.name.clone());
            locality.district_full = Some(district.full_name.clone());
            locality.district_code = Some(district.code.clone());
        }
        let mut others: Vec<(u32, usize, usize)> = scores
            .province
            .iter()
            .filter(|(&q, _)| q != p)
            .map(|(&q, &(s, o))| (s, o, q))
            .collect();
        others.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        locality.mentions = others
            .into_iter()
            .map(|(_, _, q)| self.provinces[q].name.clone())
            .collect();
        locality
    }

    fn score(&self, f: &Found, weight: u32, order: usize, scores: &mut Scores) {
        let kind_of = |u: Unit| match u {
            Unit::Province(p) => self.provinces[p].kind.as_str(),
            Unit::District(p, d) => self.provinces[p].districts[d].kind.as_str(),
        };
        if let Some(prefix) = f.prefix {
            let fits = |u: Unit| prefix.fits(kind_of(u));
            let provinces: Vec<usize> = f
                .entries
                .iter()
                .filter_map(|e| match e.unit {
                    Unit::Province(p) if fits(e.unit) => Some(p),
                    _ => None,
                })
                .collect();
            let districts: Vec<(usize, usize)> = f
                .entries
                .iter()
                .filter_map(|e| match e.unit {
                    Unit::District(p, d) if fits(e.unit) => Some((p, d)),
                    _ => None,
                })
                .collect();
            if !provinces.is_empty() {
                for p in provinces {
                    scores.add_province(p, weight, order);
                }
                return;
            }
            if districts.len() == 1 {
                let (p, d) = districts[0];
                *scores.district_strong.entry((p, d)).or_default() += weight;
                scores.add_province(p, weight, order);
                return;
            }
            if !districts.is_empty() {
                for pd in districts {
                    *scores.district_weak.entry(pd).or_default() += weight;
                }
                return;
            }
        }
        let has_province = f
            .entries
            .iter()
            .any(|e| matches!(e.unit, Unit::Province(_)));
        for e in f.entries {
            match e.unit {
                Unit::Province(p) if !e.weak => scores.add_province(p, weight, order),
                Unit::District(p, d) if e.prefixed => {
                    *scores.district_strong.entry((p, d)).or_default() += weight;
                    scores.add_province(p, weight, order);
                }
                Unit::District(p, d) if !has_province => {
                    *scores.district_weak.entry((p, d)).or_default() += weight;
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
}
