//! The two indexed forms of a word, `exact` and `folded`, and the one
//! function that produces them. Index time and query time both call
//! [`Normalizer::normalize`], so a query term can never be spelled
//! differently from the indexed term it should match.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::letters::vowel;
use super::steps::{self, Step};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// NFC, lower case, canonical tone placement: `Thành uỷ` → `thành ủy`.
    Exact,
    /// `Exact` without diacritics and with `đ` → `d`: `thanh uy`.
    Folded,
}

impl Form {
    fn steps(self) -> &'static [Step] {
        match self {
            Form::Exact => steps::EXACT,
            Form::Folded => steps::FOLDED,
        }
    }
}

/// Reusable buffers for normalizing one word after another.
#[derive(Clone, Default)]
pub struct Normalizer {
    scratch: String,
    exact: String,
}

impl Normalizer {
    /// Writes the `form` of `word` into `out` (cleared first).
    pub fn normalize(&mut self, word: &str, form: Form, out: &mut String) {
        out.clear();
        if !self.remembered(word, |forms| {
            out.push_str(match form {
                Form::Exact => forms.exact(),
                Form::Folded => forms.folded(),
            })
        }) {
            steps::run(form.steps(), word, out, &mut self.scratch);
        }
    }

    /// Appends both forms of `word` to `arena` and returns where each is:
    /// the exact form, then the folded one, which is the same range when
    /// folding changes nothing (ASCII words). One pass instead of two,
    /// because folding the exact form gives the folded form.
    pub fn normalize_both(&mut self, word: &str, arena: &mut String) -> (Range<u32>, Range<u32>) {
        let mut ranges = None;
        self.remembered(word, |forms| {
            let exact = push(arena, forms.exact());
            let folded = match &forms.folded {
                Some(folded) => push(arena, folded),
                None => exact.clone(),
            };
            ranges = Some((exact, folded));
        });
        if let Some(ranges) = ranges {
            return ranges;
        }
        let mut exact = std::mem::take(&mut self.exact);
        steps::run(steps::EXACT, word, &mut exact, &mut self.scratch);
        let exact_range = push(arena, &exact);
        self.scratch.clear();
        let folded_range = if steps::fold::apply(&exact, &mut self.scratch) {
            push(arena, &self.scratch)
        } else {
            exact_range.clone()
        };
        self.exact = exact;
        (exact_range, folded_range)
    }

    /// Calls `found` with the forms of `word` from this thread's memo,
    /// normalizing and remembering them first when `word` is short enough
    /// to be worth it. `false` when `word` is not memoized.
    fn remembered(&mut self, word: &str, found: impl FnOnce(&Forms)) -> bool {
        if word.len() > MEMO_MAX_WORD_BYTES || MEMO_USERS.load(Ordering::Relaxed) == 0 {
            return false;
        }
        MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            if let Some(forms) = memo.get(word) {
                found(forms);
                return true;
            }
            if memo.len() >= MEMO_MAX_WORDS {
                memo.clear();
            }
            let mut exact = String::new();
            steps::run(steps::EXACT, word, &mut exact, &mut self.scratch);
            self.scratch.clear();
            let folded = steps::fold::apply(&exact, &mut self.scratch)
                .then(|| Box::<str>::from(self.scratch.as_str()));
            let forms = Forms {
                exact: exact.into_boxed_str(),
                folded,
            };
            found(&forms);
            memo.insert(word.into(), forms);
            true
        })
    }
}

/// Both forms of one word as written.
struct Forms {
    exact: Box<str>,
    /// `None` when it is the exact form.
    folded: Option<Box<str>>,
}

impl Forms {
    fn exact(&self) -> &str {
        &self.exact
    }

    fn folded(&self) -> &str {
        self.folded.as_deref().unwrap_or(&self.exact)
    }
}

/// The word memo, on while a value of this type lives: for work that
/// normalizes whole corpora (a build, `inspect`), where each of a few
/// threads sees the same few thousand syllables millions of times. It is
/// off otherwise: a server normalizes little per request on dozens of
/// threads, and a memo per thread cost it 150 MB under load
/// (`bench/faults.py`) for no gain. Scoped rather than switched on for
/// good, so that `serve` building its index on first use does not leave
/// it on for the requests that follow.
pub struct WordMemo(());

impl WordMemo {
    pub fn on() -> WordMemo {
        MEMO_USERS.fetch_add(1, Ordering::Relaxed);
        WordMemo(())
    }
}

impl Drop for WordMemo {
    fn drop(&mut self) {
        MEMO_USERS.fetch_sub(1, Ordering::Relaxed);
    }
}

/// How many [`WordMemo`]s are alive.
static MEMO_USERS: AtomicUsize = AtomicUsize::new(0);

/// Words (segments) longer than this are normalized every time: the
/// memo is for the few thousand syllables that make up most of a text.
const MEMO_MAX_WORD_BYTES: usize = 24;
/// The memo starts over when it holds this many words (a few MB).
const MEMO_MAX_WORDS: usize = 64 * 1024;

thread_local! {
    /// Normalizing a word is several passes over its characters (NFC,
    /// case, tone placement, folding); Vietnamese text repeats a few
    /// thousand syllables, so each thread remembers the forms of the
    /// words it has seen. A pure function's results: nothing changes but
    /// the time.
    static MEMO: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Forms>> =
        std::cell::RefCell::default();
}

/// Appends `text` to `arena`, returning its byte range there.
fn push(arena: &mut String, text: &str) -> Range<u32> {
    let start = arena.len() as u32;
    arena.push_str(text);
    start..arena.len() as u32
}

/// One-off normalization of a string (which may hold several words).
pub fn normalize(text: &str, form: Form) -> String {
    steps::apply_all(form.steps(), text)
}

/// True when `text` carries any Vietnamese diacritic or `đ`, i.e. the user
/// typed it with a Vietnamese keyboard. Such queries prefer exact matches.
///
/// The answer is whether the two normalized forms differ; a Vietnamese
/// letter with a mark (or `đ`) settles it without normalizing anything,
/// which is the common case (the place scan asks this of the first 2,000
/// characters of every article). Text with other non-ASCII characters
/// only is normalized both ways.
pub fn has_diacritics(text: &str) -> bool {
    if text.is_ascii() {
        return false;
    }
    if text.chars().any(is_marked_vietnamese_letter) {
        return true;
    }
    normalize(text, Form::Folded) != normalize(text, Form::Exact)
}

/// A vowel with a tone or quality mark, in either case, or `đ`: a letter
/// that normalization keeps marked and folding strips.
fn is_marked_vietnamese_letter(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    c == 'đ'
        || c == 'Đ'
        || vowel(c).is_some()
        || c.to_lowercase()
            .next()
            .is_some_and(|lower| !lower.is_ascii() && vowel(lower).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_diacritics_agrees_with_the_forms_on_every_character() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            assert_eq!(
                has_diacritics(&text),
                normalize(&text, Form::Folded) != normalize(&text, Form::Exact),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn both_forms_at_once_equal_each_form_alone() {
        let _memo = WordMemo::on();
        let mut normalizer = Normalizer::default();
        let mut arena = String::new();
        for word in [
            "Thành",
            "uỷ",
            "HOÀ",
            "Đỗ",
            "123",
            "TP.HCM",
            "nghiêng",
            "A\u{0306}",
            "Đường-dây-nóng-của-Ủy-ban-nhân-dân",
        ] {
            // The first time normalizes, the second comes from the memo
            // (except for the long word, which is never memoized).
            for _ in 0..2 {
                let (exact, folded) = normalizer.normalize_both(word, &mut arena);
                assert_eq!(
                    &arena[exact.start as usize..exact.end as usize],
                    steps::apply_all(steps::EXACT, word)
                );
                assert_eq!(
                    &arena[folded.start as usize..folded.end as usize],
                    steps::apply_all(steps::FOLDED, word)
                );
                for form in [Form::Exact, Form::Folded] {
                    let mut out = String::from("left over");
                    normalizer.normalize(word, form, &mut out);
                    assert_eq!(out, steps::apply_all(form.steps(), word), "{word} {form:?}");
                }
            }
        }
    }

    #[test]
    fn diacritics_detection() {
        assert!(has_diacritics("Dân vận"));
        assert!(has_diacritics("đi"));
        assert!(has_diacritics("NA\u{0306}NG"));
        assert!(!has_diacritics("dan van kheo"));
        assert!(!has_diacritics("“quoted” — dash"));
    }
}
