//! Browser tests of the search page: the real `vnsearch serve` on a real
//! index, driven in headless Chromium through chromedriver over the
//! WebDriver HTTP protocol (a small client below). Screenshots at desktop
//! and phone width go to `target/screenshots/`.
//!
//! Needs Debian's `chromium` and `chromium-driver`: the browser test
//! installs them with apt-get when they are missing, and fails (never skips)
//! when it cannot.
//! The JavaScript-off test needs no browser and always runs.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tempfile::TempDir;

const CHROMIUM: &str = "/usr/bin/chromium";

/// An article made to attack the page: if any of it ran as markup,
/// `window.__xss` would be set (or an alert would block the session).
const XSS_TITLE: &str = "Dân vận xsstest <script>window.__xss=1;alert(1)</script>";
const XSS_TEXT: &str = "Bài xsstest về dân vận. <script>window.__xss=1;alert(1)</script> \
    Đoạn hai \"><img src=x onerror=\"window.__xss=2;alert(1)\"> còn đây \
    '><svg onload=window.__xss=3>. Hết bài xsstest.";

// ---------------------------------------------------------------- setup

/// The shipped corpus, 200 articles of the shared news corpus (enough for
/// several pages) and the attack article, indexed in a temporary folder.
fn test_index() -> TempDir {
    let dir = TempDir::new().unwrap();
    let news = dir.path().join("news.jsonl");
    common::news_slice(&news, 200);
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&news)
        .unwrap();
    let attack = json!({
        "id": "xss_attack",
        "title": XSS_TITLE,
        "text": XSS_TEXT,
        "date": "2024-03-05",
        "source": "Báo <b>Thử</b>",
        "url": "javascript:window.__xss=4",
    });
    writeln!(file, "{attack}").unwrap();
    drop(file);
    common::vnsearch()
        .arg("index")
        .arg(common::corpus())
        .arg(&news)
        .arg("--index")
        .arg(dir.path().join("index"))
        .assert()
        .success();
    dir
}

/// `vnsearch serve` on a free loopback port; killed on drop.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(index: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vnsearch"))
            .args(["serve", "--addr", "127.0.0.1:0", "--quiet", "--index"])
            .arg(index)
            .env_remove("VNSEARCH_INDEX")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting vnsearch serve");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let first = lines
            .next()
            .expect("vnsearch serve printed nothing")
            .unwrap();
        // `vnsearch: serving N articles from … at http://127.0.0.1:PORT/ …`
        let start = first
            .find("http://")
            .unwrap_or_else(|| panic!("no URL in `{first}`"));
        let base = first[start..]
            .split_whitespace()
            .next()
            .unwrap()
            .trim_end_matches('/')
            .to_string();
        // Keep reading so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, base }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// GET → (status, body).
fn get(url: &str) -> (u16, String) {
    let mut response = agent().get(url).call().unwrap();
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().unwrap())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn browser_installed() -> bool {
    Path::new(CHROMIUM).exists()
        && Command::new("chromedriver")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
}

/// Installs Debian's chromium and chromium-driver when they are missing (as
/// `.ci/run` does), so that the test command alone sets a machine up; a
/// browser that still cannot be had fails the test, never skips it.
fn ensure_browser() {
    if browser_installed() {
        return;
    }
    eprintln!("browser tests: chromium/chromedriver missing; installing them with apt-get");
    let installed = Command::new("sh")
        .args([
            "-c",
            "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver",
        ])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        installed && browser_installed(),
        "the browser tests need Debian's chromium and chromium-driver, and installing them failed; \
         run `apt-get install chromium chromium-driver` (as root) and test again"
    );
}

/// chromedriver on a free port; killed on drop.
struct Driver {
    child: Child,
    base: String,
}

impl Driver {
    fn start() -> Driver {
        let port = free_port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting chromedriver");
        let driver = Driver {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let started = Instant::now();
        loop {
            if let Ok(mut r) = agent().get(&format!("{}/status", driver.base)).call() {
                let status: Value = r.body_mut().read_json().unwrap_or(Value::Null);
                if status["value"]["ready"] == true {
                    break;
                }
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ------------------------------------------------------ WebDriver client

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// One browser session (W3C WebDriver over HTTP); deleted on drop.
struct Session {
    base: String,
    agent: ureq::Agent,
    _profile: TempDir,
}

impl Session {
    fn new(driver: &Driver) -> Session {
        let profile = TempDir::new().unwrap();
        let agent = agent();
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--window-size=1280,900",
                    "--hide-scrollbars", "--no-first-run",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            },
        }}});
        let answer = call(
            &agent,
            "POST",
            &format!("{}/session", driver.base),
            Some(capabilities),
        );
        let id = answer["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"))
            .to_string();
        Session {
            base: format!("{}/session/{id}", driver.base),
            agent,
            _profile: profile,
        }
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        call(&self.agent, method, &format!("{}{path}", self.base), body)
    }

    fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    /// Goes to `url` and waits for the page's script to start.
    fn open(&self, url: &str) {
        self.goto(url);
        self.wait_for(
            "return document.documentElement.classList.contains('js')",
            "the page's script to start",
        );
    }

    fn current_url(&self) -> String {
        self.cmd("GET", "/url", None).as_str().unwrap().to_string()
    }

    fn back(&self) {
        self.cmd("POST", "/back", Some(json!({})));
    }

    fn find(&self, css: &str) -> String {
        let found = self.cmd(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element `{css}`"))
            .to_string()
    }

    fn click(&self, css: &str) {
        let element = self.find(css);
        self.cmd(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.cmd(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn press(&self, key: &str) {
        self.cmd(
            "POST",
            "/actions",
            Some(
                json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
                    {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}
                ]}]}),
            ),
        );
    }

    fn js(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Polls `script` (a `return …` expression) until it is true.
    fn wait_for(&self, script: &str, what: &str) {
        let started = Instant::now();
        loop {
            if self.js(script) == Value::Bool(true) {
                return;
            }
            if started.elapsed() > Duration::from_secs(15) {
                let state =
                    self.js("return location.href + ' | ' + document.body.innerText.slice(0, 600)");
                panic!("timed out waiting for {what}; page: {state}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn resize(&self, width: u32, height: u32) {
        self.cmd(
            "POST",
            "/window/rect",
            Some(json!({"width": width, "height": height})),
        );
    }

    /// Saves a screenshot of the viewport to `target/screenshots/NAME.png`.
    fn screenshot(&self, name: &str) -> PathBuf {
        let data = self.cmd("GET", "/screenshot", None);
        let png = base64_decode(data.as_str().unwrap());
        let dir = common::root().join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    /// A full-page screenshot: the window made as tall as the page first.
    fn full_screenshot(&self, name: &str, width: u32) -> PathBuf {
        let height = self
            .js("return Math.ceil(document.documentElement.scrollHeight)")
            .as_u64()
            .unwrap_or(900)
            .clamp(600, 4000) as u32;
        self.resize(width, height + 140);
        std::thread::sleep(Duration::from_millis(200));
        self.screenshot(name)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.agent.delete(&self.base).call();
    }
}

/// One WebDriver command; its `value`, or a panic with the driver's error.
fn call(agent: &ureq::Agent, method: &str, url: &str, body: Option<Value>) -> Value {
    let response = match (method, body) {
        ("GET", _) => agent.get(url).call(),
        ("DELETE", _) => agent.delete(url).call(),
        (_, Some(body)) => agent.post(url).send_json(&body),
        (_, None) => agent.post(url).send_empty(),
    };
    let mut response = response.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let status = response.status().as_u16();
    let answer: Value = response
        .body_mut()
        .read_json()
        .unwrap_or_else(|e| panic!("{method} {url}: not JSON: {e}"));
    if status != 200 {
        panic!("{method} {url} → {status}: {}", answer["value"]);
    }
    answer["value"].clone()
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => (c - b'A') as u32,
            b'a'..=b'z' => (c - b'a' + 26) as u32,
            b'0'..=b'9' => (c - b'0' + 52) as u32,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let clean: Vec<u8> = text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        .collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

// ---------------------------------------------------------------- tests

/// With JavaScript off the page is a plain GET form: the server renders
/// results, facets, paging and the chart; article text is escaped.
#[test]
fn page_works_without_javascript() {
    let dir = test_index();
    let server = Server::start(&dir.path().join("index"));

    let (status, html) = get(&server.url("/?q=dan+van"));
    assert_eq!(status, 200);
    assert!(html.contains(r#"<li class="hit">"#), "no results in {html}");
    assert!(html.contains("<mark>Dân vận</mark>"), "no highlight");
    assert!(
        html.contains(r#"name="city" value="Hà Nội""#),
        "no city facet"
    );
    assert!(html.contains(r#"data-page="2""#), "no pager");
    let (_, typo) = get(&server.url("/?q=hai+phog"));
    assert!(
        typo.contains(r#"<div id="suggest" class="notice" role="note">Có phải bạn muốn tìm: <a href="/?q=h%E1%BA%A3i+ph%C3%B2ng">hải phòng</a></div>"#),
        "no suggestion in {typo}"
    );
    assert!(html.contains(r#"id="chart-count""#), "no chart");
    assert!(html.contains("/api/export?q=dan+van&amp;format=csv"));

    // A filter and a page as a form would send them.
    let (_, html) = get(&server.url("/?q=dan+van&city=H%C3%A0+N%E1%BB%99i&page=2"));
    assert!(html.contains(r#"value="Hà Nội" checked"#));
    assert!(html.contains(r#"<ol class="hits" id="hits" start="11">"#));

    // English on request.
    let (_, html) = get(&server.url("/?q=dan+van&lang=en"));
    assert!(html.contains(r#"<html lang="en">"#) && html.contains("Refine"));

    // The attack article is text, nowhere markup; its javascript: URL is
    // not a link.
    let (_, html) = get(&server.url("/?q=xsstest"));
    assert!(html.contains("&lt;script&gt;window.__xss=1;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script>window.__xss"));
    assert!(!html.contains("href=\"javascript:"));
    let (status, html) = get(&server.url("/articles/xss_attack?q=xsstest"));
    assert_eq!(status, 200);
    assert!(!html.contains("<script>window.__xss"));
    assert!(!html.contains("<img src=x"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror="));
    assert!(html.contains("<mark>xsstest</mark>"));

    // Errors are pages with the API's message; unknown articles are 404.
    let (status, html) = get(&server.url("/?q=%22unclosed"));
    assert_eq!(status, 400);
    assert!(html.contains(r#"class="error""#));
    let (status, _) = get(&server.url("/articles/nope"));
    assert_eq!(status, 404);

    // Assets come from the binary with their types; nothing else is served.
    let response = agent().get(&server.url("/assets/app.js")).call().unwrap();
    assert_eq!(
        response.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert!(response.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    for path in [
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
        "/assets/mod.rs",
        "/assets//etc/passwd",
    ] {
        let (status, body) = get(&server.url(path));
        assert_eq!(status, 404, "{path} was served: {body}");
    }
}

/// The page in headless Chromium: type, tick, open, go back, page, chart,
/// stay safe, fit a phone.
#[test]
fn search_page_in_a_browser() {
    ensure_browser();
    let dir = test_index();
    let server = Server::start(&dir.path().join("index"));
    let driver = Driver::start();
    let browser = Session::new(&driver);

    // 1. Type an unaccented query: accented, highlighted results, and the
    //    query in the URL.
    browser.open(&server.url("/"));
    browser.screenshot("desktop-landing");
    browser.press("/");
    assert_eq!(
        browser.js("return document.activeElement.id"),
        "q",
        "`/` focuses the search box"
    );
    browser.type_into("#q", "dan van kheo");
    browser.wait_for(
        "return [...document.querySelectorAll('#hits mark')].some(m => m.textContent === 'Dân vận khéo')",
        "highlighted accented results",
    );
    browser.wait_for(
        "return location.search.includes('q=dan+van+kheo')",
        "the query in the URL",
    );
    browser.full_screenshot("desktop-results", 1280);
    browser.resize(1280, 900);

    // 1b. A letter wrong: results for the correction, and a visible
    //     suggestion that searches it.
    browser.open(&server.url("/"));
    browser.type_into("#q", "hai phog");
    browser.wait_for(
        "const s = document.getElementById('suggest'); return !s.hidden && s.querySelector('a')?.textContent === 'hải phòng'",
        "the did-you-mean suggestion",
    );
    assert_eq!(
        browser.js("return document.getElementById('suggest').textContent"),
        "Có phải bạn muốn tìm: hải phòng"
    );
    assert_eq!(
        browser.js("return document.querySelectorAll('#hits .hit').length > 0"),
        true,
        "results for the correction"
    );
    browser.screenshot("desktop-typo");
    browser.click("#suggest a");
    browser.wait_for(
        "return new URLSearchParams(location.search).get('q') === 'hải phòng' && document.getElementById('suggest').hidden",
        "the suggested search, with nothing left to correct",
    );

    // 2. Tick a city: results and counts change, the URL follows, and the
    //    other cities keep their counts (disjunctive facets).
    browser.open(&server.url("/?q=dan+van"));
    let facet_counts = "return Object.fromEntries([...document.querySelectorAll('fieldset[data-facet=city] li label')].map(l => [l.querySelector('.facet-name').textContent, l.querySelector('.facet-count').textContent]))";
    let before = browser.js(facet_counts);
    let total_before = browser.js("return document.querySelector('#summary .total').textContent");
    let city = "Hồ Chí Minh";
    let city_count = before[city].as_str().unwrap().to_string();
    browser.click(&format!("fieldset[data-facet=city] input[value='{city}']"));
    browser.wait_for(
        "return location.search.includes('city=H%E1%BB%93+Ch%C3%AD+Minh')",
        "the city in the URL",
    );
    browser.wait_for(
        &format!(
            "return document.querySelector('#summary .total').textContent.startsWith('{city_count} ')"
        ),
        "the total to become the city's count",
    );
    assert_ne!(
        browser.js("return document.querySelector('#summary .total').textContent"),
        total_before
    );
    let after = browser.js(facet_counts);
    assert_eq!(after, before, "other cities' counts must not change");
    assert_eq!(
        browser.js("return [...document.querySelectorAll('#hits .place')].every(p => p.textContent.startsWith('Hồ Chí Minh'))"),
        true,
        "every hit is in the ticked city"
    );
    let year_counts = "return [...document.querySelectorAll('fieldset[data-facet=year] .facet-count')].map(c => +c.textContent.replace(/\\D/g, '')).reduce((a, b) => a + b, 0)";
    assert!(
        browser.js(year_counts).as_u64().unwrap() <= city_count.parse::<u64>().unwrap(),
        "the year panel is counted within the city"
    );
    let filtered_url = browser.current_url();

    // 3. Open an article, then come back with the back button.
    browser.click("#hits .hit-title a");
    browser.wait_for(
        "return location.pathname.startsWith('/articles/') && !!document.querySelector('#body')",
        "the article view",
    );
    assert!(
        browser
            .js("return document.querySelectorAll('#body mark').length")
            .as_u64()
            .unwrap()
            > 0,
        "the article marks the query's matches"
    );
    assert_eq!(
        browser.js("return !document.querySelector('#copy').hidden"),
        true
    );
    browser.full_screenshot("desktop-article", 1280);
    browser.resize(1280, 900);
    browser.back();
    browser.wait_for(
        "return location.pathname === '/' && document.querySelectorAll('#hits .hit').length > 0",
        "the results after going back",
    );
    assert_eq!(browser.current_url(), filtered_url);
    assert_eq!(
        browser.js(&format!(
            "return document.querySelector(\"fieldset[data-facet=city] input[value='{city}']\").checked"
        )),
        true
    );

    // 4. Page through results, and back again.
    browser.open(&server.url("/?q=dan+van"));
    let first_titles = "return [...document.querySelectorAll('#hits .hit-title')].map(h => h.textContent).join('|')";
    let page_one = browser.js(first_titles);
    let charts = "return document.querySelector('#months').innerHTML + document.querySelector('#cities').innerHTML";
    let server_charts = browser.js(charts);
    browser.click("#pager a[data-page='2']");
    browser.wait_for(
        "return location.search.includes('page=2') && document.querySelector('#hits').getAttribute('start') === '11' && document.querySelectorAll('#hits .hit').length === 10",
        "page 2",
    );
    assert_ne!(browser.js(first_titles), page_one);
    // The script redrew the charts exactly as the server drew them.
    assert_eq!(browser.js(charts), server_charts);
    assert_eq!(
        browser.js("return document.querySelector('#pager .current').textContent"),
        "2"
    );
    browser.click("#pager a.next");
    browser.wait_for(
        "return location.search.includes('page=3') && document.querySelector('#hits').getAttribute('start') === '21'",
        "page 3",
    );
    browser.back();
    browser.wait_for(
        "return location.search.includes('page=2') && document.querySelector('#hits').getAttribute('start') === '11'",
        "page 2 after going back",
    );

    // 5. The trends chart: one bar per period of /api/timeline; count and
    //    share switch.
    let (_, timeline) = get(&server.url("/api/timeline?q=dan+van&interval=month"));
    let timeline: Value = serde_json::from_str(&timeline).unwrap();
    let periods = timeline["periods"].as_array().unwrap().len();
    assert!(periods > 1, "the test corpus spans several months");
    assert_eq!(
        browser.js("return document.querySelectorAll('#chart-count rect.bar').length"),
        json!(periods)
    );
    assert_eq!(
        browser.js("return document.querySelectorAll('#chart-cities rect.bar').length"),
        json!(timeline["cities"].as_array().unwrap().len())
    );
    browser.click("#trends input[value=share]");
    browser.wait_for(
        "return getComputedStyle(document.querySelector('#chart-share')).display !== 'none' && getComputedStyle(document.querySelector('#chart-count')).display === 'none' && location.search.includes('chart=share')",
        "the share chart",
    );
    assert_eq!(
        browser.js("return document.querySelectorAll('#chart-share rect.bar').length"),
        json!(periods)
    );

    // 6. Nothing in an article runs: results (built by the script) and the
    //    article view (built by the server) show the attack as text.
    browser.open(&server.url("/"));
    browser.type_into("#q", "xsstest");
    browser.wait_for(
        "return document.querySelectorAll('#hits .hit').length === 1",
        "the attack article in the results",
    );
    assert_eq!(
        browser.js("return document.querySelector('#hits .hit-title').textContent"),
        XSS_TITLE
    );
    assert_eq!(
        browser.js(
            "return document.querySelector('#hits').querySelectorAll('script, img, svg').length"
        ),
        0
    );
    assert_eq!(
        browser.js("return document.querySelectorAll('#hits a.original').length"),
        0
    );
    assert_eq!(browser.js("return typeof window.__xss"), "undefined");
    browser.click("#hits .hit-title a");
    browser.wait_for(
        "return location.pathname === '/articles/xss_attack'",
        "the attack article",
    );
    assert_eq!(
        browser.js(
            "return document.querySelector('#body').querySelectorAll('script, img, svg').length"
        ),
        0
    );
    assert!(browser
        .js("return document.querySelector('#body').textContent")
        .as_str()
        .unwrap()
        .contains("\"><img src=x onerror=\"window.__xss=2;alert(1)\">"));
    assert_eq!(browser.js("return typeof window.__xss"), "undefined");
    browser.back();
    browser.wait_for(
        "return location.search.includes('q=xsstest') && document.querySelectorAll('#hits .hit').length === 1",
        "the results after the attack article",
    );
    assert_eq!(browser.js("return typeof window.__xss"), "undefined");

    // 7. Relaxed matching and errors are said plainly.
    browser.goto(&server.url("/?q=dan+van+zzzqqq"));
    browser.wait_for(
        "return !document.querySelector('#notice').hidden",
        "the relaxed note",
    );
    browser.js("document.querySelector('#q').value = ''");
    browser.type_into("#q", "\"unclosed");
    browser.wait_for(
        "return !document.querySelector('#error').hidden && document.querySelector('#error p').textContent.length > 0",
        "the API's error",
    );

    // 8. Phone width.
    browser.open(&server.url("/?q=dan+van"));
    browser.resize(390, 844);
    browser.open(&server.url("/?q=dan+van"));
    assert_eq!(
        browser.js("return document.documentElement.scrollWidth <= window.innerWidth"),
        true,
        "nothing wider than a phone"
    );
    assert_eq!(
        browser.js("return document.querySelector('#filters').open"),
        false
    );
    browser.full_screenshot("phone-results", 390);
    browser.resize(390, 844);
    browser.click("#hits .hit-title a");
    browser.wait_for(
        "return location.pathname.startsWith('/articles/')",
        "the article on a phone",
    );
    assert_eq!(
        browser.js("return document.documentElement.scrollWidth <= window.innerWidth"),
        true,
        "the article fits a phone"
    );
    browser.screenshot("phone-article");
}

/// Articles written to hurt, opened straight from their URLs (so the
/// server renders them first and the script takes over): a headline of
/// 100,000 combining marks, markup that would retitle the page, and
/// `javascript:` addresses in the text and in the `url` field. Nothing
/// runs, no link leaves http(s), the stacked marks do not draw over the
/// page. Screenshots: `target/screenshots/hostile-*.png`.
#[test]
fn hostile_articles_in_a_browser() {
    ensure_browser();
    let dir = TempDir::new().unwrap();
    let corpus = dir.path().join("hostile.jsonl");
    let pwn = "document.title='pwned';window.__pwned=1";
    let articles = [
        json!({
            "id": "marks",
            "title": format!("Lục bình hostiletest{}", "\u{0301}".repeat(100_000)),
            "text": "Lục bình trôi trên sông hostiletest.",
            "date": "2024-03-01",
        }),
        json!({
            "id": "markup",
            "title": format!("Hostiletest <script>{pwn}</script>\"><img src=x onerror=\"{pwn}\">"),
            "text": format!(
                "Đoạn một hostiletest <script>{pwn}</script>.\nĐoạn hai \"><img src=x onerror=\"{pwn}\"> \
                 và <a href=\"javascript:{pwn}\">bấm đây</a> hoặc javascript:{pwn} ở đây."
            ),
            "url": format!("javascript:{pwn}"),
            "source": format!("<img src=x onerror=\"{pwn}\">"),
            "date": "2024-03-02",
        }),
    ];
    let lines: String = articles.iter().map(|a| format!("{a}\n")).collect();
    std::fs::write(&corpus, lines).unwrap();
    let index = dir.path().join("index");
    let indexed = common::vnsearch()
        .arg("index")
        .arg(&corpus)
        .arg("--index")
        .arg(&index)
        .output()
        .unwrap();
    assert!(indexed.status.success(), "{}", common::stderr(&indexed));
    let server = Server::start(&index);
    let driver = Driver::start();
    let browser = Session::new(&driver);

    let nothing_ran = |what: &str| {
        assert_eq!(
            browser.js("return typeof window.__pwned"),
            "undefined",
            "{what}: a script ran"
        );
        // The payload would set the title to exactly `pwned`; the page's
        // own title is the query or the headline (as text) and the name.
        let title = browser.js("return document.title");
        assert!(
            title.as_str().unwrap().ends_with(" · vnsearch"),
            "{what}: the page was retitled: {title}"
        );
        assert_eq!(
            browser.js(
                "return [...document.querySelectorAll('a[href]')].map(a => a.protocol).filter(p => p !== 'http:' && p !== 'https:')"
            ),
            json!([]),
            "{what}: a link that is not http(s)"
        );
        assert_eq!(
            browser.js(
                "return document.querySelectorAll('main script, main img, main svg image').length"
            ),
            0,
            "{what}: markup from an article"
        );
    };

    browser.resize(1280, 900);
    browser.goto(&server.url("/?q=hostiletest"));
    browser.wait_for(
        "return document.documentElement.classList.contains('js') && document.querySelectorAll('#hits .hit').length === 2",
        "both hostile articles",
    );
    nothing_ran("results");
    // The marks are cut at indexing: the headline is one line high.
    let heights = browser.js(
        "return [...document.querySelectorAll('#hits .hit-title')].map(h => h.getBoundingClientRect().height)",
    );
    for h in heights.as_array().unwrap() {
        assert!(h.as_f64().unwrap() < 120.0, "a headline {h}px high");
    }
    let shot = browser.full_screenshot("hostile-results", 1280);
    assert!(std::fs::metadata(&shot).unwrap().len() > 1000);

    for id in ["marks", "markup"] {
        browser.resize(1280, 900);
        browser.open(&server.url(&format!("/articles/{id}?q=hostiletest")));
        nothing_ran(id);
        browser.full_screenshot(&format!("hostile-article-{id}"), 1280);
    }
    assert!(browser
        .js("return document.querySelector('#body').textContent")
        .as_str()
        .unwrap()
        .contains("<script>document.title='pwned'"));
    // Wait a moment for anything deferred (an image's onerror) to fire.
    std::thread::sleep(Duration::from_millis(500));
    nothing_ran("after a pause");
}
