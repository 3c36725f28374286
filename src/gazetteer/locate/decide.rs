//! Choosing from the graded evidence: the province that reached
//! [`CITY_MIN`] unless foreign or national evidence is stronger, its
//! district when one is supported enough, the scope, and the other
//! provinces mentioned.

use rustc_hash::FxHashMap as HashMap;

use super::super::locality::{EvidenceKind, Scope, Zone};
use super::super::{Gazetteer, Locality, Province};
use super::evidence::{Best, Scores, CITY_MIN, DISTRICT_MIN, FOREIGN_MIN};

impl Gazetteer {
    pub(super) fn decide(&self, scores: Scores, city: Option<&Province>) -> Locality {
        let forced = city.and_then(|c| self.provinces.iter().position(|p| p.code == c.code));
        let best = scores
            .province
            .iter()
            // Points, then the earlier mention, then the gazetteer's order:
            // a full tie must not depend on the hash map's order, or the
            // same article could get another city on another run.
            .max_by(|a, b| {
                a.1 .0
                    .cmp(&b.1 .0)
                    .then(b.1 .1.cmp(&a.1 .1))
                    .then(b.0.cmp(a.0))
            })
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
                let foreign_wins = foreign_beats(&scores, points);
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
        } else if foreign_beats(&scores, scores.national.points) {
            locality.scope = Scope::International;
            locality.evidence = scores.foreign.best.map(|b| b.evidence);
        } else {
            locality.scope = Scope::National;
            locality.evidence = scores.national.best.map(|b| b.evidence);
        }
        let mut others: Vec<(u32, usize, usize)> = scores
            .province
            .iter()
            .filter(|(&q, _)| Some(q) != primary)
            .map(|(&q, s)| (s.0, s.1, q))
            .collect();
        others.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        locality.mentions = others
            .into_iter()
            .map(|(_, _, q)| self.provinces[q].name.clone())
            .collect();
        locality
    }

    /// The best-supported district of province `p`, if supported enough:
    /// most points (strong and weak together), the first in the
    /// province's list among equals.
    fn district_of(&self, p: usize, scores: &Scores) -> Option<usize> {
        let points = |d: usize| {
            let of = |map: &HashMap<(usize, usize), u32>| map.get(&(p, d)).copied().unwrap_or(0);
            of(&scores.district_strong) + of(&scores.district_weak)
        };
        scores
            .district_strong
            .keys()
            .chain(scores.district_weak.keys())
            .filter(|&&(dp, _)| dp == p)
            .map(|&(_, d)| (points(d), d))
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
            .filter(|&(s, _)| s >= DISTRICT_MIN)
            .map(|(_, d)| d)
    }
}

/// Foreign evidence that makes an article international when it reaches
/// [`FOREIGN_MIN`] and is at least `other` (the province's or the national
/// points).
fn foreign_beats(scores: &Scores, other: u32) -> bool {
    scores.foreign.points >= FOREIGN_MIN && scores.foreign.points >= other
}
