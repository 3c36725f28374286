//! The Vietnamese letter inventory: every precomposed vowel split into its
//! base letter (with quality mark) and its tone.
//!
//! Tone canonicalization and diacritic folding both need to look inside a
//! letter such as `ệ` (= `ê` + nặng). Decomposing with full Unicode NFD for
//! every character would be slow on the indexing hot path, so this module
//! builds one direct-indexed table, derived once from `unicode-normalization`
//! (never by hand), and answers both questions with an array lookup.

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// The six Vietnamese tones. `Level` (thanh ngang) carries no mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tone {
    Level,
    Grave,
    Acute,
    Hook,
    Tilde,
    DotBelow,
}

impl Tone {
    /// Every tone, level first.
    pub const ALL: [Tone; 6] = [
        Tone::Level,
        Tone::Grave,
        Tone::Acute,
        Tone::Hook,
        Tone::Tilde,
        Tone::DotBelow,
    ];

    /// The combining mark that writes this tone, if any.
    pub fn mark(self) -> Option<char> {
        match self {
            Tone::Level => None,
            Tone::Grave => Some('\u{0300}'),
            Tone::Acute => Some('\u{0301}'),
            Tone::Hook => Some('\u{0309}'),
            Tone::Tilde => Some('\u{0303}'),
            Tone::DotBelow => Some('\u{0323}'),
        }
    }

    /// The tone written by a combining mark, if the mark is a tone mark.
    pub fn from_mark(mark: char) -> Option<Tone> {
        Tone::ALL.into_iter().find(|t| t.mark() == Some(mark))
    }
}

/// The twelve Vietnamese vowel letters without tone, in lower case.
pub const VOWELS: [char; 12] = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];

/// A vowel letter seen as base letter plus tone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Vowel {
    pub base: char,
    pub tone: Tone,
}

impl Vowel {
    /// The vowel carries a quality mark (breve, circumflex or horn).
    pub fn has_quality_mark(self) -> bool {
        matches!(self.base, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư')
    }

    /// The precomposed letter for this base and tone.
    pub fn letter(self) -> char {
        static LETTERS: OnceLock<Vec<(char, Tone, char)>> = OnceLock::new();
        let letters = LETTERS.get_or_init(|| {
            let mut all = Vec::new();
            for base in VOWELS {
                for tone in Tone::ALL {
                    all.push((base, tone, compose_letter(base, tone)));
                }
            }
            all
        });
        letters
            .iter()
            .find(|(b, t, _)| *b == self.base && *t == self.tone)
            .map_or(self.base, |&(_, _, letter)| letter)
    }
}

/// Composes through NFC rather than pairwise, because canonical order puts
/// the dot below before the circumflex (`ệ` = `e` + U+0323 + U+0302).
fn compose_letter(base: char, tone: Tone) -> char {
    let Some(mark) = tone.mark() else {
        return base;
    };
    let mut composed = [base, mark].into_iter().nfc();
    match (composed.next(), composed.next()) {
        (Some(letter), None) => letter,
        _ => base,
    }
}

/// The ASCII letter a Vietnamese base letter folds to (`ư` → `u`, `đ` → `d`).
pub fn ascii_base(base: char) -> char {
    match base {
        'ă' | 'â' => 'a',
        'ê' => 'e',
        'ô' | 'ơ' => 'o',
        'ư' => 'u',
        'đ' => 'd',
        'Ă' | 'Â' => 'A',
        'Ê' => 'E',
        'Ô' | 'Ơ' => 'O',
        'Ư' => 'U',
        'Đ' => 'D',
        other => other,
    }
}

/// True for letters of the Latin blocks Vietnamese is written in
/// (Latin-1 letters, Latin Extended-A/B, Latin Extended Additional), where
/// every code point is a letter and already composed. A fast answer for
/// the hot path; `None` means "ask Unicode".
pub fn latin_letter(c: char) -> Option<bool> {
    match c {
        'a'..='z' | 'A'..='Z' => Some(true),
        '\0'..='\u{7F}' => Some(false),
        '\u{C0}'..='\u{24F}' => Some(c != '×' && c != '÷'),
        '\u{1E00}'..='\u{1EFF}' => Some(true),
        _ => None,
    }
}

/// Lower-case vowels only; callers lower-case first.
const TABLE_START: u32 = 0x00E0;
const TABLE_END: u32 = 0x1EFA;

fn table() -> &'static [Option<Vowel>] {
    static TABLE: OnceLock<Vec<Option<Vowel>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = vec![None; (TABLE_END - TABLE_START) as usize];
        for base in VOWELS {
            for tone in Tone::ALL {
                let vowel = Vowel { base, tone };
                let letter = compose_letter(base, tone);
                let code = letter as u32;
                if (TABLE_START..TABLE_END).contains(&code) {
                    table[(code - TABLE_START) as usize] = Some(vowel);
                }
            }
        }
        table
    })
}

/// Splits a lower-case vowel letter into base and tone. Plain ASCII vowels
/// answer too (`a` is `a` + level); consonants and other scripts give `None`.
pub fn vowel(c: char) -> Option<Vowel> {
    let code = c as u32;
    if code < 0x80 {
        return matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y').then_some(Vowel {
            base: c,
            tone: Tone::Level,
        });
    }
    if (TABLE_START..TABLE_END).contains(&code) {
        table()[(code - TABLE_START) as usize]
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vowel_with_every_tone_round_trips() {
        for base in VOWELS {
            for tone in Tone::ALL {
                let v = Vowel { base, tone };
                assert_eq!(vowel(v.letter()), Some(v), "{base} {tone:?}");
            }
        }
    }

    #[test]
    fn table_cases() {
        let cases = [
            ('ệ', 'ê', Tone::DotBelow),
            ('ữ', 'ư', Tone::Tilde),
            ('ẳ', 'ă', Tone::Hook),
            ('ý', 'y', Tone::Acute),
            ('ờ', 'ơ', Tone::Grave),
            ('â', 'â', Tone::Level),
        ];
        for (letter, base, tone) in cases {
            assert_eq!(vowel(letter), Some(Vowel { base, tone }), "{letter}");
        }
        assert_eq!(vowel('đ'), None);
        assert_eq!(vowel('b'), None);
        assert_eq!(vowel('Ệ'), None, "table is lower case only");
    }

    #[test]
    fn latin_letters_agree_with_unicode() {
        for code in (0..0x250).chain(0x1E00..0x1F00) {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            if let Some(fast) = latin_letter(c) {
                assert_eq!(fast, c.is_alphabetic(), "U+{code:04X}");
            }
        }
    }

    #[test]
    fn ascii_bases() {
        for (from, to) in [
            ('ư', 'u'),
            ('ơ', 'o'),
            ('â', 'a'),
            ('đ', 'd'),
            ('Đ', 'D'),
            ('x', 'x'),
        ] {
            assert_eq!(ascii_base(from), to);
        }
    }
}
