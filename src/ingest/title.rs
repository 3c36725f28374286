//! Telling the headline from what surrounds it at the top of a page.
//!
//! Scraped pages put section labels (`Nghị quyết và Cuộc sống`), teasers of
//! other articles (`Ca khúc: Tự hào người làm báo Thanh tra`) and bylines
//! (`Kim Thành`) around the headline. The headline is the last
//! headline-like line before the dateline or lead: labels and teasers come
//! above it, bylines are too short to be headlines.

/// A short run of capitalised words without sentence punctuation: an
/// author (`Kim Thành`, `Nhóm PV`), not a headline.
pub fn is_byline(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 4
        && words.iter().all(|w| {
            w.chars().next().is_some_and(|c| c.is_uppercase())
                && !w.contains([':', ',', ';', '!', '?', '“', '"'])
        })
}

/// Could this line be a headline?
pub fn is_title_like(line: &str) -> bool {
    let line = line.trim();
    let chars = line.chars().count();
    let words = line.split_whitespace().count();
    (10..=250).contains(&chars)
        && words >= 3
        && !is_byline(line)
        && !line.ends_with(':')
        && line.chars().any(char::is_alphabetic)
}

/// Index of the headline among header lines (the lines before the dateline
/// or lead): the last headline-like one; failing that, the first non-empty.
pub fn pick(header: &[&str]) -> Option<usize> {
    header
        .iter()
        .rposition(|l| is_title_like(l))
        .or_else(|| header.iter().position(|l| !l.trim().is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_among_labels() {
        let cases: Vec<(Vec<&str>, Option<&str>)> = vec![
            (
                vec![
                    "Ca khúc: Tự hào người làm báo Thanh tra",
                    "Hải Phòng: Tăng cường khối đại đoàn kết toàn dân",
                    "Kim Thành",
                ],
                Some("Hải Phòng: Tăng cường khối đại đoàn kết toàn dân"),
            ),
            (
                vec![
                    "Nghị quyết và Cuộc sống",
                    "Quận Hoàng Mai xây dựng được 1.431 mô hình, điển hình “Dân vận khéo”",
                ],
                Some("Quận Hoàng Mai xây dựng được 1.431 mô hình, điển hình “Dân vận khéo”"),
            ),
            (
                vec!["Thành phố Bến Tre tổng kết công tác dân vận năm 2023"],
                Some("Thành phố Bến Tre tổng kết công tác dân vận năm 2023"),
            ),
            (vec!["Tin vắn"], Some("Tin vắn")),
            (vec![], None),
        ];
        for (header, want) in cases {
            assert_eq!(pick(&header).map(|i| header[i]), want, "{header:?}");
        }
    }

    #[test]
    fn bylines() {
        assert!(is_byline("Kim Thành"));
        assert!(is_byline("Nhóm PV"));
        assert!(!is_byline("Hải Phòng: Tăng cường"));
        assert!(!is_byline("Tiếp tục đổi mới công tác dân vận"));
    }
}
