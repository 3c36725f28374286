//! `vnsearch analyze`: shows the terms each analyzer makes of a text, with
//! byte offsets, like Elasticsearch's `_analyze`. This is how a user finds
//! out why a word does or does not match.

use std::io::Write;

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::output;
use crate::analysis::{self, AnalyzedToken, Analyzer};

#[derive(Args, Debug)]
pub struct AnalyzeArgs {
    /// Text to analyze; `-` reads it from standard input.
    pub text: String,
    /// Print one JSON object {"exact":[…],"folded":[…],"bigram":[…]}, each
    /// token {"text","start","end"} with byte offsets into the input.
    #[arg(long)]
    pub json: bool,
}

/// The JSON shape of `analyze --json`; field names are a stable interface.
#[derive(Serialize)]
struct Analysis {
    exact: Vec<AnalyzedToken>,
    folded: Vec<AnalyzedToken>,
    bigram: Vec<AnalyzedToken>,
}

pub fn run(args: AnalyzeArgs) -> Result<()> {
    let text = if args.text == "-" {
        super::read_stdin("the text", u64::MAX)?
    } else {
        args.text
    };
    let analysis = Analysis {
        exact: analysis::analyze(&text, Analyzer::Exact),
        folded: analysis::analyze(&text, Analyzer::Folded),
        bigram: analysis::analyze(&text, Analyzer::BigramFolded),
    };
    let mut out = output::stdout();
    if args.json {
        output::write_json_line(&mut out, &analysis)?;
    } else {
        for (name, tokens) in [
            ("exact", &analysis.exact),
            ("folded", &analysis.folded),
            ("bigram", &analysis.bigram),
        ] {
            writeln!(out, "{name} ({} tokens)", tokens.len())?;
            for t in tokens {
                writeln!(
                    out,
                    "  {:>4}  {:<24} {:>6}..{:<6} {:?}",
                    t.position,
                    t.text,
                    t.start,
                    t.end,
                    &text[t.start..t.end]
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
