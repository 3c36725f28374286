//! Shared helpers for the integration tests: run the real binary, build a
//! real index of the shipped corpus in a temporary folder.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

/// The project root (tests run with the package root as working dir).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn corpus() -> PathBuf {
    root().join("corpus")
}

/// `vnsearch` with a clean environment (no VNSEARCH_INDEX from outside).
pub fn vnsearch() -> Command {
    let mut cmd = Command::cargo_bin("vnsearch").expect("binary is built");
    cmd.env_remove("VNSEARCH_INDEX").env("NO_COLOR", "1");
    cmd
}

/// A fresh index of `corpus/` in a temporary folder.
pub fn seed_index() -> TempDir {
    let dir = TempDir::new().unwrap();
    vnsearch()
        .arg("index")
        .arg(corpus())
        .arg("--index")
        .arg(dir.path().join("index"))
        .assert()
        .success();
    dir
}

/// `vnsearch index CORPUS --index INDEX`, which must succeed.
pub fn build_index(corpus: &Path, index: &Path) {
    vnsearch()
        .arg("index")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .assert()
        .success();
}

/// An index (at `index_path`) of small plain-text articles `(stem, text)`
/// written to a `corpus/` folder in a temporary directory.
pub fn text_index(articles: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for (name, text) in articles {
        std::fs::write(corpus.join(format!("{name}.txt")), text).unwrap();
    }
    build_index(&corpus, &index_path(&dir));
    dir
}

pub fn index_path(dir: &TempDir) -> PathBuf {
    dir.path().join("index")
}

/// Runs `vnsearch ARGS --index INDEX`.
pub fn run_on(index: &Path, args: &[&str]) -> Output {
    vnsearch()
        .args(args)
        .arg("--index")
        .arg(index)
        .output()
        .unwrap()
}

/// Runs `vnsearch ARGS --index INDEX`, which must succeed and print one JSON
/// document.
pub fn json_on(index: &Path, args: &[&str]) -> serde_json::Value {
    let output = run_on(index, args);
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON document")
}

/// Runs `vnsearch search ARGS --json` against `index` and parses the output.
pub fn search_json(index: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.push("--json");
    json_on(index, &all)
}

/// The ids of the hits, in rank order.
pub fn ids(results: &serde_json::Value) -> Vec<String> {
    results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

pub fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `../shared/corpus/news.jsonl.gz`, the real news corpus that sits beside
/// every clone (and in CI). A test that needs it fails, naming the file,
/// when it is absent: it never passes without running.
pub fn shared_news() -> PathBuf {
    let path = root().join("../shared/corpus/news.jsonl.gz");
    assert!(
        path.is_file(),
        "{} not found: this test needs the shared news corpus beside the clone (../shared/corpus/news.jsonl.gz)",
        path.display()
    );
    path
}

/// The first `n` lines of the shared news corpus, written uncompressed to
/// `to` (a JSON Lines file).
pub fn news_slice(to: &Path, n: usize) {
    use std::io::{BufRead, BufReader, Write};
    let reader = BufReader::new(flate2::read::MultiGzDecoder::new(
        std::fs::File::open(shared_news()).unwrap(),
    ));
    let mut out = std::io::BufWriter::new(std::fs::File::create(to).unwrap());
    let mut written = 0;
    for line in reader.lines().take(n) {
        writeln!(out, "{}", line.unwrap()).unwrap();
        written += 1;
    }
    out.flush().unwrap();
    assert_eq!(
        written, n,
        "the shared news corpus has fewer than {n} lines"
    );
}

/// A running `vnsearch serve` on a free loopback port, killed on drop.
pub struct Server {
    child: std::process::Child,
    pub addr: String,
}

impl Server {
    /// Starts the real binary on `index` and waits for its address line.
    pub fn start(index: &Path) -> Server {
        Server::start_with(index, &[])
    }

    /// The same with more `serve` options.
    pub fn start_with(index: &Path, options: &[&str]) -> Server {
        use std::io::BufRead;
        let binary = assert_cmd::cargo::cargo_bin("vnsearch");
        let mut child = std::process::Command::new(binary)
            .args(["serve", "--quiet", "--addr", "127.0.0.1:0"])
            .args(options)
            .arg("--index")
            .arg(index)
            .env_remove("VNSEARCH_INDEX")
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("start vnsearch serve");
        let stderr = child.stderr.take().unwrap();
        let mut lines = std::io::BufReader::new(stderr).lines();
        let first = lines
            .next()
            .expect("serve prints its address")
            .expect("stderr is UTF-8");
        let addr = first
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {first:?}"))
            .to_string();
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Server { child, addr }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// GET `path`: status, content type and body.
    pub fn get(&self, path: &str) -> (u16, String, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut response = agent.get(&self.url(path)).call().expect("request sent");
        let status = response.status().as_u16();
        let kind = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .expect("body");
        (status, kind, body)
    }

    /// GET `path` as JSON, asserting the status.
    pub fn json(&self, path: &str, status: u16) -> serde_json::Value {
        let (got, _, body) = self.get(path);
        assert_eq!(got, status, "GET {path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: {e}: {body}"))
    }

    /// Sends `request` (a whole HTTP request, exactly as given: no URL
    /// normalisation) and returns the raw response.
    pub fn raw(&self, request: &str) -> String {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut out = Vec::new();
        let _ = stream.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
