//! What place detection decides for an article: its province and district
//! by the gazetteer's canonical names, whether it is local, national or
//! international news, and the mention that decided. It lives here, not in
//! `ingest`, so that the gazetteer depends on nothing above it.

use serde::Serialize;

/// Where an article is about, by the gazetteer's canonical names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Locality {
    /// Province-level unit as it was at publication (pre-July-2025 map),
    /// e.g. `Hà Nội`, `Bến Tre`. `None` when no province is the subject or
    /// the evidence for one is too weak.
    pub city: Option<String>,
    /// District-level unit within `city`, e.g. `Hoàng Mai`.
    pub district: Option<String>,
    /// `district` with its prefix, e.g. `Quận Hoàng Mai`, `Thành phố Bến Tre`.
    pub district_full: Option<String>,
    /// GSO code of `district` (3 digits).
    pub district_code: Option<String>,
    /// The province `city` belongs to on the map from 1 July 2025
    /// (`Bến Tre` → `Vĩnh Long`).
    pub province_2025: Option<String>,
    /// Other provinces the article names, most mentioned first.
    pub mentions: Vec<String>,
    /// Whether a province, the country or the world is the subject.
    pub scope: Scope,
    /// The mention that decided `city` (or, without a city, `scope`), so
    /// that a surprising tag can be traced to the words that caused it.
    pub evidence: Option<Evidence>,
}

/// What kind of news an article is, by its subject.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// A Vietnamese province or district is the subject.
    Local,
    /// Central bodies, the whole country, or no local subject.
    #[default]
    National,
    /// Foreign countries are the subject.
    International,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Local => "local",
            Scope::National => "national",
            Scope::International => "international",
        }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Part of the article a mention was found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Zone {
    Title,
    Lead,
    Body,
}

/// Why a mention counts, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// The place that opens the lead (`HÀ NỘI -`, `Sáng 19/12, tại Hải
    /// Phòng, …`).
    Dateline,
    /// Written with an administrative prefix (`tỉnh`, `TP`, `huyện`…).
    Prefixed,
    /// A district followed by its province in parentheses.
    InProvince,
    /// A province name without prefix.
    Name,
    /// A bare district name that exists in one province only.
    UniqueDistrict,
    /// A foreign country, city, body or leader.
    Foreign,
    /// A central body or the whole country (`Chính phủ`, `cả nước`).
    National,
}

/// One mention in the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The words as written in the article.
    pub text: String,
    pub zone: Zone,
    /// Byte offset of `text` in the article's title (zone `title`) or
    /// cleaned body (zones `lead` and `body`).
    pub position: usize,
    pub kind: EvidenceKind,
}
