//! Meilisearch's filter syntax, parsed into the search layer's
//! [`FilterExpr`]: `city = "Hải Phòng" AND (year 2022 TO 2023 OR source IN
//! [PLVN, "Thanh tra"]) AND NOT district = "Hoàng Mai"`, or the array form
//! (`[["city = hanoi", "city = haiphong"], "year > 2022"]`: inner arrays
//! OR, the outer array AND). Errors read like Meilisearch's (a diagnostic,
//! then `start:end filter`) under the code `invalid_search_filter`.
//!
//! The parser is recursive descent with an explicit depth count, so a
//! filter nested 500 levels deep is an error, never a stack overflow; the
//! number of conditions is bounded too, since each becomes a query clause.

use serde_json::Value;

use super::error::MeiliError;
use crate::search::filter_expr::{Attribute, FilterExpr, Op};

/// Deepest nesting of parentheses and `NOT`.
pub const MAX_FILTER_DEPTH: usize = 32;
/// Most conditions (each value of an `IN [...]` counts) in one filter.
pub const MAX_FILTER_CONDITIONS: usize = 512;

const CODE: &str = "invalid_search_filter";

/// The `filter` parameter (a string, an array of strings and arrays of
/// strings, or null) as an expression; `None` when there is no filter.
pub fn parse_value(value: &Value) -> Result<Option<FilterExpr>, MeiliError> {
    let mut budget = MAX_FILTER_CONDITIONS;
    match value {
        Value::Null => Ok(None),
        Value::String(text) => parse_with(text, &mut budget),
        Value::Array(items) => {
            let mut all = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::String(text) => all.extend(parse_with(text, &mut budget)?),
                    Value::Array(inner) => {
                        let mut any = Vec::new();
                        for (j, item) in inner.iter().enumerate() {
                            let Value::String(text) = item else {
                                return Err(type_error(
                                    &format!(".filter[{i}][{j}]"),
                                    "a string",
                                    item,
                                ));
                            };
                            any.extend(parse_with(text, &mut budget)?);
                        }
                        if !any.is_empty() {
                            all.push(one_or(any, FilterExpr::Or));
                        }
                    }
                    other => {
                        return Err(type_error(
                            &format!(".filter[{i}]"),
                            "a string or an array of strings",
                            other,
                        ))
                    }
                }
            }
            Ok((!all.is_empty()).then(|| one_or(all, FilterExpr::And)))
        }
        other => Err(type_error(".filter", "an array or a string", other)),
    }
}

/// One filter string.
pub fn parse(text: &str) -> Result<Option<FilterExpr>, MeiliError> {
    parse_with(text, &mut MAX_FILTER_CONDITIONS.clone())
}

fn parse_with(text: &str, budget: &mut usize) -> Result<Option<FilterExpr>, MeiliError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let tokens = lex(text).map_err(|e| e.into_error(text))?;
    let mut parser = Parser {
        text,
        tokens,
        at: 0,
        budget,
        end: text.chars().count(),
    };
    let expr = parser.or(0).map_err(|e| e.into_error(text))?;
    if let Some(token) = parser.peek() {
        let rest_start = token.start;
        return Err(Diagnostic {
            message: format!(
                "Found unexpected characters at the end of the filter: `{}`. You probably forgot an `OR` or an `AND` rule.",
                slice(text, rest_start, parser.end)
            ),
            start: rest_start,
            end: parser.end,
        }
        .into_error(text));
    }
    Ok(Some(expr))
}

fn one_or(mut parts: Vec<FilterExpr>, make: fn(Vec<FilterExpr>) -> FilterExpr) -> FilterExpr {
    if parts.len() == 1 {
        parts.remove(0)
    } else {
        make(parts)
    }
}

fn type_error(at: &str, expected: &str, found: &Value) -> MeiliError {
    let kind = match found {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    MeiliError::invalid(
        CODE,
        format!("Invalid value type at `{at}`: expected {expected}, but found {kind}: `{found}`"),
    )
}

/// A problem at columns `start..end` (characters, 0-based) of the filter.
struct Diagnostic {
    message: String,
    start: usize,
    end: usize,
}

impl Diagnostic {
    fn into_error(self, text: &str) -> MeiliError {
        MeiliError::invalid(
            CODE,
            format!(
                "{}\n{}:{} {}",
                self.message,
                self.start + 1,
                self.end + 1,
                text
            ),
        )
    }
}

fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    /// An unquoted word (may be a keyword).
    Word(String),
    /// A quoted value (never a keyword).
    Quoted(String),
    Open,
    Close,
    OpenBracket,
    CloseBracket,
    Comma,
    Compare(&'static str),
}

#[derive(Clone, Debug)]
struct Token {
    kind: Kind,
    /// Character columns, 0-based, end exclusive.
    start: usize,
    end: usize,
}

const KEYWORDS: &[&str] = &[
    "AND", "OR", "NOT", "IN", "TO", "EXISTS", "IS", "NULL", "EMPTY", "CONTAINS", "STARTS", "WITH",
];

fn word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ':' | '+')
}

fn lex(text: &str) -> Result<Vec<Token>, Diagnostic> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let simple = match c {
            '(' => Some(Kind::Open),
            ')' => Some(Kind::Close),
            '[' => Some(Kind::OpenBracket),
            ']' => Some(Kind::CloseBracket),
            ',' => Some(Kind::Comma),
            _ => None,
        };
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if let Some(kind) = simple {
            i += 1;
            tokens.push(Token {
                kind,
                start,
                end: i,
            });
            continue;
        }
        let kind = match c {
            '=' => {
                i += 1;
                Kind::Compare("=")
            }
            '!' if chars.get(i + 1) == Some(&'=') => {
                i += 2;
                Kind::Compare("!=")
            }
            '<' | '>' => {
                let with_eq = chars.get(i + 1) == Some(&'=');
                i += if with_eq { 2 } else { 1 };
                Kind::Compare(match (c, with_eq) {
                    ('<', true) => "<=",
                    ('<', false) => "<",
                    ('>', true) => ">=",
                    _ => ">",
                })
            }
            '"' | '\'' => {
                let quote = c;
                i += 1;
                let mut value = String::new();
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(Diagnostic {
                                message: format!(
                                    "Expression `{}` is missing the following closing delimiter: `{quote}`.",
                                    slice(text, start, chars.len())
                                ),
                                start,
                                end: chars.len(),
                            })
                        }
                        Some('\\') if i + 1 < chars.len() => {
                            value.push(chars[i + 1]);
                            i += 2;
                        }
                        Some(&ch) if ch == quote => {
                            i += 1;
                            break;
                        }
                        Some(&ch) => {
                            value.push(ch);
                            i += 1;
                        }
                    }
                }
                Kind::Quoted(value)
            }
            c if word_char(c) => {
                while i < chars.len() && word_char(chars[i]) {
                    i += 1;
                }
                Kind::Word(chars[start..i].iter().collect())
            }
            other => {
                return Err(Diagnostic {
                    message: format!(
                        "Was expecting an attribute name, a value, an operator or a parenthesis but instead got `{other}`."
                    ),
                    start,
                    end: start + 1,
                })
            }
        };
        tokens.push(Token {
            kind,
            start,
            end: i,
        });
    }
    Ok(tokens)
}

struct Parser<'b> {
    text: &'b str,
    tokens: Vec<Token>,
    at: usize,
    budget: &'b mut usize,
    /// Length of the filter in characters.
    end: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn is_keyword(&self, keyword: &str) -> bool {
        matches!(self.peek(), Some(Token { kind: Kind::Word(w), .. }) if w == keyword)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    /// Where the next token starts (or the end of the filter).
    fn here(&self) -> (usize, usize) {
        self.peek()
            .map_or((self.end, self.end), |t| (t.start, t.end))
    }

    fn error<T>(&self, message: impl Into<String>) -> Result<T, Diagnostic> {
        let (start, end) = self.here();
        Err(Diagnostic {
            message: message.into(),
            start,
            end,
        })
    }

    fn check_depth(&self, depth: usize) -> Result<(), Diagnostic> {
        if depth > MAX_FILTER_DEPTH {
            return self.error(format!(
                "The filter nests parentheses or `NOT` more than {MAX_FILTER_DEPTH} levels deep. Try rewriting the filter so that it contains fewer nested conditions."
            ));
        }
        Ok(())
    }

    fn or(&mut self, depth: usize) -> Result<FilterExpr, Diagnostic> {
        let mut parts = vec![self.and(depth)?];
        while self.is_keyword("OR") {
            self.next();
            parts.push(self.and(depth)?);
        }
        Ok(one_or(parts, FilterExpr::Or))
    }

    fn and(&mut self, depth: usize) -> Result<FilterExpr, Diagnostic> {
        let mut parts = vec![self.not(depth)?];
        while self.is_keyword("AND") {
            self.next();
            parts.push(self.not(depth)?);
        }
        Ok(one_or(parts, FilterExpr::And))
    }

    fn not(&mut self, depth: usize) -> Result<FilterExpr, Diagnostic> {
        self.check_depth(depth)?;
        if self.is_keyword("NOT") {
            self.next();
            let inner = self.not(depth + 1)?;
            return Ok(match inner {
                FilterExpr::Not(inner) => *inner,
                other => FilterExpr::Not(Box::new(other)),
            });
        }
        self.primary(depth)
    }

    fn primary(&mut self, depth: usize) -> Result<FilterExpr, Diagnostic> {
        match self.peek().map(|t| &t.kind) {
            Some(Kind::Open) => {
                let open = self.next().expect("peeked");
                self.check_depth(depth + 1)?;
                let inner = self.or(depth + 1)?;
                match self.peek().map(|t| &t.kind) {
                    Some(Kind::Close) => {
                        self.next();
                        Ok(inner)
                    }
                    _ => Err(Diagnostic {
                        message: format!(
                            "Expression `{}` is missing the following closing delimiter: `)`.",
                            slice(self.text, open.start, self.end)
                        ),
                        start: open.start,
                        end: self.end,
                    }),
                }
            }
            None => self.error("Was expecting a value but instead got nothing."),
            _ => self.condition(),
        }
    }

    /// A value: a quoted string or a word that is not a keyword.
    fn value(&mut self, what: &str) -> Result<(String, usize, usize), Diagnostic> {
        match self.peek().cloned() {
            Some(Token {
                kind: Kind::Quoted(v),
                start,
                end,
            }) => {
                self.next();
                Ok((v, start, end))
            }
            Some(Token {
                kind: Kind::Word(w),
                start,
                end,
            }) => {
                if KEYWORDS.contains(&w.as_str()) {
                    return self.error(format!(
                        "Was expecting {what} but instead got `{w}`, which is a reserved keyword. To use `{w}` as a field name or a value, surround it by quotes."
                    ));
                }
                self.next();
                Ok((w, start, end))
            }
            Some(token) => {
                let shown = match &token.kind {
                    Kind::Compare(op) => op.to_string(),
                    Kind::Open => "(".into(),
                    Kind::Close => ")".into(),
                    Kind::OpenBracket => "[".into(),
                    Kind::CloseBracket => "]".into(),
                    _ => ",".into(),
                };
                self.error(format!("Was expecting {what} but instead got `{shown}`."))
            }
            None => self.error(format!("Was expecting {what} but instead got nothing.")),
        }
    }

    fn spend(&mut self, n: usize) -> Result<(), Diagnostic> {
        if n > *self.budget {
            return self.error(format!(
                "The filter has more than {MAX_FILTER_CONDITIONS} conditions (each value of `IN [...]` counts). Use fewer values, or several searches."
            ));
        }
        *self.budget -= n;
        Ok(())
    }

    fn condition(&mut self) -> Result<FilterExpr, Diagnostic> {
        let (name, start, end) = self.value("an attribute name")?;
        let Some(attribute) = Attribute::from_name(&name) else {
            let names: Vec<String> = Attribute::ALL.iter().map(|a| format!("`{a}`")).collect();
            return Err(Diagnostic {
                message: format!(
                    "Attribute `{name}` is not filterable. Available filterable attributes are: {}.",
                    names.join(", ")
                ),
                start,
                end,
            });
        };
        let condition = |op| FilterExpr::Condition { attribute, op };
        let token = self.peek().cloned();
        match token.map(|t| t.kind) {
            Some(Kind::Compare(op)) => {
                self.next();
                let (value, ..) = self.value("a value")?;
                self.spend(1)?;
                if op != "=" && op != "!=" && !attribute.ordered() {
                    return self.unordered(attribute, start);
                }
                Ok(match op {
                    "=" => condition(Op::Eq(value)),
                    "!=" => FilterExpr::Not(Box::new(condition(Op::Eq(value)))),
                    ">" => condition(Op::Gt(value)),
                    ">=" => condition(Op::Ge(value)),
                    "<" => condition(Op::Lt(value)),
                    _ => condition(Op::Le(value)),
                })
            }
            Some(Kind::Word(w)) if w == "IN" => {
                self.next();
                self.list(attribute)
            }
            Some(Kind::Word(w)) if w == "NOT" => {
                self.next();
                if self.is_keyword("IN") {
                    self.next();
                    return Ok(FilterExpr::Not(Box::new(self.list(attribute)?)));
                }
                self.unsupported()
            }
            Some(Kind::Word(w)) | Some(Kind::Quoted(w)) if !KEYWORDS.contains(&w.as_str()) => {
                // `year 2022 TO 2023`
                self.next();
                if !self.is_keyword("TO") {
                    return self.error(
                        "Was expecting `TO` after the first value of a range such as `year 2022 TO 2023`.",
                    );
                }
                self.next();
                let (to, ..) = self.value("the end of the range")?;
                self.spend(1)?;
                if !attribute.ordered() {
                    return self.unordered(attribute, start);
                }
                Ok(condition(Op::Between(w, to)))
            }
            _ => self.unsupported(),
        }
    }

    fn unordered<T>(&self, attribute: Attribute, start: usize) -> Result<T, Diagnostic> {
        let (_, end) = self
            .tokens
            .get(self.at.saturating_sub(1))
            .map_or((0, self.end), |t| (t.start, t.end));
        Err(Diagnostic {
            message: format!(
                "Attribute `{attribute}` has no order: use `=`, `!=`, `IN [...]` or `NOT IN [...]`. `<`, `<=`, `>`, `>=` and `TO` work on `year`, `month` and `date`."
            ),
            start,
            end,
        })
    }

    fn unsupported<T>(&self) -> Result<T, Diagnostic> {
        let (start, end) = self.here();
        let text = if start == self.end {
            "but instead got nothing.".to_string()
        } else {
            "here.".to_string()
        };
        Err(Diagnostic {
            message: format!(
                "Was expecting an operation `=`, `!=`, `>=`, `>`, `<=`, `<`, `IN`, `NOT IN` or `TO` {text} (vnsearch does not support `EXISTS`, `IS NULL`, `IS EMPTY`, `CONTAINS`, `STARTS WITH` or geo filters.)"
            ),
            start,
            end,
        })
    }

    /// `[a, b, …]` after `IN`: any of the values.
    fn list(&mut self, attribute: Attribute) -> Result<FilterExpr, Diagnostic> {
        if !matches!(self.peek().map(|t| &t.kind), Some(Kind::OpenBracket)) {
            return self.error("Expected `[` after `IN` keyword.");
        }
        self.next();
        let mut values = Vec::new();
        loop {
            match self.peek().map(|t| &t.kind) {
                Some(Kind::CloseBracket) => {
                    self.next();
                    break;
                }
                None => {
                    return self
                        .error("Expected matching `]` after the list of values given to `IN[`.")
                }
                _ => {}
            }
            let (value, ..) = self.value("a value inside `IN[..]`")?;
            self.spend(1)?;
            values.push(FilterExpr::Condition {
                attribute,
                op: Op::Eq(value),
            });
            match self.peek().map(|t| &t.kind) {
                Some(Kind::Comma) => {
                    self.next();
                }
                Some(Kind::CloseBracket) => {}
                None => {
                    return self
                        .error("Expected matching `]` after the list of values given to `IN[`.")
                }
                _ => return self.error("Expected only comma-separated values inside `IN[..]`."),
            }
        }
        Ok(one_or(values, FilterExpr::Or))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eq(attribute: Attribute, v: &str) -> FilterExpr {
        FilterExpr::Condition {
            attribute,
            op: Op::Eq(v.into()),
        }
    }

    fn cond(attribute: Attribute, op: Op) -> FilterExpr {
        FilterExpr::Condition { attribute, op }
    }

    fn not(e: FilterExpr) -> FilterExpr {
        FilterExpr::Not(Box::new(e))
    }

    use Attribute::*;

    #[test]
    fn parses_every_operator() {
        let table: Vec<(&str, FilterExpr)> = vec![
            ("city = hanoi", eq(City, "hanoi")),
            ("city = \"Hải Phòng\"", eq(City, "Hải Phòng")),
            ("city='Hải Phòng'", eq(City, "Hải Phòng")),
            ("city != haiphong", not(eq(City, "haiphong"))),
            (
                "source = \"Báo \\\"Thanh\\\" tra\"",
                eq(Source, "Báo \"Thanh\" tra"),
            ),
            ("year > 2022", cond(Year, Op::Gt("2022".into()))),
            ("year >= 2022", cond(Year, Op::Ge("2022".into()))),
            ("year < 2022", cond(Year, Op::Lt("2022".into()))),
            ("year <= 2022", cond(Year, Op::Le("2022".into()))),
            ("date>=2023-12-01", cond(Date, Op::Ge("2023-12-01".into()))),
            ("month = 2023-12", cond(Month, Op::Eq("2023-12".into()))),
            (
                "year 2022 TO 2023",
                cond(Year, Op::Between("2022".into(), "2023".into())),
            ),
            (
                "date '2023-01-01' TO 2023-12-31",
                cond(Date, Op::Between("2023-01-01".into(), "2023-12-31".into())),
            ),
            (
                "city IN [hanoi, 'Hải Phòng']",
                FilterExpr::Or(vec![eq(City, "hanoi"), eq(City, "Hải Phòng")]),
            ),
            ("city IN [hanoi,]", eq(City, "hanoi")),
            ("city IN []", FilterExpr::Or(vec![])),
            ("city NOT IN [hanoi]", not(eq(City, "hanoi"))),
            ("NOT city = hanoi", not(eq(City, "hanoi"))),
            ("NOT NOT city = hanoi", eq(City, "hanoi")),
            (
                "district = \"Hoàng Mai\" AND province_2025 = \"Vĩnh Long\"",
                FilterExpr::And(vec![
                    eq(District, "Hoàng Mai"),
                    eq(Province2025, "Vĩnh Long"),
                ]),
            ),
            // AND binds tighter than OR.
            (
                "city = a OR city = b AND year = 2023",
                FilterExpr::Or(vec![
                    eq(City, "a"),
                    FilterExpr::And(vec![eq(City, "b"), eq(Year, "2023")]),
                ]),
            ),
            (
                "(city = a OR city = b) AND year = 2023",
                FilterExpr::And(vec![
                    FilterExpr::Or(vec![eq(City, "a"), eq(City, "b")]),
                    eq(Year, "2023"),
                ]),
            ),
            ("  ((city = a))  ", eq(City, "a")),
            ("\"city\" = \"AND\"", eq(City, "AND")),
        ];
        for (text, want) in table {
            assert_eq!(parse(text).unwrap(), Some(want), "{text}");
        }
        assert_eq!(parse("   ").unwrap(), None);
    }

    #[test]
    fn arrays_are_and_of_or() {
        let v = serde_json::json!([["city = a", "city = b"], "year = 2023"]);
        assert_eq!(
            parse_value(&v).unwrap(),
            Some(FilterExpr::And(vec![
                FilterExpr::Or(vec![eq(City, "a"), eq(City, "b")]),
                eq(Year, "2023")
            ]))
        );
        assert_eq!(
            parse_value(&serde_json::json!(["city = a"])).unwrap(),
            Some(eq(City, "a"))
        );
        assert_eq!(parse_value(&serde_json::json!([])).unwrap(), None);
        assert_eq!(parse_value(&serde_json::json!(null)).unwrap(), None);
        assert_eq!(parse_value(&serde_json::json!("")).unwrap(), None);
    }

    #[test]
    fn bad_filters_say_what_and_where() {
        let table: &[(&str, &str)] = &[
            ("city = hanoi AND (year = 2023", "missing the following closing delimiter: `)`"),
            ("city = hanoi)", "Found unexpected characters at the end of the filter: `)`"),
            ("title = x", "Attribute `title` is not filterable. Available filterable attributes are: `city`, `district`, `province_2025`, `source`, `year`, `month`, `date`."),
            ("title = x", "\n1:6 title = x"),
            ("city = ", "Was expecting a value but instead got nothing."),
            ("city = AND", "`AND`, which is a reserved keyword"),
            ("city hanoi", "Was expecting `TO`"),
            ("city", "Was expecting an operation"),
            ("city EXISTS", "does not support `EXISTS`"),
            ("city > hanoi", "Attribute `city` has no order"),
            ("city 1 TO 2", "Attribute `city` has no order"),
            ("city IN hanoi", "Expected `[` after `IN` keyword."),
            ("city IN [a, b", "Expected matching `]`"),
            ("city IN [a b]", "Expected only comma-separated values"),
            ("city = 'hanoi", "missing the following closing delimiter: `'`"),
            ("city = hanoi OR", "Was expecting a value but instead got nothing."),
            ("city = a city = b", "You probably forgot an `OR` or an `AND` rule."),
            ("city ~ a", "Was expecting an attribute name, a value, an operator or a parenthesis but instead got `~`"),
        ];
        for (text, want) in table {
            let err = parse(text).unwrap_err();
            assert_eq!(err.code, "invalid_search_filter", "{text}");
            assert_eq!(err.status, 400, "{text}");
            assert!(err.message.contains(want), "{text}: {}", err.message);
        }
        for (value, want) in [
            (serde_json::json!(3), "Invalid value type at `.filter`: expected an array or a string, but found a number: `3`"),
            (serde_json::json!([[["city = a"]]]), "Invalid value type at `.filter[0][0]`: expected a string, but found an array"),
            (serde_json::json!([true]), "Invalid value type at `.filter[0]`"),
        ] {
            let err = parse_value(&value).unwrap_err();
            assert!(err.message.contains(want), "{value}: {}", err.message);
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        for depth in [MAX_FILTER_DEPTH + 1, 500, 100_000] {
            let text = format!("{}city = a{}", "(".repeat(depth), ")".repeat(depth));
            let err = parse(&text).unwrap_err();
            assert!(
                err.message.contains("more than 32 levels deep"),
                "{}",
                err.message
            );
            let text = format!("{}city = a", "NOT ".repeat(depth));
            let err = parse(&text).unwrap_err();
            assert!(err.message.contains("levels deep"), "{}", err.message);
        }
        let ok = format!(
            "{}city = a{}",
            "(".repeat(MAX_FILTER_DEPTH),
            ")".repeat(MAX_FILTER_DEPTH)
        );
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn the_number_of_conditions_is_bounded() {
        let values: Vec<String> = (0..MAX_FILTER_CONDITIONS + 1)
            .map(|i| format!("v{i}"))
            .collect();
        let err = parse(&format!("city IN [{}]", values.join(","))).unwrap_err();
        assert!(
            err.message.contains("more than 512 conditions"),
            "{}",
            err.message
        );
        let many = vec![serde_json::json!("city = a"); MAX_FILTER_CONDITIONS + 1];
        assert!(parse_value(&serde_json::Value::Array(many)).is_err());
    }
}
