//! `vnsearch analyze` through the real binary: the JSON shape scripts
//! depend on, stdin input, and bad input.

mod common;

use common::*;

fn analyze_json(text: &str) -> serde_json::Value {
    let output = vnsearch()
        .args(["analyze", "--json", text])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn json_shape_and_offsets_into_the_input() {
    let text = "Thành uỷ Hải Phòng";
    let json = analyze_json(text);
    for key in ["exact", "folded", "bigram"] {
        let tokens = json[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key} missing"));
        assert!(!tokens.is_empty());
        for token in tokens {
            let (start, end) = (
                token["start"].as_u64().unwrap() as usize,
                token["end"].as_u64().unwrap() as usize,
            );
            assert!(token["text"].is_string());
            assert!(!text[start..end].is_empty());
        }
    }
    let exact: Vec<&str> = json["exact"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    assert_eq!(exact, vec!["thành", "ủy", "hải", "phòng"]);
    let second = &json["exact"][1];
    assert_eq!(
        &text[second["start"].as_u64().unwrap() as usize..second["end"].as_u64().unwrap() as usize],
        "uỷ"
    );
    let folded: Vec<&str> = json["folded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    assert_eq!(folded, vec!["thanh", "uy", "hai", "phong"]);
    let bigrams: Vec<&str> = json["bigram"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["text"].as_str().unwrap())
        .collect();
    // Pairs are indexed folded and run together: `haiphong` finds
    // `Hải Phòng`; the exact spelling is preferred word by word.
    assert_eq!(bigrams, vec!["thanhuy", "uyhai", "haiphong"]);
}

#[test]
fn reads_stdin_with_a_dash() {
    let output = vnsearch()
        .args(["analyze", "--json", "-"])
        .write_stdin("Đà Nẵng")
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["folded"][0]["text"], "da");
    assert_eq!(json["folded"][1]["text"], "nang");
    let text = vnsearch()
        .args(["analyze", "-"])
        .write_stdin("Hoà bình")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("hòa") && text.contains("exact") && text.contains("bigram"),
        "{text}"
    );
}

#[test]
fn invalid_utf8_on_stdin_is_a_clear_error() {
    let output = vnsearch()
        .args(["analyze", "-"])
        .write_stdin(b"Ha\xf0\x28N\xff".to_vec())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("not valid UTF-8") && err.contains("offset 2"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

#[test]
fn odd_input_gives_sensible_tokens() {
    let long = "x".repeat(2000);
    let cases: Vec<(String, Vec<&str>)> = vec![
        (String::new(), vec![]),
        ("!!! … ---".into(), vec![]),
        ("\u{7}\u{1b}Hà\u{0}Nội".into(), vec!["ha", "noi"]),
        ("\u{0301} \u{0323}".into(), vec![]),
        ("Hà\u{200B}Nội\u{00A0}Huế".into(), vec!["ha", "noi", "hue"]),
        ("🇻🇳 Việt Nam 😀".into(), vec!["viet", "nam"]),
        (format!("a {long} b"), vec!["a", "b"]),
    ];
    for (text, folded) in cases {
        // Through stdin: a NUL byte cannot be a command-line argument.
        let output = vnsearch()
            .args(["analyze", "--json", "-"])
            .write_stdin(text.clone())
            .output()
            .unwrap();
        assert!(output.status.success(), "{text:?}: {}", stderr(&output));
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let got: Vec<&str> = json["folded"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["text"].as_str().unwrap())
            .collect();
        assert_eq!(got, folded, "{text:?}");
    }
}
