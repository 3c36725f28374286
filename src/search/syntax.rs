//! The query language: words, "phrases", `OR`, `-word` / `NOT word`,
//! parentheses, field prefixes (`title:`, `source:`, `city:`, `district:`,
//! `year:`) and `word*` prefixes.
//!
//! Parsing is separate from query building so that a query that does not
//! parse is reported with the column and what was expected, before any
//! search runs; it never silently becomes a different query.
//!
//! Grammar (AND binds tighter than OR; words next to each other are AND):
//!
//! ```text
//! query   := or
//! or      := and ("OR" and)*
//! and     := unary+                      ("AND" between unaries is allowed)
//! unary   := ("-" | "NOT") unary | primary
//! primary := "(" or ")" | FIELD ":" value | PHRASE | WORD | WORD "*"
//! value   := PHRASE | WORD | WORD "*" | "(" or ")"
//! ```

use super::limits;
use crate::error::usage_error;

/// Fields a query may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldName {
    Title,
    Source,
    City,
    District,
    Year,
    Scope,
}

impl FieldName {
    const ALL: [(&'static str, FieldName); 6] = [
        ("title", FieldName::Title),
        ("source", FieldName::Source),
        ("city", FieldName::City),
        ("district", FieldName::District),
        ("year", FieldName::Year),
        ("scope", FieldName::Scope),
    ];

    fn parse(name: &str) -> Option<FieldName> {
        FieldName::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, f)| *f)
    }
}

/// A parsed query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// `*` alone: every article (for counting or filtering everything).
    All,
    /// One or more words as typed (analysis may split them further).
    Words(String),
    /// Quoted: adjacent, in order.
    Phrase(String),
    /// `hoang*`: any word starting with this (folded).
    Prefix(String),
    /// `field:value`.
    Field(FieldName, Box<Node>),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Word(String),
    Prefix(String),
    Phrase(String),
    Field(FieldName),
    Open,
    Close,
    Or,
    And,
    Not,
}

/// A token and the column (1-based, in characters) where it starts.
type Spanned = (Token, usize);

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”')
}

fn column(text: &str, byte: usize) -> usize {
    text[..byte].chars().count() + 1
}

fn lex(text: &str) -> anyhow::Result<Vec<Spanned>> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '(' {
            chars.next();
            tokens.push((Token::Open, column(text, start)));
        } else if c == ')' {
            chars.next();
            tokens.push((Token::Close, column(text, start)));
        } else if is_quote(c) {
            chars.next();
            let body_start = start + c.len_utf8();
            let end = loop {
                match chars.next() {
                    Some((i, q)) if is_quote(q) => break i,
                    Some(_) => {}
                    None => {
                        return Err(usage_error(format!(
                            "the quote at column {} is never closed; close the phrase with another `\"`",
                            column(text, start)
                        )))
                    }
                }
            };
            tokens.push((
                Token::Phrase(text[body_start..end].to_string()),
                column(text, start),
            ));
        } else if c == '-' && tokens_can_negate(text, start) {
            chars.next();
            tokens.push((Token::Not, column(text, start)));
        } else {
            let mut end = text.len();
            while let Some(&(i, c)) = chars.peek() {
                if c.is_whitespace() || c == '(' || c == ')' || is_quote(c) {
                    end = i;
                    break;
                }
                chars.next();
                // `field:` ends the token so its value may follow directly.
                if c == ':' {
                    let name = &text[start..i];
                    if let Some(field) = FieldName::parse(name) {
                        end = i + 1;
                        tokens.push((Token::Field(field), column(text, start)));
                        break;
                    }
                    let next = text[i + 1..].chars().next();
                    let looks_like_field = !name.is_empty()
                        && name.chars().all(|c| c.is_ascii_alphabetic())
                        && next.is_some_and(|n| !n.is_whitespace());
                    if looks_like_field {
                        return Err(usage_error(format!(
                            "unknown field `{name}:` at column {}; the fields are title:, source:, city:, district:, year: (to search for the text itself, put a space after the colon)",
                            column(text, start)
                        )));
                    }
                }
            }
            if matches!(tokens.last(), Some((Token::Field(_), col)) if *col == column(text, start))
            {
                continue;
            }
            let word = &text[start..end];
            let token = match word {
                "OR" | "||" => Token::Or,
                "AND" | "&&" => Token::And,
                "NOT" => Token::Not,
                _ => match word.strip_suffix('*') {
                    Some(prefix) if !prefix.is_empty() && !prefix.ends_with('*') => {
                        Token::Prefix(prefix.to_string())
                    }
                    _ => Token::Word(word.to_string()),
                },
            };
            tokens.push((token, column(text, start)));
        }
    }
    Ok(tokens)
}

/// A `-` negates only at the start of a word (`-hà`), not inside
/// (`kinh-tế`), nor alone (` - `, the dash of `kinh tế - xã hội`), nor
/// before a number, where it is a sign or a model name (`-5 độ`, `Il -20`;
/// `NOT 20` excludes a number).
fn tokens_can_negate(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at + 1..].chars().next();
    before.is_none_or(|c| c.is_whitespace() || c == '(')
        && after.is_some_and(|c| !c.is_whitespace() && c != '-' && !c.is_ascii_digit())
}

struct Parser {
    tokens: Vec<Spanned>,
    at: usize,
    text_len: usize,
    /// Current nesting of parentheses and `NOT`.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|(t, _)| t)
    }

    fn column(&self) -> usize {
        self.tokens
            .get(self.at)
            .map_or(self.text_len + 1, |(_, c)| *c)
    }

    fn describe(&self) -> String {
        match self.peek() {
            None => "the end of the query".to_string(),
            Some(Token::Close) => "`)`".to_string(),
            Some(Token::Or) => "`OR`".to_string(),
            Some(Token::And) => "`AND`".to_string(),
            Some(t) => format!("{t:?}"),
        }
    }

    fn expected(&self, what: &str) -> anyhow::Error {
        usage_error(format!(
            "query error at column {}: expected {what}, found {}",
            self.column(),
            self.describe()
        ))
    }

    fn or(&mut self) -> anyhow::Result<Node> {
        let mut alternatives = vec![self.and()?];
        while self.peek() == Some(&Token::Or) {
            self.at += 1;
            alternatives.push(self.and()?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.pop().expect("one element")
        } else {
            Node::Or(alternatives)
        })
    }

    fn and(&mut self) -> anyhow::Result<Node> {
        let mut parts = Vec::new();
        loop {
            match self.peek() {
                None | Some(Token::Close) | Some(Token::Or) => break,
                Some(Token::And) if !parts.is_empty() => {
                    self.at += 1;
                    if matches!(self.peek(), None | Some(Token::Close) | Some(Token::Or)) {
                        return Err(self.expected("a word after `AND`"));
                    }
                }
                _ => parts.push(self.unary()?),
            }
        }
        match parts.len() {
            0 => Err(self.expected("a word, a \"phrase\" or `(`")),
            1 => Ok(parts.pop().expect("one element")),
            _ => Ok(Node::And(parts)),
        }
    }

    fn unary(&mut self) -> anyhow::Result<Node> {
        if self.peek() == Some(&Token::Not) {
            self.at += 1;
            let inner = self.nested(Self::unary)?;
            return Ok(Node::Not(Box::new(inner)));
        }
        self.primary()
    }

    /// Runs `rule` one level deeper, refusing past [`limits::MAX_DEPTH`]
    /// (recursion must not grow with the input).
    fn nested(&mut self, rule: fn(&mut Self) -> anyhow::Result<Node>) -> anyhow::Result<Node> {
        if self.depth >= limits::MAX_DEPTH {
            return Err(limits::too_deep());
        }
        self.depth += 1;
        let node = rule(self);
        self.depth -= 1;
        node
    }

    fn primary(&mut self) -> anyhow::Result<Node> {
        let (token, column) = match self.tokens.get(self.at) {
            Some(t) => t.clone(),
            None => return Err(self.expected("a word, a \"phrase\" or `(`")),
        };
        self.at += 1;
        match token {
            Token::Word(w) if w == "*" => Ok(Node::All),
            Token::Word(w) => Ok(Node::Words(w)),
            Token::Prefix(p) => Ok(Node::Prefix(p)),
            Token::Phrase(p) => Ok(Node::Phrase(p)),
            Token::Open => {
                let inner = self.nested(Self::or)?;
                if self.peek() != Some(&Token::Close) {
                    return Err(usage_error(format!(
                        "query error: the `(` at column {column} is never closed; add a `)`"
                    )));
                }
                self.at += 1;
                Ok(inner)
            }
            Token::Field(field) => {
                let value = match self.peek() {
                    Some(Token::Word(_) | Token::Prefix(_) | Token::Phrase(_) | Token::Open) => {
                        self.primary()?
                    }
                    _ => {
                        return Err(
                            self.expected("a value after the field name (e.g. city:\"Hải Phòng\")")
                        )
                    }
                };
                Ok(Node::Field(field, Box::new(value)))
            }
            _ => {
                self.at -= 1;
                Err(self.expected("a word, a \"phrase\" or `(`"))
            }
        }
    }
}

/// Parses query text into a [`Node`] tree.
pub fn parse(text: &str) -> anyhow::Result<Node> {
    let chars = text.chars().count();
    if chars > limits::MAX_QUERY_CHARS {
        return Err(limits::query_too_long(chars));
    }
    let tokens = lex(text)?;
    let words: usize = tokens
        .iter()
        .map(|(t, _)| match t {
            Token::Word(w) | Token::Phrase(w) | Token::Prefix(w) => w.split_whitespace().count(),
            _ => 0,
        })
        .sum();
    if words > limits::MAX_WORDS {
        return Err(limits::too_many_words(words));
    }
    if tokens.is_empty() {
        return Err(usage_error(
            "the query has no words to search for; type at least one word, e.g. `vnsearch search \"dân vận\"`",
        ));
    }
    let mut parser = Parser {
        tokens,
        at: 0,
        text_len: chars,
        depth: 0,
    };
    let node = parser.or()?;
    if parser.at < parser.tokens.len() {
        return Err(usage_error(format!(
            "query error at column {}: unexpected `)` with no matching `(`",
            parser.column()
        )));
    }
    Ok(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_name_themselves() {
        let long = "a ".repeat(600);
        assert!(parse(&long)
            .unwrap_err()
            .to_string()
            .contains("the limit is 1000"));
        let many = vec!["a"; 200].join(" OR ");
        assert!(parse(&many).unwrap_err().to_string().contains("200 words"));
        let deep = format!("{}a{}", "(".repeat(400), ")".repeat(400));
        assert!(parse(&deep)
            .unwrap_err()
            .to_string()
            .contains("levels deep"));
        let nots = format!("a {}b", "NOT ".repeat(200));
        assert!(parse(&nots)
            .unwrap_err()
            .to_string()
            .contains("levels deep"));
        let fine = format!("{}a{}", "(".repeat(10), ")".repeat(10));
        assert!(parse(&fine).is_ok());
    }

    fn words(w: &str) -> Node {
        Node::Words(w.to_string())
    }

    #[test]
    fn parses() {
        use Node::*;
        let cases: Vec<(&str, Node)> = vec![
            ("dân vận", And(vec![words("dân"), words("vận")])),
            ("\"dân vận khéo\"", Phrase("dân vận khéo".into())),
            ("“dân vận”", Phrase("dân vận".into())),
            (
                "a OR b c",
                Or(vec![words("a"), And(vec![words("b"), words("c")])]),
            ),
            ("a AND b", And(vec![words("a"), words("b")])),
            ("-a b", And(vec![Not(Box::new(words("a"))), words("b")])),
            ("NOT a b", And(vec![Not(Box::new(words("a"))), words("b")])),
            (
                "kinh tế - xã hội",
                And(vec![
                    words("kinh"),
                    words("tế"),
                    words("-"),
                    words("xã"),
                    words("hội"),
                ]),
            ),
            ("kinh-tế", words("kinh-tế")),
            (
                "(a OR b) c",
                And(vec![Or(vec![words("a"), words("b")]), words("c")]),
            ),
            ("hoang*", Prefix("hoang".into())),
            ("title:dân", Field(FieldName::Title, Box::new(words("dân")))),
            (
                "city:\"Hải Phòng\"",
                Field(FieldName::City, Box::new(Phrase("Hải Phòng".into()))),
            ),
            ("year:2023", Field(FieldName::Year, Box::new(words("2023")))),
            (
                "title:(a OR b)",
                Field(FieldName::Title, Box::new(Or(vec![words("a"), words("b")]))),
            ),
            (
                "Hải Phòng: tăng",
                And(vec![words("Hải"), words("Phòng:"), words("tăng")]),
            ),
            ("TP.HCM", words("TP.HCM")),
            ("*", All),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text).unwrap(), want, "{text}");
        }
    }

    #[test]
    fn errors_point_at_the_problem() {
        let cases = [
            ("", "no words"),
            ("(a b", "`(` at column 1 is never closed"),
            ("a b)", "column 4: unexpected `)`"),
            ("a OR", "column 5: expected a word"),
            ("OR a", "column 1: expected a word"),
            ("dân \"vận", "quote at column 5 is never closed"),
            ("titel:dân", "unknown field `titel:` at column 1"),
            ("city:", "expected a value after the field name"),
            ("a AND", "a word after `AND`"),
            ("()", "column 2: expected a word"),
        ];
        for (text, expected) in cases {
            let err = parse(text).unwrap_err().to_string();
            assert!(err.contains(expected), "{text:?}: {err}");
        }
    }
}
