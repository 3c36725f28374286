//! Removing site chrome from article text while keeping every sentence of
//! the article.
//!
//! Boilerplate comes in three shapes: a tail that starts at a heading such
//! as `Ý kiến bình luận`, `Cùng chuyên mục`, `Tin mới nhất`, `Đọc thêm`,
//! `CÓ THỂ BẠN QUAN TÂM` (comment forms and link lists follow); single
//! junk lines (image file names, copyright notices, a caption repeated on
//! the next line); and inline chrome glued to the text by crawlers (24h's
//! `Lưu bài viết thành công …`). Headings are only recognised as whole
//! lines, so the same words inside a sentence are never cut.

use std::sync::OnceLock;

use regex::Regex;

use crate::analysis::{normalize, Form};

/// Whole-line headings after which the rest of the page is chrome (folded,
/// letters and digits only).
const TAIL_HEADINGS: &[&str] = &[
    "ykienbinhluan",
    "ykiencuaban",
    "binhluan",
    "guibinhluan",
    "cungchuyenmuc",
    "tincungchuyenmuc",
    "baicungchuyenmuc",
    "tinmoinhat",
    "docthem",
    "xemthem",
    "cothebanquantam",
    "bancothequantam",
    "tinlienquan",
    "baivietlienquan",
    "tinkhac",
    "cactinkhac",
    "noibat",
    "dungbolo",
    "hovaten",
    "loibinh",
    "xacthuc",
    "tinnoibat",
    "docnhieunhat",
    "xemnhieunhat",
];

/// Single lines that are chrome wherever they are.
const JUNK_LINES: &[&str] = &[
    "chiase", "in", "email", "facebook", "zalo", "twitter", "quaylai", "trove",
];

/// Phrases crawlers glue into running text.
const INLINE_CHROME: &[&str] = &[
    "Lưu bài viết thành công",
    "Bạn có thể xem lại bài viết đã lưu ở trang",
    "Tin bài đã lưu",
];

fn compact(line: &str) -> String {
    compact_folded(&normalize(line, Form::Folded))
}

/// The letters and digits of an already folded line.
fn compact_folded(folded: &str) -> String {
    folded.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn image_name() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)^[\p{L}\p{N}_\-. ]{1,120}\.(jpe?g|png|gif|webp|bmp|tiff?|svg)$").unwrap()
    })
}

/// The cheap half of [`image_name`], checked first: almost no line ends in
/// an image file extension, and the regex ran on every line.
fn has_image_extension(line: &str) -> bool {
    line.rsplit_once('.').is_some_and(|(_, ext)| {
        [
            "jpg", "jpeg", "png", "gif", "webp", "bmp", "tif", "tiff", "svg",
        ]
        .iter()
        .any(|known| ext.eq_ignore_ascii_case(known))
    })
}

fn comment_count() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"^\(?\d+\)?binhluan$").unwrap())
}

/// True for a heading that starts the page's tail.
pub fn is_tail_heading(line: &str) -> bool {
    if line.chars().count() > 40 {
        return false;
    }
    let c = compact(line);
    TAIL_HEADINGS.contains(&c.as_str()) || comment_count().is_match(&c)
}

/// Chrome lines (copyright notices, share buttons) are short. The only
/// longer lines the phrase rules caught in the first 20,000 articles of
/// the shared corpus were 3 article paragraphs crediting a video
/// ("… (bản quyền thuộc VTV): …"), so longer lines are kept unfolded,
/// which also takes a third off extraction's CPU time.
const LONGEST_JUNK_LINE_BYTES: usize = 600;

/// True for a line that is chrome on its own (file name, copyright…).
pub fn is_junk_line(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() || !line.chars().any(char::is_alphanumeric) {
        return true;
    }
    if has_image_extension(line) && image_name().is_match(line) {
        return true;
    }
    if line.len() > LONGEST_JUNK_LINE_BYTES {
        return false;
    }
    let folded = normalize(line, Form::Folded);
    if JUNK_LINES.contains(&compact_folded(&folded).as_str()) {
        return true;
    }
    folded.contains("khong sao chep duoi moi hinh thuc")
        || folded.contains("ban quyen thuoc")
        || folded.starts_with('©')
        || folded.starts_with("copyright")
        || (folded.contains("ghi ro nguon") && line.chars().count() < 200)
}

/// Removes inline crawler chrome from a paragraph.
pub fn strip_inline(text: &str) -> String {
    let mut out = text.to_owned();
    for phrase in INLINE_CHROME {
        if out.contains(phrase) {
            out = out.replace(phrase, " ");
        }
    }
    if out.len() != text.len() {
        out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    out
}

/// The article's own paragraphs among `lines`: the tail cut off at its
/// first heading, junk lines and repeated lines dropped, inline chrome
/// removed.
pub fn clean(lines: &[&str]) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for line in lines {
        let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if is_tail_heading(line) {
            break;
        }
        if is_junk_line(line) {
            continue;
        }
        let line = strip_inline(line);
        if line.trim().is_empty() {
            continue;
        }
        // A caption printed twice (image alt text + caption).
        if kept.last().is_some_and(|prev| *prev == line) {
            continue;
        }
        kept.push(line);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning() {
        let lines = [
            "Bài viết câu một.",
            "img_2853.jpg",
            "Chú thích ảnh.",
            "Chú thích ảnh.",
            "",
            "Câu hai có chữ Đọc thêm ở giữa câu.",
            "Nhóm PV",
            "CÓ THỂ BẠN QUAN TÂM",
            "Ý kiến bình luận",
            "Họ và tên",
            "Email",
            "Lời bình",
            "/",
            "Xác thực",
        ];
        assert_eq!(
            clean(&lines),
            [
                "Bài viết câu một.",
                "Chú thích ảnh.",
                "Câu hai có chữ Đọc thêm ở giữa câu.",
                "Nhóm PV"
            ]
        );
    }

    #[test]
    fn headings_and_junk() {
        for h in [
            "Ý kiến bình luận:",
            "Cùng chuyên mục",
            "Tin mới nhất",
            "Đọc thêm",
            "CÓ THỂ BẠN QUAN TÂM",
            "(0) Bình luận",
            "Tin cùng chuyên mục",
            "Nổi bật",
        ] {
            assert!(is_tail_heading(h), "{h}");
        }
        assert!(!is_tail_heading(
            "Đọc thêm những bài viết về dân vận khéo trên báo của chúng tôi hôm nay"
        ));
        for j in ["img_2860.jpg", "IMG 1234.JPG", "(*) Không sao chép dưới mọi hình thức khi chưa có sự đồng ý bằng văn bản của Báo Hànộimới.", "© 2024 Báo X", "/", " "] {
            assert!(is_junk_line(j), "{j}");
        }
        assert!(!is_junk_line("Ảnh: Kim Thành"));
        assert!(is_junk_line("Bản quyền thuộc Báo Hà Tĩnh"));
        // A paragraph that credits a video is the article's own text (real
        // case: magizbox-baomoi-21474307 lost 2,800 characters to this).
        let paragraph = format!(
            "Video Neymar vẫn tin tưởng vào khả năng bảo vệ thành công chức vô địch (Bản quyền thuộc VTV): {}",
            "Khoảng lặng của một thiên tài, nếu so sánh khi cùng 25 tuổi. ".repeat(12)
        );
        assert!(!is_junk_line(&paragraph));
    }

    #[test]
    fn inline_chrome() {
        assert_eq!(
            strip_inline("Lưu bài viết thành công Bạn có thể xem lại bài viết đã lưu ở trangTin bài đã lưu 8 đối tượng bị khởi tố."),
            "8 đối tượng bị khởi tố."
        );
        assert_eq!(strip_inline("Không có gì."), "Không có gì.");
    }
}
