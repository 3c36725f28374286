//! The knobs of ranking ([`Ranking`], measured in docs/ranking.md) and how
//! the query's words combine ([`MatchMode`]).

use super::bm25::Bm25Params;

/// Relative weights of the ranking signals.
#[derive(Clone, Copy, Debug)]
pub struct Ranking {
    pub title_boost: f32,
    pub exact_boost: f32,
    /// How the exact-diacritic form of a word combines with its folded
    /// form: 0 takes the better of the two (the exact form counts as the
    /// rarer word it is, never on top of the folded one), 1 sums them.
    pub exact_tie: f32,
    pub bigram_boost: f32,
    /// Title vs body for one word: 1.0 sums both scores; below 1, the
    /// better field counts fully and the other by this factor.
    pub field_tie: f32,
    /// Score added per matched query word (coordination): rewards articles
    /// that cover more of the query, whatever the words' rarity.
    pub coordination: f32,
    /// BM25's term-frequency saturation and length normalization.
    pub bm25: Bm25Params,
    /// Weight of three query words found together (a phrase bonus).
    pub trigram_boost: f32,
    /// In `--match any`, a word found in more than this share of the
    /// articles scores only through its bigrams (1.0 disables this).
    pub common_share: f32,
    /// Weight of two adjacent query words found near each other (within
    /// `proximity_slop` positions) but not side by side.
    pub proximity_boost: f32,
    pub proximity_slop: u32,
    /// How many of the first stage's best articles the second stage
    /// rescores with the query's adjacent word pairs in their bodies
    /// (`pairs.rs`); articles past it keep the first stage's order.
    pub pair_window: usize,
}

impl Default for Ranking {
    /// Measured on a Vietnamese relevance set; see docs/ranking.md for
    /// what each value is for and what it changed.
    fn default() -> Self {
        Ranking {
            title_boost: 1.5,
            exact_boost: 0.8,
            exact_tie: 0.0,
            bigram_boost: 1.0,
            common_share: 0.5,
            trigram_boost: 0.0,
            proximity_boost: 0.0,
            proximity_slop: 3,
            pair_window: 100,
            field_tie: 0.5,
            coordination: 1.0,
            bm25: Bm25Params {
                k1: 0.8,
                b: 1.0,
                delta: 1.0,
            },
        }
    }
}

/// How the query's words combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchMode {
    /// Every word must occur.
    #[default]
    All,
    /// Any word may occur; more and rarer words rank higher.
    Any,
}

impl MatchMode {
    pub const NAMES: &'static [&'static str] = &["all", "any"];

    pub fn name(self) -> &'static str {
        match self {
            MatchMode::All => "all",
            MatchMode::Any => "any",
        }
    }
}

impl std::str::FromStr for MatchMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "all" => Ok(MatchMode::All),
            "any" => Ok(MatchMode::Any),
            other => Err(format!("unknown match mode `{other}`; use all or any")),
        }
    }
}
