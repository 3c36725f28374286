//! Helpers shared by the fuzz targets: the one small real index the query,
//! filter and Meilisearch targets search (built once per fuzzing process
//! from the shipped `corpus/` seeds), and scratch files on tmpfs for the
//! targets that go through the file readers.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tantivy::Searcher;
use vnsearch::index::{self, BuildOptions, VnIndex};
use vnsearch::server::Engine;

/// The shipped seed articles (the repository's `corpus/`).
pub fn seed_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus")
}

/// A folder for this process's scratch files: on tmpfs when there is one
/// (fuzzing writes a file per input), removed by `run.sh` after each run.
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = std::env::var_os("VNSEARCH_FUZZ_TMP")
            .map(PathBuf::from)
            .or_else(|| Some(PathBuf::from("/dev/shm")).filter(|p| p.is_dir()))
            .unwrap_or_else(std::env::temp_dir);
        let dir = base.join(format!("vnsearch-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("creating the fuzz scratch folder");
        dir
    })
}

/// The index of the seed corpus, built on first use.
fn index_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = scratch().join("index");
        index::build(BuildOptions {
            corpus: vec![seed_corpus()],
            index_dir: dir.clone(),
            rebuild: true,
            memory_bytes: 32 << 20,
            progress: None,
        })
        .expect("building the fuzz index from corpus/");
        dir
    })
}

/// The small index with a searcher, opened once.
pub fn small_index() -> &'static (VnIndex, Searcher) {
    static INDEX: OnceLock<(VnIndex, Searcher)> = OnceLock::new();
    INDEX.get_or_init(|| {
        let (index, _) = index::open(index_dir()).expect("opening the fuzz index");
        let searcher = index
            .index
            .reader()
            .expect("opening an index reader")
            .searcher();
        (index, searcher)
    })
}

/// The server's engine over the same index (Meilisearch targets).
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::open(index_dir()).expect("opening the fuzz engine"))
}

/// What every extracted article must satisfy: a stated date is a
/// plausible publication year, and a link is only ever http(s).
pub fn check_article(article: &vnsearch::ingest::Article) {
    if let Some(date) = article.date {
        assert!((1900..=2100).contains(&date.year()), "{date:?}");
    }
    if let Some(url) = &article.url {
        let lower = url.to_ascii_lowercase();
        assert!(
            lower.starts_with("http://") || lower.starts_with("https://"),
            "{url}"
        );
    }
}

/// Writes `data` to a scratch file named `name` and reads it back with
/// `ingest::read_file` as `vnsearch index` would, checking each article;
/// returns how many articles it gave.
pub fn read_as_file(name: &str, format: vnsearch::ingest::Format, data: &[u8]) -> usize {
    let path = scratch().join(name);
    std::fs::write(&path, data).expect("writing the scratch file");
    let file = vnsearch::ingest::SourceFile {
        path,
        format,
        size: data.len() as u64,
        modified: None,
    };
    let mut articles = 0;
    vnsearch::ingest::read_file(
        &file,
        vnsearch::gazetteer::Gazetteer::get(),
        &mut |article| {
            check_article(&article);
            articles += 1;
        },
    );
    articles
}
