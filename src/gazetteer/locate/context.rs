//! What the words around a name say about it, apart from people
//! ([`super::people`]): an administrative prefix before it, a street or a
//! river named after it, a person's home (`trú tại`), an ambiguous foreign
//! name (`Anh`, `Nga`) that is a country only in the right context, and
//! provinces written as a list, which are about none of them.

use rustc_hash::FxHashSet as HashSet;

use super::super::names::{prefix_of, Prefix};
use super::matcher::{Matcher, Target, Unit};
use super::people::{OFFICE_TITLES, PERSONAL_TITLES, SURNAMES};
use super::scan::Found;
use super::words::Words;
use crate::analysis::{normalize, Form};

/// Words after which a place name names something else: streets (`đường
/// Điện Biên Phủ`, `phố Hải Phòng`) and rivers (`sông Thái Bình`) are
/// named after places they are not in.
const NAMED_THINGS: &[&str] = &["đường", "phố", "lộ", "sông"];

/// Words that introduce where a person lives or comes from (`trú tại`,
/// `ngụ`, `quê`): in crime and accident reports that is often another
/// province than the one the story happens in.
const RESIDENCE: &[&str] = &["trú", "ngụ", "quê"];

/// Administrative abbreviations written with a full stop before a name
/// (`TP. Hồ Chí Minh`, `Q. 1`, `TX. Sơn Tây`).
const ABBREVIATED_PREFIXES: &[&str] = &["TP", "Tp", "TX", "Tx", "TT", "Q", "P"];

/// Whether a full stop right after `word` (as written) abbreviates it
/// rather than ending a sentence (`TP.`, `Q.`).
pub(super) fn abbreviates(word: &str) -> bool {
    ABBREVIATED_PREFIXES.contains(&word)
}

/// The words, in one form, whose presence right before or after a name
/// changes what it names: [`NAMED_THINGS`], [`RESIDENCE`] and the people
/// words of [`super::people`].
pub(super) struct ContextWords {
    /// [`NAMED_THINGS`].
    pub(super) things: HashSet<String>,
    /// [`RESIDENCE`].
    pub(super) residence: HashSet<String>,
    /// [`SURNAMES`].
    pub(super) surnames: HashSet<String>,
    /// [`PERSONAL_TITLES`].
    pub(super) personal: Vec<Vec<String>>,
    /// [`OFFICE_TITLES`].
    pub(super) office: Vec<Vec<String>>,
}

impl ContextWords {
    pub(super) fn new(form: Form) -> ContextWords {
        let set = |list: &[&str]| -> HashSet<String> {
            list.iter().map(|w| normalize(w, form)).collect()
        };
        let phrases = |list: &[&[&str]]| -> Vec<Vec<String>> {
            list.iter()
                .map(|t| t.iter().map(|w| normalize(w, form)).collect())
                .collect()
        };
        ContextWords {
            things: set(NAMED_THINGS),
            residence: set(RESIDENCE),
            surnames: set(SURNAMES),
            personal: phrases(PERSONAL_TITLES),
            office: phrases(OFFICE_TITLES),
        }
    }
}

impl Matcher {
    /// An ambiguous foreign name (`Anh`, `Nga`, `Mỹ`) counts only inside a
    /// sentence after a lower-case word (`nước Anh`, `tại Mỹ`) and not
    /// followed by another capitalised name (`Mỹ Tâm`), unless that name is
    /// itself foreign (`Tổng thống Mỹ Donald Trump`).
    pub(super) fn foreign_in_context(
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
        if to < w.len() && w.adjacent(to - 1) && w.truly_capitalised(to) {
            return first.contains(w.token(to));
        }
        true
    }
}

/// Marks places abroad that share a Vietnamese name, and provinces written
/// as a list (`Nghệ An - Quảng Bình`, `Hà Nội,
/// TP.HCM và Đà Nẵng`): a story naming several provinces side by side is
/// about none of them in particular.
pub(super) fn mark_lists(text: &str, hits: &mut [Found]) {
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
pub(super) fn names_other_thing(person: &ContextWords, w: &Words, i: usize) -> bool {
    i > 0 && w.adjacent(i - 1) && person.things.contains(w.token(i - 1))
}

/// Whether a residence word comes shortly before word `i` in the same
/// clause (`trú tại xã X, huyện Y, tỉnh Z`).
pub(super) fn prefix_is_residence(person: &ContextWords, w: &Words, i: usize) -> bool {
    for j in (i.saturating_sub(8)..i).rev() {
        let gap = &w.text[w.segments[j].1..w.segments[j + 1].0];
        let abbreviated = gap.trim() == "." && abbreviates(w.seg(j));
        if gap.contains(['.', ';', ')', '(', '\n']) && !abbreviated {
            return false;
        }
        if person.residence.contains(w.token(j)) {
            return true;
        }
    }
    false
}

/// The administrative prefix written just before word `i`, if any.
pub(super) fn prefix_before(w: &Words, i: usize) -> Option<Prefix> {
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
