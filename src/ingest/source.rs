//! Which outlet published an article, under one display name per outlet.
//!
//! Pages name their outlet in a lead marker (`(ĐCSVN) -`, `(PLVN) -`,
//! `(Thanh tra) -`) or a masthead/copyright footer (`… của Báo Hànộimới`);
//! records carry it as a domain (`dantri.com.vn`, `tuoitre.vn via
//! baomoi.com`). All spellings of one outlet go through [`OUTLETS`] so that
//! facets and filters see a single name.

use crate::analysis::{normalize, Form};

/// Display name, then the spellings that mean it.
pub const OUTLETS: &[(&str, &[&str])] = &[
    (
        "Báo điện tử Đảng Cộng sản Việt Nam",
        &[
            "ĐCSVN",
            "dangcongsan.vn",
            "Đảng Cộng sản Việt Nam",
            "Báo điện tử Đảng Cộng sản Việt Nam",
        ],
    ),
    (
        "Báo Pháp luật Việt Nam",
        &["PLVN", "baophapluat.vn", "Pháp luật Việt Nam"],
    ),
    ("Báo Thanh tra", &["Thanh tra", "thanhtra.com.vn"]),
    (
        "Báo Hànộimới",
        &[
            "Hànộimới",
            "Hà Nội Mới",
            "HNM",
            "hanoimoi.vn",
            "hanoimoi.com.vn",
        ],
    ),
    ("Báo Dân trí", &["Dân trí", "dantri.com.vn", "Dantri"]),
    ("VnExpress", &["VnExpress", "vnexpress.net", "VNE"]),
    (
        "Báo Tuổi Trẻ",
        &["Tuổi Trẻ", "tuoitre.vn", "TTO", "Tuổi Trẻ Online"],
    ),
    ("Báo Thanh Niên", &["Thanh Niên", "thanhnien.vn", "TNO"]),
    ("24h", &["24h.com.vn", "24h"]),
    ("VOV", &["VOV", "vov.vn", "Đài Tiếng nói Việt Nam"]),
    ("TTXVN", &["TTXVN", "Thông tấn xã Việt Nam"]),
    ("VietnamPlus", &["VietnamPlus", "vietnamplus.vn"]),
    (
        "Báo Chính phủ",
        &["Chinhphu.vn", "baochinhphu.vn", "Báo Chính phủ"],
    ),
    ("Báo Nhân Dân", &["Nhân Dân", "nhandan.vn", "NDO"]),
    ("Báo Lao Động", &["Lao Động", "laodong.vn", "LĐO"]),
    (
        "Báo Người Lao Động",
        &["Người Lao Động", "nld.com.vn", "NLĐO"],
    ),
    (
        "Báo Công an Nhân dân",
        &["CAND", "cand.com.vn", "Công an Nhân dân"],
    ),
    (
        "Báo Quân đội Nhân dân",
        &["QĐND", "qdnd.vn", "Quân đội Nhân dân"],
    ),
    ("VietNamNet", &["VietNamNet", "vietnamnet.vn"]),
    ("Báo Tiền Phong", &["Tiền Phong", "tienphong.vn"]),
    (
        "Báo Sài Gòn Giải Phóng",
        &["SGGP", "sggp.org.vn", "Sài Gòn Giải Phóng"],
    ),
    ("Người Đưa Tin", &["nguoiduatin.vn", "Người Đưa Tin"]),
    ("Báo Tin tức", &["baotintuc.vn", "Tin tức"]),
    ("Báo Giao thông", &["baogiaothong.vn", "Giao thông"]),
    ("VTV", &["VTV", "vtv.vn"]),
    (
        "Zing News",
        &["zingnews.vn", "Zing News", "Znews", "znews.vn"],
    ),
    ("Báo Hải Phòng", &["baohaiphong.vn", "baohaiphong.com.vn"]),
    ("Báo Đồng Khởi", &["baodongkhoi.vn"]),
    ("Báo Bến Tre", &["baobentre.com.vn"]),
];

fn key(s: &str) -> String {
    normalize(s, Form::Folded)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fn lookup(name: &str) -> Option<&'static str> {
    let mut k = key(name);
    if k.is_empty() {
        return None;
    }
    for _ in 0..2 {
        for (display, aliases) in OUTLETS {
            if key(display) == k || aliases.iter().any(|a| key(a) == k) {
                return Some(display);
            }
        }
        // `Báo Thanh tra` → `Thanh tra`.
        match k.strip_prefix("bao") {
            Some(rest) if !rest.is_empty() => k = rest.to_owned(),
            _ => break,
        }
    }
    None
}

/// The display name for an outlet spelling, if it is a known outlet.
/// Also understands record values such as `Dân Trí (dantri.com.vn)` and
/// `tuoitre.vn via baomoi.com`.
pub fn canonical(name: &str) -> Option<&'static str> {
    let name = name.trim();
    let before_via = name.split(" via ").next().unwrap_or(name);
    let outside = before_via.split('(').next().unwrap_or(before_via);
    let inside = before_via
        .split_once('(')
        .and_then(|(_, r)| r.split_once(')'))
        .map(|(i, _)| i);
    [Some(name), Some(before_via), Some(outside), inside]
        .into_iter()
        .flatten()
        .find_map(lookup)
}

/// A record's source field as displayed: the canonical name when known,
/// otherwise the value as given.
pub fn display_name(name: &str) -> Option<String> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return None;
    }
    Some(canonical(trimmed).map_or_else(|| trimmed.to_owned(), str::to_owned))
}

/// A lead marker at the start of a paragraph: `(ĐCSVN) - Phó Bí thư…`.
/// Returns the outlet (canonical when known, else as written) and the
/// byte length of the marker including the dash, so it can be cut from
/// the body.
pub fn lead_marker(paragraph: &str) -> Option<(String, usize)> {
    let rest = paragraph.strip_prefix('(')?;
    let close = rest.find(')')?;
    let inside = rest[..close].trim();
    let words = inside.split_whitespace().count();
    if inside.is_empty() || inside.chars().count() > 40 || words > 5 {
        return None;
    }
    let after = &rest[close + 1..];
    let trimmed = after.trim_start();
    let dash = trimmed
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | '–' | '—'))?;
    let end = paragraph.len() - trimmed.len() + dash.len_utf8();
    let end = end + (paragraph[end..].len() - paragraph[end..].trim_start().len());
    let name = canonical(inside).map_or_else(|| inside.to_owned(), str::to_owned);
    // `(Ảnh: …) -` or `(1) -` are not outlets.
    let lower = normalize(inside, Form::Folded);
    if lower.starts_with("anh") || !inside.chars().any(char::is_alphabetic) {
        return None;
    }
    Some((name, end))
}

/// An outlet named in a masthead or copyright footer line (`Không sao chép
/// … của Báo Hànộimới`, `© Báo Thanh tra`).
pub fn masthead(line: &str) -> Option<&'static str> {
    let folded = normalize(line, Form::Folded);
    let footer_like = [
        "sao chep",
        "ban quyen",
        "©",
        "copyright",
        "ghi ro nguon",
        "co quan chu quan",
        "giay phep",
    ]
    .iter()
    .any(|w| folded.contains(w));
    if !footer_like {
        return None;
    }
    let compact = key(line);
    OUTLETS.iter().find_map(|(display, aliases)| {
        let named = std::iter::once(*display)
            .chain(aliases.iter().copied())
            .any(|a| {
                let k = key(a);
                if a.contains('.') {
                    compact.contains(&k)
                } else {
                    let k = if k.starts_with("bao") {
                        k
                    } else {
                        format!("bao{k}")
                    };
                    k.len() > 5 && compact.contains(&k)
                }
            });
        named.then_some(*display)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_markers() {
        let cases = [
            (
                "(ĐCSVN) - Phó Bí thư",
                Some("Báo điện tử Đảng Cộng sản Việt Nam"),
                "Phó Bí thư",
            ),
            (
                "(PLVN) - Ban Dân vận",
                Some("Báo Pháp luật Việt Nam"),
                "Ban Dân vận",
            ),
            (
                "(Thanh tra) - Chiều 7/1",
                Some("Báo Thanh tra"),
                "Chiều 7/1",
            ),
            (
                "(Chinhphu.vn) – Sáng nay",
                Some("Báo Chính phủ"),
                "Sáng nay",
            ),
            ("(Báo XYZ) - Tin", Some("Báo XYZ"), "Tin"),
            ("(Ảnh: TTXVN) - abc", None, ""),
            ("(1) - abc", None, ""),
            ("Hải Phòng (ĐCSVN) - abc", None, ""),
            ("(ĐCSVN) Phó Bí thư", None, ""),
        ];
        for (text, want, rest) in cases {
            let got = lead_marker(text);
            assert_eq!(got.as_ref().map(|g| g.0.as_str()), want, "{text}");
            if let Some((_, end)) = got {
                assert_eq!(&text[end..], rest, "{text}");
            }
        }
    }

    #[test]
    fn record_sources() {
        let cases = [
            ("Dân Trí (dantri.com.vn)", "Báo Dân trí"),
            ("tuoitre.vn via baomoi.com", "Báo Tuổi Trẻ"),
            ("vov.vn via baomoi.com", "VOV"),
            ("24h.com.vn", "24h"),
            ("Báo Thanh tra", "Báo Thanh tra"),
            ("dcsvn", "Báo điện tử Đảng Cộng sản Việt Nam"),
            ("Some Blog", "Some Blog"),
        ];
        for (value, want) in cases {
            assert_eq!(display_name(value).as_deref(), Some(want), "{value}");
        }
        assert_eq!(display_name("  "), None);
    }

    #[test]
    fn mastheads() {
        assert_eq!(
            masthead("(*) Không sao chép dưới mọi hình thức khi chưa có sự đồng ý bằng văn bản của Báo Hànộimới."),
            Some("Báo Hànộimới")
        );
        assert_eq!(
            masthead("© Bản quyền thuộc về Báo Thanh tra"),
            Some("Báo Thanh tra")
        );
        assert_eq!(masthead("Báo Thanh tra đưa tin hôm qua"), None);
        assert_eq!(masthead("Không sao chép dưới mọi hình thức"), None);
    }
}
