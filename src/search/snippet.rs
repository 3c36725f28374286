//! Snippets: the best short passage of an article's body with the matched
//! words highlighted in the original, accented text.
//!
//! Highlighting works on folded terms with offsets into the stored text, so
//! the query `dan van kheo` highlights `Dân vận khéo`, and a run-together
//! query word (`haiphong`) highlights the two words it stands for.

use std::collections::HashSet;

use super::highlight::Highlight;
use std::ops::Range;

use crate::analysis::{self, Analyzer};

/// Longest passage shown, in bytes of the original text (about 200
/// Vietnamese characters).
const MAX_FRAGMENT_BYTES: usize = 320;
/// How far before the first highlight a passage may start.
const LEAD_IN_BYTES: usize = 60;

/// A text with byte ranges (relative to `text`) to highlight: a snippet
/// (a passage of the body) or a whole body (`show --highlight`). One type,
/// one renderer, so every front end marks matches the same way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// Sorted, non-overlapping, on character boundaries.
    pub highlights: Vec<Range<usize>>,
    /// The passage starts / ends inside the body (show an ellipsis).
    pub cut_before: bool,
    pub cut_after: bool,
}

/// How highlighted text is written out.
#[derive(Clone, Copy)]
pub struct Markup<'a> {
    pub open: &'a str,
    pub close: &'a str,
    /// Applied to all text, inside and outside highlights.
    pub escape: fn(&str) -> String,
    /// Line breaks and runs of spaces become one space (snippets are one
    /// line); a whole body keeps its paragraphs.
    pub one_line: bool,
}

impl Markup<'static> {
    /// tantivy's convention: `<b>` around highlights, the rest HTML-escaped.
    pub const HTML: Markup<'static> = Markup {
        open: "<b>",
        close: "</b>",
        escape: html_escape,
        one_line: true,
    };
}

impl<'a> Markup<'a> {
    /// Plain text with the given markers (a terminal's bold, or `[…]`).
    pub fn plain(open: &'a str, close: &'a str) -> Markup<'a> {
        Markup {
            open,
            close,
            escape: str::to_string,
            one_line: true,
        }
    }

    /// The same markup, keeping line breaks.
    pub fn keeping_lines(self) -> Markup<'a> {
        Markup {
            one_line: false,
            ..self
        }
    }
}

impl Snippet {
    /// The whole of `text`, with every match of the query marked.
    pub fn whole(text: &str, terms: &Highlight) -> Snippet {
        Snippet {
            text: text.to_string(),
            highlights: matches(text, terms),
            cut_before: false,
            cut_after: false,
        }
    }

    /// Highlights wrapped in the markup's open/close marks.
    pub fn render(&self, markup: Markup) -> String {
        let write = |text: &str| {
            if markup.one_line {
                (markup.escape)(&collapse_whitespace(text))
            } else {
                (markup.escape)(text)
            }
        };
        let mut out = String::new();
        if self.cut_before {
            out.push('…');
        }
        let mut at = 0;
        for range in &self.highlights {
            out.push_str(&write(&self.text[at..range.start]));
            out.push_str(markup.open);
            out.push_str(&write(&self.text[range.clone()]));
            out.push_str(markup.close);
            at = range.end;
        }
        out.push_str(&write(&self.text[at..]));
        if self.cut_after {
            out.push('…');
        }
        out
    }

    pub fn to_html(&self) -> String {
        self.render(Markup::HTML)
    }
}

/// Line breaks and runs of spaces become one space: a snippet is one line.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// The byte ranges of `text` whose words match `terms` (folded forms),
/// sorted and merged: adjacent matched words form one highlight
/// (`<b>Dân vận khéo</b>`).
pub fn matches(text: &str, terms: &Highlight) -> Vec<Range<usize>> {
    let tokens = analysis::analyze(text, Analyzer::Folded);
    // Words, run-together pairs and phrases are found in separate passes,
    // so the ranges come out of order: collect first, merge once.
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut previous: Option<&analysis::AnalyzedToken> = None;
    for token in &tokens {
        if terms.matches(&token.text) {
            ranges.push(token.start..token.end);
        } else if let Some(prev) = previous.filter(|p| p.position + 1 == token.position) {
            if terms
                .terms
                .contains(&format!("{}{}", prev.text, token.text))
            {
                ranges.push(prev.start..token.end);
            }
        }
        if previous.is_none_or(|p| p.position != token.position) {
            previous = Some(token);
        }
    }
    if !terms.phrases.is_empty() || !terms.phrases_across_breaks.is_empty() {
        // One token per position (the primary spelling) for sequence matching.
        let mut primary: Vec<&analysis::AnalyzedToken> = Vec::new();
        for token in &tokens {
            if primary.last().is_none_or(|p| p.position != token.position) {
                primary.push(token);
            }
        }
        // A clause break leaves a gap of one position.
        let phrases = (terms.phrases.iter().map(|p| (p, 1)))
            .chain(terms.phrases_across_breaks.iter().map(|p| (p, 2)));
        for (phrase, widest_step) in phrases.filter(|(p, _)| !p.is_empty()) {
            for window in primary.windows(phrase.len()) {
                let consecutive = window
                    .windows(2)
                    .all(|w| w[1].position - w[0].position <= widest_step);
                if consecutive && window.iter().zip(phrase).all(|(t, p)| &t.text == p) {
                    ranges.push(window[0].start..window[window.len() - 1].end);
                }
            }
        }
    }
    merge(text, ranges)
}

/// Sorts ranges and merges those that overlap or are separated only by
/// whitespace.
fn merge(text: &str, mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last)
                if last.end >= range.start || text[last.end..range.start].trim().is_empty() =>
            {
                last.end = last.end.max(range.end)
            }
            _ => merged.push(range),
        }
    }
    merged
}

/// Picks the passage of `body` with the most distinct matched words.
pub fn best_snippet(body: &str, terms: &Highlight) -> Snippet {
    let ranges = matches(body, terms);
    if ranges.is_empty() {
        let end = floor_boundary(body, MAX_FRAGMENT_BYTES.min(body.len()));
        let end = last_space_before(body, end);
        return Snippet {
            text: body[..end].trim_end().to_string(),
            highlights: Vec::new(),
            cut_before: false,
            cut_after: end < body.len(),
        };
    }
    // Score every window that starts at a match: distinct words first,
    // then the number of matches.
    // The folded words inside each highlight (one highlight can hold several).
    let keys: Vec<Vec<String>> = ranges
        .iter()
        .map(|r| {
            analysis::normalize(&body[r.clone()], analysis::Form::Folded)
                .split_whitespace()
                .map(str::to_string)
                .collect()
        })
        .collect();
    let mut best = (0usize, 0usize, 0usize); // (distinct, count, first index)
    for (i, first) in ranges.iter().enumerate() {
        let limit = first.start + MAX_FRAGMENT_BYTES - LEAD_IN_BYTES.min(first.start);
        let in_window = ranges[i..].iter().take_while(|r| r.end <= limit).count();
        let distinct: HashSet<&String> = keys[i..i + in_window].iter().flatten().collect();
        let score = (distinct.len(), in_window);
        if score > (best.0, best.1) {
            best = (score.0, score.1, i);
        }
    }
    let first = &ranges[best.2];
    let start = floor_boundary(body, first.start.saturating_sub(LEAD_IN_BYTES));
    let start = if start == 0 {
        0
    } else {
        next_space_after(body, start, first.start)
    };
    let end = floor_boundary(body, (start + MAX_FRAGMENT_BYTES).min(body.len()));
    let end = if end == body.len() {
        end
    } else {
        last_space_before(body, end)
    };
    let end = end.max(first.end);
    // A highlight that runs over the edge of the passage is cut there, not
    // dropped, so every matched word shown is marked.
    let highlights = ranges
        .iter()
        .filter(|r| r.start < end && r.end > start)
        .map(|r| r.start.max(start) - start..r.end.min(end) - start)
        .collect();
    Snippet {
        text: body[start..end].to_string(),
        highlights,
        cut_before: start > 0,
        cut_after: end < body.len(),
    }
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Start the passage after a space, so it does not begin mid-word.
fn next_space_after(text: &str, from: usize, limit: usize) -> usize {
    text[from..limit]
        .find(char::is_whitespace)
        .map_or(from, |i| {
            let at = from + i;
            at + text[at..].chars().next().map_or(0, char::len_utf8)
        })
}

/// End the passage before a space, so it does not end mid-word.
fn last_space_before(text: &str, end: usize) -> usize {
    match text[..end].rfind(char::is_whitespace) {
        Some(i) if i > 0 && end < text.len() => i,
        _ => end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[&str]) -> Highlight {
        Highlight {
            terms: words.iter().map(|w| w.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn highlights_original_accented_words() {
        let body = "Phong trào “Dân vận khéo” được nhân rộng.";
        let s = best_snippet(body, &terms(&["dan", "van", "kheo"]));
        assert_eq!(
            s.to_html(),
            "Phong trào “<b>Dân vận khéo</b>” được nhân rộng."
        );
    }

    #[test]
    fn run_together_query_words_highlight_both_syllables() {
        let body = "Thành phố Hải Phòng tổ chức hội nghị.";
        let s = best_snippet(body, &terms(&["haiphong"]));
        assert_eq!(
            s.render(Markup::plain("[", "]")),
            "Thành phố [Hải Phòng] tổ chức hội nghị."
        );
    }

    #[test]
    fn picks_the_passage_with_most_distinct_words() {
        let filler = "lời mở đầu không liên quan. ".repeat(30);
        let body = format!("{filler}dân ở đây. {filler} dân vận khéo ở cuối bài.");
        let s = best_snippet(&body, &terms(&["dan", "van", "kheo"]));
        assert!(s.text.contains("dân vận khéo"), "{:?}", s.text);
        assert!(s.cut_before);
        assert_eq!(
            s.highlights.len(),
            1,
            "adjacent words merge into one highlight"
        );
    }

    #[test]
    fn phrases_highlight_only_where_the_words_stand_together() {
        let h = Highlight {
            phrases: vec![vec!["dan".into(), "van".into()]],
            ..Default::default()
        };
        let s = best_snippet("Nhân dân và Dân vận.", &h);
        assert_eq!(s.render(Markup::plain("[", "]")), "Nhân dân và [Dân vận].");
    }

    #[test]
    fn some_phrases_highlight_across_a_full_stop_and_others_do_not() {
        let h = Highlight {
            phrases: vec![vec!["hien".into(), "pho".into()]],
            phrases_across_breaks: vec![vec!["tp".into(), "hcm".into()]],
            ..Default::default()
        };
        let s = best_snippet("Ông Mạnh Hiến, Phó chủ tịch TP. HCM, dự họp.", &h);
        assert_eq!(
            s.render(Markup::plain("[", "]")),
            "Ông Mạnh Hiến, Phó chủ tịch [TP. HCM], dự họp."
        );
    }

    #[test]
    fn escapes_html_and_handles_no_match() {
        let s = best_snippet("a < b & c", &terms(&["zzz"]));
        assert_eq!(s.to_html(), "a &lt; b &amp; c");
        let s = best_snippet("một\n\n  hai  ba", &terms(&["hai"]));
        assert_eq!(s.render(Markup::plain("[", "]")), "một [hai] ba");
        assert_eq!(best_snippet("", &terms(&["a"])), Snippet::default());
    }

    #[test]
    fn a_phrase_found_before_a_word_is_not_swallowed() {
        // Regression: the words pass found `Hà Nội` first, the phrase pass
        // then added `Ủy ban nhân dân` (earlier in the text), which was
        // folded into the previous range and lost.
        let h = Highlight::of(&crate::search::syntax::parse("UBND Hà Nội").unwrap());
        let body = "Ủy ban nhân dân thành phố Hà Nội họp. UBND cũng dự.";
        assert_eq!(
            Snippet::whole(body, &h).render(Markup::plain("[", "]")),
            "[Ủy ban nhân dân] thành phố [Hà Nội] họp. [UBND] cũng dự."
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        const WORDS: &[&str] = &[
            "Ủy", "ban", "nhân", "dân", "UBND", "Hà", "Nội", "hải", "phòng", "Hải", "Phòng", "dân",
            "vận", "khéo", "Thành", "uỷ", "hoà", "1.431", "TP.HCM", "đ",
        ];
        const GLUE: &[&str] = &[" ", "  ", ", ", ".\n", " (", ") ", "\n\n", " – ", "“"];

        fn text() -> impl Strategy<Value = String> {
            prop::collection::vec((0..WORDS.len(), 0..GLUE.len()), 0..120).prop_map(|parts| {
                parts
                    .into_iter()
                    .map(|(w, g)| format!("{}{}", WORDS[w], GLUE[g]))
                    .collect()
            })
        }

        fn query() -> impl Strategy<Value = String> {
            prop::collection::vec((0..WORDS.len(), 0..4u8), 1..6).prop_map(|parts| {
                parts
                    .into_iter()
                    .map(|(w, kind)| match kind {
                        0 => format!("\"{} {}\"", WORDS[w], WORDS[(w + 1) % WORDS.len()]),
                        1 => format!(
                            "{}*",
                            &WORDS[w][..WORDS[w]
                                .char_indices()
                                .nth(1)
                                .map_or(WORDS[w].len(), |(i, _)| i)]
                        ),
                        _ => WORDS[w].to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        }

        proptest! {
            #[test]
            fn highlights_are_sorted_disjoint_and_complete(body in text(), q in query()) {
                let Ok(node) = crate::search::syntax::parse(&q) else { return Ok(()); };
                let h = Highlight::of(&node);
                let all = matches(&body, &h);
                let s = best_snippet(&body, &h);
                for ranges in [&all, &s.highlights] {
                    for pair in ranges.windows(2) {
                        prop_assert!(pair[0].end < pair[1].start, "{:?}", ranges);
                    }
                }
                for r in &s.highlights {
                    prop_assert!(r.start < r.end && r.end <= s.text.len());
                    prop_assert!(s.text.is_char_boundary(r.start) && s.text.is_char_boundary(r.end));
                }
                // Every word of the passage that matches a query term is
                // inside a highlight.
                for token in analysis::analyze(&s.text, Analyzer::Folded) {
                    if h.matches(&token.text) {
                        prop_assert!(
                            s.highlights.iter().any(|r| r.start <= token.start && token.end <= r.end),
                            "`{}` not marked in {:?} for {:?}", &s.text[token.start..token.end], s.text, q
                        );
                    }
                }
            }
        }
    }
}
