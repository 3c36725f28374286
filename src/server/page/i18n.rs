//! The words of the search page in Vietnamese (the default) and English.
//! One table per language, used by the server's HTML and handed to the
//! page's script as JSON, so both sides say the same thing.

use serde::Serialize;

/// The interface language, kept in the URL as `lang=en` (Vietnamese when
/// absent).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn from_param(value: Option<&str>) -> Lang {
        match value {
            Some("en") => Lang::En,
            _ => Lang::Vi,
        }
    }

    /// The `lang` attribute of the page.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The other language (for the switch).
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }

    /// `1.234` in Vietnamese, `1,234` in English.
    pub fn number(self, n: u64) -> String {
        let separator = match self {
            Lang::Vi => '.',
            Lang::En => ',',
        };
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(c);
        }
        out
    }

    /// An ISO date as readers expect it: `19/12/2023`, `19 Dec 2023`.
    pub fn date(self, iso: &str) -> String {
        let parts: Vec<&str> = iso.split('-').collect();
        let [year, month, day] = parts[..] else {
            return iso.to_string();
        };
        match self {
            Lang::Vi => format!("{day}/{month}/{year}"),
            Lang::En => {
                let name = month
                    .parse::<usize>()
                    .ok()
                    .and_then(|m| MONTHS_EN.get(m.wrapping_sub(1)))
                    .copied()
                    .unwrap_or(month);
                format!("{} {name} {year}", day.trim_start_matches('0'))
            }
        }
    }
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Every phrase of the interface. `{n}`, `{q}`, `{p}`, `{pages}` and
/// `{ms}` are filled in where they appear.
#[derive(Debug, Serialize)]
pub struct Strings {
    pub tagline: &'static str,
    pub search_label: &'static str,
    pub placeholder: &'static str,
    pub search_button: &'static str,
    pub keyboard_hint: &'static str,
    pub sort_label: &'static str,
    pub sort_relevance: &'static str,
    pub sort_newest: &'static str,
    pub sort_oldest: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub date_hint: &'static str,
    pub dates: &'static str,
    pub filters: &'static str,
    pub city: &'static str,
    pub year: &'static str,
    pub source: &'static str,
    pub apply: &'static str,
    pub clear_filters: &'static str,
    pub no_values: &'static str,
    pub results: &'static str,
    pub results_one: &'static str,
    pub results_many: &'static str,
    pub took: &'static str,
    pub page_of: &'static str,
    pub pages_label: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub no_results: &'static str,
    pub no_results_hint: &'static str,
    pub relaxed: &'static str,
    pub did_you_mean: &'static str,
    pub loading: &'static str,
    pub error_title: &'static str,
    pub original: &'static str,
    pub undated: &'static str,
    pub export: &'static str,
    pub trends: &'static str,
    pub per_month: &'static str,
    pub show_count: &'static str,
    pub show_share: &'static str,
    pub share_note: &'static str,
    pub top_cities: &'static str,
    pub download_csv: &'static str,
    pub undated_note: &'static str,
    pub no_trend: &'static str,
    pub back: &'static str,
    pub citation: &'static str,
    pub copy: &'static str,
    pub copied: &'static str,
    pub view_original: &'static str,
    pub file: &'static str,
    pub article_not_found: &'static str,
    pub switch_language: &'static str,
    pub landing: &'static str,
    pub try_these: &'static str,
    pub published: &'static str,
    pub place: &'static str,
    pub province_2025: &'static str,
    pub year_inferred: &'static str,
}

pub static VI: Strings = Strings {
    tagline: "Tìm kiếm tin tức thời sự Việt Nam",
    search_label: "Từ khóa tìm kiếm",
    placeholder: "Gõ từ khóa, có dấu hay không dấu: dan van kheo",
    search_button: "Tìm",
    keyboard_hint: "Nhấn / để tìm",
    sort_label: "Sắp xếp",
    sort_relevance: "Liên quan nhất",
    sort_newest: "Mới nhất",
    sort_oldest: "Cũ nhất",
    from: "Từ ngày",
    to: "Đến ngày",
    date_hint: "2023, 12/2023 hoặc 19/12/2023",
    dates: "Thời gian",
    filters: "Lọc kết quả",
    city: "Tỉnh/thành",
    year: "Năm",
    source: "Nguồn báo",
    apply: "Áp dụng",
    clear_filters: "Bỏ mọi bộ lọc",
    no_values: "Không có",
    results: "Kết quả",
    results_one: "{n} bài báo",
    results_many: "{n} bài báo",
    took: "{ms} ms",
    page_of: "Trang {p}/{pages}",
    pages_label: "Phân trang",
    previous: "‹ Trước",
    next: "Sau ›",
    no_results: "Không tìm thấy bài nào cho “{q}”.",
    no_results_hint: "Thử bớt từ, kiểm tra chính tả hoặc bỏ bộ lọc.",
    relaxed: "Không có bài nào chứa đủ mọi từ; đang hiện các bài chứa nhiều từ nhất.",
    did_you_mean: "Có phải bạn muốn tìm:",
    loading: "Đang tìm…",
    error_title: "Không tìm được",
    original: "Bài gốc",
    undated: "Không rõ ngày",
    export: "Tải mọi kết quả:",
    trends: "Xu hướng",
    per_month: "Số bài theo tháng",
    show_count: "Số bài",
    show_share: "Tỉ lệ",
    share_note: "Tỉ lệ = số bài khớp / tổng số bài của tháng đó",
    top_cities: "10 tỉnh/thành nhiều bài nhất",
    download_csv: "Tải số liệu (CSV)",
    undated_note: "{n} bài không rõ ngày không có trong biểu đồ.",
    no_trend: "Không có bài nào có ngày.",
    back: "← Quay lại kết quả",
    citation: "Trích dẫn",
    copy: "Sao chép",
    copied: "Đã sao chép",
    view_original: "Xem bài gốc",
    file: "Tệp",
    article_not_found: "Không có bài báo nào mã “{q}”.",
    switch_language: "English",
    landing: "{n} bài báo trong chỉ mục, tìm được dù gõ có dấu hay không dấu.",
    try_these: "Thử:",
    published: "Ngày đăng",
    place: "Địa phương",
    province_2025: "Tỉnh (từ 1/7/2025)",
    year_inferred: "năm {n} (suy từ nội dung)",
};

pub static EN: Strings = Strings {
    tagline: "Search Vietnamese civic news",
    search_label: "Search words",
    placeholder: "Type words, with or without diacritics: dan van kheo",
    search_button: "Search",
    keyboard_hint: "Press / to search",
    sort_label: "Sort",
    sort_relevance: "Most relevant",
    sort_newest: "Newest first",
    sort_oldest: "Oldest first",
    from: "From",
    to: "To",
    date_hint: "2023, 12/2023 or 19/12/2023",
    dates: "Date range",
    filters: "Refine",
    city: "Province/city",
    year: "Year",
    source: "Outlet",
    apply: "Apply",
    clear_filters: "Clear all filters",
    no_values: "None",
    results: "Results",
    results_one: "{n} article",
    results_many: "{n} articles",
    took: "{ms} ms",
    page_of: "Page {p} of {pages}",
    pages_label: "Pages",
    previous: "‹ Previous",
    next: "Next ›",
    no_results: "No article matches “{q}”.",
    no_results_hint: "Try fewer words, check the spelling or remove filters.",
    relaxed: "No article has every word; showing those with the most.",
    did_you_mean: "Did you mean:",
    loading: "Searching…",
    error_title: "Search failed",
    original: "Original",
    undated: "Undated",
    export: "Download all results:",
    trends: "Trends",
    per_month: "Matches per month",
    show_count: "Count",
    show_share: "Share",
    share_note: "Share = matching articles / all articles of that month",
    top_cities: "Top 10 provinces/cities",
    download_csv: "Download the numbers (CSV)",
    undated_note: "{n} undated articles are not in the chart.",
    no_trend: "No dated article matches.",
    back: "← Back to results",
    citation: "Citation",
    copy: "Copy",
    copied: "Copied",
    view_original: "View original",
    file: "File",
    article_not_found: "No article has the id “{q}”.",
    switch_language: "Tiếng Việt",
    landing: "{n} articles indexed, found with or without diacritics.",
    try_these: "Try:",
    published: "Published",
    place: "Place",
    province_2025: "Province (from 1 July 2025)",
    year_inferred: "{n} (inferred from the text)",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates() {
        assert_eq!(Lang::Vi.number(1234567), "1.234.567");
        assert_eq!(Lang::En.number(1234), "1,234");
        assert_eq!(Lang::En.number(12), "12");
        assert_eq!(Lang::Vi.date("2023-12-09"), "09/12/2023");
        assert_eq!(Lang::En.date("2023-12-09"), "9 Dec 2023");
        assert_eq!(Lang::En.date("bad"), "bad");
    }
}
