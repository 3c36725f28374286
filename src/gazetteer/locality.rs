//! What place detection decides for an article: its province and district
//! by the gazetteer's canonical names. It lives here, not in `ingest`, so
//! that the gazetteer depends on nothing above it.

use serde::Serialize;

/// Where an article is about, by the gazetteer's canonical names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Locality {
    /// Province-level unit as it was at publication (pre-July-2025 map),
    /// e.g. `Hà Nội`, `Bến Tre`.
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
}
