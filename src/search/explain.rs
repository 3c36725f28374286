//! `--explain`: a hit's score as a tree of named parts, built from the
//! scorers' own `explain` (tantivy's and ours) so it is the score that was
//! used, not a recomputation. tantivy names fields by number in its
//! explanations; here they get the names a person tuning ranking knows
//! (`title, folded word "dan"`, `body, folded bigram "danvan"`).

use serde::Serialize;
use tantivy::query::Explanation;
use tantivy::schema::Schema;

/// One part of a score.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ScorePart {
    pub value: f32,
    pub description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<ScorePart>,
}

/// What a text field holds, in words.
fn describe_field(name: &str) -> String {
    let (zone, form) = match name.split_once('_') {
        Some((zone, form)) => (zone, form),
        None => return name.to_string(),
    };
    let form = match form {
        "exact" => "exact word (diacritics as typed)",
        "folded" => "folded word (no diacritics)",
        "bigram_folded" => "folded bigram (two adjacent syllables)",
        other => other,
    };
    format!("{zone}, {form}")
}

/// `Term=Term(field=12, type=Str, "dan")` → `title, folded word … "dan"`.
fn describe_context(context: &str, schema: &Schema) -> String {
    let Some(rest) = context.strip_prefix("Term=Term(field=") else {
        return context.to_string();
    };
    let Some((id, value)) = rest.split_once(", ") else {
        return context.to_string();
    };
    let value = value.strip_suffix(')').unwrap_or(value);
    let value =
        value.split_once(", ").map_or(
            value,
            |(kind, v)| {
                if kind.starts_with("type=") {
                    v
                } else {
                    value
                }
            },
        );
    let name = id
        .parse::<u32>()
        .ok()
        .map(|id| schema.get_field_name(tantivy::schema::Field::from_field_id(id)))
        .unwrap_or(id);
    format!("{}: {value}", describe_field(name))
}

fn convert(node: &serde_json::Value, schema: &Schema) -> ScorePart {
    let mut description = node["description"].as_str().unwrap_or("").to_string();
    for context in node["context"].as_array().into_iter().flatten() {
        if let Some(text) = context.as_str() {
            description = format!("{} [{}]", description, describe_context(text, schema));
        }
    }
    ScorePart {
        value: node["value"].as_f64().unwrap_or(0.0) as f32,
        description,
        parts: node["details"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| convert(d, schema))
            .collect(),
    }
}

/// The named tree of a tantivy explanation.
pub fn score_parts(explanation: &Explanation, schema: &Schema) -> ScorePart {
    // tantivy keeps the tree's fields private; its serde form is public.
    let value = serde_json::to_value(explanation).unwrap_or_default();
    convert(&value, schema)
}

/// The first stage's parts with the second stage's (adjacent word pairs
/// in the body) beside them, under their sum.
pub fn with_second_stage(first: ScorePart, second: Vec<ScorePart>) -> ScorePart {
    if second.is_empty() {
        return first;
    }
    let value = first.value + second.iter().map(|p| p.value).sum::<f32>();
    let mut parts = vec![first];
    parts.extend(second);
    ScorePart {
        value,
        description: "sum of the first stage and the body's adjacent word pairs (second stage)"
            .to_string(),
        parts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema;

    #[test]
    fn field_numbers_become_names() {
        let schema = schema::build();
        let field = schema.get_field(schema::TITLE_FOLDED).unwrap();
        let mut e = Explanation::new("TermQuery", 1.5);
        e.add_context(format!(
            "Term={:?}",
            tantivy::Term::from_field_text(field, "dan")
        ));
        let parts = score_parts(&e, &schema);
        assert_eq!(parts.value, 1.5);
        assert!(
            parts
                .description
                .contains("title, folded word (no diacritics): \"dan\""),
            "{}",
            parts.description
        );
    }
}
