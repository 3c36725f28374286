//! `vnsearch search` and `vnsearch index` over the shipped corpus, through
//! the real binary and a real on-disk index.

mod common;

use common::*;
use unicode_normalization::UnicodeNormalization;

const HAI_PHONG_SEEDS: [&str; 3] = [
    "000_19344bc9e478a924",
    "001_2b3147db5cda446e",
    "003_6ba4b226bd7a6141",
];
const HOANG_MAI_SEED: &str = "004_8c31f129d15c69f0";
const BEN_TRE_SEED: &str = "002_f24ad079690c9dd4";

#[test]
fn spelling_variants_find_the_same_articles() {
    let dir = seed_index();
    let index = index_path(&dir);
    let reference = sorted(ids(&search_json(&index, &["Dân vận khéo"])));
    assert_eq!(reference.len(), 4, "four seeds mention Dân vận khéo");
    let nfd: String = "Dân vận khéo".nfd().collect();
    for variant in ["dan van kheo", "DÂN VẬN KHÉO", nfd.as_str(), "dân VẬN Khéo"] {
        assert_eq!(
            sorted(ids(&search_json(&index, &[variant]))),
            reference,
            "{variant:?}"
        );
    }
    let thanh_uy = sorted(ids(&search_json(&index, &["Thành ủy"])));
    assert!(!thanh_uy.is_empty());
    for variant in ["Thành uỷ", "thanh uy", "THÀNH UỶ", "Tha\u{300}nh u\u{309}y"] {
        assert_eq!(
            sorted(ids(&search_json(&index, &[variant]))),
            thanh_uy,
            "{variant:?}"
        );
    }
}

#[test]
fn city_filter_accepts_any_spelling_and_filters_exactly() {
    let dir = seed_index();
    let index = index_path(&dir);
    let want: Vec<String> = HAI_PHONG_SEEDS.iter().map(|s| s.to_string()).collect();
    for city in ["Hải Phòng", "hai phong", "TP Hải Phòng", "Haiphong"] {
        let results = search_json(&index, &["dân vận", "--city", city]);
        assert_eq!(sorted(ids(&results)), want, "--city {city:?}");
        assert_eq!(results["total"], 3);
        for hit in results["hits"].as_array().unwrap() {
            assert_eq!(hit["city"], "Hải Phòng");
        }
    }
    let ha_noi = search_json(&index, &["dân vận", "--city", "Hà Nội"]);
    assert_eq!(ids(&ha_noi), vec![HOANG_MAI_SEED]);
    assert_eq!(ha_noi["hits"][0]["district"], "Hoàng Mai");
    let district = search_json(&index, &["dân vận", "--district", "Quận Hoàng Mai"]);
    assert_eq!(ids(&district), vec![HOANG_MAI_SEED]);
    let two = search_json(
        &index,
        &["dân vận", "--city", "Hà Nội", "--city", "Bến Tre"],
    );
    assert_eq!(
        sorted(ids(&two)),
        sorted(vec![HOANG_MAI_SEED.into(), BEN_TRE_SEED.into()])
    );
}

#[test]
fn unknown_city_suggests_close_names() {
    let dir = seed_index();
    let output = vnsearch()
        .args(["search", "dân vận", "--city", "Hai Phongg", "--index"])
        .arg(index_path(&dir))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("unknown city `Hai Phongg`"), "{err}");
    assert!(err.contains("Hải Phòng"), "{err}");
}

#[test]
fn date_ranges_filter_on_publication_date() {
    let dir = seed_index();
    let index = index_path(&dir);
    let dec_2023 = search_json(&index, &["dân vận", "--from", "2023-12", "--to", "2023-12"]);
    assert_eq!(ids(&dec_2023), vec!["000_19344bc9e478a924"]);
    assert_eq!(dec_2023["hits"][0]["date"], "2023-12-19");
    let since_2024 = search_json(&index, &["dân vận", "--from", "2024"]);
    assert_eq!(ids(&since_2024), vec![BEN_TRE_SEED]);
    let day = search_json(
        &index,
        &["dân vận", "--from", "19/12/2023", "--to", "19/12/2023"],
    );
    assert_eq!(ids(&day), vec!["000_19344bc9e478a924"]);
    let until_2022 = search_json(&index, &["dân vận", "--to", "2022"]);
    assert_eq!(ids(&until_2022), vec!["003_6ba4b226bd7a6141"]);
}

#[test]
fn snippets_highlight_the_original_accented_words() {
    let dir = seed_index();
    let index = index_path(&dir);
    let results = search_json(&index, &["dan van kheo"]);
    for hit in results["hits"].as_array().unwrap() {
        let snippet = hit["snippet"].as_str().unwrap();
        assert!(snippet.contains("<b>Dân vận khéo</b>"), "{snippet}");
    }
    let output = vnsearch()
        .args(["search", "dan van kheo", "--limit", "1", "--index"])
        .arg(&index)
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("[Dân vận khéo]"),
        "piped output marks highlights with […]: {text}"
    );
    assert!(!text.contains('\x1b'), "no ANSI codes when piped");
}

#[test]
fn json_facets_count_all_matches_not_just_the_page() {
    let dir = seed_index();
    let index = index_path(&dir);
    let results = search_json(&index, &["dân vận", "--limit", "1"]);
    assert_eq!(results["total"], 5);
    assert_eq!(results["hits"].as_array().unwrap().len(), 1);
    let city: u64 = results["facets"]["city"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(city, 5, "every seed has a city");
    assert_eq!(results["facets"]["city"]["Hải Phòng"], 3);
    let years = results["facets"]["year"].as_object().unwrap();
    let dated: u64 = years.values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(dated, 4, "one seed states no publication date");
    for key in ["query", "total", "took_ms", "hits", "facets"] {
        assert!(results.get(key).is_some(), "missing {key}");
    }
    for key in [
        "id",
        "score",
        "title",
        "date",
        "city",
        "district",
        "province_2025",
        "source",
        "path",
        "url",
        "snippet",
    ] {
        assert!(
            results["hits"][0].get(key).is_some(),
            "hit is missing {key}"
        );
    }
}

#[test]
fn ranking_prefers_adjacent_syllables_titles_and_exact_diacritics() {
    let dir = seed_index();
    let index = index_path(&dir);
    // The Bến Tre seed has "Thành phố Bến Tre" in its title.
    let results = search_json(&index, &["thành phố bến tre"]);
    assert_eq!(ids(&results)[0], BEN_TRE_SEED);
    // Run-together names as people type them.
    for (typed, expect_some) in [("haiphong", true), ("hanoi", false), ("bentre", true)] {
        let results = search_json(&index, &["--match", "all", typed]);
        assert_eq!(!ids(&results).is_empty(), expect_some, "{typed}");
    }
    // A run-together name is the two syllables side by side, like a phrase.
    let hai_phong = sorted(ids(&search_json(&index, &["haiphong"])));
    assert_eq!(
        hai_phong,
        sorted(ids(&search_json(&index, &["\"Hải Phòng\""])))
    );
    // Adjacent syllables outrank scattered ones: seed 002 has "Hải" and
    // "phòng" only apart, so it ranks below every article with "Hải Phòng".
    let scattered = ids(&search_json(&index, &["Hải Phòng"]));
    assert_eq!(
        scattered.last().map(String::as_str),
        Some(BEN_TRE_SEED),
        "{scattered:?}"
    );
}

#[test]
fn phrases_require_adjacent_words_in_order() {
    let dir = seed_index();
    let index = index_path(&dir);
    let phrase = ids(&search_json(&index, &["\"khối đại đoàn kết\""]));
    let unaccented = ids(&search_json(&index, &["\"khoi dai doan ket\""]));
    assert!(!phrase.is_empty());
    assert_eq!(sorted(phrase.clone()), sorted(unaccented));
    let reversed = ids(&search_json(&index, &["\"kết đoàn đại khối\""]));
    assert!(reversed.is_empty(), "{reversed:?}");
}

/// A phrase runs through a dash (`kinh tế - xã hội` is one run of words)
/// but not across a comma, unless the query has the comma too.
#[test]
fn phrases_run_through_dashes_but_not_across_clause_breaks() {
    let dir = seed_index();
    let index = index_path(&dir);
    let with_dash = ids(&search_json(&index, &["\"kinh tế xã hội\""]));
    assert_eq!(
        with_dash.len(),
        5,
        "every seed says kinh tế - xã hội: {with_dash:?}"
    );
    // Seed 000 writes "Mạnh Hiến, Phó Bí thư".
    let across = ids(&search_json(&index, &["\"Mạnh Hiến Phó\""]));
    assert!(across.is_empty(), "{across:?}");
    let with_comma = ids(&search_json(&index, &["\"Mạnh Hiến, Phó\""]));
    assert_eq!(with_comma, vec!["000_19344bc9e478a924"]);
}

/// `--explain` shows the second stage: adjacent query words in bodies,
/// counted from positions, added to the first stage's score.
#[test]
fn explain_shows_body_pairs_from_the_second_stage() {
    let dir = seed_index();
    let index = index_path(&dir);
    let results = search_json(&index, &["dân vận khéo", "--explain"]);
    let hit = &results["hits"][0];
    let explanation = hit["explain"].to_string();
    assert!(
        explanation.contains("adjacent folded words: \\\"dan\\\" \\\"van\\\""),
        "{explanation}"
    );
    let total = hit["explain"]["value"].as_f64().unwrap();
    let parts: f64 = hit["explain"]["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["value"].as_f64().unwrap())
        .sum();
    assert!((total - parts).abs() < 1e-3, "{total} vs {parts}");
    assert!((total - hit["score"].as_f64().unwrap()).abs() < 1e-3);
}

#[test]
fn bad_input_is_a_clear_error() {
    let dir = seed_index();
    let index = index_path(&dir);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["search", ""], "no words"),
        (vec!["search", "!!!"], "no words"),
        (
            vec!["search", "dân", "--from", "hôm qua"],
            "--from `hôm qua` is not a date",
        ),
        (
            vec!["search", "dân", "--to", "2023-13"],
            "--to `2023-13` is not a date",
        ),
        (
            vec!["search", "dân", "--limit", "0"],
            "--limit must be between 1",
        ),
        (
            vec!["search", "dân", "--limit", "99999999999"],
            "--limit must be between 1",
        ),
        (vec!["search", "\"dân vận"], "never closed"),
    ];
    for (args, expected) in cases {
        let output = vnsearch()
            .args(&args)
            .arg("--index")
            .arg(&index)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{args:?}");
        let err = stderr(&output);
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(
            err.trim().lines().count(),
            1,
            "one-line error for {args:?}: {err}"
        );
    }
}

#[test]
fn index_location_problems_are_reported() {
    let dir = tempfile::TempDir::new().unwrap();
    let not_index = dir.path().join("notes");
    std::fs::create_dir(&not_index).unwrap();
    std::fs::write(not_index.join("todo.txt"), "mua rau").unwrap();
    let output = vnsearch()
        .args(["search", "dân"])
        .arg("--index")
        .arg(&not_index)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("is not a vnsearch index"),
        "{}",
        stderr(&output)
    );

    let output = vnsearch()
        .args(["index", "no/such/folder", "--index"])
        .arg(dir.path().join("ix"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("no/such/folder"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_index_from_another_version_asks_for_a_rebuild() {
    let dir = seed_index();
    let index = index_path(&dir);
    let meta_path = index.join("meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    let payload = meta["payload"]
        .as_str()
        .unwrap()
        .replace("\"schema_version\":", "\"schema_version\":9");
    meta["payload"] = payload.into();
    std::fs::write(&meta_path, meta.to_string()).unwrap();
    let output = vnsearch()
        .args(["search", "dân"])
        .arg("--index")
        .arg(&index)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("vnsearch index --rebuild"),
        "{}",
        stderr(&output)
    );
    vnsearch()
        .arg("index")
        .arg(corpus())
        .arg("--rebuild")
        .arg("--index")
        .arg(&index)
        .assert()
        .success();
    assert_eq!(search_json(&index, &["dân vận"])["total"], 5);
}

#[test]
fn a_second_writer_gets_a_lock_error() {
    let dir = seed_index();
    let index = index_path(&dir);
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(index.join(".tantivy-writer.lock"))
        .unwrap();
    lock.try_lock().expect("test takes the writer lock");
    let output = vnsearch()
        .arg("index")
        .arg(corpus())
        .arg("--index")
        .arg(&index)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(stderr(&output).contains("is locked"), "{}", stderr(&output));
    drop(lock);
    // The index is still searchable.
    assert_eq!(search_json(&index, &["dân vận"])["total"], 5);
}

#[test]
fn first_search_builds_the_index_from_corpus() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join("corpus")).unwrap();
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(
            entry.path(),
            dir.path().join("corpus").join(entry.file_name()),
        )
        .unwrap();
    }
    let output = vnsearch()
        .current_dir(dir.path())
        .args(["search", "dan van kheo", "--city", "hai phong", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("building it from"),
        "{}",
        stderr(&output)
    );
    let results: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        results["total"], 2,
        "two Hải Phòng seeds mention Dân vận khéo"
    );
    assert!(dir.path().join("index/meta.json").exists());
    // Second run: no rebuild.
    let output = vnsearch()
        .current_dir(dir.path())
        .args(["search", "dan van kheo"])
        .output()
        .unwrap();
    assert!(!stderr(&output).contains("building"), "{}", stderr(&output));
}

/// A tiny corpus whose articles differ only in diacritics.
fn diacritic_pairs() -> tempfile::TempDir {
    let articles = [
        (
            "dan",
            "Tin địa phương\n\nNgười dân được hướng dẫn thủ tục mới tại phường.",
        ),
        (
            "dan-dau",
            "Tin địa phương\n\nNgười dẫn đầu được hướng dẫn thủ tục mới tại phường.",
        ),
        (
            "accented",
            "Tin địa phương\n\nHội nghị của Thành ủy về công tác cán bộ năm nay.",
        ),
        (
            "unaccented",
            "Tin địa phương\n\nHội nghị của thanh uy về công tác cán bộ năm nay.",
        ),
    ];
    text_index(&articles)
}

#[test]
fn typed_diacritics_prefer_the_exact_spelling() {
    let dir = diacritic_pairs();
    let index = index_path(&dir);
    assert_eq!(ids(&search_json(&index, &["dẫn đầu"]))[0], "dan-dau");
    let accented = ids(&search_json(&index, &["Thành ủy"]));
    assert_eq!(accented, vec!["accented", "unaccented"]);
    let old_placement = ids(&search_json(&index, &["Thành uỷ"]));
    assert_eq!(old_placement, accented);
}

#[test]
fn unaccented_queries_do_not_favour_unaccented_text() {
    let dir = diacritic_pairs();
    let index = index_path(&dir);
    let results = search_json(&index, &["thanh uy"]);
    let hits = results["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2);
    let (a, b) = (
        hits[0]["score"].as_f64().unwrap(),
        hits[1]["score"].as_f64().unwrap(),
    );
    assert!((a - b).abs() < 1e-4, "equal scores expected: {a} vs {b}");
}

/// The snippets of the hits, in rank order.
fn snippets(results: &serde_json::Value) -> Vec<String> {
    results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["snippet"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn quoted_phrases_match_abbreviations_and_their_expansions() {
    let dir = seed_index();
    let index = index_path(&dir);
    // Four seeds say `UBND`, none spells it out.
    let ubnd = sorted(ids(&search_json(&index, &["UBND"])));
    assert_eq!(ubnd.len(), 4);
    for quoted in ["\"Ủy ban nhân dân\"", "\"uy ban nhan dan\""] {
        let results = search_json(&index, &[quoted]);
        assert_eq!(sorted(ids(&results)), ubnd, "{quoted}");
        for snippet in snippets(&results) {
            assert!(snippet.contains("<b>UBND"), "{quoted}: {snippet}");
        }
    }
    // A phrase with the abbreviation and the same phrase spelled out.
    let short = sorted(ids(&search_json(&index, &["\"UBND thành phố\""])));
    assert!(!short.is_empty());
    let long = search_json(&index, &["\"Ủy ban nhân dân thành phố\""]);
    assert_eq!(sorted(ids(&long)), short);
    for snippet in snippets(&long) {
        assert!(
            snippet.contains("<b>UBND thành phố</b>") || snippet.contains("<b>UBND TP</b>"),
            "{snippet}"
        );
    }
    // Numbers with and without thousands dots inside a phrase.
    for quoted in ["\"1.431 mô hình\"", "\"1431 mô hình\"", "\"1431 mo hinh\""] {
        let results = search_json(&index, &[quoted]);
        assert_eq!(ids(&results), vec![HOANG_MAI_SEED], "{quoted}");
        assert!(
            snippets(&results)[0].contains("<b>1.431 mô hình</b>"),
            "{quoted}: {:?}",
            snippets(&results)
        );
    }
    // Still a phrase: the words must stand together, in order.
    assert!(ids(&search_json(&index, &["\"thành phố UBND\""])).is_empty());
}

#[test]
fn quoted_abbreviations_find_articles_that_spell_them_out() {
    let articles = [
        (
            "spelled",
            "Tin địa phương\n\nỦy ban nhân dân thành phố đã xây dựng 1431 mô hình mới.",
        ),
        (
            "short",
            "Tin địa phương\n\nUBND TP đã xây dựng 1.431 mô hình mới.",
        ),
        (
            "apart",
            "Tin địa phương\n\nThành phố có ủy ban; nhân dân xây dựng mô hình 1431.",
        ),
    ];
    let dir = text_index(&articles);
    let index = index_path(&dir);
    for quoted in [
        "\"UBND thành phố\"",
        "\"Ủy ban nhân dân thành phố\"",
        "\"UBND TP\"",
        "\"1.431 mô hình\"",
        "\"1431 mô hình\"",
    ] {
        let results = search_json(&index, &[quoted]);
        assert_eq!(
            sorted(ids(&results)),
            vec!["short".to_string(), "spelled".to_string()],
            "{quoted}"
        );
        for snippet in snippets(&results) {
            assert!(
                [
                    "<b>UBND TP",
                    "<b>Ủy ban nhân dân thành phố",
                    "<b>1.431 mô hình",
                    "<b>1431 mô hình"
                ]
                .iter()
                .any(|m| snippet.contains(m)),
                "{quoted}: {snippet}"
            );
        }
    }
}

/// Scores and order of `query` (`--match any`), and the correction offered.
fn ranking(index: &std::path::Path, query: &str) -> (Vec<(String, String)>, serde_json::Value) {
    let results = search_json(index, &["--match", "any", "--limit", "20", query]);
    let hits = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["id"].to_string(), h["score"].to_string()))
        .collect();
    (hits, results["did_you_mean"].clone())
}

/// Pairs of common words are counted in a sample of articles; the sample
/// must not depend on how a build split the articles into segments, or
/// two builds of the same articles would rank them differently (as they
/// did when every segment was sampled at an even stride).
#[test]
fn two_builds_of_the_same_articles_rank_alike() {
    let dir = tempfile::TempDir::new().unwrap();
    let all = dir.path().join("all.jsonl");
    news_slice(&all, 3_000);
    let text = std::fs::read_to_string(&all).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (one_run, three_runs) = (dir.path().join("one"), dir.path().join("three"));
    build_index(&all, &one_run);
    // The same articles, a third at a time and last third first: other
    // segments, other order.
    let parts = dir.path().join("parts");
    std::fs::create_dir(&parts).unwrap();
    for (i, chunk) in lines.chunks(1_000).enumerate().rev() {
        std::fs::write(parts.join(format!("{i}.jsonl")), chunk.join("\n") + "\n").unwrap();
        build_index(&parts, &three_runs);
    }
    let segments = |index: &std::path::Path| -> Vec<u64> {
        let meta: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(index.join("meta.json")).unwrap())
                .unwrap();
        let mut sizes: Vec<u64> = meta["segments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["max_doc"].as_u64().unwrap())
            .collect();
        sizes.sort_unstable();
        sizes
    };
    assert_ne!(segments(&one_run), segments(&three_runs), "layouts differ");
    // `của` and `các` are in most of the 3,000 articles, so their pair is
    // sampled; so are the neighbours of `phos` when choosing its correction.
    for query in ["của các", "cua cac nuoc", "thanh phos ho chi minh"] {
        let (one, three) = (ranking(&one_run, query), ranking(&three_runs, query));
        assert!(!one.0.is_empty(), "{query}: no hits");
        assert_eq!(one, three, "{query}");
    }
    assert_eq!(
        ranking(&one_run, "thanh phos ho chi minh").1,
        "thanh pho ho chi minh"
    );
}

/// Counts read as English: `1 result`, `2 results`, `1 has no source`.
#[test]
fn counts_of_one_are_singular() {
    let dir = seed_index();
    let index = index_path(&dir);
    let one = run_on(&index, &["search", "dân vận", "--source", "PLVN"]);
    let text = String::from_utf8(one.stdout).unwrap();
    assert!(text.starts_with("1 result for \"dân vận\""), "{text}");
    let more = run_on(&index, &["search", "dân vận khéo"]);
    let text = String::from_utf8(more.stdout).unwrap();
    assert!(text.starts_with("4 results for"), "{text}");
    let count = run_on(&index, &["count", "dân", "--by", "source"]);
    let text = String::from_utf8(count.stdout).unwrap();
    assert!(
        text.contains("5 articles match \"dân\"; 1 has no source"),
        "{text}"
    );
}

/// `tp.hcm` typed in lower case is the city's abbreviation, as `TP.HCM`
/// is, not two words split by a full stop; and every way articles write
/// the city finds them: `TP.HCM`, `Tp.HCM`, `TP HCM`, `TP. HCM`, `TP. Hồ
/// Chí Minh`, `Thành phố Hồ Chí Minh`, `TPHCM`.
#[test]
fn the_dotted_city_abbreviation_matches_in_any_case_and_spelling() {
    let dir = text_index(&[
        (
            "upper",
            "Giá thịt heo\n\nĐồng Nai muốn bán thịt heo ở TP.HCM với giá thấp.",
        ),
        (
            "mixed",
            "Chợ đầu mối\n\nChợ đầu mối Bình Điền của Tp.HCM mở cửa lại.",
        ),
        ("spaced", "Kẹt xe\n\nKẹt xe ở cửa ngõ TP HCM sáng nay."),
        (
            "stop",
            "Mưa lớn\n\nMưa lớn ở TP. HCM gây ngập nhiều tuyến đường.",
        ),
        (
            "name",
            "Học phí\n\nTP. Hồ Chí Minh giữ nguyên học phí năm nay.",
        ),
        (
            "full",
            "Quy hoạch\n\nThành phố Hồ Chí Minh công bố quy hoạch mới.",
        ),
        ("glued", "Tuyển sinh\n\nTPHCM công bố điểm chuẩn lớp 10."),
        ("apart", "Huế\n\nTP Huế đón khách; đoàn HCM đến sau."),
    ]);
    let index = index_path(&dir);
    let all = vec!["full", "glued", "mixed", "name", "spaced", "stop", "upper"];
    for query in ["tp.hcm", "TP.HCM", "Tp.Hcm", "tphcm"] {
        let found = sorted(ids(&search_json(&index, &[query])));
        assert_eq!(found, all, "{query}");
    }
    let heo = ids(&search_json(&index, &["thit heo o tp.hcm"]));
    assert_eq!(heo, vec!["upper"]);
}

/// A place typed as one word (`daklak`) that a few articles do write so
/// is still read as its two syllables when more headlines have them.
#[test]
fn a_run_together_name_that_some_articles_write_finds_the_place_too() {
    let dir = text_index(&[
        (
            "tinh",
            "Đắk Lắk: mùa cà phê\n\nTỉnh Đắk Lắk thu hoạch cà phê sớm.",
        ),
        (
            "lua",
            "Đắk Lắk có thêm giống lúa mới\n\nNông dân được hỗ trợ giống.",
        ),
        (
            "hang",
            "Cà phê đóng gói\n\nThương hiệu cà phê Daklak ra mắt sản phẩm mới.",
        ),
        ("khac", "Gia Lai mùa mưa\n\nMưa lớn ở Gia Lai."),
    ]);
    let found = sorted(ids(&search_json(&index_path(&dir), &["daklak"])));
    assert_eq!(found, vec!["hang", "lua", "tinh"]);
}
