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
//!   province needs [`CITY_MIN`](evidence::CITY_MIN) points, so a passing
//!   mention gives none;
//! - foreign and national mentions are scored the same way and decide the
//!   scope; a province beats them only with stronger evidence.
//!
//! The stages, one module each, in the order an article goes through them:
//! [`matcher`] (the name map), [`words`] and [`scan`] (the one-pass longest
//! match over a zone), [`people`] and [`context`] (what the words around a
//! name say about it), [`evidence`] (points by zone and form) and
//! [`decide`] (province, district and scope from the points).

mod context;
mod decide;
mod evidence;
mod matcher;
mod people;
mod scan;
#[cfg(test)]
mod tests;
mod words;

pub(crate) use matcher::Matcher;

use super::locality::{Evidence, EvidenceKind, Zone};
use super::{Gazetteer, Locality, Province};
use crate::analysis::has_diacritics;
use context::mark_lists;
use evidence::{Prominence, Scores};
use matcher::Unit;
use scan::Found;

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
            self.matcher().scan(text, folded_mode, |f| hits.push(f));
            mark_lists(text, &mut hits);
            for k in 0..hits.len() {
                let f = &hits[k];
                order += 1;
                let at = match zone {
                    Zone::Title => Prominence::Title,
                    Zone::Lead if f.opens_zone => Prominence::Dateline,
                    Zone::Lead if f.first_sentence => Prominence::Opening,
                    Zone::Lead => Prominence::Lead,
                    Zone::Body => Prominence::Body,
                };
                let evidence = |kind: EvidenceKind| Evidence {
                    text: text[f.start..f.end].to_owned(),
                    zone,
                    position: offset + f.start,
                    kind: if at == Prominence::Dateline {
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
                        .filter_map(|e| e.target.unit())
                        .collect(),
                    _ => Vec::new(),
                };
                self.score(f, at, order, &in_parens, &evidence, &mut scores);
            }
        }
        self.decide(scores, city)
    }
}
