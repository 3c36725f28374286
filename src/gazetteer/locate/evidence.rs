//! Grading the mentions of an article: each one earns points by where it
//! stands (title, dateline, lead, body) and how it is written
//! (administrative prefix, district with its province in parentheses,
//! bare name), body mentions are capped, and the points are tallied per
//! province, district, and for foreign and national evidence. The table is
//! in `docs/locality.md`.

use std::collections::HashMap;

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
pub(super) const BODY_CAP: u32 = 4;
/// Body mentions of foreign or national names count at most this much per
/// name.
pub(super) const BODY_CAP_OTHER: u32 = 3;
/// A district is primary only with this much evidence: a title or lead
/// mention, or several in the body.
pub(super) const DISTRICT_MIN: u32 = 3;

/// Where in the zone a mention is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Title,
    /// Opening the lead (`HÀ NỘI -`).
    Dateline,
    /// In the lead's first sentence.
    Opening,
    Lead,
    Body,
}

/// Points of a place mention by where and how it is written.
pub(super) fn place_points(at: Place, kind: EvidenceKind) -> u32 {
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
pub(super) fn other_points(at: Place) -> u32 {
    match at {
        Place::Title => 8,
        Place::Dateline | Place::Opening => 5,
        Place::Lead => 3,
        Place::Body => 1,
    }
}

/// The best mention seen for something, with its points.
#[derive(Clone)]
pub(super) struct Best {
    pub(super) points: u32,
    pub(super) evidence: Evidence,
}

/// Keeps the strongest mention, the earliest of equals.
pub(super) fn keep_best(slot: &mut Option<Best>, points: u32, evidence: impl FnOnce() -> Evidence) {
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
    pub(super) foreign: u32,
    pub(super) foreign_body: HashMap<String, u32>,
    pub(super) foreign_best: Option<Best>,
    pub(super) national: u32,
    pub(super) national_body: HashMap<String, u32>,
    pub(super) national_best: Option<Best>,
    /// National points from the title and lead only.
    pub(super) national_head: u32,
}

impl Scores {
    pub(super) fn add_province(
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

    pub(super) fn add_other(&mut self, national: bool, key: String, at: Place, ev: Evidence) {
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
    pub(super) fn score(
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
