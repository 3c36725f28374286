//! People are not places: a place (or foreign) name right after a surname,
//! a personal title or a central office, or followed by a birth year or an
//! age, is a person's name (`Phó Thủ tướng Trương Hòa Bình`, `ca sĩ Đàm
//! Vĩnh Hưng`, `Thái Bình (SN 1970)`), however strongly it is written.

use super::context::ContextWords;
use super::matcher::{Entry, Target};
use super::words::Words;

/// Family names: a place name right after one is a person's given name
/// (`Trương Hòa Bình`). Syllables that also start sentences as ordinary
/// words (`Từ`, `Mai`, `Tăng`) are left out. Middle names `Văn`, `Thị`
/// count too.
pub(super) const SURNAMES: &[&str] = &[
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ",
    "hồ", "ngô", "dương", "lý", "trương", "đinh", "đoàn", "lâm", "trịnh", "đào", "lương", "lưu",
    "tạ", "tô", "chu", "vương", "quách", "triệu", "phùng", "lại", "kiều", "đàm", "văn", "thị",
];

/// Words for a person written right before their name: a place name after
/// them is a person (`ông Thái Bình`, `chị Nga`).
pub(super) const PERSONAL_TITLES: &[&[&str]] = &[
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
pub(super) const OFFICE_TITLES: &[&[&str]] = &[
    &["thủ", "tướng"],
    &["bộ", "trưởng"],
    &["thứ", "trưởng"],
    &["tổng", "bí", "thư"],
    &["chủ", "tịch", "nước"],
];

/// A place (or foreign) name used as a person's name: after a surname or a
/// personal title, after a central office for Vietnamese places, or
/// followed by a birth year or age.
pub(super) fn is_person(
    person: &ContextWords,
    w: &Words,
    from: usize,
    to: usize,
    entries: &[Entry],
) -> bool {
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
        && person.surnames.contains(w.token(from - 1))
    {
        return true;
    }
    if person.personal.iter().any(|t| w.preceded_by(from, t)) {
        return true;
    }
    let next_capitalised = to < w.len() && w.adjacent(to - 1) && w.truly_capitalised(to);
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
