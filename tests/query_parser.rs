//! The query parser on arbitrary input: it never panics, and it either
//! parses or says what is wrong (a usage error, exit 2, naming the column,
//! or the limit or emptiness that does not have one). A few dozen generated
//! queries also go through the real binary against the seed index.

mod common;

use common::*;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use vnsearch::error::{exit, exit_status};
use vnsearch::search::parse_query;

/// Errors about the query as a whole, which have no column to name: no
/// words at all, and the limits of `search/limits.rs`.
const WHOLE_QUERY_ERRORS: [&str; 4] = [
    "the query has no words",
    "characters long; the limit is",
    "words; the limit is",
    "nests parentheses or NOT more than",
];

/// The pieces of the query language, and words to put between them.
fn token() -> impl Strategy<Value = String> {
    let syntax = prop::sample::select(vec![
        "\"",
        "“",
        "”",
        "(",
        ")",
        "OR",
        "AND",
        "NOT",
        "||",
        "&&",
        "-",
        "--",
        "*",
        "**",
        ":",
        "title:",
        "source:",
        "city:",
        "district:",
        "year:",
        "TITLE:",
        "City:",
        "titel:",
        "http:",
    ]);
    let words = prop::sample::select(vec![
        "dân",
        "vận",
        "khéo",
        "dan",
        "van",
        "Hà",
        "Nội",
        "haiphong",
        "hoang*",
        "2023",
        "PLVN",
        "UBND",
        "TP.HCM",
        "1.431",
        "kinh-tế",
        "-hà",
        "đ",
        "a*b",
    ]);
    prop_oneof![
        4 => syntax.prop_map(String::from),
        3 => words.prop_map(String::from),
        1 => "\\PC{1,4}",
    ]
}

/// A query made of tokens, joined with nothing or with some whitespace.
fn query_text() -> impl Strategy<Value = String> {
    let separator = prop::sample::select(vec!["", " ", " ", "  ", "\t", "\u{3000}"]);
    prop::collection::vec((token(), separator), 0..24).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(token, separator)| format!("{token}{separator}"))
            .collect()
    })
}

/// Any Unicode scalar values, control characters included.
fn any_text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..64).prop_map(String::from_iter)
}

fn parses_or_names_the_problem(text: &str) -> Result<(), TestCaseError> {
    if let Err(error) = parse_query(text) {
        let message = format!("{error:#}");
        prop_assert_eq!(
            exit_status(&error),
            exit::USAGE,
            "not a usage error for {:?}: {}",
            text,
            message
        );
        prop_assert!(
            message.contains("column") || WHOLE_QUERY_ERRORS.iter().any(|m| message.contains(m)),
            "the error for {:?} names no column: {}",
            text,
            message
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn any_text_parses_or_names_a_column(text in any_text()) {
        parses_or_names_the_problem(&text)?;
    }

    #[test]
    fn query_language_soup_parses_or_names_a_column(text in query_text()) {
        parses_or_names_the_problem(&text)?;
    }
}

/// A runner with a fixed seed: the same inputs on every run.
fn fixed_runner(cases: u32) -> TestRunner {
    TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    )
}

/// The generated strategies reach both outcomes (a property that only ever
/// saw errors, or only successes, would prove little).
#[test]
fn the_generators_reach_both_outcomes() {
    let mut runner = fixed_runner(500);
    let (mut ok, mut err) = (0, 0);
    for _ in 0..500 {
        let text = query_text().new_tree(&mut runner).unwrap().current();
        match parse_query(&text) {
            Ok(_) => ok += 1,
            Err(_) => err += 1,
        }
    }
    assert!(ok > 50 && err > 50, "{ok} parsed, {err} errors");
}

/// Through the real binary: exit 0 with one JSON document, or exit 2 with
/// a message on stderr; never a panic (exit 101) nor a crash. A fixed seed
/// and 40 queries keep it fast and repeatable.
#[test]
fn the_binary_answers_or_explains_generated_queries() {
    let index = seed_index();
    let index = index_path(&index);
    let mut runner = fixed_runner(40);
    let outcomes = std::cell::Cell::new((0, 0));
    let queries = prop_oneof![
        3 => query_text(),
        1 => any_text().prop_map(|t| t.replace('\0', "")),
    ];
    runner
        .run(&queries, |query| {
            let output = vnsearch()
                .arg("search")
                .arg("--index")
                .arg(&index)
                .arg("--json")
                .arg("--")
                .arg(&query)
                .output()
                .unwrap();
            let err = stderr(&output);
            prop_assert!(!err.contains("panicked"), "{:?}: {}", query, err);
            match output.status.code() {
                Some(0) => {
                    let json: Result<serde_json::Value, _> = serde_json::from_slice(&output.stdout);
                    prop_assert!(json.is_ok(), "{:?}: stdout is not one JSON document", query);
                    outcomes.set((outcomes.get().0 + 1, outcomes.get().1));
                }
                Some(2) => {
                    prop_assert!(
                        err.starts_with("vnsearch: error: ") && err.trim().len() > 20,
                        "{:?}: exit 2 without a message: {:?}",
                        query,
                        err
                    );
                    outcomes.set((outcomes.get().0, outcomes.get().1 + 1));
                }
                other => prop_assert!(false, "{:?}: exit {:?}: {}", query, other, err),
            }
            Ok(())
        })
        .unwrap();
    let (answered, refused) = outcomes.get();
    eprintln!("{answered} queries answered, {refused} refused");
    assert!(
        answered >= 5 && refused >= 5,
        "{answered} answered, {refused} refused: the inputs should reach both"
    );
}

/// The hostile queries of the search-quality issue, through the binary:
/// each gets a sensible result (exit 0) or a clear usage error (exit 2)
/// that says what is wrong; never a panic. Their CPU cost is measured by
/// `cargo bench --bench quality` (the "hostile queries" lines).
#[test]
fn hostile_queries_get_a_result_or_a_clear_error() {
    let dir = seed_index();
    let index = index_path(&dir);
    let misspelled: Vec<String> = (0..120)
        .map(|i| format!("phog{}", (b'a' + (i % 26) as u8) as char))
        .collect();
    let cases: Vec<(String, Option<&str>)> = vec![
        ("OR AND NOT ( ) - * : || &&".into(), Some("")),
        ("và của là thì mà những các".into(), None),
        (
            "!!! ??? ... ,,, ;; — “ ”".into(),
            Some("the query has no words"),
        ),
        (
            "dân ".repeat(2_500),
            Some("characters long; the limit is 1000"),
        ),
        ("x ".repeat(500), Some("words; the limit is 128")),
        (
            format!("{}dân{}", "(".repeat(200), ")".repeat(200)),
            Some("more than 16 levels"),
        ),
        (misspelled.join(" "), None),
    ];
    for (query, error) in &cases {
        let output = vnsearch()
            .args(["search", "--json", "--index"])
            .arg(&index)
            .arg("--")
            .arg(query)
            .output()
            .unwrap();
        let err = stderr(&output);
        let shown: String = query.chars().take(40).collect();
        assert!(!err.contains("panicked"), "{shown}: {err}");
        match error {
            None => assert!(output.status.success(), "{shown}: {err}"),
            Some(message) => {
                assert_eq!(output.status.code(), Some(2), "{shown}: {err}");
                assert!(err.contains(message), "{shown}: {err}");
            }
        }
    }
}

/// `vnsearch search -` reads the query from standard input; bytes that are
/// not UTF-8 there (or in an argument) are a usage error naming the input.
#[test]
fn queries_from_standard_input_must_be_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let dir = seed_index();
    let index = index_path(&dir);
    let from_stdin = |bytes: &[u8]| {
        vnsearch()
            .args(["search", "--json", "--index"])
            .arg(&index)
            .arg("-")
            .write_stdin(bytes.to_vec())
            .output()
            .unwrap()
    };
    let good = from_stdin("dân vận khéo\n".as_bytes());
    assert!(good.status.success(), "{}", stderr(&good));
    let json: serde_json::Value = serde_json::from_slice(&good.stdout).unwrap();
    assert_eq!(json["query"], "dân vận khéo\n");
    assert!(json["total"].as_u64().unwrap() > 0);

    let bad = from_stdin(b"d\xe2n v\xff\xfe");
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("the query on standard input is not valid UTF-8"),
        "{}",
        stderr(&bad)
    );

    let argument = vnsearch()
        .args(["search", "--index"])
        .arg(&index)
        .arg(std::ffi::OsStr::from_bytes(b"d\xe2n"))
        .output()
        .unwrap();
    assert_eq!(argument.status.code(), Some(2), "{}", stderr(&argument));
    assert!(!stderr(&argument).contains("panicked"));
}
