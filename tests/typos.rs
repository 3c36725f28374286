//! Typo tolerance through the real binary: corrections come from the
//! index's own words, are reported, rank below exact matches, and never
//! touch phrases, numbers, short words or words the index knows.

mod common;

use common::*;
use serde_json::Value;

fn ids(v: &Value) -> Vec<String> {
    let mut ids: Vec<String> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_wrong_letter_is_corrected_and_reported() {
    let dir = seed_index();
    let index = index_path(&dir);
    let right = search_json(&index, &["hai phong"]);
    let wrong = search_json(&index, &["hai phog"]);
    assert!(!ids(&right).is_empty());
    assert_eq!(
        ids(&wrong),
        ids(&right),
        "`hai phog` finds what `hai phong` finds"
    );
    assert_eq!(wrong["did_you_mean"], "hai phong");
    assert_eq!(wrong["did_you_mean_accented"], "hải phòng");
    assert_eq!(
        right["did_you_mean"],
        Value::Null,
        "a known word is not corrected"
    );

    // People read the suggestion on stderr; stdout keeps the results.
    let text = run_on(&index, &["search", "hai phog"]);
    assert!(text.status.success());
    let stderr = String::from_utf8_lossy(&text.stderr);
    assert!(
        stderr.contains("Có phải bạn muốn tìm: hải phòng"),
        "stderr: {stderr}"
    );
    assert!(!String::from_utf8_lossy(&text.stdout).contains("Có phải"));

    // Typed with diacritics, the suggestion keeps them.
    let accented = search_json(&index, &["Hải Phòmg"]);
    assert_eq!(ids(&accented), ids(&right));
    assert_eq!(accented["did_you_mean"], "Hải phòng");

    let off = search_json(&index, &["hai phog", "--typos", "off"]);
    assert_eq!(off["did_you_mean"], Value::Null);
    assert!(
        ids(&off).len() < ids(&right).len(),
        "--typos off searches the words as typed"
    );
}

#[test]
fn phrases_numbers_short_and_negated_words_are_never_corrected() {
    let dir = seed_index();
    let index = index_path(&dir);
    for query in [
        "\"hai phog\"",
        "20233",
        "phg",
        "hải -phog",
        "phog*",
        "dân vận khéo",
    ] {
        let v = search_json(&index, &[query]);
        assert_eq!(v["did_you_mean"], Value::Null, "{query} was corrected");
    }
    assert_eq!(search_json(&index, &["\"hai phog\""])["total"], 0);
    assert!(run_on(&index, &["search", "x", "--typos", "maybe"])
        .status
        .code()
        .is_some_and(|c| c == 2));
}

#[test]
fn articles_with_the_word_as_typed_rank_above_corrections() {
    // Sixty articles say `phòng họp`; one really has the rare `phòmg`.
    let mut texts: Vec<(String, String)> = (0..60)
        .map(|i| {
            (
                format!("a{i:02}"),
                format!("Tin số {i}\n\nPhòng họp của xã số {i} đã sửa xong."),
            )
        })
        .collect();
    texts.push((
        "rare".into(),
        "Tin lạ\n\nBiển ghi phòmg họp vì gõ sai một chữ.".into(),
    ));
    let articles: Vec<(&str, &str)> = texts
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = text_index(&articles);
    let index = index_path(&dir);
    let v = search_json(&index, &["phòmg họp", "--limit", "5"]);
    assert_eq!(v["total"], 61, "the correction is searched too");
    assert_eq!(v["hits"][0]["id"], "rare", "the word as typed ranks first");
    assert_eq!(v["did_you_mean"], "phòng họp");
    let off = search_json(&index, &["phòmg họp", "--typos", "off"]);
    assert_eq!(off["total"], 1);
}
