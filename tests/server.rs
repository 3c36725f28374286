//! `vnsearch serve`: the native JSON API against a real server on a free
//! loopback port, over a real index of `corpus/`. The API must answer what
//! the CLI prints for the same arguments (one search path, one contract).

mod common;

use std::time::{Duration, Instant};

use common::{index_path, seed_index, Server};
use serde_json::Value;

/// `took_ms` is the only field allowed to differ between two runs.
fn without_timing(mut v: Value) -> Value {
    if let Some(o) = v.as_object_mut() {
        o.remove("took_ms");
    }
    v
}

fn cli_error(args: &[&str], index: &std::path::Path) -> String {
    let output = common::run_on(index, args);
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    common::stderr(&output)
}

#[test]
fn the_api_answers_what_the_cli_prints() {
    let dir = seed_index();
    let index = index_path(&dir);
    let server = Server::start(&index);
    let cases: &[(&str, &[&str])] = &[
        (
            "/api/search?q=dan+van+kheo",
            &["search", "dan van kheo", "--json"],
        ),
        ("/api/search?q=hai+phog", &["search", "hai phog", "--json"]),
        (
            "/api/search?q=hai+phog&typos=off",
            &["search", "hai phog", "--typos", "off", "--json"],
        ),
        (
            "/api/search?q=d%C3%A2n+v%E1%BA%ADn&city=hai+phong&limit=2&offset=1",
            &[
                "search",
                "dân vận",
                "--city",
                "hai phong",
                "--limit",
                "2",
                "--offset",
                "1",
                "--json",
            ],
        ),
        (
            "/api/search?q=UBND&sort=-date&source=Ph%C3%A1p+lu%E1%BA%ADt&source=Thanh+tra",
            &[
                "search",
                "UBND",
                "--sort=-date",
                "--source",
                "Pháp luật",
                "--source",
                "Thanh tra",
                "--json",
            ],
        ),
        (
            "/api/search?q=dan+van+zzzz",
            &["search", "dan van zzzz", "--json"],
        ),
        (
            "/api/search?q=*&from=2023&to=2023-12&year=2023",
            &[
                "search", "*", "--from", "2023", "--to", "2023-12", "--year", "2023", "--json",
            ],
        ),
        (
            "/api/count?q=*&by=city&by=year",
            &["count", "*", "--by", "city", "--by", "year", "--json"],
        ),
        (
            "/api/count?q=dan+van&by=source&match=any",
            &[
                "count", "dan van", "--by", "source", "--match", "any", "--json",
            ],
        ),
        (
            "/api/articles/004_8c31f129d15c69f0",
            &["show", "004_8c31f129d15c69f0", "--json"],
        ),
        (
            "/api/articles/004_8c31f129d15c69f0?highlight=dan+van+kheo",
            &[
                "show",
                "004_8c31f129d15c69f0",
                "--highlight",
                "dan van kheo",
                "--json",
            ],
        ),
    ];
    for (path, args) in cases {
        let api = without_timing(server.json(path, 200));
        let cli = without_timing(common::json_on(&index, args));
        assert_eq!(api, cli, "{path} vs vnsearch {args:?}");
    }
    // The relaxed case really was relaxed, and the article has its original.
    assert_eq!(
        server.json("/api/search?q=dan+van+zzzz", 200)["relaxed"],
        true
    );
    let article = server.json(
        "/api/articles/004_8c31f129d15c69f0?highlight=dan+van+kheo",
        200,
    );
    assert!(article["original"]
        .as_str()
        .unwrap()
        .contains("Dân vận khéo"));
    assert!(article["body_highlighted"]
        .as_str()
        .unwrap()
        .contains("<b>Dân vận khéo</b>"));
}

#[test]
fn bad_requests_get_the_cli_messages() {
    let dir = seed_index();
    let index = index_path(&dir);
    let server = Server::start(&index);
    for (path, args) in [
        ("/api/search?q=(dan", vec!["search", "(dan"]),
        (
            "/api/search?q=dan&city=Atlantis",
            vec!["search", "dan", "--city", "Atlantis"],
        ),
        (
            "/api/search?q=dan&from=h%C3%B4m+qua",
            vec!["search", "dan", "--from", "hôm qua"],
        ),
        (
            "/api/search?q=dan&limit=0",
            vec!["search", "dan", "--limit", "0"],
        ),
    ] {
        let error = server.json(path, 400);
        let message = error["error"].as_str().unwrap();
        assert!(
            cli_error(&args, &index).contains(message),
            "{path}: API says {message:?}"
        );
    }
    for path in [
        "/api/search",
        "/api/search?q=a&sort=up",
        "/api/search?q=a&limit=lots",
        "/api/count?q=a",
        "/api/count?q=a&by=planet",
        "/api/export?q=a&format=xlsx",
        "/api/timeline?q=a&interval=week",
    ] {
        let error = server.json(path, 400);
        assert!(!error["error"].as_str().unwrap().is_empty(), "{path}");
    }
    let long = format!("/api/search?q={}", "a+".repeat(600));
    assert!(server.json(&long, 400)["error"]
        .as_str()
        .unwrap()
        .contains("limit"));
    let many = format!("/api/search?q={}", vec!["tu"; 3000].join("+OR+"));
    let (status, _, _) = server.get(&many);
    assert!(status == 400 || status == 414, "{status}");
    assert_eq!(server.json("/api/articles/nope", 404)["code"], "not_found");
    assert_eq!(server.json("/api/nothing", 404)["code"], "not_found");
}

#[test]
fn facets_are_disjunctive_on_request_and_paging_is_stable() {
    let dir = seed_index();
    let server = Server::start(&index_path(&dir));
    let plain = server.json("/api/search?q=*&city=H%E1%BA%A3i+Ph%C3%B2ng", 200);
    assert_eq!(plain["total"], 3);
    assert_eq!(plain["facets"]["city"].as_object().unwrap().len(), 1);
    let disjunctive = server.json(
        "/api/search?q=*&city=H%E1%BA%A3i+Ph%C3%B2ng&facets=disjunctive",
        200,
    );
    assert_eq!(disjunctive["total"], 3);
    let cities = disjunctive["facets"]["city"].as_object().unwrap();
    assert_eq!(cities["Hải Phòng"], 3);
    assert_eq!(cities["Bến Tre"], 1, "other cities keep their counts");
    // Years are counted within the city (the other panel's filter holds).
    let years: u64 = disjunctive["facets"]["year"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert!(years <= 3);
    // An offset past the end is an empty page, not a huge allocation.
    let far = server.json("/api/search?q=*&offset=100000000000", 200);
    assert_eq!(
        (far["total"].as_u64(), far["hits"].as_array().map(Vec::len)),
        (Some(5), Some(0))
    );
    assert_eq!(server.json("/api/health", 200)["status"], "ok");
    let mut paged = Vec::new();
    for offset in 0..5 {
        let page = server.json(&format!("/api/search?q=*&limit=1&offset={offset}"), 200);
        paged.extend(common::ids(&page));
    }
    let all = common::ids(&server.json("/api/search?q=*&limit=5", 200));
    assert_eq!(paged, all);
}

#[test]
fn exports_stream_every_match_with_a_file_name() {
    let dir = seed_index();
    let server = Server::start(&index_path(&dir));
    let total = server.json("/api/search?q=dan+van", 200)["total"]
        .as_u64()
        .unwrap();
    let (status, kind, body) = server.get("/api/export?q=dan+van&format=csv&cite=true");
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/csv"));
    let mut rows = body.split("\r\n").filter(|l| !l.is_empty());
    let header = rows.next().unwrap();
    assert!(header.starts_with("id,title,date") && header.ends_with("citation"));
    // Quoted fields may hold line breaks only inside quotes; the seeds' do not.
    assert_eq!(rows.count() as u64, total);
    let (_, kind, body) = server.get("/api/export?q=dan+van&format=jsonl&fields=id,title,body");
    assert!(kind.starts_with("application/x-ndjson"));
    let records: Vec<Value> = body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len() as u64, total);
    assert!(records
        .iter()
        .all(|r| r["body"].as_str().is_some_and(|b| !b.is_empty())));
    let raw = server.raw(&format!(
        "GET /api/export?q=dan+van&format=csv HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    ));
    assert!(
        raw.contains("attachment; filename=\"vnsearch-dan-van.csv\""),
        "{raw}"
    );
}

#[test]
fn timeline_and_stats() {
    let dir = seed_index();
    let server = Server::start(&index_path(&dir));
    let t = server.json("/api/timeline?q=dan+van&interval=month", 200);
    let counted: u64 = t["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let (count, all) = (p["count"].as_u64().unwrap(), p["all"].as_u64().unwrap());
            assert!(count <= all);
            assert!(p["period"].as_str().unwrap().len() == 7, "{p}");
            count
        })
        .sum();
    assert_eq!(
        counted + t["undated"].as_u64().unwrap(),
        t["total"].as_u64().unwrap()
    );
    assert!(t["cities"].as_array().unwrap().len() <= 10);
    let (status, kind, csv) = server.get("/api/timeline?q=dan+van&format=csv");
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/csv"));
    assert!(csv.starts_with("period,count,all,share\r\n"));
    let stats = server.json("/api/stats", 200);
    assert_eq!(stats["articles"], 5);
    assert!(stats["index_bytes"].as_u64().unwrap() > 10_000);
    assert!(stats["last_update"].as_str().unwrap().starts_with("20"));
    assert_eq!(stats["facets"]["city"]["Hải Phòng"], 3);
    assert_eq!(server.json("/api/health", 200)["status"], "ok");
}

#[test]
fn nothing_outside_the_routes_is_served() {
    let dir = seed_index();
    let server = Server::start(&index_path(&dir));
    for target in [
        "/../Cargo.toml",
        "/assets/../../Cargo.toml",
        "/assets/..%2f..%2fCargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/assets/%2e%2e%2f%2e%2e%2fsrc%2fmain.rs",
        "//etc/passwd",
        "/api/articles/..%2f..%2fCargo.toml",
        "/corpus/000_19344bc9e478a924.txt",
        "/index/meta.json",
    ] {
        let response = server.raw(&format!(
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        ));
        assert!(
            !response.starts_with("HTTP/1.1 200"),
            "{target}: {response}"
        );
        for secret in ["[package]", "root:", "fn main", "segments", "Dân vận"] {
            assert!(!response.contains(secret), "{target} leaked {secret}");
        }
    }
    let huge = format!("/api/search?q=a&x={}", "y".repeat(9000));
    let (status, _, _) = server.get(&huge);
    assert_eq!(status, 414);
}

#[test]
fn the_server_answers_from_a_new_commit_without_a_restart() {
    let dir = tempfile::TempDir::new().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(common::corpus()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), corpus.join(entry.file_name())).unwrap();
    }
    let index = dir.path().join("index");
    common::build_index(&corpus, &index);
    let server = Server::start(&index);
    assert_eq!(server.json("/api/search?q=*", 200)["total"], 5);
    std::fs::write(
        corpus.join("new.txt"),
        "Tin mới\n\nQuảng Ninh: khai trương cầu cảng Hòn Gai mở rộng.\n",
    )
    .unwrap();
    common::build_index(&corpus, &index);
    let started = Instant::now();
    loop {
        let total = server.json("/api/search?q=*", 200)["total"]
            .as_u64()
            .unwrap();
        if total == 6 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the server still answers from the old index after 10 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let hit = server.json("/api/search?q=hon+gai", 200);
    assert_eq!(hit["total"], 1);
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let dir = seed_index();
    let index = index_path(&dir);
    let binary = assert_cmd::cargo::cargo_bin("vnsearch");
    let mut child = std::process::Command::new(binary)
        .args(["serve", "--addr", "127.0.0.1:0", "--index"])
        .arg(&index)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    std::io::BufRead::read_line(&mut stderr, &mut first).unwrap();
    assert!(first.contains("http://127.0.0.1:"), "{first}");
    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(rest.contains("stopped"), "{rest}");
}

/// Reads from `stream` until the server closes it; false if it is still
/// open after `limit`. Between reads, `dribble` is sent (a slow client
/// adding a byte to its request head).
fn closed_within(stream: &mut std::net::TcpStream, dribble: &[u8], limit: Duration) -> bool {
    use std::io::{ErrorKind, Read, Write};
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let started = Instant::now();
    let mut buf = [0u8; 512];
    while started.elapsed() < limit {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return true,
        }
        if !dribble.is_empty() && stream.write_all(dribble).is_err() {
            return true;
        }
    }
    false
}

#[test]
fn slow_and_idle_clients_are_cut_off_at_the_header_deadline() {
    let dir = seed_index();
    let server = Server::start_with(&index_path(&dir), &["--header-timeout", "1"]);
    // Opens a connection and sends nothing.
    let mut idle = std::net::TcpStream::connect(&server.addr).unwrap();
    // Sends a request head a byte at a time, never finishing it.
    let mut slow = std::net::TcpStream::connect(&server.addr).unwrap();
    std::io::Write::write_all(
        &mut slow,
        b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ",
    )
    .unwrap();
    let started = Instant::now();
    assert!(
        closed_within(&mut slow, b"a", Duration::from_secs(8)),
        "a client dribbling its request head was still connected after 8 s"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(800),
        "cut off before the deadline: {:?}",
        started.elapsed()
    );
    assert!(
        closed_within(&mut idle, b"", Duration::from_secs(8)),
        "a client that sent nothing was still connected after 8 s"
    );
    // Everyone else is served as before, including a request head that
    // arrives in pieces within the deadline.
    assert_eq!(server.json("/api/health", 200)["status"], "ok");
    let response = server.raw(&format!(
        "GET /api/health HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    ));
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
}

#[test]
fn a_bad_header_or_body_timeout_is_refused_with_its_name() {
    for option in ["--header-timeout", "--body-timeout"] {
        for value in ["0", "-1", "7200", "soon"] {
            let out = assert_cmd::Command::cargo_bin("vnsearch")
                .unwrap()
                .args(["serve", &format!("{option}={value}")])
                .output()
                .unwrap();
            assert!(!out.status.success());
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains(option), "{stderr}");
            assert!(stderr.contains("between 0 and 3600"), "{stderr}");
        }
    }
}

/// Sends `head`, then `body` one byte every `pace`, and returns the whole
/// answer (the server closes the connection: `Connection: close`).
fn post_slowly(addr: &str, head: &str, body: &[u8], pace: Duration) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    for byte in body {
        // Stop sending once the server has answered (or closed).
        stream.set_nonblocking(true).unwrap();
        let answered = !matches!(
            stream.peek(&mut [0u8; 1]),
            Err(ref e) if e.kind() == std::io::ErrorKind::WouldBlock
        );
        stream.set_nonblocking(false).unwrap();
        if answered || stream.write_all(&[*byte]).is_err() {
            break;
        }
        std::thread::sleep(pace);
    }
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn a_request_body_that_comes_too_slowly_is_answered_408_at_the_deadline() {
    let dir = seed_index();
    let server = Server::start_with(&index_path(&dir), &["--body-timeout", "1"]);
    let body = r#"{"q": "dân vận khéo", "limit": 1}"#.as_bytes();
    let head = |path: &str| {
        format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            server.addr,
            body.len()
        )
    };
    for path in ["/indexes/articles/search", "/multi-search"] {
        let started = Instant::now();
        // A byte every 100 ms: about 4 s for the whole body.
        let answer = post_slowly(&server.addr, &head(path), body, Duration::from_millis(100));
        let took = started.elapsed();
        assert!(answer.starts_with("HTTP/1.1 408"), "{path}: {answer}");
        assert!(
            answer.to_ascii_lowercase().contains("connection: close"),
            "{answer}"
        );
        assert!(answer.contains("body_timeout"), "{answer}");
        assert!(
            took >= Duration::from_millis(900) && took < Duration::from_secs(4),
            "{path}: answered after {took:?}, not at the 1 s deadline"
        );
    }
    // The same body in pieces within the deadline is served.
    let answer = post_slowly(
        &server.addr,
        &head("/indexes/articles/search"),
        body,
        Duration::from_millis(10),
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"hits\""), "{answer}");
    // And everyone else as before.
    assert_eq!(server.json("/api/health", 200)["status"], "ok");
}
