//! Every command in README.md is run: the fenced ```sh blocks are read,
//! and each line that calls `vnsearch` (or `cargo run --release --`, which
//! the README says is the same) runs with bash against an index of the
//! shipped `corpus/`, in a temporary working directory. A README example
//! that stops working fails here with its line and its stderr.
//!
//! - `vnsearch` is the built binary, through `PATH`.
//! - `VNSEARCH_INDEX` points at a seed index of `corpus/` built once;
//!   `vnsearch index …` lines run without it, so they write into the
//!   temporary directory (`index/`) or under a temporary `HOME` (`~/…`),
//!   which holds `crawl/2024`, a copy of the seeds.
//! - Lines keep their pipes (`| jq …`, run with `pipefail`), redirections
//!   (`> file`, checked afterwards) and the shell variables set earlier in
//!   their block (`E=…`); `../shared` means the shared data beside the
//!   project, as in the README.
//! - `vnsearch serve …` is started on a free port, must answer
//!   `/api/health`, and is stopped with SIGTERM (it must exit 0).
//! - The few lines that are not run are in [`NOT_RUN`], each with its
//!   reason; an entry that no longer matches a README line fails the test.
//! - Output is checked where the README says what it is: `--json` prints
//!   JSON, `| jq` prints no `null` (a renamed field), exports write
//!   records, searches find something in `corpus/`, and the keys of the README's JSON
//!   example are all in `vnsearch search --json`'s output.

mod common;

use std::collections::BTreeSet;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use tempfile::TempDir;

/// README lines that are not run, each with the reason.
const NOT_RUN: &[(&str, &str)] = &[
    (
        "cargo test --release",
        "the test suite itself: running it from a test would recurse",
    ),
    (
        "cargo bench --bench analysis",
        "a benchmark of minutes; its code is compiled by `cargo clippy --all-targets`",
    ),
    (
        "cargo bench --bench search",
        "a benchmark of minutes over 20,000 articles of ../shared; compiled by clippy --all-targets",
    ),
    (
        "cargo bench --bench quality",
        "a benchmark of minutes over the 104,608-article index of ../shared; compiled by clippy --all-targets",
    ),
    (
        "python3 bench/compare.py",
        "indexes all 104,608 articles of ../shared three times (vnsearch, FTS5, tantivy alone): minutes, a benchmark",
    ),
];

const NOTHING_FOUND: &str = "found nothing in corpus/: an example must show what it does \
     on the shipped articles (change the query, or the corpus)";

/// Seconds a README line may take (the eval line indexes 2,256 documents).
const TIME_LIMIT: &str = "300";

/// One line of a ```sh block.
#[derive(Clone, Debug)]
struct ShLine {
    /// 1-based line number in README.md.
    number: usize,
    /// The command, without its trailing `# comment`.
    text: String,
    /// Shell assignments (`E=…`) made earlier in the same block.
    assignments: Vec<String>,
}

fn readme() -> String {
    std::fs::read_to_string(common::root().join("README.md")).expect("README.md is readable")
}

/// The fenced blocks of one language: (line number of the first line, lines).
fn blocks(text: &str, language: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, Vec<String>)> = None;
    for (i, line) in text.lines().enumerate() {
        let fence = line.trim_start().strip_prefix("```");
        match (&mut current, fence) {
            (None, Some(lang)) if lang.trim() == language => current = Some((i + 2, Vec::new())),
            (Some(_), Some(_)) => out.extend(current.take()),
            (Some((_, lines)), None) => lines.push(line.to_string()),
            _ => {}
        }
    }
    out
}

/// `cmd 'a # b' # comment` → `cmd 'a # b'`: a `#` that starts a word
/// outside quotes begins a comment.
fn strip_comment(line: &str) -> &str {
    let (mut single, mut double, mut previous) = (false, false, ' ');
    for (i, c) in line.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '#' if !single && !double && previous.is_whitespace() => return line[..i].trim_end(),
            _ => {}
        }
        previous = c;
    }
    line.trim_end()
}

fn is_assignment(line: &str) -> bool {
    line.split_once('=').is_some_and(|(name, value)| {
        !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !value.contains(char::is_whitespace)
    })
}

fn sh_lines(text: &str) -> Vec<ShLine> {
    let mut out = Vec::new();
    for (first, lines) in blocks(text, "sh") {
        let mut assignments = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let command = strip_comment(line.trim());
            if command.is_empty() {
                continue;
            }
            if is_assignment(command) {
                assignments.push(command.to_string());
                continue;
            }
            out.push(ShLine {
                number: first + i,
                text: command.to_string(),
                assignments: assignments.clone(),
            });
        }
    }
    out
}

/// The README writes `vnsearch` for `cargo run --release --`.
fn as_vnsearch(command: &str) -> String {
    command.replace("cargo run --release --", "vnsearch")
}

/// The subcommand of the first `vnsearch` call in a line, if it has one.
fn subcommand(command: &str) -> Option<String> {
    let words: Vec<&str> = command.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "vnsearch")?;
    Some(words.get(at + 1).copied().unwrap_or_default().to_string())
}

/// The file a line redirects its output into (`> dan-van.csv`).
fn redirect_target(command: &str) -> Option<String> {
    let (_, after) = command.rsplit_once("> ")?;
    after.split_whitespace().next().map(str::to_string)
}

/// The temporary world the README's commands run in.
struct World {
    _dir: TempDir,
    /// The working directory: a copy of `corpus/`, room for `index/`.
    work: PathBuf,
    home: PathBuf,
    bin: PathBuf,
    seed_index: PathBuf,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

impl World {
    fn new() -> World {
        let dir = TempDir::new().unwrap();
        let work = dir.path().join("work");
        let home = dir.path().join("home");
        let bin = dir.path().join("bin");
        copy_dir(&common::corpus(), &work.join("corpus"));
        copy_dir(&common::corpus(), &home.join("crawl/2024"));
        std::fs::create_dir_all(&bin).unwrap();
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_vnsearch"), bin.join("vnsearch")).unwrap();
        let seed_index = dir.path().join("seed-index");
        common::vnsearch()
            .arg("index")
            .arg(common::corpus())
            .arg("--index")
            .arg(&seed_index)
            .assert()
            .success();
        World {
            _dir: dir,
            work,
            home,
            bin,
            seed_index,
        }
    }

    /// bash, in the working directory, with `vnsearch` on the `PATH`.
    fn bash(&self, line: &ShLine, script: &str) -> Command {
        let shared = common::root().join("../shared");
        let mut full = String::new();
        for assignment in &line.assignments {
            // Exported: the line itself runs in a child shell (under `timeout`).
            full.push_str("export ");
            full.push_str(&assignment.replace("../shared", &shared.to_string_lossy()));
            full.push('\n');
        }
        full.push_str(&script.replace("../shared", &shared.to_string_lossy()));
        let path = format!(
            "{}:{}",
            self.bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut cmd = Command::new("bash");
        cmd.args(["-o", "pipefail", "-c", &full])
            .current_dir(&self.work)
            .env("PATH", path)
            .env("HOME", &self.home)
            .env("NO_COLOR", "1")
            .env("VNSEARCH_INDEX", &self.seed_index);
        if subcommand(script).as_deref() == Some("index") {
            // Builds into the temporary directory, never the seed index.
            cmd.env_remove("VNSEARCH_INDEX");
        }
        cmd
    }
}

fn describe(line: &ShLine, what: &str, output: Option<&Output>) -> String {
    let mut message = format!("README.md:{}: `{}`: {what}", line.number, line.text);
    if let Some(output) = output {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let tail = |s: &str| {
            s.chars()
                .rev()
                .take(2000)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<String>()
        };
        message.push_str(&format!(
            "\n  exit: {:?}\n  stderr: {}\n  stdout: {}",
            output.status.code(),
            tail(&stderr),
            tail(&stdout)
        ));
    }
    message
}

/// Runs one `vnsearch …` line and checks what the README promises of it.
fn run_line(world: &World, line: &ShLine) -> Result<(), String> {
    let script = as_vnsearch(&line.text);
    let output = world
        .bash(
            line,
            &format!(
                "timeout -k 5 {TIME_LIMIT} bash -o pipefail -c {}",
                quote(&script)
            ),
        )
        .output()
        .unwrap();
    if !output.status.success() {
        return Err(describe(line, "failed", Some(&output)));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let fail = |what: &str| Err(describe(line, what, Some(&output)));
    let piped = script.contains('|');
    let search = subcommand(&script).as_deref() == Some("search");
    if let Some(file) = redirect_target(&script) {
        let written = std::fs::read_to_string(world.work.join(&file)).unwrap_or_default();
        if written.trim().is_empty() {
            return fail(&format!("wrote nothing to `{file}`"));
        }
        if file.ends_with(".jsonl") {
            for record in written.lines() {
                if serde_json::from_str::<serde_json::Value>(record).is_err() {
                    return fail(&format!("`{file}` has a line that is not JSON: {record}"));
                }
            }
        }
        if file.ends_with(".csv") && !written.lines().next().unwrap_or_default().contains("id") {
            return fail(&format!("`{file}` has no CSV header with `id`"));
        }
    } else if script.contains("| jq") {
        if stdout.trim().is_empty() {
            return fail("jq printed nothing");
        }
        if stdout.lines().any(|l| l.trim() == "null") {
            return fail("jq printed null: a field the README names is missing");
        }
    } else if script.split_whitespace().any(|w| w == "--json") && !piped {
        match serde_json::from_str::<serde_json::Value>(&stdout) {
            Err(_) => return fail("--json did not print one JSON document"),
            Ok(doc) if search && doc["total"] == 0 => return fail(NOTHING_FOUND),
            Ok(_) => {}
        }
    } else if matches!(
        subcommand(&script).as_deref(),
        Some("search" | "count" | "show" | "analyze")
    ) && stdout.trim().is_empty()
    {
        return fail("printed nothing");
    } else if search && !piped && stdout.starts_with("0 results") {
        return fail(NOTHING_FOUND);
    }
    Ok(())
}

/// Single-quotes a string for bash.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Starts `vnsearch serve …` on a free port, asks `/api/health`, stops it
/// with SIGTERM.
fn run_serve(world: &World, line: &ShLine) -> Result<(), String> {
    let mut words: Vec<String> = as_vnsearch(&line.text)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    match words.iter().position(|w| w == "--addr") {
        Some(at) if at + 1 < words.len() => words[at + 1] = "127.0.0.1:0".into(),
        _ => words.extend(["--addr".into(), "127.0.0.1:0".into()]),
    }
    let script = format!("exec {}", words.join(" "));
    let mut child = world
        .bash(line, &script)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // stderr is read on a thread so that a server that never announces
    // itself cannot hang the test.
    let stderr = child.stderr.take().unwrap();
    let (send, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for l in std::io::BufReader::new(stderr).lines() {
            if send.send(l.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    let mut seen = String::new();
    let mut address = None;
    while let Ok(l) = lines.recv_timeout(std::time::Duration::from_secs(120)) {
        seen.push_str(&l);
        seen.push('\n');
        if let Some((_, rest)) = l.split_once("http://") {
            address = rest.split('/').next().map(str::to_string);
            break;
        }
    }
    let result = match address {
        None => Err(format!("did not announce its address; stderr: {seen}")),
        Some(address) => match ureq::get(&format!("http://{address}/api/health")).call() {
            Ok(mut response) => {
                let body = response.body_mut().read_to_string().unwrap_or_default();
                let body: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
                if body["status"] == "ok" {
                    Ok(())
                } else {
                    Err(format!("/api/health answered {body}"))
                }
            }
            Err(e) => Err(format!("/api/health failed: {e}")),
        },
    };
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    result
        .and_then(|()| {
            if status.success() {
                Ok(())
            } else {
                Err(format!("did not stop cleanly on SIGTERM: {status:?}"))
            }
        })
        .map_err(|e| format!("README.md:{}: `{}`: {e}", line.number, line.text))
}

#[test]
fn every_readme_command_runs() {
    let text = readme();
    let lines = sh_lines(&text);
    assert!(lines.len() > 30, "found only {} sh lines", lines.len());
    let world = World::new();
    let mut failures = Vec::new();
    let mut ran = 0;
    for line in &lines {
        if NOT_RUN.iter().any(|(not_run, _)| *not_run == line.text) {
            continue;
        }
        let command = as_vnsearch(&line.text);
        let result = match subcommand(&command).as_deref() {
            Some("serve") => run_serve(&world, line),
            Some(_) => run_line(&world, line),
            None => Err(format!(
                "README.md:{}: `{}` does not run vnsearch: teach tests/readme.rs to run it, \
                 or add it to NOT_RUN with the reason",
                line.number, line.text
            )),
        };
        ran += 1;
        if let Err(e) = result {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} README commands failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn not_run_list_has_no_stale_entries() {
    let lines = sh_lines(&readme());
    for (not_run, reason) in NOT_RUN {
        assert!(
            lines.iter().any(|l| l.text == *not_run),
            "NOT_RUN has `{not_run}` ({reason}), which is no longer in README.md: remove it"
        );
    }
}

/// Every object key anywhere in a JSON value.
fn keys(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone());
                keys(v, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

/// The README shows `vnsearch search --json`'s document after "`--json`
/// prints one document:"; every field it names must be in the output.
#[test]
fn json_example_matches_search_output() {
    let text = readme();
    let intro = "`--json` prints one document:";
    let at = text
        .find(intro)
        .expect("README introduces the --json document");
    let (_, example) = blocks(&text[at..], "json")
        .into_iter()
        .next()
        .expect("a ```json block follows");
    let example = example.join("\n");
    let named: BTreeSet<String> = example
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .map(str::to_string)
        .collect();
    assert!(
        named.contains("hits") && named.contains("facets"),
        "{named:?}"
    );
    let dir = common::seed_index();
    let output = common::search_json(&common::index_path(&dir), &["dân vận"]);
    let mut present = BTreeSet::new();
    keys(&output, &mut present);
    let missing: Vec<&String> = named.difference(&present).collect();
    assert!(
        missing.is_empty(),
        "README's --json example names {missing:?}, which `search --json` does not print"
    );
    // Facet values shown in the example are the names the index stores.
    let facets = &output["facets"];
    for source in example
        .split("\"source\": {")
        .nth(1)
        .and_then(|s| s.split('}').next())
        .into_iter()
        .flat_map(|s| s.split('"').skip(1).step_by(2))
    {
        assert!(
            facets["source"].get(source).is_some(),
            "README's --json example shows the source facet `{source}`, \
             but the index names outlets {}",
            facets["source"]
        );
    }
}

/// The README's table of outlets: every outlet of the table in
/// `src/ingest/source.rs` is listed, and every name the README gives for
/// it is accepted as that outlet.
#[test]
fn readme_outlet_table_matches_the_code() {
    use vnsearch::ingest::{canonical_outlet as canonical, OUTLETS};
    let text = readme();
    let at = text
        .find("| outlet (as stored) |")
        .expect("README has the outlet table");
    let rows: Vec<&str> = text[at..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    let mut listed = Vec::new();
    for row in rows {
        let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
        let display = cells[0].trim_matches('`');
        listed.push(display.to_string());
        for name in cells[1].split('`').skip(1).step_by(2) {
            assert_eq!(
                canonical(name),
                Some(display),
                "README lists `{name}` for {display}"
            );
        }
    }
    for (display, _) in OUTLETS {
        assert!(
            listed.iter().any(|l| l == display),
            "the outlet table of README.md lacks {display}"
        );
    }
}
