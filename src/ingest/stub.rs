//! TEMPORARY STUB (replaced by the ingest branch).
use super::{Article, Date, Locality};
use crate::gazetteer::Gazetteer;
use std::path::PathBuf;
pub enum Format {
    Text,
}
pub struct SourceFile {
    pub path: PathBuf,
    pub format: Format,
    pub size: u64,
    pub modified: Option<std::time::SystemTime>,
}
pub struct Discovery {
    pub files: Vec<SourceFile>,
    pub skipped: Vec<PathBuf>,
}
#[derive(Debug)]
pub struct Warning {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}
impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}
pub fn discover(paths: &[PathBuf]) -> anyhow::Result<Discovery> {
    let mut files = vec![];
    for p in paths {
        if !p.exists() {
            anyhow::bail!("corpus folder `{}` does not exist", p.display());
        }
        for e in walkdir::WalkDir::new(p).sort_by_file_name() {
            let e = e?;
            if e.path().extension().is_some_and(|x| x == "txt") {
                let m = e.metadata()?;
                files.push(SourceFile {
                    path: e.path().to_path_buf(),
                    format: Format::Text,
                    size: m.len(),
                    modified: m.modified().ok(),
                });
            }
        }
    }
    Ok(Discovery {
        files,
        skipped: vec![],
    })
}
pub fn read_file(file: &SourceFile, _g: &Gazetteer, emit: &mut dyn FnMut(Article)) -> Vec<Warning> {
    let text = std::fs::read_to_string(&file.path).unwrap();
    let title = text.lines().next().unwrap_or("").to_string();
    let city = if text.contains("Hải Phòng") {
        Some("Hải Phòng".to_string())
    } else if text.contains("Hoàng Mai") {
        Some("Hà Nội".to_string())
    } else {
        None
    };
    let district = if text.contains("Hoàng Mai") {
        Some("Hoàng Mai".to_string())
    } else {
        None
    };
    emit(Article {
        id: file.path.file_stem().unwrap().to_string_lossy().into(),
        path: file.path.display().to_string(),
        title,
        date: Date::new(2023, 12, 19),
        body: text.clone(),
        original: text,
        locality: Locality {
            city,
            district,
            ..Default::default()
        },
        ..Default::default()
    });
    vec![]
}
