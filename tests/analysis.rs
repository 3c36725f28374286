//! The analysis pipeline as a whole: every vowel with every tone, both
//! tone-placement conventions, NFC/NFD and case invariance (table and
//! property tests), and offsets into the original text.

use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;
use vnsearch::analysis::{analyze, normalize, pair_count, Analyzer, Form};
use vnsearch::analysis::{Tone, Vowel, VOWELS};

fn terms(text: &str, analyzer: Analyzer) -> Vec<String> {
    analyze(text, analyzer)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

fn fold_base(base: char) -> char {
    match base {
        'ă' | 'â' => 'a',
        'ê' => 'e',
        'ô' | 'ơ' => 'o',
        'ư' => 'u',
        other => other,
    }
}

/// Every vowel × every tone, alone and inside a syllable with an onset,
/// in NFC and NFD, lower and upper case.
#[test]
fn every_vowel_with_every_tone() {
    for base in VOWELS {
        for tone in Tone::ALL {
            let letter = Vowel { base, tone }.letter();
            let syllable = format!("th{letter}n");
            let folded = format!("th{}n", fold_base(base));
            for written in [
                syllable.clone(),
                syllable.nfd().collect::<String>(),
                syllable.to_uppercase(),
                syllable.to_uppercase().nfd().collect::<String>(),
            ] {
                assert_eq!(
                    terms(&written, Analyzer::Exact),
                    vec![syllable.clone()],
                    "{written:?}"
                );
                assert_eq!(
                    terms(&written, Analyzer::Folded),
                    vec![folded.clone()],
                    "{written:?}"
                );
            }
            let alone = letter.to_string();
            assert_eq!(
                normalize(&alone.nfd().collect::<String>(), Form::Exact),
                alone
            );
            assert_eq!(normalize(&alone.to_uppercase(), Form::Exact), alone);
        }
    }
}

/// `oa`, `oe`, `uy` with each tone: old (`hòa`) and new (`hoà`) placement
/// give one term, in any case and normalization form.
#[test]
fn old_and_new_tone_placement_give_one_term() {
    for (onset, first, second) in [
        ("h", 'o', 'a'),
        ("kh", 'o', 'e'),
        ("th", 'u', 'y'),
        ("", 'u', 'y'),
    ] {
        for tone in Tone::ALL {
            let old = format!("{onset}{}{second}", Vowel { base: first, tone }.letter());
            let new = format!("{onset}{first}{}", Vowel { base: second, tone }.letter());
            let want = terms(&old, Analyzer::Exact);
            for variant in [
                &new,
                &new.to_uppercase(),
                &new.nfd().collect::<String>(),
                &old.to_uppercase(),
            ] {
                assert_eq!(terms(variant, Analyzer::Exact), want, "{variant} vs {old}");
            }
        }
    }
    for (a, b) in [
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("Thuỷ", "thủy"),
        ("THUỶ", "thủy"),
        ("uỷ", "ủy"),
        ("khoẻ", "khỏe"),
        ("hoá", "hóa"),
        ("Thành uỷ", "thành ủy"),
        ("cụ thể hoá", "cụ thể hóa"),
    ] {
        assert_eq!(normalize(a, Form::Exact), b, "{a}");
    }
}

#[test]
fn onsets_and_quality_marks_keep_their_tone() {
    for word in [
        "quý",
        "già",
        "giữ",
        "gìn",
        "người",
        "thuở",
        "khuyến",
        "quyển",
        "giường",
        "khuỷu",
    ] {
        assert_eq!(normalize(word, Form::Exact), word);
        assert_eq!(normalize(&word.to_uppercase(), Form::Exact), word);
        assert_eq!(
            normalize(&word.nfd().collect::<String>(), Form::Exact),
            word
        );
    }
    assert_eq!(normalize("Đỗ Mạnh Hiến", Form::Folded), "do manh hien");
}

/// Both spellings in the seed corpus index to the same term.
#[test]
fn seed_corpus_spellings_meet() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let text: String = std::fs::read_dir(corpus)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(text.contains("Thành uỷ") && text.contains("Thành ủy"));
    assert!(text.contains("hoá") && text.contains("hóa"));
    let exact = terms(&text, Analyzer::Exact);
    assert!(exact.contains(&"ủy".to_string()) && !exact.contains(&"uỷ".to_string()));
    assert!(exact.contains(&"hóa".to_string()) && !exact.contains(&"hoá".to_string()));
}

#[test]
fn numbers_abbreviations_and_offsets() {
    let text = "Quận Hoàng Mai có 1.431 mô hình; HĐND, UBND và TP.HCM.";
    let exact = analyze(text, Analyzer::Exact);
    let texts: Vec<&str> = exact.iter().map(|t| t.text.as_str()).collect();
    for expected in ["1.431", "1431", "hđnd", "ubnd", "tp.hcm", "tphcm", "hoàng"] {
        assert!(texts.contains(&expected), "{expected} in {texts:?}");
    }
    for token in &exact {
        assert!(!text[token.start..token.end].is_empty());
    }
    let hoang = exact.iter().find(|t| t.text == "hoàng").unwrap();
    assert_eq!(&text[hoang.start..hoang.end], "Hoàng");
    let bigrams = terms(text, Analyzer::BigramFolded);
    assert!(bigrams.contains(&"hoangmai".to_string()), "{bigrams:?}");
}

/// Pairs and phrases stop at clause breaks (`,` `.` `;` `:` `?` `!` line
/// breaks) but run through dashes, quotes and brackets; the break leaves a
/// gap in positions; and the stored pair count is the number of pairs.
#[test]
fn clause_breaks_stop_pairs_and_leave_a_gap_in_positions() {
    let cases: [(&str, &[&str], &[&str]); 5] = [
        ("Hà Nội, Hải Phòng", &["hanoi", "haiphong"], &["noihai"]),
        ("kinh tế - xã hội", &["kinhte", "texa", "xahoi"], &[]),
        (
            "dự án \"Nhà ở\" mới",
            &["duan", "annha", "nhao", "omoi"],
            &[],
        ),
        (
            "Điều 5. Quyền\nNghĩa vụ",
            &["dieu5"],
            &["5quyen", "quyennghia"],
        ),
        (
            "ai? tôi; anh: em (chị)",
            &["emchi"],
            &["aitoi", "toianh", "anhem"],
        ),
    ];
    for (text, pairs, never) in cases {
        let bigrams = terms(text, Analyzer::BigramFolded);
        for pair in pairs {
            assert!(
                bigrams.contains(&pair.to_string()),
                "{pair} in {text:?}: {bigrams:?}"
            );
        }
        for pair in never {
            assert!(
                !bigrams.contains(&pair.to_string()),
                "{pair} in {text:?}: {bigrams:?}"
            );
        }
        assert_eq!(pair_count(text) as usize, bigrams.len(), "{text:?}");
    }
    let positions: Vec<usize> = analyze("Hà Nội, Hải Phòng - Huế", Analyzer::Folded)
        .iter()
        .map(|t| t.position)
        .collect();
    assert_eq!(positions, vec![0, 1, 3, 4, 5]);
    // Number variants share their word's position, and pair counts agree
    // with bigrams on real text.
    let text = "Quận Hoàng Mai có 1.431 mô hình; HĐND, UBND và TP.HCM.";
    assert_eq!(
        pair_count(text) as usize,
        terms(text, Analyzer::BigramFolded).len()
    );
}

#[test]
fn bad_input_never_panics() {
    let long = "a".repeat(5000);
    let cases = [
        String::new(),
        "!!! --- ...".to_string(),
        "\u{0}\u{7}\u{1b}[31m".to_string(),
        "\u{0301}\u{0323} \u{0302}".to_string(),
        "Hà\u{200B}Nội\u{00A0}và\u{FEFF}Huế".to_string(),
        "😀🇻🇳 Đà Nẵng 👍".to_string(),
        format!("trước {long} sau"),
    ];
    for text in &cases {
        for analyzer in Analyzer::ALL {
            for token in analyze(text, analyzer) {
                assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
                assert!(token.text.len() <= 600, "long tokens are skipped");
            }
        }
    }
    assert_eq!(
        terms("Hà\u{200B}Nội\u{00A0}và", Analyzer::Folded),
        vec!["ha", "noi", "va"]
    );
    assert_eq!(terms("😀 Đà Nẵng", Analyzer::Folded), vec!["da", "nang"]);
    assert_eq!(
        terms(&format!("trước {long} sau"), Analyzer::Exact),
        vec!["trước", "sau"]
    );
}

const ONSETS: &[&str] = &[
    "", "b", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "ng", "ngh", "nh", "ph", "qu", "th",
    "tr", "v", "x",
];
const NUCLEI: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uy", "uô", "ươ", "iê",
    "ai", "oi", "ui", "ưu", "oai", "uyê",
];
const CODAS: &[&str] = &["", "", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// A Vietnamese-like syllable with its tone on a random vowel of the
/// nucleus (either convention, or a misplaced one).
fn syllable() -> impl Strategy<Value = String> {
    (
        0..ONSETS.len(),
        0..NUCLEI.len(),
        0..CODAS.len(),
        0..6usize,
        0..3usize,
    )
        .prop_map(|(o, n, c, t, at)| {
            let nucleus: Vec<char> = NUCLEI[n].chars().collect();
            let at = at % nucleus.len();
            let toned: String = nucleus
                .iter()
                .enumerate()
                .map(|(i, &v)| {
                    if i == at {
                        Vowel {
                            base: v,
                            tone: Tone::ALL[t],
                        }
                        .letter()
                    } else {
                        v
                    }
                })
                .collect();
            format!("{}{}{}", ONSETS[o], toned, CODAS[c])
        })
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec((syllable(), 0..6usize, any::<bool>()), 1..12).prop_map(|words| {
        let mut out = String::new();
        for (word, separator, capital) in words {
            let word = if capital { word.to_uppercase() } else { word };
            out.push_str(&word);
            out.push_str([" ", ", ", " - ", "\n", ". ", "“"][separator]);
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn folded_ignores_normalization_form(s in text()) {
        let nfd: String = s.nfd().collect();
        prop_assert_eq!(terms(&nfd, Analyzer::Folded), terms(&s, Analyzer::Folded));
        prop_assert_eq!(terms(&nfd, Analyzer::Exact), terms(&s, Analyzer::Exact));
        prop_assert_eq!(terms(&nfd, Analyzer::BigramFolded), terms(&s, Analyzer::BigramFolded));
    }

    #[test]
    fn exact_ignores_case(s in text()) {
        prop_assert_eq!(terms(&s.to_uppercase(), Analyzer::Exact), terms(&s, Analyzer::Exact));
        prop_assert_eq!(terms(&s.to_lowercase(), Analyzer::Exact), terms(&s, Analyzer::Exact));
    }

    #[test]
    fn folded_is_exact_without_diacritics(s in text()) {
        let exact = terms(&s, Analyzer::Exact);
        let folded = terms(&s, Analyzer::Folded);
        prop_assert_eq!(exact.len(), folded.len());
        for (e, f) in exact.iter().zip(&folded) {
            prop_assert_eq!(&normalize(e, Form::Folded), f);
            prop_assert!(f.is_ascii());
        }
    }

    #[test]
    fn offsets_point_into_the_original(s in text()) {
        for analyzer in Analyzer::ALL {
            for token in analyze(&s, analyzer) {
                prop_assert!(s.is_char_boundary(token.start) && s.is_char_boundary(token.end));
                prop_assert!(token.start < token.end);
            }
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(s in any::<String>()) {
        for analyzer in Analyzer::ALL {
            for token in analyze(&s, analyzer) {
                prop_assert!(s.is_char_boundary(token.start) && s.is_char_boundary(token.end));
            }
        }
    }
}
