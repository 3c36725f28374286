//! Grading the mentions of an article: each one earns points by where it
//! stands (title, dateline, lead, body) and how it is written
//! (administrative prefix, district with its province in parentheses,
//! bare name), body mentions are capped, and the points are tallied per
//! province, district, and for foreign and national evidence. The table is
//! in `docs/locality.md`.

use rustc_hash::FxHashMap as HashMap;

use super::super::locality::{Evidence, EvidenceKind};
use super::super::Gazetteer;
use super::matcher::{Target, Unit};
use super::scan::Found;

/// Points a province needs to become the article's city: one title
/// mention, a dateline, or a lead mention confirmed elsewhere; never a
/// passing mention in the body alone unless it is repeated with prefixes.
pub(super) const CITY_MIN: u32 = 6;
/// Points of foreign evidence that make an article international.
pub(super) const FOREIGN_MIN: u32 = 6;
/// Body mentions of one province count at most this much, so that a long
/// body listing a neighbour many times does not outweigh the headline.
const BODY_CAP: u32 = 4;
/// Body mentions of foreign or national names count at most this much per
/// name.
const BODY_CAP_OTHER: u32 = 3;
/// A district is primary only with this much evidence: a title or lead
/// mention, or several in the body.
pub(super) const DISTRICT_MIN: u32 = 3;

/// Where in the article a mention stands, from most to least telling.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Prominence {
    Title,
    /// Opening the lead (`HÀ NỘI -`).
    Dateline,
    /// In the lead's first sentence.
    Opening,
    Lead,
    Body,
}

/// Points of a place mention by where and how it is written.
fn place_points(at: Prominence, kind: EvidenceKind) -> u32 {
    use EvidenceKind::*;
    match (at, kind) {
        (Prominence::Dateline, _) => 12,
        (Prominence::Title, Prefixed | InProvince) => 10,
        (Prominence::Title, UniqueDistrict) => 5,
        (Prominence::Title, _) => 8,
        (Prominence::Opening, Prefixed | InProvince) => 8,
        (Prominence::Opening, UniqueDistrict) => 3,
        (Prominence::Opening, _) => 6,
        (Prominence::Lead, Prefixed | InProvince) => 5,
        (Prominence::Lead, UniqueDistrict) => 2,
        (Prominence::Lead, _) => 4,
        (Prominence::Body, Prefixed | InProvince) => 2,
        (Prominence::Body, _) => 1,
    }
}

/// Points of a foreign or national mention.
fn other_points(at: Prominence) -> u32 {
    match at {
        Prominence::Title => 8,
        Prominence::Dateline | Prominence::Opening => 5,
        Prominence::Lead => 3,
        Prominence::Body => 1,
    }
}

/// The best mention seen for something, with its points.
#[derive(Clone)]
pub(super) struct Best {
    pub(super) points: u32,
    pub(super) evidence: Evidence,
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
pub(super) struct Scores {
    /// Province → (points, first order, best mention).
    pub(super) province: HashMap<usize, (u32, usize, Option<Best>)>,
    pub(super) body_province: HashMap<usize, u32>,
    pub(super) district_strong: HashMap<(usize, usize), u32>,
    pub(super) district_weak: HashMap<(usize, usize), u32>,
    pub(super) foreign: Tally,
    pub(super) national: Tally,
    /// National points from the title and lead only.
    pub(super) national_head: u32,
}

/// Foreign or national evidence over an article.
#[derive(Default)]
pub(super) struct Tally {
    pub(super) points: u32,
    /// Body points counted per name, up to [`BODY_CAP_OTHER`].
    body: HashMap<String, u32>,
    pub(super) best: Option<Best>,
}

/// Counts `points` as far as `cap` leaves room after `used`, and returns
/// what was counted.
fn capped(used: &mut u32, points: u32, cap: u32) -> u32 {
    let counted = points.min(cap.saturating_sub(*used));
    *used += counted;
    counted
}

impl Scores {
    pub(super) fn add_province(
        &mut self,
        p: usize,
        points: u32,
        at: Prominence,
        order: usize,
        ev: &dyn Fn() -> Evidence,
    ) {
        let points = if at == Prominence::Body {
            capped(self.body_province.entry(p).or_default(), points, BODY_CAP)
        } else {
            points
        };
        let e = self.province.entry(p).or_insert((0, order, None));
        e.0 += points;
        keep_best(&mut e.2, points.max(1), ev);
    }

    /// A district named beyond doubt (with its prefix, or the only one a
    /// prefix fits): its points go to it and to its province.
    fn add_district(
        &mut self,
        p: usize,
        d: usize,
        points: u32,
        at: Prominence,
        order: usize,
        ev: &dyn Fn() -> Evidence,
    ) {
        *self.district_strong.entry((p, d)).or_default() += points;
        self.add_province(p, points, at, order, ev);
    }

    pub(super) fn add_other(&mut self, national: bool, key: String, at: Prominence, ev: Evidence) {
        let tally = if national {
            &mut self.national
        } else {
            &mut self.foreign
        };
        let mut points = other_points(at);
        if at == Prominence::Body {
            points = capped(tally.body.entry(key).or_default(), points, BODY_CAP_OTHER);
        }
        tally.points += points;
        if national && at != Prominence::Body {
            self.national_head += points;
        }
        if points > 0 {
            keep_best(&mut tally.best, points, || ev);
        }
    }
}

impl Gazetteer {
    pub(super) fn score(
        &self,
        f: &Found,
        at: Prominence,
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
            Prominence::Body
        } else {
            at
        };
        let kind_of = |u: Unit| match u {
            Unit::Province(p) => self.provinces[p].kind.as_str(),
            Unit::District(p, d) => self.provinces[p].districts[d].kind.as_str(),
        };
        let units = || f.entries.iter().filter_map(|e| Some((e.target.unit()?, e)));
        if let Some(prefix) = f.prefix {
            // The units the prefix fits: `huyện` a district, `tỉnh` a
            // province.
            let (mut provinces, mut districts) = (Vec::new(), Vec::new());
            for (u, _) in units().filter(|&(u, _)| prefix.fits(kind_of(u))) {
                match u {
                    Unit::Province(p) => provinces.push(p),
                    Unit::District(p, d) => districts.push((p, d)),
                }
            }
            let points = place_points(at, EvidenceKind::Prefixed);
            if !provinces.is_empty() {
                for p in provinces {
                    scores.add_province(p, points, at, order, &|| evidence(EvidenceKind::Prefixed));
                }
                return;
            }
            if districts.len() == 1 {
                let (p, d) = districts[0];
                scores.add_district(p, d, points, at, order, &|| {
                    evidence(EvidenceKind::Prefixed)
                });
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
                    scores.add_district(p, d, points, at, order, &|| {
                        evidence(EvidenceKind::Prefixed)
                    });
                }
                Unit::District(p, d) if !has_province => {
                    let points = place_points(at, EvidenceKind::Name);
                    *scores.district_weak.entry((p, d)).or_default() += points;
                    // One-word spellings (`Sơn`, `Hoa`) are ordinary words.
                    if f.len >= 2 && self.matcher().unique_districts.contains(&(p, d)) {
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
