//! Which outlet published an article, under one display name per outlet.
//!
//! Pages name their outlet in a lead marker (`(ĐCSVN) -`, `(PLVN) -`,
//! `(Thanh tra) -`) or a masthead/copyright footer (`… của Báo Hànộimới`);
//! records carry it as a domain (`dantri.com.vn`, `tuoitre.vn via
//! baomoi.com`). All spellings of one outlet go through [`OUTLETS`] so that
//! facets and filters see a single name.

use crate::analysis::{normalize, Form};

/// Display name, then the spellings that mean it: the byline abbreviation
/// (`ĐCSVN`, `PLVN`), the full name and the web domains. Every spelling is
/// also accepted without diacritics and in any case, a domain also without
/// its suffix (`dantri` for `dantri.com.vn`) and under any subdomain
/// (`www.`, `kinhdoanh.vnexpress.net`), a name also with or without `Báo`
/// / `Báo điện tử` in front. No two outlets may share a spelling (a unit
/// test checks it).
pub const OUTLETS: &[(&str, &[&str])] = &[
    (
        "Báo điện tử Đảng Cộng sản Việt Nam",
        &[
            "ĐCSVN",
            "Đảng Cộng sản Việt Nam",
            "dangcongsan.vn",
            "dangcongsan.org.vn",
        ],
    ),
    (
        "Báo Pháp luật Việt Nam",
        &["PLVN", "Pháp luật Việt Nam", "baophapluat.vn"],
    ),
    ("Báo Thanh tra", &["Thanh tra", "thanhtra.com.vn"]),
    (
        "Báo Hànộimới",
        &[
            "HNM",
            "Hànộimới",
            "Hà Nội Mới",
            "hanoimoi.vn",
            "hanoimoi.com.vn",
        ],
    ),
    ("Báo Dân trí", &["Dân trí", "Dantri", "dantri.com.vn"]),
    ("VnExpress", &["VNE", "vnexpress.net"]),
    (
        "Báo Tuổi Trẻ",
        &["TTO", "Tuổi Trẻ", "Tuổi Trẻ Online", "tuoitre.vn"],
    ),
    (
        "Báo Thanh Niên",
        &["TNO", "Thanh Niên", "thanhnien.vn", "thanhnien.com.vn"],
    ),
    ("24h", &["24h.com.vn"]),
    ("VOV", &["Đài Tiếng nói Việt Nam", "vov.vn"]),
    ("TTXVN", &["VNA", "Thông tấn xã Việt Nam", "vnanet.vn"]),
    ("VietnamPlus", &["vietnamplus.vn"]),
    ("Báo Chính phủ", &["VGP", "Chinhphu.vn", "baochinhphu.vn"]),
    (
        "Báo Nhân Dân",
        &[
            "NDO",
            "Nhân Dân",
            "nhandan.vn",
            "nhandan.org.vn",
            "nhandan.com.vn",
        ],
    ),
    (
        "Báo Lao Động",
        &["LĐO", "Lao Động", "laodong.vn", "laodong.com.vn"],
    ),
    (
        "Báo Người Lao Động",
        &["NLĐO", "NLĐ", "Người Lao Động", "nld.com.vn"],
    ),
    (
        "Báo Công an Nhân dân",
        &["CAND", "Công an Nhân dân", "cand.com.vn"],
    ),
    (
        "Báo Quân đội Nhân dân",
        &["QĐND", "Quân đội Nhân dân", "qdnd.vn"],
    ),
    ("VietNamNet", &["vietnamnet.vn"]),
    ("Báo Tiền Phong", &["TPO", "Tiền Phong", "tienphong.vn"]),
    (
        "Báo Sài Gòn Giải Phóng",
        &["SGGP", "Sài Gòn Giải Phóng", "sggp.org.vn"],
    ),
    ("Người Đưa Tin", &["nguoiduatin.vn"]),
    ("Báo Tin tức", &["Tin tức", "baotintuc.vn"]),
    (
        "Báo Giao thông",
        &["Giao thông", "baogiaothong.vn", "giaothongvantai.com.vn"],
    ),
    ("VTV", &["Đài Truyền hình Việt Nam", "vtv.vn"]),
    (
        "Zing News",
        &["Znews", "zingnews.vn", "znews.vn", "zing.vn"],
    ),
    ("Báo Hải Phòng", &["baohaiphong.vn", "baohaiphong.com.vn"]),
    ("Báo Đồng Khởi", &["baodongkhoi.vn"]),
    ("Báo Bến Tre", &["baobentre.com.vn"]),
    ("Báo Dân Việt", &["Dân Việt", "danviet.vn"]),
    (
        "Báo Pháp luật TP.HCM",
        &["PLO", "Pháp luật TP.HCM", "plo.vn", "phapluattp.vn"],
    ),
    (
        "Báo An ninh Thủ đô",
        &["ANTĐ", "An ninh Thủ đô", "anninhthudo.vn"],
    ),
    ("VTC News", &["VTC", "vtc.vn"]),
    ("Báo Đại Đoàn Kết", &["Đại Đoàn Kết", "daidoanket.vn"]),
    (
        "Báo Giáo dục và Thời đại",
        &["GD&TĐ", "Giáo dục và Thời đại", "giaoducthoidai.vn"],
    ),
    ("Báo Đất Việt", &["Đất Việt", "baodatviet.vn"]),
    ("Giáo dục Việt Nam", &["giaoduc.net.vn"]),
    ("Thể thao và Văn hóa", &["TT&VH", "thethaovanhoa.vn"]),
    ("VnEconomy", &["vneconomy.vn"]),
    ("CafeF", &["cafef.vn"]),
    ("Kenh14", &["kenh14.vn"]),
];

/// Normalized key of a spelling: folded (no diacritics, `đ` → `d`,
/// lower case), letters and digits only.
fn key(s: &str) -> String {
    normalize(s, Form::Folded)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// A spelling that is a web domain (`dantri.com.vn`), not a name.
fn is_domain(s: &str) -> bool {
    !s.contains(char::is_whitespace)
        && s.contains('.')
        && s.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// Domain suffixes, never an outlet's name.
const SUFFIXES: &[&str] = &["com", "net", "org", "gov", "edu", "info", "vn"];

/// A domain and its parents that still have a name before the suffix:
/// `kinhdoanh.vnexpress.net` → itself, `vnexpress.net`.
fn domains(domain: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(domain);
    std::iter::from_fn(move || {
        let current = rest?;
        let first = current.split('.').next().unwrap_or_default();
        if current.split('.').count() < 2 || SUFFIXES.contains(&first) {
            rest = None;
            return None;
        }
        rest = current.split_once('.').map(|(_, parent)| parent);
        Some(current)
    })
}

/// Every key that names an outlet, with the outlet's display name.
fn keys() -> &'static std::collections::HashMap<String, &'static str> {
    static KEYS: std::sync::OnceLock<std::collections::HashMap<String, &'static str>> =
        std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut map = std::collections::HashMap::new();
        for (display, aliases) in OUTLETS {
            for spelling in std::iter::once(display).chain(aliases.iter()) {
                map.entry(key(spelling)).or_insert(*display);
                if is_domain(spelling) {
                    // `dantri.com.vn` → `dantri`.
                    let name = spelling.split('.').next().unwrap_or_default();
                    map.entry(key(name)).or_insert(*display);
                }
            }
        }
        map
    })
}

fn lookup(name: &str) -> Option<&'static str> {
    let name = name.trim();
    // A URL as copied from the browser: its host.
    let name = name
        .strip_prefix("https://")
        .or_else(|| name.strip_prefix("http://"))
        .map_or(name, |rest| rest.split('/').next().unwrap_or(rest));
    if is_domain(name) {
        let lower = name.to_ascii_lowercase();
        return domains(&lower).find_map(|d| keys().get(&key(d)).copied());
    }
    let k = key(name);
    // `Báo Thanh tra` → `Thanh tra`, `Báo điện tử Dân trí` → `Dân trí`.
    ["", "baodientu", "bao"]
        .iter()
        .filter_map(|prefix| k.strip_prefix(prefix))
        .filter(|rest| !rest.is_empty())
        .find_map(|rest| keys().get(rest).copied())
}

/// Every spelling listed for an outlet (display name first), for help
/// texts and tests.
pub fn spellings<'a>(display: &'a str) -> impl Iterator<Item = &'static str> + 'a {
    OUTLETS
        .iter()
        .filter(move |(d, _)| *d == display)
        .flat_map(|(d, aliases)| std::iter::once(*d).chain(aliases.iter().copied()))
}

/// Up to `n` of `names` (outlet names present in an index) closest to an
/// unknown outlet `name`, by any spelling of theirs, best first.
pub fn suggest(name: &str, names: &[String], n: usize) -> Vec<String> {
    let wanted = key(name);
    let mut scored: Vec<(f64, &String)> = names
        .iter()
        .map(|known| {
            let display = canonical(known).unwrap_or(known);
            let score = |s: &str| strsim::jaro_winkler(&wanted, &key(s));
            let best = spellings(display).map(score).fold(score(known), f64::max);
            (best, known)
        })
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(n).map(|(_, k)| k.clone()).collect()
}

/// The display name for an outlet spelling, if it is a known outlet.
/// Also understands record values such as `Dân Trí (dantri.com.vn)`,
/// `www.thanhnien.com.vn via baomoi.com` and `VnExpress - Thế Giới`.
pub fn canonical(name: &str) -> Option<&'static str> {
    let name = name.trim();
    let before_via = name.split(" via ").next().unwrap_or(name);
    let outside = before_via.split('(').next().unwrap_or(before_via);
    let inside = before_via
        .split_once('(')
        .and_then(|(_, r)| r.split_once(')'))
        .map(|(i, _)| i);
    // `VnExpress - Thế Giới`: the outlet, then its section.
    let section = [" - ", " – ", " | "]
        .iter()
        .find_map(|dash| before_via.split_once(dash))
        .map(|(outlet, _)| outlet);
    [Some(name), Some(before_via), Some(outside), inside, section]
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
    fn every_spelling_of_every_outlet_resolves_to_it() {
        for (display, _) in OUTLETS {
            for spelling in spellings(display) {
                let mut forms = vec![
                    spelling.to_owned(),
                    spelling.to_uppercase(),
                    spelling.to_lowercase(),
                    normalize(spelling, Form::Folded),
                    format!("Báo {spelling}"),
                ];
                if is_domain(spelling) {
                    forms.push(spelling.split('.').next().unwrap().to_owned());
                    forms.push(format!("www.{spelling}"));
                    forms.push(format!("https://{spelling}/tin-tuc/abc.html"));
                }
                for form in forms {
                    assert_eq!(canonical(&form), Some(*display), "{form} ({spelling})");
                }
            }
        }
    }

    #[test]
    fn no_two_outlets_share_a_key() {
        let mut seen = std::collections::HashMap::new();
        for (display, aliases) in OUTLETS {
            let mut own = std::collections::HashSet::new();
            for spelling in std::iter::once(display).chain(aliases.iter()) {
                own.insert(key(spelling));
                if is_domain(spelling) {
                    own.insert(key(spelling.split('.').next().unwrap()));
                }
            }
            for k in own {
                if let Some(other) = seen.insert(k.clone(), *display) {
                    panic!("`{k}` means both {other} and {display}");
                }
            }
        }
    }

    #[test]
    fn domains_and_their_parents() {
        let got: Vec<&str> = domains("kinhdoanh.vnexpress.net").collect();
        assert_eq!(got, ["kinhdoanh.vnexpress.net", "vnexpress.net"]);
        let got: Vec<&str> = domains("www.thanhnien.com.vn").collect();
        assert_eq!(got, ["www.thanhnien.com.vn", "thanhnien.com.vn"]);
        assert!(!is_domain("TP.HCM Online"));
        assert!(!is_domain("Dân trí"));
    }

    /// Source values as they occur in the shared news corpus and RSS feeds:
    /// one display name per outlet.
    #[test]
    fn corpus_source_values() {
        let cases = [
            (
                "www.thanhnien.com.vn via baomoi.com",
                Some("Báo Thanh Niên"),
            ),
            (
                "thethao.thanhnien.com.vn via baomoi.com",
                Some("Báo Thanh Niên"),
            ),
            ("Thanh Niên", Some("Báo Thanh Niên")),
            ("kinhdoanh.vnexpress.net via baomoi.com", Some("VnExpress")),
            ("VnExpress - Thế Giới", Some("VnExpress")),
            ("VnExpress", Some("VnExpress")),
            ("Tuổi Trẻ", Some("Báo Tuổi Trẻ")),
            ("thethao.tuoitre.vn via baomoi.com", Some("Báo Tuổi Trẻ")),
            ("news.zing.vn via baomoi.com", Some("Zing News")),
            ("www.nhandan.org.vn via baomoi.com", Some("Báo Nhân Dân")),
            ("laodong.com.vn via baomoi.com", Some("Báo Lao Động")),
            (
                "baodientu.chinhphu.vn via baomoi.com",
                Some("Báo Chính phủ"),
            ),
            ("www.qdnd.vn via baomoi.com", Some("Báo Quân đội Nhân dân")),
            ("hanoimoi.com.vn via baomoi.com", Some("Báo Hànộimới")),
            ("www.vietnamplus.vn via baomoi.com", Some("VietnamPlus")),
            (
                "giaothongvantai.com.vn via baomoi.com",
                Some("Báo Giao thông"),
            ),
            ("phapluattp.vn via baomoi.com", Some("Báo Pháp luật TP.HCM")),
            (
                "www.anninhthudo.vn via baomoi.com",
                Some("Báo An ninh Thủ đô"),
            ),
            ("24h.com.vn", Some("24h")),
            ("Dân Trí (dantri.com.vn)", Some("Báo Dân trí")),
            (
                "baomoi.com (aggregator; original outlet not recorded)",
                None,
            ),
            (
                "VietNews dataset (tuoitre.vn / vnexpress.net / nguoiduatin.vn)",
                None,
            ),
            ("khampha.vn via baomoi.com", None),
        ];
        for (value, want) in cases {
            assert_eq!(canonical(value), want, "{value}");
        }
    }

    #[test]
    fn suggestions_for_unknown_outlets() {
        let known = vec!["Báo Thanh tra".to_string(), "VnExpress".to_string()];
        assert_eq!(suggest("vnexpres", &known, 3), ["VnExpress"]);
        assert_eq!(suggest("thanh tre", &known, 3), ["Báo Thanh tra"]);
        assert!(suggest("zzzz", &known, 3).is_empty());
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
