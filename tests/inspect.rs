//! End-to-end checks of `vnsearch inspect` on the seed corpus and on bad
//! input, running the real binary.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn inspect(args: &[&str]) -> (Vec<Value>, String, i32) {
    let out = Command::cargo_bin("vnsearch")
        .unwrap()
        .arg("inspect")
        .arg("--json")
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let records = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (
        records,
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

fn seeds() -> Vec<Value> {
    let (records, stderr, code) = inspect(&["corpus"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(records.len(), 5);
    records
}

fn s(v: &Value, key: &str) -> Option<String> {
    v[key].as_str().map(str::to_owned)
}

#[test]
fn seed_fields() {
    // id, title, date, time, source, city, district, province_2025
    type Row<'a> = (
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
        &'a str,
        Option<&'a str>,
        &'a str,
    );
    let want: [Row; 5] = [
        (
            "000_19344bc9e478a924",
            "Hải Phòng: Gắn mục tiêu “dân thụ hưởng” với phát triển kinh tế - xã hội",
            Some("2023-12-19"),
            Some("14:30"),
            Some("Báo điện tử Đảng Cộng sản Việt Nam"),
            "Hải Phòng",
            None,
            "Hải Phòng",
        ),
        (
            "001_2b3147db5cda446e",
            "Hải Phòng: Tiếp tục đổi mới, nâng cao hiệu quả công tác dân vận",
            None,
            None,
            Some("Báo Pháp luật Việt Nam"),
            "Hải Phòng",
            None,
            "Hải Phòng",
        ),
        (
            "002_f24ad079690c9dd4",
            "Thành phố Bến Tre tổng kết công tác dân vận năm 2023",
            Some("2024-01-22"),
            None,
            None,
            "Bến Tre",
            Some("Bến Tre"),
            "Vĩnh Long",
        ),
        (
            "003_6ba4b226bd7a6141",
            "Hải Phòng: Tăng cường khối đại đoàn kết toàn dân",
            Some("2022-01-07"),
            Some("21:29"),
            Some("Báo Thanh tra"),
            "Hải Phòng",
            None,
            "Hải Phòng",
        ),
        (
            "004_8c31f129d15c69f0",
            "Quận Hoàng Mai xây dựng được 1.431 mô hình, điển hình “Dân vận khéo”",
            Some("2023-09-29"),
            Some("13:34"),
            Some("Báo Hànộimới"),
            "Hà Nội",
            Some("Hoàng Mai"),
            "Hà Nội",
        ),
    ];
    let records = seeds();
    for (r, (id, title, date, time, source, city, district, p2025)) in records.iter().zip(want) {
        assert_eq!(s(r, "id").as_deref(), Some(id));
        assert_eq!(s(r, "path").unwrap(), format!("corpus/{id}.txt"));
        assert_eq!(s(r, "title").as_deref(), Some(title), "{id}");
        assert_eq!(s(r, "date").as_deref(), date, "{id}");
        assert_eq!(s(r, "time").as_deref(), time, "{id}");
        assert_eq!(s(r, "source").as_deref(), source, "{id}");
        assert_eq!(s(r, "city").as_deref(), Some(city), "{id}");
        assert_eq!(s(r, "district").as_deref(), district, "{id}");
        assert_eq!(s(r, "province_2025").as_deref(), Some(p2025), "{id}");
        assert!(r["mentions"].is_array(), "{id}");
        assert_eq!(r["warnings"], serde_json::json!([]), "{id}");
    }
    assert_eq!(
        s(&records[2], "district_full").as_deref(),
        Some("Thành phố Bến Tre")
    );
    assert_eq!(s(&records[2], "district_code").as_deref(), Some("829"));
    assert_eq!(
        s(&records[4], "district_full").as_deref(),
        Some("Quận Hoàng Mai")
    );
    // Seed 001 states no date: only an inferred year.
    let inferred = records[1]["date_inferred"].as_i64();
    assert!(matches!(inferred, Some(2020 | 2021)), "{inferred:?}");
}

#[test]
fn bodies_keep_the_article_and_drop_boilerplate() {
    let records = seeds();
    let boilerplate = [
        "Xác thực",
        "Lời bình",
        "Họ và tên",
        "Ý kiến bình luận",
        "CÓ THỂ BẠN QUAN TÂM",
        "Cùng chuyên mục",
        "Tin mới nhất",
        "Đọc thêm",
        "img_2853.jpg",
        "img_2860.jpg",
        "Không sao chép",
        "Xin vui lòng gõ tiếng Việt có dấu",
        "(ĐCSVN) -",
    ];
    for r in &records {
        let body = r["body"].as_str().unwrap();
        for b in boilerplate {
            assert!(!body.contains(b), "{} contains {b:?}", r["id"]);
        }
        assert_eq!(
            r["body_chars"].as_u64().unwrap() as usize,
            body.chars().count()
        );
    }
    let sentences = [
        (0, "Ngày 19/12, Ban Dân vận Thành ủy Hải Phòng tổ chức Hội nghị tổng kết công tác dân vận năm 2023"),
        (0, "Trong đó có 2 giải A; 5 giải B; 13 giải C và 5 giải Khuyến khích./."),
        (1, "Ban Dân vận Thành ủy vừa tổ chức Hội nghị tổng kết công tác dân vận năm 2020"),
        (1, "11 cá nhân đã có thành tích xuất sắc trong phong trào “Dân vận khéo” giai đoạn 2016 - 2020."),
        (2, "Sáng ngày 18/01/2024, Ban Dân vận Thành ủy Bến Tre tổ chức hội nghị"),
        (2, "04 cá nhân có thành tích nổi bật"),
        (3, "Chiều 7/1, UBND thành phố Hải Phòng phối hợp với Ban Dân vận Thành ủy"),
        (3, "các quận, huyện cũng cần tăng cường kiểm tra, giám sát cấp dưới trong việc thực hiện."),
        (4, "Sáng 29-9, Quận ủy Hoàng Mai tổ chức hội nghị tổng kết 10 năm"),
        (4, "Bí thư Quận ủy, Chủ tịch HĐND quận Hoàng Mai Nguyễn Quang Hiếu trao Giấy khen cho các tập thể."),
        (4, "Dịp này, Quận ủy Hoàng Mai đã tặng Giấy khen cho 16 tập thể và 20 cá nhân"),
    ];
    for (i, sentence) in sentences {
        let body = records[i]["body"].as_str().unwrap();
        assert!(body.contains(sentence), "seed {i} lost {sentence:?}");
    }
    // The caption printed twice in seed 001 is kept once.
    let caption = "Phó Chủ tịch Thường trực UBND TP Lê Anh Quân trao bằng khen";
    assert_eq!(
        records[1]["body"]
            .as_str()
            .unwrap()
            .matches(caption)
            .count(),
        1
    );
}

#[test]
fn human_output_and_summary() {
    let out = Command::cargo_bin("vnsearch")
        .unwrap()
        .args(["inspect", "corpus"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("title:    Hải Phòng: Tăng cường khối đại đoàn kết toàn dân"));
    assert!(stdout.contains("Quận Hoàng Mai, Hà Nội"));
    assert!(stdout.ends_with("5 articles from 5 files; 0 files skipped; 0 warnings\n"));
}

#[test]
fn missing_path_is_an_error() {
    let out = Command::cargo_bin("vnsearch")
        .unwrap()
        .args(["inspect", "no-such-folder"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("corpus folder `no-such-folder` does not exist"));
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

const ARTICLE: &str = "Hải Phòng: Tăng cường khối đại đoàn kết toàn dân\n\nThứ sáu, 07/01/2022 - 21:29\n\n(Thanh tra) - Chiều 7/1, UBND thành phố Hải Phòng tổ chức hội nghị.\n";

#[test]
fn bad_input_warns_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Windows-1258: tone marks as combining characters after the letter.
    let cp1258 = encoding_rs::WINDOWS_1258
        .encode("Ha\u{309}i Pho\u{300}ng: Tăng cươ\u{300}ng kh\u{f4}\u{301}i đa\u{323}i đoa\u{300}n kê\u{301}t\n\n22/01/2024\n\nNội dung bài.\n")
        .0
        .into_owned();
    write(d, "a_cp1258.txt", &cp1258);
    let mut utf16 = vec![0xFF, 0xFE];
    for u in ARTICLE.encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    write(d, "b_utf16.txt", &utf16);
    write(d, "c_empty.txt", b"");
    write(
        d,
        "d_binary.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0",
    );
    write(
        d,
        "e_lines.jsonl",
        "{\"id\":\"ok1\",\"title\":\"Hà Nội: tin một\",\"text\":\"Một.\"}\n{\"title\": broken\n{\"id\":\"ok2\",\"title\":\"Tin hai\",\"text\":\"Hai.\",\"date\":\"2024-03-05\"}\n".as_bytes(),
    );
    write(d, "f_good.txt", ARTICLE.as_bytes());
    write(d, "notes.md", b"not an article");

    let (records, stderr, code) = inspect(&[d.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a_cp1258", "b_utf16", "ok1", "ok2", "f_good"]);
    assert_eq!(
        records[0]["title"],
        "Hải Phòng: Tăng cường khối đại đoàn kết"
    );
    assert_eq!(records[0]["city"], "Hải Phòng");
    assert_eq!(
        records[1]["title"],
        "Hải Phòng: Tăng cường khối đại đoàn kết toàn dân"
    );
    assert_eq!(records[1]["source"], "Báo Thanh tra");
    assert_eq!(records[3]["date"], "2024-03-05");
    let expect = [
        "a_cp1258.txt: not UTF-8",
        "Windows-1258",
        "b_utf16.txt: not UTF-8; decoded as UTF-16LE",
        "c_empty.txt: empty file",
        "d_binary.txt: binary file, skipped",
        "e_lines.jsonl:2: malformed JSON",
    ];
    for e in expect {
        assert!(stderr.contains(e), "missing {e:?} in {stderr}");
    }
    assert!(
        stderr.contains("5 articles from 6 files; 1 file skipped; 5 warnings"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));

    let (_, _, strict) = inspect(&["--strict", d.to_str().unwrap()]);
    assert_eq!(strict, 1);
    let (_, _, clean_strict) = inspect(&["--strict", "corpus"]);
    assert_eq!(clean_strict, 0);
}

#[test]
fn huge_single_line_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut big = String::from("{\"title\":\"x\",\"text\":\"");
    big.push_str(&"a".repeat(50 * 1024 * 1024));
    big.push_str("\"}");
    write(
        d,
        "big.jsonl",
        format!("{big}\n{{\"id\":\"after\",\"title\":\"Sau\",\"text\":\"b\"}}\n").as_bytes(),
    );
    write(d, "big.txt", big.as_bytes());
    drop(big);
    let (records, stderr, code) = inspect(&[d.to_str().unwrap()]);
    assert_eq!(code, 0);
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["after"]);
    assert!(
        stderr.contains("big.jsonl:1: line is over 20.0 MB"),
        "{stderr}"
    );
    assert!(
        stderr.contains("big.txt: file is 50.0 MB, over the 20.0 MB limit"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}
