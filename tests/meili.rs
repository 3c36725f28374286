//! The Meilisearch-compatible API against a real server: the real binary
//! (`vnsearch serve --addr 127.0.0.1:0`) over an index of the shipped
//! corpus, spoken to over HTTP. Every endpoint, each filter operator,
//! facets, both kinds of paging, highlighting and cropping, sorting,
//! errors; and the official Meilisearch Python client from PyPI.
//!
//! The corpus: 000 Hải Phòng 2023-12-19 ĐCSVN; 001 Hải Phòng undated
//! Pháp luật VN; 002 Bến Tre (district Bến Tre, Vĩnh Long on the 2025
//! map) 2024-01-22 no outlet; 003 Hải Phòng 2022-01-07 Thanh tra; 004 Hà
//! Nội, Hoàng Mai 2023-09-29 Hànộimới.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};
use tempfile::TempDir;

const A0: &str = "000_19344bc9e478a924";
const A1: &str = "001_2b3147db5cda446e";
const A2: &str = "002_f24ad079690c9dd4";
const A3: &str = "003_6ba4b226bd7a6141";
const A4: &str = "004_8c31f129d15c69f0";

/// A running `vnsearch serve`, killed when dropped.
struct Server {
    child: Child,
    base: String,
    addr: String,
    index: PathBuf,
    agent: ureq::Agent,
    _dir: TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response: status and JSON body.
struct Reply {
    status: u16,
    body: Value,
}

impl Server {
    fn start() -> Server {
        let dir = common::seed_index();
        let index = common::index_path(&dir);
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("vnsearch"))
            .args(["serve", "--addr", "127.0.0.1:0", "--quiet", "--index"])
            .arg(&index)
            .env_remove("VNSEARCH_INDEX")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("vnsearch serve starts");
        let mut line = String::new();
        BufReader::new(child.stderr.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in the first line: {line:?}"));
        let base = url.trim_end_matches('/').to_string();
        let addr = base.trim_start_matches("http://").to_string();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        Server {
            child,
            base,
            addr,
            index,
            agent,
            _dir: dir,
        }
    }

    fn reply(mut response: ureq::http::Response<ureq::Body>) -> Reply {
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap();
        let body = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("not JSON ({e}), status {status}: {text}"));
        Reply { status, body }
    }

    fn get(&self, path: &str) -> Reply {
        Server::reply(
            self.agent
                .get(format!("{}{path}", self.base))
                .call()
                .unwrap(),
        )
    }

    fn post(&self, path: &str, body: &Value) -> Reply {
        Server::reply(
            self.agent
                .post(format!("{}{path}", self.base))
                .header("Content-Type", "application/json")
                .send(body.to_string())
                .unwrap(),
        )
    }

    /// A search that must succeed.
    fn search(&self, body: Value) -> Value {
        let r = self.post("/indexes/articles/search", &body);
        assert_eq!(r.status, 200, "{body}: {}", r.body);
        r.body
    }

    /// A search that must fail with `code` and `status`; the error object.
    fn search_error(&self, body: Value, status: u16, code: &str) -> Value {
        let r = self.post("/indexes/articles/search", &body);
        assert_eq!(
            (r.status, r.body["code"].as_str()),
            (status, Some(code)),
            "{body}: {}",
            r.body
        );
        assert_meili_error(&r.body);
        r.body
    }

    /// A raw request (for headers the client would add by itself).
    fn raw(&self, request: &str) -> (u16, Value) {
        let mut stream = std::net::TcpStream::connect(&self.addr).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut out = String::new();
        stream.read_to_string(&mut out).unwrap();
        let status = out.split_whitespace().nth(1).unwrap().parse().unwrap();
        let body = out.split("\r\n\r\n").nth(1).unwrap_or("");
        (status, serde_json::from_str(body).unwrap_or(Value::Null))
    }
}

fn assert_meili_error(body: &Value) {
    let code = body["code"].as_str().expect("code");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert_eq!(body["type"], "invalid_request", "{body}");
    assert_eq!(
        body["link"],
        format!("https://docs.meilisearch.com/errors#{code}"),
        "{body}"
    );
}

fn ids(result: &Value) -> Vec<String> {
    result["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

fn sorted_ids(result: &Value) -> Vec<String> {
    common::sorted(ids(result))
}

#[test]
fn service_endpoints() {
    let s = Server::start();
    let r = s.get("/health");
    assert_eq!(
        (r.status, r.body.clone()),
        (200, json!({"status": "available"}))
    );
    let r = s.get("/version");
    assert!(
        r.body["pkgVersion"].as_str().unwrap().starts_with("1."),
        "{}",
        r.body
    );
    assert!(r.body["commitSha"].is_string() && r.body["commitDate"].is_string());

    let r = s.get("/indexes");
    assert_eq!(
        (
            r.body["total"].clone(),
            r.body["offset"].clone(),
            r.body["limit"].clone()
        ),
        (json!(1), json!(0), json!(20))
    );
    assert_eq!(r.body["results"][0]["uid"], "articles");
    let r = s.get("/indexes/articles");
    assert_eq!(r.status, 200);
    assert_eq!(r.body["primaryKey"], "id");
    for field in ["createdAt", "updatedAt"] {
        let t = r.body[field].as_str().unwrap();
        assert!(
            t.ends_with('Z') && t.contains('T') && t.contains('.'),
            "{field}: {t}"
        );
    }

    let settings = s.get("/indexes/articles/settings").body;
    assert_eq!(
        settings["filterableAttributes"],
        json!([
            "city",
            "date",
            "district",
            "month",
            "province_2025",
            "source",
            "year"
        ])
    );
    assert_eq!(settings["sortableAttributes"], json!(["date"]));
    assert_eq!(settings["searchableAttributes"], json!(["title", "body"]));
    assert_eq!(settings["displayedAttributes"], json!(["*"]));
    assert!(settings["rankingRules"].as_array().unwrap().len() > 2);
    assert_eq!(
        s.get("/indexes/articles/settings/sortable-attributes").body,
        json!(["date"])
    );
    assert_eq!(
        s.get("/indexes/articles/settings/no-such-setting").status,
        404
    );

    let stats = s.get("/indexes/articles/stats").body;
    assert_eq!(stats["numberOfDocuments"], 5);
    assert_eq!(stats["isIndexing"], false);
    assert_eq!(stats["fieldDistribution"]["title"], 5);
    let global = s.get("/stats").body;
    assert_eq!(global["indexes"]["articles"]["numberOfDocuments"], 5);
    assert_eq!(s.get("/tasks").body["results"], json!([]));
}

#[test]
fn unknown_indexes_are_not_found() {
    let s = Server::start();
    for path in [
        "/indexes/movies",
        "/indexes/movies/search?q=a",
        "/indexes/movies/documents/1",
        "/indexes/movies/settings",
        "/indexes/movies/stats",
    ] {
        let r = s.get(path);
        assert_eq!(
            (r.status, r.body["code"].as_str()),
            (404, Some("index_not_found")),
            "{path}"
        );
        assert_meili_error(&r.body);
        assert!(r.body["message"].as_str().unwrap().contains("`movies`"));
    }
    let r = s.post("/indexes/movies/search", &json!({"q": "a"}));
    assert_eq!(r.body["code"], "index_not_found");
}

#[test]
fn documents() {
    let s = Server::start();
    let r = s.get(&format!("/indexes/articles/documents/{A4}"));
    assert_eq!(r.status, 200);
    let doc = r.body;
    let keys: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "title",
            "body",
            "date",
            "year",
            "month",
            "city",
            "district",
            "province_2025",
            "source",
            "url",
            "path"
        ]
    );
    assert_eq!(doc["date"], "2023-09-29");
    assert_eq!(doc["year"], 2023);
    assert_eq!(doc["month"], "2023-09");
    assert_eq!(doc["city"], "Hà Nội");
    assert_eq!(doc["district"], "Hoàng Mai");
    assert_eq!(doc["source"], "Báo Hànộimới");
    assert!(doc["body"].as_str().unwrap().len() > 200);
    let undated = s.get(&format!("/indexes/articles/documents/{A1}")).body;
    assert_eq!(
        (undated["date"].clone(), undated["year"].clone()),
        (Value::Null, Value::Null)
    );

    let r = s.get(&format!("/indexes/articles/documents/{A4}?fields=id,city"));
    assert_eq!(r.body, json!({"id": A4, "city": "Hà Nội"}));

    let r = s.get("/indexes/articles/documents/nope");
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (404, Some("document_not_found"))
    );
    assert_meili_error(&r.body);

    let r = s.get("/indexes/articles/documents?limit=2&offset=1&fields=id");
    assert_eq!(
        (
            r.body["total"].clone(),
            r.body["limit"].clone(),
            r.body["offset"].clone()
        ),
        (json!(5), json!(2), json!(1))
    );
    assert_eq!(r.body["results"].as_array().unwrap().len(), 2);
    assert_eq!(r.body["results"][0].as_object().unwrap().len(), 1);
    let r = s.get("/indexes/articles/documents?filter=city%20%3D%20hanoi");
    assert_eq!(r.body["total"], 1);
    let r = s.post(
        "/indexes/articles/documents/fetch",
        &json!({"filter": "year >= 2023", "fields": ["id"], "limit": 10}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["total"], 3);
    let r = s.get("/indexes/articles/documents?filter=nope%20%3D%201");
    assert_eq!(r.body["code"], "invalid_document_filter");
}

#[test]
fn filters_every_operator() {
    let s = Server::start();
    let table: Vec<(Value, Vec<&str>)> = vec![
        (json!("city = haiphong"), vec![A0, A1, A3]),
        (json!("city = \"Hải Phòng\""), vec![A0, A1, A3]),
        (json!("city = 'hai phong'"), vec![A0, A1, A3]),
        (json!("city != \"Hải Phòng\""), vec![A2, A4]),
        (json!("city IN [hanoi, 'Bến Tre']"), vec![A2, A4]),
        (json!("city NOT IN [hanoi, 'Bến Tre']"), vec![A0, A1, A3]),
        (json!("district = \"Hoàng Mai\""), vec![A4]),
        (json!("district = 'Quận Hoàng Mai'"), vec![A4]),
        (json!("province_2025 = \"Vĩnh Long\""), vec![A2]),
        (json!("source = \"Thanh tra\""), vec![A3]),
        (
            json!("source IN [\"pháp luật\", 'Thanh tra']"),
            vec![A1, A3],
        ),
        (json!("year = 2023"), vec![A0, A4]),
        (json!("year > 2022"), vec![A0, A2, A4]),
        (json!("year >= 2023"), vec![A0, A2, A4]),
        (json!("year < 2023"), vec![A3]),
        (json!("year <= 2023"), vec![A0, A3, A4]),
        (json!("year 2022 TO 2023"), vec![A0, A3, A4]),
        (json!("year IN [2022, 2024]"), vec![A2, A3]),
        (json!("month = 2023-12"), vec![A0]),
        (json!("month >= 2023-09"), vec![A0, A2, A4]),
        (json!("date = 2023-09-29"), vec![A4]),
        (json!("date > 2023-09-29"), vec![A0, A2]),
        (json!("date >= \"19/12/2023\""), vec![A0, A2]),
        (json!("date 2023-01-01 TO 2023-12-31"), vec![A0, A4]),
        (json!("date < 2023"), vec![A3]),
        (json!("NOT year = 2023"), vec![A1, A2, A3]),
        (json!("city = haiphong AND year >= 2023"), vec![A0]),
        (
            json!("city = haiphong OR city = hanoi AND year = 2023"),
            vec![A0, A1, A3, A4],
        ),
        (
            json!("(city = haiphong OR city = hanoi) AND year = 2023"),
            vec![A0, A4],
        ),
        (json!("NOT (city = haiphong OR year = 2024)"), vec![A4]),
        (json!("((((city = hanoi))))"), vec![A4]),
        (json!(["city = haiphong", "year >= 2023"]), vec![A0]),
        (
            json!([["city = hanoi", "city = 'Bến Tre'"], "year >= 2024"]),
            vec![A2],
        ),
        (json!([["city = hanoi", "city = 'Bến Tre'"]]), vec![A2, A4]),
        (json!([]), vec![A0, A1, A2, A3, A4]),
        (json!(null), vec![A0, A1, A2, A3, A4]),
    ];
    for (filter, want) in table {
        let r = s.search(json!({"q": "", "filter": filter, "attributesToRetrieve": ["id"]}));
        assert_eq!(sorted_ids(&r), want, "filter {filter}");
        assert_eq!(r["estimatedTotalHits"], want.len(), "filter {filter}");
    }
    // The filter narrows a text query too.
    let r = s.search(json!({"q": "dân vận", "filter": "city = hanoi"}));
    assert_eq!(ids(&r), [A4]);
    // GET takes the filter string.
    let r = s.get(
        "/indexes/articles/search?filter=year%20%3E%3D%202023%20AND%20NOT%20city%20%3D%20hanoi",
    );
    assert_eq!(sorted_ids(&r.body), [A0, A2]);
}

#[test]
fn bad_filters_are_invalid_search_filter() {
    let s = Server::start();
    let table: Vec<(Value, &str)> = vec![
        (json!("title = x"), "Attribute `title` is not filterable. Available filterable attributes are: `city`, `district`, `province_2025`, `source`, `year`, `month`, `date`."),
        (json!("(city = hanoi"), "missing the following closing delimiter: `)`"),
        (json!("city = hanoi)"), "unexpected characters at the end of the filter"),
        (json!("city = atlantis"), "unknown city `atlantis`"),
        (json!("source = \"Báo Không Có\""), "unknown source `Báo Không Có`"),
        (json!("district = nowhere"), "unknown district `nowhere`"),
        (json!("year = 20x"), "year `20x` is not a year"),
        (json!("date > yesterday"), "date `yesterday` is not a date"),
        (json!("city > hanoi"), "Attribute `city` has no order"),
        (json!("city EXISTS"), "does not support `EXISTS`"),
        (json!("city IN [a"), "Expected matching `]`"),
        (json!(42), "expected an array or a string"),
        (json!([[["city = a"]]]), "`.filter[0][0]`"),
    ];
    for (filter, message) in table {
        let e = s.search_error(json!({"filter": filter}), 400, "invalid_search_filter");
        assert!(
            e["message"].as_str().unwrap().contains(message),
            "{filter}: {}",
            e["message"]
        );
    }
    // Nesting far beyond the limit is a clear 400, and the server lives on.
    let deep = format!("{}city = hanoi{}", "(".repeat(500), ")".repeat(500));
    let e = s.search_error(json!({"filter": deep}), 400, "invalid_search_filter");
    assert!(
        e["message"].as_str().unwrap().contains("levels deep"),
        "{}",
        e["message"]
    );
    let nots = format!("{}city = hanoi", "NOT ".repeat(5000));
    s.search_error(json!({"filter": nots}), 400, "invalid_search_filter");
    assert_eq!(s.get("/health").status, 200);
}

#[test]
fn facets() {
    let s = Server::start();
    let r = s.search(json!({"q": "", "facets": ["city", "year"], "limit": 1}));
    assert_eq!(
        r["facetDistribution"],
        json!({"city": {"Bến Tre": 1, "Hà Nội": 1, "Hải Phòng": 3}, "year": {"2022": 1, "2023": 2, "2024": 1}})
    );
    assert_eq!(r["facetStats"], json!({"year": {"min": 2022, "max": 2024}}));
    let r = s.search(json!({"facets": ["*"], "filter": "city = haiphong"}));
    let d = &r["facetDistribution"];
    let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "city",
            "district",
            "province_2025",
            "scope",
            "year",
            "month",
            "source"
        ]
    );
    assert_eq!(d["city"], json!({"Hải Phòng": 3}));
    assert_eq!(d["scope"], json!({"local": 3}));
    assert_eq!(d["province_2025"], json!({"Hải Phòng": 3}));
    assert_eq!(d["month"], json!({"2022-01": 1, "2023-12": 1}));
    assert_eq!(d["source"].as_object().unwrap().len(), 3);
    let r = s.search(json!({"facets": ["district"]}));
    assert_eq!(
        r["facetDistribution"]["district"],
        json!({"Bến Tre": 1, "Hoàng Mai": 1})
    );
    // Counts are over all matches, not the page; limit 0 gives counts only
    // (what instant-meilisearch sends for facet panels).
    let r = s.search(json!({"q": "", "limit": 0, "facets": ["source"]}));
    assert_eq!(r["hits"], json!([]));
    assert_eq!(r["estimatedTotalHits"], 5);
    assert_eq!(
        r["facetDistribution"]["source"].as_object().unwrap().len(),
        4
    );
    // No facets asked, no facetDistribution.
    assert!(s
        .search(json!({"q": ""}))
        .get("facetDistribution")
        .is_none());
    let e = s.search_error(json!({"facets": ["title"]}), 400, "invalid_search_facets");
    assert!(e["message"].as_str().unwrap().contains("`title`"));
    s.search_error(json!({"facets": ["date"]}), 400, "invalid_search_facets");
    // GET: comma-separated.
    let r = s.get("/indexes/articles/search?facets=city,source&limit=0");
    assert_eq!(r.body["facetDistribution"]["city"]["Hải Phòng"], 3);
    // Facet search (InstantSearch's searchable facet lists).
    let r = s.post(
        "/indexes/articles/facet-search",
        &json!({"facetName": "city", "facetQuery": "hai"}),
    );
    assert_eq!(
        r.body["facetHits"],
        json!([{"value": "Hải Phòng", "count": 3}])
    );
    let r = s.post(
        "/indexes/articles/facet-search",
        &json!({"facetName": "title"}),
    );
    assert_eq!(r.body["code"], "invalid_facet_search_facet_name");
}

#[test]
fn paging_both_ways() {
    let s = Server::start();
    let all = ids(&s.search(json!({"q": "", "limit": 5})));
    assert_eq!(all.len(), 5);
    let r = s.search(json!({"q": "", "limit": 2, "offset": 1}));
    assert_eq!(ids(&r), all[1..3]);
    assert_eq!(
        (
            r["limit"].clone(),
            r["offset"].clone(),
            r["estimatedTotalHits"].clone()
        ),
        (json!(2), json!(1), json!(5))
    );
    assert!(r.get("totalHits").is_none());
    let r = s.search(json!({"q": "", "hitsPerPage": 2, "page": 2}));
    assert_eq!(ids(&r), all[2..4]);
    assert_eq!(
        (
            r["hitsPerPage"].clone(),
            r["page"].clone(),
            r["totalPages"].clone(),
            r["totalHits"].clone()
        ),
        (json!(2), json!(2), json!(3), json!(5))
    );
    assert!(r.get("estimatedTotalHits").is_none());
    let r = s.search(json!({"q": "", "hitsPerPage": 2, "page": 3}));
    assert_eq!(ids(&r), all[4..]);
    let r = s.search(json!({"q": "", "hitsPerPage": 2, "page": 9}));
    assert_eq!(ids(&r), Vec::<String>::new());
    assert_eq!(r["totalHits"], 5);
    let r = s.search(json!({"q": "", "page": 0}));
    assert_eq!((ids(&r).len(), r["totalHits"].clone()), (0, json!(5)));
    let r = s.search(json!({"q": "", "offset": 1_000_000_000u64}));
    assert_eq!(
        (ids(&r).len(), r["estimatedTotalHits"].clone()),
        (0, json!(5))
    );
    // A limit above 1000 returns at most 1000 (Meilisearch's maxTotalHits).
    assert_eq!(ids(&s.search(json!({"q": "", "limit": 100_000}))).len(), 5);
    let r = s.get("/indexes/articles/search?q=&hitsPerPage=2&page=2");
    assert_eq!(ids(&r.body), all[2..4]);
    for (body, code) in [
        (json!({"limit": -1}), "invalid_search_limit"),
        (json!({"limit": "3"}), "invalid_search_limit"),
        (json!({"offset": 1.5}), "invalid_search_offset"),
        (json!({"page": "x"}), "invalid_search_page"),
        (json!({"hitsPerPage": true}), "invalid_search_hits_per_page"),
    ] {
        s.search_error(body, 400, code);
    }
    let r = s.get("/indexes/articles/search?limit=ten");
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (400, Some("invalid_search_limit"))
    );
}

#[test]
fn highlight_crop_retrieve() {
    let s = Server::start();
    let r = s.search(json!({"q": "dan van kheo", "attributesToHighlight": ["title"], "attributesToRetrieve": ["id"], "limit": 1}));
    let hit = &r["hits"][0];
    assert_eq!(hit["id"], A4);
    assert_eq!(
        hit.as_object().unwrap().len(),
        2,
        "id and _formatted: {hit}"
    );
    assert_eq!(
        hit["_formatted"]["title"],
        "Quận Hoàng Mai xây dựng được 1.431 mô hình, điển hình “<em>Dân vận khéo</em>”"
    );
    // Custom tags; `*` highlights every text attribute.
    let r = s.search(json!({"q": "hoang mai", "filter": "city = hanoi", "attributesToHighlight": ["*"],
                            "highlightPreTag": "__ais-highlight__", "highlightPostTag": "__/ais-highlight__"}));
    let f = &r["hits"][0]["_formatted"];
    assert_eq!(
        f["district"],
        "__ais-highlight__Hoàng Mai__/ais-highlight__"
    );
    assert!(f["body"]
        .as_str()
        .unwrap()
        .contains("__ais-highlight__Hoàng Mai__/ais-highlight__"));
    assert_eq!(f["year"], 2023);
    // Cropping: the window holds the match, the marker shows the cuts.
    let r = s.search(json!({"q": "dan van kheo", "filter": "city = hanoi", "attributesToCrop": ["body"], "cropLength": 6,
                            "cropMarker": "[…]", "attributesToHighlight": ["body"]}));
    let body = r["hits"][0]["_formatted"]["body"].as_str().unwrap();
    assert!(body.contains("<em>Dân vận khéo</em>"), "{body}");
    assert!(body.starts_with("[…]") || body.ends_with("[…]"), "{body}");
    let words = body
        .replace("[…]", " ")
        .replace("<em>", "")
        .replace("</em>", "");
    assert_eq!(words.split_whitespace().count(), 6, "{body}");
    let r = s.search(json!({"q": "dan van kheo", "filter": "city = hanoi", "attributesToCrop": ["body:3", "title:2"]}));
    let f = &r["hits"][0]["_formatted"];
    assert!(
        !f["body"].as_str().unwrap().contains("<em>"),
        "crop without highlight marks nothing: {f}"
    );
    assert_eq!(
        f["title"]
            .as_str()
            .unwrap()
            .replace('…', " ")
            .split_whitespace()
            .count(),
        2,
        "{f}"
    );
    // Not asked, no _formatted.
    let r = s.search(json!({"q": "dan van", "limit": 1}));
    assert!(r["hits"][0].get("_formatted").is_none());
    assert!(r["hits"][0]["body"].is_string());
    // Matches positions, in bytes.
    let r = s.search(json!({"q": "hoang mai", "filter": "city = hanoi", "showMatchesPosition": true, "attributesToRetrieve": ["title"]}));
    let title = r["hits"][0]["title"].as_str().unwrap();
    let m = &r["hits"][0]["_matchesPosition"]["title"][0];
    let (start, length) = (
        m["start"].as_u64().unwrap() as usize,
        m["length"].as_u64().unwrap() as usize,
    );
    assert_eq!(&title[start..start + length], "Hoàng Mai");
}

#[test]
fn sort_and_scores() {
    let s = Server::start();
    let r = s.search(json!({"q": "", "sort": ["date:desc"], "filter": "year >= 2022", "attributesToRetrieve": ["id", "date"]}));
    assert_eq!(ids(&r), [A2, A0, A4, A3]);
    let r = s.search(json!({"q": "", "sort": ["date:asc"], "filter": "year >= 2022"}));
    assert_eq!(ids(&r), [A3, A4, A0, A2]);
    let r = s.get("/indexes/articles/search?sort=date:desc&filter=year%20%3E%3D%202022");
    assert_eq!(ids(&r.body), [A2, A0, A4, A3]);
    s.search_error(json!({"sort": ["title:asc"]}), 400, "invalid_search_sort");
    s.search_error(json!({"sort": ["date"]}), 400, "invalid_search_sort");
    s.search_error(json!({"sort": "date:desc"}), 400, "invalid_search_sort");

    let r = s.search(json!({"q": "dân vận", "showRankingScore": true}));
    let scores: Vec<f64> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["_rankingScore"].as_f64().unwrap())
        .collect();
    assert!(!scores.is_empty());
    assert!(scores.iter().all(|s| *s > 0.0 && *s <= 1.0), "{scores:?}");
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // Without it, no score.
    assert!(s.search(json!({"q": "dân vận"}))["hits"][0]
        .get("_rankingScore")
        .is_none());
}

#[test]
fn matching_strategy_and_query_language() {
    let s = Server::start();
    // No article has every word: `all`/`last` rank those with most words.
    for strategy in ["all", "last", "frequency"] {
        let r = s.search(json!({"q": "hoàng mai zzzqqq", "matchingStrategy": strategy}));
        assert_eq!(ids(&r).first().map(String::as_str), Some(A4), "{strategy}");
    }
    s.search_error(
        json!({"matchingStrategy": "most"}),
        400,
        "invalid_search_matching_strategy",
    );
    // The same ranking as the CLI for the same query.
    let cli = common::search_json(&s.index, &["dân vận", "--limit", "20"]);
    let meili = s.search(json!({"q": "dân vận"}));
    assert_eq!(ids(&meili), common::ids(&cli));
    assert_eq!(meili["estimatedTotalHits"], cli["total"]);
    assert_eq!(meili["query"], "dân vận");
    // GET and POST agree.
    let get = s
        .get("/indexes/articles/search?q=d%C3%A2n%20v%E1%BA%ADn")
        .body;
    assert_eq!(ids(&get), ids(&meili));
    // A query that does not parse, or is over the limits, is a 400.
    let e = s.search_error(json!({"q": "((("}), 400, "invalid_search_q");
    assert!(e["message"].as_str().unwrap().contains("column"));
    let long = vec!["từ"; 200].join(" ");
    let e = s.search_error(json!({"q": long}), 400, "invalid_search_q");
    assert!(
        e["message"].as_str().unwrap().contains("limit"),
        "{}",
        e["message"]
    );
}

#[test]
fn request_errors() {
    let s = Server::start();
    let e = s.search_error(json!({"q": "a", "bogus": 1}), 400, "bad_request");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with("Unknown field `bogus`"),
        "{e}"
    );
    s.search_error(json!({"q": 5}), 400, "invalid_search_q");
    s.search_error(
        json!({"attributesToRetrieve": "id"}),
        400,
        "invalid_search_attributes_to_retrieve",
    );
    s.search_error(
        json!({"showRankingScore": "yes"}),
        400,
        "invalid_search_show_ranking_score",
    );
    s.search_error(
        json!({"hybrid": {"embedder": "default"}}),
        400,
        "invalid_search_hybrid_query",
    );
    s.search_error(json!(["q"]), 400, "bad_request");
    let r = s.get("/indexes/articles/search?q=a&bogus=1");
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (400, Some("bad_request"))
    );

    // Harmless parameters instant-meilisearch and the SDKs send are accepted.
    s.search(json!({"q": "a", "attributesToSearchOn": ["title", "body"], "locales": ["vie"], "rankingScoreThreshold": null,
                    "showRankingScoreDetails": false, "retrieveVectors": false, "distinct": null, "vector": null}));

    let path = "/indexes/articles/search";
    let (status, body) = s.raw(&format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
    ));
    assert_eq!(
        (status, body["code"].as_str()),
        (415, Some("missing_content_type")),
        "{body}"
    );
    let (status, body) = s.raw(&format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
    ));
    assert_eq!(
        (status, body["code"].as_str()),
        (415, Some("invalid_content_type")),
        "{body}"
    );
    let (status, body) = s.raw(&format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{{\"q\":"
    ));
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("malformed_payload")),
        "{body}"
    );
    let (status, body) = s.raw(&format!(
        "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("missing_payload")),
        "{body}"
    );
    let big = json!({"q": "a".repeat(100_000)});
    let r = s.post(path, &big);
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (413, Some("payload_too_large")),
        "{}",
        r.body
    );
    assert_meili_error(&r.body);
}

#[test]
fn writes_are_refused() {
    let s = Server::start();
    let send = |method: &str, path: &str| -> Reply {
        let url = format!("{}{path}", s.base);
        let response = match method {
            "POST" => s
                .agent
                .post(&url)
                .header("Content-Type", "application/json")
                .send("[]"),
            "PUT" => s
                .agent
                .put(&url)
                .header("Content-Type", "application/json")
                .send("[]"),
            "PATCH" => s
                .agent
                .patch(&url)
                .header("Content-Type", "application/json")
                .send("{}"),
            _ => s.agent.delete(&url).call(),
        };
        Server::reply(response.unwrap())
    };
    for (method, path) in [
        ("POST", "/indexes"),
        ("POST", "/indexes/articles/documents"),
        ("PUT", "/indexes/articles/documents"),
        ("DELETE", "/indexes/articles/documents"),
        ("DELETE", "/indexes/articles/documents/004_8c31f129d15c69f0"),
        ("POST", "/indexes/articles/documents/delete-batch"),
        ("POST", "/indexes/articles/documents/delete"),
        ("PATCH", "/indexes/articles/settings"),
        ("DELETE", "/indexes/articles/settings"),
        ("PUT", "/indexes/articles/settings/filterable-attributes"),
        ("PATCH", "/indexes/articles"),
        ("DELETE", "/indexes/articles"),
        ("POST", "/indexes/movies/documents"),
        ("POST", "/swap-indexes"),
        ("POST", "/dumps"),
    ] {
        let r = send(method, path);
        assert_eq!(
            (r.status, r.body["code"].as_str()),
            (405, Some("read_only_index")),
            "{method} {path}"
        );
        assert_meili_error(&r.body);
        assert!(
            r.body["message"]
                .as_str()
                .unwrap()
                .contains("vnsearch index"),
            "{method} {path}"
        );
    }
    // Nothing changed.
    assert_eq!(
        s.get("/indexes/articles/stats").body["numberOfDocuments"],
        5
    );
}

#[test]
fn multi_search() {
    let s = Server::start();
    let r = s.post(
        "/multi-search",
        &json!({"queries": [
            {"indexUid": "articles", "q": "hoàng mai", "limit": 1, "attributesToRetrieve": ["id"]},
            {"indexUid": "articles", "q": "", "filter": [["city = hanoi", "city = 'Bến Tre'"]], "facets": ["city"], "hitsPerPage": 5}
        ], "federation": null}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let results = r.body["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["indexUid"], "articles");
    assert_eq!(ids(&results[0]), [A4]);
    assert_eq!(results[0]["limit"], 1);
    assert_eq!(sorted_ids(&results[1]), [A2, A4]);
    assert_eq!(results[1]["totalHits"], 2);
    assert_eq!(
        results[1]["facetDistribution"]["city"],
        json!({"Bến Tre": 1, "Hà Nội": 1})
    );

    let r = s.post(
        "/multi-search",
        &json!({"queries": [{"indexUid": "articles"}, {"indexUid": "movies"}]}),
    );
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (404, Some("index_not_found"))
    );
    assert!(
        r.body["message"]
            .as_str()
            .unwrap()
            .starts_with("Inside `.queries[1]`"),
        "{}",
        r.body
    );
    let r = s.post("/multi-search", &json!({"queries": [{"q": "a"}]}));
    assert_eq!(r.body["code"], "missing_index_uid");
    let r = s.post(
        "/multi-search",
        &json!({"queries": [{"indexUid": "articles", "filter": "nope = 1"}]}),
    );
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (400, Some("invalid_search_filter"))
    );
    assert!(r.body["message"]
        .as_str()
        .unwrap()
        .starts_with("Inside `.queries[0]`"));
    let r = s.post("/multi-search", &json!({"queries": {}}));
    assert_eq!(r.status, 400);

    // Federated: one merged ranking, each hit saying which query found it.
    let r = s.post(
        "/multi-search",
        &json!({"federation": {"limit": 3},
                "queries": [
                    {"indexUid": "articles", "q": "hoàng mai", "filter": "city = hanoi"},
                    {"indexUid": "articles", "q": "bến tre", "filter": "city = 'Bến Tre'", "federationOptions": {"weight": 0.5}}
                ]}),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(ids(&r.body), [A4, A2]);
    assert_eq!(r.body["hits"][0]["_federation"]["queriesPosition"], 0);
    assert_eq!(r.body["hits"][1]["_federation"]["queriesPosition"], 1);
    assert_eq!(
        (
            r.body["limit"].clone(),
            r.body["estimatedTotalHits"].clone()
        ),
        (json!(3), json!(2))
    );
    let r = s.post(
        "/multi-search",
        &json!({"federation": {}, "queries": [{"indexUid": "articles", "limit": 3}]}),
    );
    assert_eq!(r.body["code"], "invalid_multi_search_query_pagination");
}

/// The official Meilisearch Python client (PyPI `meilisearch`) in a
/// virtual environment under `target/meili-venv`, made on first use.
#[test]
fn official_python_client() {
    let venv = common::root().join("target/meili-venv");
    let python = venv.join("bin/python");
    let has_client = || {
        Command::new(&python)
            .args(["-c", "import meilisearch"])
            .status()
            .is_ok_and(|s| s.success())
    };
    if !has_client() {
        let made = Command::new("python3")
            .arg("-m")
            .arg("venv")
            .arg(&venv)
            .status();
        assert!(
            made.is_ok_and(|s| s.success()),
            "could not create a Python virtual environment at {} (python3 -m venv); install python3 with venv",
            venv.display()
        );
        let pip = Command::new(venv.join("bin/pip"))
            .args([
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "meilisearch",
            ])
            .output()
            .expect("pip runs");
        assert!(
            pip.status.success() && has_client(),
            "could not install the official Meilisearch client from PyPI (`pip install meilisearch` into {}); this test needs PyPI: {}",
            venv.display(),
            String::from_utf8_lossy(&pip.stderr)
        );
    }
    let s = Server::start();
    let script = common::root().join("tests/meili_client.py");
    let out = Command::new(&python)
        .arg(&script)
        .arg(&s.base)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("all client checks passed"),
        "tests/meili_client.py failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
