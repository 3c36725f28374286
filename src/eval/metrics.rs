//! Ranking metrics over one query's ranked list and its judgments:
//! reciprocal rank, nDCG, recall. The definitions are the usual TREC ones
//! (graded gain `2^rel - 1`, log2 discount), so figures compare with other
//! tools' reports.

use std::collections::HashMap;

/// Judgments for one query: doc id → relevance grade (> 0 is relevant).
pub type Judgments = HashMap<String, u32>;

/// 1/rank of the first relevant document within the top `k`, else 0.
pub fn reciprocal_rank(ranked: &[String], judged: &Judgments, k: usize) -> f64 {
    first_relevant_rank(ranked, judged)
        .filter(|&rank| rank <= k)
        .map_or(0.0, |rank| 1.0 / rank as f64)
}

/// 1-based rank of the first relevant document anywhere in the list.
pub fn first_relevant_rank(ranked: &[String], judged: &Judgments) -> Option<usize> {
    ranked
        .iter()
        .position(|id| judged.get(id).is_some_and(|&g| g > 0))
        .map(|i| i + 1)
}

fn gain(grade: u32) -> f64 {
    2f64.powi(grade as i32) - 1.0
}

fn discount(rank: usize) -> f64 {
    (rank as f64 + 1.0).log2()
}

/// Normalized discounted cumulative gain at `k`.
pub fn ndcg(ranked: &[String], judged: &Judgments, k: usize) -> f64 {
    let dcg: f64 = ranked
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, id)| gain(judged.get(id).copied().unwrap_or(0)) / discount(i + 1))
        .sum();
    let mut ideal: Vec<u32> = judged.values().copied().filter(|&g| g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(k)
        .enumerate()
        .map(|(i, &g)| gain(g) / discount(i + 1))
        .sum();
    if idcg == 0.0 {
        0.0
    } else {
        dcg / idcg
    }
}

/// Share of the relevant documents found in the top `k`.
pub fn recall(ranked: &[String], judged: &Judgments, k: usize) -> f64 {
    let relevant = judged.values().filter(|&&g| g > 0).count();
    if relevant == 0 {
        return 0.0;
    }
    let found = ranked
        .iter()
        .take(k)
        .filter(|id| judged.get(*id).is_some_and(|&g| g > 0))
        .count();
    found as f64 / relevant as f64
}

/// The value at quantile `p` (0–1) of sorted values, by nearest rank; 0
/// for none. Shared by `eval` and the benchmarks.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p.clamp(0.0, 1.0)).round() as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    fn judged(pairs: &[(&str, u32)]) -> Judgments {
        pairs.iter().map(|(id, g)| (id.to_string(), *g)).collect()
    }

    #[test]
    fn hand_computed_values() {
        let ranked = list(&["a", "b", "c", "d"]);
        let j = judged(&[("b", 1), ("d", 1), ("z", 1)]);
        assert_eq!(reciprocal_rank(&ranked, &j, 10), 0.5);
        assert_eq!(reciprocal_rank(&ranked, &j, 1), 0.0);
        assert_eq!(first_relevant_rank(&ranked, &j), Some(2));
        assert!((recall(&ranked, &j, 10) - 2.0 / 3.0).abs() < 1e-12);
        assert!((recall(&ranked, &j, 2) - 1.0 / 3.0).abs() < 1e-12);
        // DCG = 1/log2(3) + 1/log2(5); IDCG = 1 + 1/log2(3) + 1/log2(4).
        let dcg = 1.0 / 3f64.log2() + 1.0 / 5f64.log2();
        let idcg = 1.0 + 1.0 / 3f64.log2() + 0.5;
        assert!((ndcg(&ranked, &j, 10) - dcg / idcg).abs() < 1e-12);
    }

    #[test]
    fn perfect_and_empty_rankings() {
        let j = judged(&[("a", 2), ("b", 1)]);
        assert!((ndcg(&list(&["a", "b"]), &j, 10) - 1.0).abs() < 1e-12);
        assert!(ndcg(&list(&["b", "a"]), &j, 10) < 1.0);
        assert_eq!(ndcg(&[], &j, 10), 0.0);
        assert_eq!(reciprocal_rank(&[], &j, 10), 0.0);
        assert_eq!(recall(&list(&["a"]), &Judgments::new(), 10), 0.0);
    }
}
