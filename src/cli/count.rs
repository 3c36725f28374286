//! `vnsearch count`: matching articles per facet value, as an aligned table
//! with a bar chart, or as JSON / CSV for analysis. Counting is
//! `search::count`; this module only formats.

use std::io::Write;

use anyhow::Result;
use clap::Args;

use super::output::{self, counted};
use super::query_args::{open_index, QueryArgs};
use super::usage_error;
use crate::search::{self, CountTable, Dimension};
use crate::wire::{write_csv_row, CountResponse, CsvCells};

#[derive(Args, Debug)]
pub struct CountArgs {
    #[command(flatten)]
    pub query: QueryArgs,
    /// Count per city, district, province_2025, year, month or source;
    /// give --by twice to cross two (e.g. --by city --by year).
    #[arg(
        long,
        value_name = "FIELD",
        required = true,
        value_parser = super::choice::<Dimension>(Dimension::NAMES)
    )]
    pub by: Vec<Dimension>,
    /// Print {"query","total","by","rows":[…],"unassigned"} as JSON.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV: one column per --by field, then count.
    #[arg(long)]
    pub csv: bool,
}

pub fn run(args: CountArgs) -> Result<()> {
    if args.by.len() > 2 {
        return Err(usage_error(
            "--by can be given at most twice (a table of two fields)",
        ));
    }
    if args.by.len() == 2 && args.by[0] == args.by[1] {
        return Err(usage_error(
            "the two --by fields are the same; cross two different fields",
        ));
    }
    let (index, searcher) = open_index(&args.query.index)?;
    let request = args.query.request()?;
    let query = request.query.clone();
    let table = search::count(&index, &searcher, &request, &args.by)?;
    if table.relaxed {
        eprintln!("vnsearch: no article contains every word; counting those that contain any");
    }
    let names: Vec<&'static str> = args.by.iter().map(|d| d.name()).collect();
    let mut out = output::stdout();
    if args.json {
        output::write_json_line(&mut out, &CountResponse::new(&query, &table, &names))?;
    } else if args.csv {
        let cells = CsvCells::raw_if(args.query.raw_csv);
        write_csv_row(&mut out, names.iter().copied().chain(["count"]), cells)?;
        for row in &table.rows {
            let count = row.count.to_string();
            write_csv_row(
                &mut out,
                row.values
                    .iter()
                    .map(String::as_str)
                    .chain([count.as_str()]),
                cells,
            )?;
        }
    } else {
        write_table(&mut out, &query, &table)?;
    }
    out.flush()?;
    Ok(())
}

const BAR_WIDTH: usize = 30;

fn write_table(out: &mut impl Write, query: &str, table: &CountTable) -> Result<()> {
    let names: Vec<&str> = table.dimensions.iter().map(|d| d.name()).collect();
    let mut widths: Vec<usize> = names.iter().map(|n| n.chars().count()).collect();
    for row in &table.rows {
        for (w, v) in widths.iter_mut().zip(&row.values) {
            *w = (*w).max(v.chars().count());
        }
    }
    let count_width = table
        .rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1)
        .max(5);
    let max = table.rows.iter().map(|r| r.count).max().unwrap_or(0).max(1);
    let pad = |text: &str, width: usize| {
        format!(
            "{text}{}",
            " ".repeat(width.saturating_sub(text.chars().count()))
        )
    };
    let header: Vec<String> = names.iter().zip(&widths).map(|(n, w)| pad(n, *w)).collect();
    writeln!(out, "{}  {:>count_width$}", header.join("  "), "count")?;
    for row in &table.rows {
        let cells: Vec<String> = row
            .values
            .iter()
            .zip(&widths)
            .map(|(v, w)| pad(v, *w))
            .collect();
        let bar_len = ((row.count as f64 / max as f64) * BAR_WIDTH as f64).round() as usize;
        let bar = "█".repeat(bar_len.max(usize::from(row.count > 0)));
        writeln!(
            out,
            "{}  {:>count_width$}  {bar}",
            cells.join("  "),
            row.count
        )?;
    }
    let first = names.first().copied().unwrap_or("value");
    writeln!(
        out,
        "\n{} {query:?}; {} no {first}",
        counted(table.total as u64, "article matches", "articles match"),
        counted(table.unassigned, "has", "have")
    )?;
    Ok(())
}
