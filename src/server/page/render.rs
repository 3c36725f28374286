//! The page's HTML, written on the server so the page works without
//! JavaScript. Every piece of text is HTML-escaped first; the only markup
//! added to article text is `<mark>` around the query's matches, from the
//! same highlighter the CLI and API use. `assets/app.js` builds the same
//! markup (the same class names) when it updates the page in place.

use std::fmt::Write as _;

use super::i18n::{Lang, Strings};
use super::{Chart, PageState, APP_JS, MAX_PAGE, PER_PAGE, STYLE_CSS};
use crate::index::document::StoredArticle;
use crate::search::facets::Counts;
use crate::search::snippet::html_escape as esc;
use crate::search::{Highlight, Markup, SearchResults, Snippet, Timeline, TimelinePoint};
use crate::wire;

/// Matches in `<mark>`, everything HTML-escaped.
const MARK: Markup<'static> = Markup {
    open: "<mark>",
    close: "</mark>",
    escape: esc,
    one_line: true,
};

fn fill(template: &str, n: &str) -> String {
    template.replace("{n}", n)
}

/// `http(s)` URLs only become links.
fn web_url(url: Option<&str>) -> Option<&str> {
    url.filter(|u| {
        let lower = u.trim_start().to_ascii_lowercase();
        lower.starts_with("http://") || lower.starts_with("https://")
    })
}

/// The strings as JSON inside a `<script type="application/json">`
/// (`<` escaped so no text can close the element).
fn strings_json(strings: &Strings) -> String {
    serde_json::to_string(strings)
        .unwrap_or_else(|_| "{}".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The whole document around `main`.
/// `path` is where the language switch leads (this page, other language).
fn document(page: &PageState, title: &str, body_class: &str, path: &str, main: &str) -> String {
    let s = page.lang.strings();
    let lang = page.lang;
    let other = lang.other();
    let mut switched = page.clone();
    switched.lang = other;
    let here = format!("{path}?{}", switched.query_string(page.page));
    let home = if lang == Lang::En { "/?lang=en" } else { "/" };
    format!(
        r##"<!doctype html>
<html lang="{code}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{css}">
<script src="{js}" defer></script>
</head>
<body class="{body_class}">
<a class="skip" href="#main">{skip}</a>
<header class="top">
<div class="top-inner">
<a class="brand" href="{home}" aria-label="vnsearch">vn<span>search</span></a>
<p class="tagline">{tagline}</p>
<a class="lang-switch" id="lang-switch" href="{here}" hreflang="{other_code}" lang="{other_code}">{switch}</a>
</div>
</header>
{main}
<footer class="foot"><p>vnsearch · <a href="/api/stats">API</a></p></footer>
<script type="application/json" id="strings">{strings}</script>
</body>
</html>
"##,
        code = lang.code(),
        title = esc(title),
        css = STYLE_CSS.url("/assets/style.css"),
        js = APP_JS.url("/assets/app.js"),
        skip = esc(s.results),
        home = home,
        tagline = esc(s.tagline),
        here = esc(&here),
        other_code = other.code(),
        switch = esc(s.switch_language),
        strings = strings_json(s),
    )
}

/// The search box (the form itself is opened by the caller).
fn search_box(page: &PageState) -> String {
    let s = page.lang.strings();
    let lang = if page.lang == Lang::En {
        r#"<input type="hidden" name="lang" value="en">"#
    } else {
        ""
    };
    format!(
        r#"<div class="searchbox">{lang}
<label for="q" class="visually-hidden">{label}</label>
<input id="q" name="q" type="search" value="{q}" placeholder="{placeholder}" autocomplete="off" spellcheck="false" aria-describedby="kbd-hint">
<kbd id="kbd-hint" class="kbd-hint" title="{hint}"><span class="visually-hidden">{hint}</span><span aria-hidden="true">/</span></kbd>
<button type="submit" class="go">{button}</button>
</div>"#,
        label = esc(s.search_label),
        q = esc(&page.q),
        placeholder = esc(s.placeholder),
        hint = esc(s.keyboard_hint),
        button = esc(s.search_button),
    )
}

/// Folded, without spaces: `Hải Phòng`, `hai phong` and `haiphong` are one
/// value when deciding which boxes are ticked.
fn same_value(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        crate::analysis::normalize(s, crate::analysis::Form::Folded)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    key(a) == key(b)
}

/// One facet panel: a checkbox per value with its count; ticked values the
/// counts do not list are shown too (with 0), so they can be unticked.
fn facet(name: &str, legend: &str, counts: &Counts, selected: &[String], lang: Lang) -> String {
    let s = lang.strings();
    let mut values: Vec<(String, u64)> = counts.0.clone();
    if name == "year" {
        values.sort_by(|a, b| b.0.cmp(&a.0));
    }
    for chosen in selected {
        if !values.iter().any(|(v, _)| same_value(v, chosen)) {
            values.push((chosen.clone(), 0));
        }
    }
    let mut out = format!(
        r#"<fieldset class="facet" data-facet="{name}"><legend>{legend}</legend><ul class="facet-values">"#,
        legend = esc(legend)
    );
    if values.is_empty() {
        let _ = write!(out, r#"<li class="facet-empty">{}</li>"#, esc(s.no_values));
    }
    for (value, count) in values {
        let checked = selected.iter().any(|c| same_value(c, &value));
        let _ = write!(
            out,
            r#"<li><label><input type="checkbox" name="{name}" value="{v}"{checked}><span class="facet-name">{v}</span><span class="facet-count">{count}</span></label></li>"#,
            v = esc(&value),
            checked = if checked { " checked" } else { "" },
            count = lang.number(count),
        );
    }
    out.push_str("</ul></fieldset>");
    out
}

/// The filter column: dates, the three facet panels, apply (without
/// JavaScript) and clear.
fn filters(page: &PageState, facets: Option<&crate::search::Facets>) -> String {
    let s = page.lang.strings();
    let empty = Counts::default();
    let (city, year, source) = match facets {
        Some(f) => (&f.city, &f.year, &f.source),
        None => (&empty, &empty, &empty),
    };
    let mut clear = page.clone();
    clear.cities.clear();
    clear.years.clear();
    clear.sources.clear();
    clear.from.clear();
    clear.to.clear();
    format!(
        r#"<details class="filters" id="filters" open>
<summary><h2 id="filters-h">{filters}</h2></summary>
<div class="filters-body">
<fieldset class="dates"><legend>{dates}</legend>
<label>{from}<input name="from" id="from" value="{from_v}" placeholder="2023-01" inputmode="numeric" autocomplete="off"></label>
<label>{to}<input name="to" id="to" value="{to_v}" placeholder="31/12/2024" inputmode="numeric" autocomplete="off"></label>
<small class="hint">{date_hint}</small>
</fieldset>
{city}
{year}
{source}
<div class="filter-actions"><button type="submit" class="apply">{apply}</button><a class="clear" id="clear" href="/?{clear_q}"{clear_hidden}>{clear_text}</a></div>
</div>
</details>"#,
        filters = esc(s.filters),
        dates = esc(s.dates),
        from = esc(s.from),
        to = esc(s.to),
        from_v = esc(&page.from),
        to_v = esc(&page.to),
        date_hint = esc(s.date_hint),
        city = facet("city", s.city, city, &page.cities, page.lang),
        year = facet("year", s.year, year, &page.years, page.lang),
        source = facet("source", s.source, source, &page.sources, page.lang),
        apply = esc(s.apply),
        clear_q = esc(&clear.query_string(1)),
        clear_hidden = if page.has_filters() { "" } else { " hidden" },
        clear_text = esc(s.clear_filters),
    )
}

fn sort_select(page: &PageState) -> String {
    let s = page.lang.strings();
    let mut out = format!(
        r#"<label class="sort">{}<select name="sort" id="sort">"#,
        esc(s.sort_label)
    );
    for (value, text) in [
        ("relevance", s.sort_relevance),
        ("-date", s.sort_newest),
        ("date", s.sort_oldest),
    ] {
        let _ = write!(
            out,
            r#"<option value="{value}"{}>{}</option>"#,
            if page.sort == value { " selected" } else { "" },
            esc(text)
        );
    }
    out.push_str("</select></label>");
    out
}

/// One result.
fn hit(page: &PageState, hit: &crate::search::Hit) -> String {
    let s = page.lang.strings();
    let a = &hit.article;
    let link = format!(
        "/articles/{}?{}",
        utf8_percent(&a.id),
        page.query_string(page.page)
    );
    let mut meta = Vec::new();
    meta.push(match a.date {
        Some(d) => format!(
            r#"<time datetime="{iso}">{shown}</time>"#,
            iso = d.iso(),
            shown = esc(&page.lang.date(&d.iso()))
        ),
        None => format!(r#"<span class="undated">{}</span>"#, esc(s.undated)),
    });
    if let Some(city) = &a.city {
        let place = match &a.district {
            Some(d) => format!("{city} ({d})"),
            None => city.clone(),
        };
        meta.push(format!(r#"<span class="place">{}</span>"#, esc(&place)));
    }
    if let Some(source) = &a.source {
        meta.push(format!(r#"<span class="outlet">{}</span>"#, esc(source)));
    }
    let original = match web_url(a.url.as_deref()) {
        Some(url) => format!(
            r#" <a class="original" href="{}" rel="noopener noreferrer" target="_blank">{} ↗</a>"#,
            esc(url),
            esc(s.original)
        ),
        None => String::new(),
    };
    format!(
        r#"<li class="hit"><h3 class="hit-title"><a href="{link}">{title}</a></h3><p class="hit-meta">{meta}{original}</p><p class="hit-snippet">{snippet}</p></li>"#,
        link = esc(&link),
        title = esc(&a.title),
        meta = meta.join(r#"<span class="sep" aria-hidden="true"> · </span>"#),
        snippet = hit.snippet.render(MARK),
    )
}

/// Path segment escaping for ids (they are plain, but never trust it).
fn utf8_percent(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// The page numbers to show: first, last, and two either side of the
/// current one, with `None` for a gap. `app.js` has the same rule.
pub fn page_numbers(current: usize, pages: usize) -> Vec<Option<usize>> {
    let mut out = Vec::new();
    for p in 1..=pages {
        if p == 1 || p == pages || p.abs_diff(current) <= 2 {
            out.push(Some(p));
        } else if out.last() != Some(&None) {
            out.push(None);
        }
    }
    out
}

fn pager(page: &PageState, total: usize) -> String {
    let s = page.lang.strings();
    let pages = total.div_ceil(PER_PAGE).min(MAX_PAGE);
    if pages <= 1 {
        return String::new();
    }
    let link = |p: usize, text: &str, class: &str, rel: &str| {
        format!(
            r#"<a class="{class}" href="/?{}" data-page="{p}"{rel}>{}</a>"#,
            esc(&page.query_string(p)),
            esc(text),
        )
    };
    let mut out = String::new();
    if page.page > 1 {
        out.push_str(&link(page.page - 1, s.previous, "prev", r#" rel="prev""#));
    }
    for number in page_numbers(page.page, pages) {
        match number {
            Some(p) if p == page.page => {
                let _ = write!(
                    out,
                    r#"<span class="current" aria-current="page">{p}</span>"#
                );
            }
            Some(p) => out.push_str(&link(p, &p.to_string(), "num", "")),
            None => out.push_str(r#"<span class="gap" aria-hidden="true">…</span>"#),
        }
    }
    if page.page < pages {
        out.push_str(&link(page.page + 1, s.next, "next", r#" rel="next""#));
    }
    out
}

/// Width of the chart's drawing area (SVG user units).
const CHART_W: f64 = 320.0;
const CHART_H: f64 = 140.0;
const CHART_TOP: f64 = 16.0;
const CHART_BOTTOM: f64 = 18.0;

fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p >= 10.0 {
        format!("{p:.0}%")
    } else {
        format!("{p:.1}%")
    }
}

/// `2023-12` → months since year 0; `2023` → the year.
fn period_index(period: &str) -> Option<i64> {
    match period.split_once('-') {
        Some((year, month)) => {
            Some(year.parse::<i64>().ok()? * 12 + month.parse::<i64>().ok()? - 1)
        }
        None => period.parse().ok(),
    }
}

/// Where each period's bar goes on a continuous time axis (months with no
/// match leave a gap), and how many slots the axis has. `app.js` has the
/// same rule.
pub fn time_axis(periods: &[TimelinePoint]) -> (Vec<usize>, usize) {
    let indices: Option<Vec<i64>> = periods.iter().map(|p| period_index(&p.period)).collect();
    match indices {
        Some(indices) if !indices.is_empty() => {
            let first = *indices.iter().min().unwrap_or(&0);
            let last = *indices.iter().max().unwrap_or(&0);
            let positions = indices.iter().map(|i| (i - first) as usize).collect();
            (positions, (last - first + 1) as usize)
        }
        _ => ((0..periods.len()).collect(), periods.len().max(1)),
    }
}

/// Matches per month as SVG bars, in count or share; `app.js` draws the
/// same chart.
fn month_chart(periods: &[TimelinePoint], chart: Chart, lang: Lang) -> String {
    let value = |p: &TimelinePoint| match chart {
        Chart::Count => p.count as f64,
        Chart::Share => p.share,
    };
    let label = |v: f64| match chart {
        Chart::Count => lang.number(v as u64),
        Chart::Share => percent(v),
    };
    let max = periods.iter().map(value).fold(0.0, f64::max);
    let (positions, slots) = time_axis(periods);
    let slot = CHART_W / slots as f64;
    let width = (slot * 0.8).clamp(0.5, 24.0);
    let plot = CHART_H - CHART_TOP - CHART_BOTTOM;
    let (id, name) = match chart {
        Chart::Count => ("chart-count", lang.strings().show_count),
        Chart::Share => ("chart-share", lang.strings().show_share),
    };
    let mut out = format!(
        r#"<svg class="chart months" id="{id}" viewBox="0 0 {CHART_W} {CHART_H}" role="img" aria-label="{aria}">"#,
        aria = esc(&format!("{}: {}", lang.strings().per_month, name)),
    );
    let base = CHART_H - CHART_BOTTOM;
    let _ = write!(
        out,
        r#"<line class="axis" x1="0" y1="{base}" x2="{CHART_W}" y2="{base}"></line>"#
    );
    for (i, p) in periods.iter().enumerate() {
        let v = value(p);
        let h = if max > 0.0 { v / max * plot } else { 0.0 };
        let h = if v > 0.0 { h.max(1.0) } else { 0.0 };
        let _ = write!(
            out,
            r#"<rect class="bar" x="{x:.2}" y="{y:.2}" width="{width:.2}" height="{h:.2}"><title>{t}</title></rect>"#,
            x = positions[i] as f64 * slot + (slot - width) / 2.0,
            y = base - h,
            t = esc(&format!(
                "{}: {} / {} ({})",
                p.period,
                lang.number(p.count),
                lang.number(p.all),
                percent(p.share)
            )),
        );
    }
    if let (Some(first), Some(last)) = (periods.first(), periods.last()) {
        let _ = write!(
            out,
            r#"<text class="tick" x="0" y="{y}">{}</text><text class="tick end" x="{CHART_W}" y="{y}">{}</text>"#,
            esc(&first.period),
            esc(&last.period),
            y = CHART_H - 4.0,
        );
    }
    let _ = write!(
        out,
        r#"<line class="grid" x1="0" y1="{CHART_TOP}" x2="{CHART_W}" y2="{CHART_TOP}"></line><text class="tick max" x="0" y="11">{}</text></svg>"#,
        esc(&label(max))
    );
    out
}

/// The top cities as horizontal SVG bars.
fn city_chart(cities: &[(String, u64)], lang: Lang) -> String {
    const ROW: f64 = 22.0;
    const LABEL: f64 = 116.0;
    const BARS: f64 = 150.0;
    let width = LABEL + BARS + 40.0;
    let height = ROW * cities.len().max(1) as f64;
    let max = cities.iter().map(|c| c.1).max().unwrap_or(0).max(1) as f64;
    let mut out = format!(
        r#"<svg class="chart cities" id="chart-cities" viewBox="0 0 {width} {height}" role="img" aria-label="{}">"#,
        esc(lang.strings().top_cities)
    );
    for (i, (city, count)) in cities.iter().enumerate() {
        let y = i as f64 * ROW;
        let w = (*count as f64 / max * BARS).max(1.0);
        let _ = write!(
            out,
            r#"<text class="label" x="{lx}" y="{ty}">{name}</text><rect class="bar" x="{LABEL}" y="{by}" width="{w:.2}" height="{bh}"><title>{name}: {n}</title></rect><text class="value" x="{vx:.2}" y="{ty}">{n}</text>"#,
            lx = LABEL - 8.0,
            ty = y + 15.0,
            by = y + 4.0,
            bh = ROW - 8.0,
            vx = LABEL + w + 6.0,
            name = esc(city),
            n = lang.number(*count),
        );
    }
    out.push_str("</svg>");
    out
}

/// The trends panel: the month chart (count and share, switched by the
/// `chart` radio buttons, which also work without JavaScript through
/// CSS), the top cities and the CSV link.
fn trends(page: &PageState, timeline: &Timeline) -> String {
    let s = page.lang.strings();
    let mut csv = form_urlencoded::Serializer::new(String::new());
    for (name, value) in page.search_pairs() {
        if name != "sort" {
            csv.append_pair(name, value);
        }
    }
    csv.append_pair("interval", "month");
    csv.append_pair("format", "csv");
    let undated = if timeline.undated > 0 {
        format!(
            r#"<p class="note" id="undated">{}</p>"#,
            esc(&fill(s.undated_note, &page.lang.number(timeline.undated)))
        )
    } else {
        r#"<p class="note" id="undated" hidden></p>"#.to_string()
    };
    let empty = if timeline.periods.is_empty() {
        format!(r#"<p class="note" id="no-trend">{}</p>"#, esc(s.no_trend))
    } else {
        format!(
            r#"<p class="note" id="no-trend" hidden>{}</p>"#,
            esc(s.no_trend)
        )
    };
    format!(
        r#"<section class="trends" id="trends" aria-labelledby="trends-h">
<h2 id="trends-h">{trends}</h2>
<div class="trend-head"><h3>{per_month}</h3>
<div class="switch" role="radiogroup" aria-label="{per_month}">
<label><input type="radio" name="chart" value="count"{count_checked}><span>{show_count}</span></label><label><input type="radio" name="chart" value="share"{share_checked}><span>{show_share}</span></label>
</div></div>
<div class="chart-box" id="months">{count_chart}{share_chart}</div>
<p class="note share-note">{share_note}</p>
{empty}{undated}
<h3>{top_cities}</h3>
<div class="chart-box" id="cities">{cities}</div>
<p class="download"><a id="trend-csv" href="/api/timeline?{csv}" download>{download}</a></p>
</section>"#,
        trends = esc(s.trends),
        per_month = esc(s.per_month),
        count_checked = if page.chart == Chart::Count {
            " checked"
        } else {
            ""
        },
        share_checked = if page.chart == Chart::Share {
            " checked"
        } else {
            ""
        },
        show_count = esc(s.show_count),
        show_share = esc(s.show_share),
        count_chart = month_chart(&timeline.periods, Chart::Count, page.lang),
        share_chart = month_chart(&timeline.periods, Chart::Share, page.lang),
        share_note = esc(s.share_note),
        top_cities = esc(s.top_cities),
        cities = city_chart(&timeline.cities, page.lang),
        csv = esc(&csv.finish()),
        download = esc(s.download_csv),
    )
}

/// `/api/export?…` for the current search.
fn export_links(page: &PageState, hidden: bool) -> String {
    let s = page.lang.strings();
    let link = |format: &str| {
        let mut q = form_urlencoded::Serializer::new(String::new());
        for (name, value) in page.search_pairs() {
            q.append_pair(name, value);
        }
        q.append_pair("format", format);
        q.append_pair("cite", "true");
        esc(&format!("/api/export?{}", q.finish()))
    };
    format!(
        r#"<p class="export" id="export"{}>{} <a id="export-csv" href="{}" download>CSV</a> <a id="export-jsonl" href="{}" download>JSON Lines</a></p>"#,
        if hidden { " hidden" } else { "" },
        esc(s.export),
        link("csv"),
        link("jsonl"),
    )
}

/// The results column's summary line.
fn summary(page: &PageState, total: usize, took_ms: f64) -> String {
    let s = page.lang.strings();
    let pages = total.div_ceil(PER_PAGE).min(MAX_PAGE);
    let count = fill(
        if total == 1 {
            s.results_one
        } else {
            s.results_many
        },
        &page.lang.number(total as u64),
    );
    let mut out = format!(r#"<strong class="total">{}</strong>"#, esc(&count));
    if pages > 1 {
        let _ = write!(
            out,
            " · {}",
            esc(&s
                .page_of
                .replace("{p}", &page.page.to_string())
                .replace("{pages}", &pages.to_string()))
        );
    }
    let _ = write!(
        out,
        r#" <span class="took">{}</span>"#,
        esc(&s.took.replace("{ms}", &format!("{took_ms:.0}")))
    );
    out
}

/// The layout shared by the results, the landing and the error page.
fn search_layout(
    page: &PageState,
    title: &str,
    facets: Option<&crate::search::Facets>,
    summary: &str,
    results: &str,
    side: &str,
) -> String {
    let main = format!(
        r#"<form class="search" id="search" method="get" action="/" role="search">
{search_box}
<div class="layout">
{filters}
<main id="main" class="results" tabindex="-1">
<div class="toolbar"><div id="summary" class="summary">{summary}</div><div id="status" class="status" role="status" aria-live="polite"></div>{sort}</div>
{results}
</main>
<aside class="side" id="side">{side}</aside>
</div>
</form>"#,
        search_box = search_box(page),
        filters = filters(page, facets),
        sort = sort_select(page),
    );
    let class = if page.q.is_empty() {
        "search-view landing"
    } else {
        "search-view"
    };
    document(page, title, class, "/", &main)
}

fn title_for(page: &PageState) -> String {
    if page.q.is_empty() {
        format!("vnsearch · {}", page.lang.strings().tagline)
    } else {
        format!("{} · vnsearch", page.q)
    }
}

/// A page of results with facets and trends.
pub fn results(page: &PageState, results: &SearchResults, timeline: &Timeline) -> String {
    let s = page.lang.strings();
    let mut body = String::new();
    let _ = write!(
        body,
        r#"<div id="notice" class="notice" role="note"{hidden}>{text}</div>"#,
        hidden = if results.relaxed { "" } else { " hidden" },
        text = if results.relaxed {
            esc(s.relaxed)
        } else {
            String::new()
        },
    );
    body.push_str(&suggestion(
        page,
        results.corrections.did_you_mean_accented.as_deref(),
    ));
    body.push_str(r#"<div class="error" id="error" role="alert" hidden></div>"#);
    if results.total == 0 {
        let _ = write!(
            body,
            r#"<div class="empty" id="empty"><p>{}</p><p>{}</p></div>"#,
            esc(&s.no_results.replace("{q}", &page.q)),
            esc(s.no_results_hint)
        );
    } else {
        body.push_str(r#"<div class="empty" id="empty" hidden></div>"#);
    }
    let _ = write!(
        body,
        r#"<ol class="hits" id="hits" start="{}">"#,
        (page.page - 1) * PER_PAGE + 1
    );
    for h in &results.hits {
        body.push_str(&hit(page, h));
    }
    body.push_str("</ol>");
    let _ = write!(
        body,
        r#"<nav class="pager" id="pager" aria-label="{}">{}</nav>"#,
        esc(s.pages_label),
        pager(page, results.total)
    );
    body.push_str(&export_links(page, false));
    search_layout(
        page,
        &title_for(page),
        Some(&results.facets),
        &summary(page, results.total, results.took_ms),
        &body,
        &trends(page, timeline),
    )
}

/// Examples on the empty page.
const EXAMPLES: &[&str] = &["dan van kheo", "Hải Phòng", "\"nông thôn mới\"", "UBND"];

/// The page before any search: how many articles, and examples.
pub fn landing(page: &PageState, articles: u64) -> String {
    let s = page.lang.strings();
    let mut examples = String::new();
    for example in EXAMPLES {
        let mut state = page.clone();
        state.q = example.to_string();
        let _ = write!(
            examples,
            r#"<li><a href="/?{}">{}</a></li>"#,
            esc(&state.query_string(1)),
            esc(example)
        );
    }
    let body = format!(
        r#"<div id="notice" class="notice" role="note" hidden></div>{}
<div class="error" id="error" role="alert" hidden></div><div class="empty" id="empty" hidden></div>
<div class="welcome" id="welcome"><p>{}</p><p>{}</p><ul class="examples">{examples}</ul></div>
<ol class="hits" id="hits"></ol><nav class="pager" id="pager" aria-label="{}"></nav>{}"#,
        suggestion(page, None),
        esc(&fill(s.landing, &page.lang.number(articles))),
        esc(s.try_these),
        esc(s.pages_label),
        export_links(page, true),
    );
    search_layout(page, &title_for(page), None, "", &body, "")
}

/// `Có phải bạn muốn tìm: hải phòng`, linking to that search, when the
/// query's typos were corrected; an empty, hidden box for the script
/// otherwise.
fn suggestion(page: &PageState, corrected: Option<&str>) -> String {
    let Some(corrected) = corrected else {
        return r#"<div id="suggest" class="notice" role="note" hidden></div>"#.to_string();
    };
    let mut state = page.clone();
    state.q = corrected.to_string();
    format!(
        r#"<div id="suggest" class="notice" role="note">{} <a href="/?{}">{}</a></div>"#,
        esc(page.lang.strings().did_you_mean),
        esc(&state.query_string(1)),
        esc(corrected)
    )
}

/// The search page with the reason a search failed (a query that does not
/// parse, a bad date): the API's message.
pub fn search_error(page: &PageState, message: &str) -> String {
    let s = page.lang.strings();
    let body = format!(
        r#"<div id="notice" class="notice" role="note" hidden></div>{}
<div class="error" id="error" role="alert"><strong>{}</strong><p>{}</p></div><div class="empty" id="empty" hidden></div>
<ol class="hits" id="hits"></ol><nav class="pager" id="pager" aria-label="{}"></nav>{}"#,
        suggestion(page, None),
        esc(s.error_title),
        esc(message),
        esc(s.pages_label),
        export_links(page, true),
    );
    search_layout(page, &title_for(page), None, "", &body, "")
}

/// The article's body as paragraphs, the query's matches marked.
fn body_paragraphs(body: &str, highlight: &Highlight) -> String {
    let mut out = String::new();
    for paragraph in body.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        let marked = if highlight.is_empty() {
            esc(paragraph)
        } else {
            Snippet::whole(paragraph, highlight).render(MARK)
        };
        let _ = write!(out, "<p>{marked}</p>");
    }
    out
}

/// The article view: metadata, citation, full text with matches marked.
pub fn article(page: &PageState, article: &StoredArticle, highlight: &Highlight) -> String {
    let s = page.lang.strings();
    let lang = page.lang;
    let back = format!("/?{}", page.query_string(page.page));
    let mut meta = String::new();
    let mut row = |name: &str, value: String| {
        let _ = write!(meta, "<dt>{}</dt><dd>{value}</dd>", esc(name));
    };
    row(
        s.published,
        match (article.date, article.date_inferred) {
            (Some(d), _) => {
                let time = article.time.map(|t| format!(" {t}")).unwrap_or_default();
                format!(
                    r#"<time datetime="{}">{}{}</time>"#,
                    d.iso(),
                    esc(&lang.date(&d.iso())),
                    esc(&time)
                )
            }
            (None, Some(year)) => esc(&fill(s.year_inferred, &year.to_string())),
            (None, None) => esc(s.undated),
        },
    );
    if let Some(city) = &article.city {
        let place = match &article.district {
            Some(d) => format!("{city} ({d})"),
            None => city.clone(),
        };
        row(s.place, esc(&place));
    }
    if let (Some(new), Some(old)) = (&article.province_2025, &article.city) {
        if new != old {
            row(s.province_2025, esc(new));
        }
    }
    if let Some(source) = &article.source {
        row(s.source, esc(source));
    }
    match web_url(article.url.as_deref()) {
        Some(url) => row(
            s.original,
            format!(
                r#"<a href="{u}" rel="noopener noreferrer" target="_blank" class="original">{t} ↗</a>"#,
                u = esc(url),
                t = esc(s.view_original)
            ),
        ),
        None => row(s.file, format!("<code>{}</code>", esc(&article.path))),
    }
    let main = format!(
        r#"<form class="search compact" id="search" method="get" action="/" role="search">{search_box}</form>
<main id="main" class="article-main" tabindex="-1">
<p class="back"><a id="back" href="{back}">{back_text}</a></p>
<article class="article" id="article" data-id="{id}">
<h1>{title}</h1>
<dl class="meta">{meta}</dl>
<div class="citation"><h2 id="cite-h">{cite}</h2><p id="citation" class="cite-text">{citation}</p><button type="button" id="copy" class="copy" data-copied="{copied}" hidden>{copy}</button></div>
<div class="body" id="body">{body}</div>
</article>
</main>"#,
        search_box = search_box(page),
        back = esc(&back),
        back_text = esc(s.back),
        id = esc(&article.id),
        title = esc(&article.title),
        cite = esc(s.citation),
        citation = esc(&wire::citation(article)),
        copied = esc(s.copied),
        copy = esc(s.copy),
        body = body_paragraphs(&article.body, highlight),
    );
    document(
        page,
        &format!("{} · vnsearch", article.title),
        "article-view",
        &format!("/articles/{}", utf8_percent(&article.id)),
        &main,
    )
}

pub fn article_missing(page: &PageState, id: &str) -> String {
    let s = page.lang.strings();
    let main = format!(
        r#"<main id="main" class="article-main"><p class="back"><a href="/?{}">{}</a></p><div class="error" role="alert"><p>{}</p></div></main>"#,
        esc(&page.query_string(page.page)),
        esc(s.back),
        esc(&s.article_not_found.replace("{q}", id)),
    );
    document(
        page,
        "vnsearch",
        "article-view",
        &format!("/articles/{}", utf8_percent(id)),
        &main,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_have_gaps() {
        let shown = |c, p| {
            page_numbers(c, p)
                .into_iter()
                .map(|n| n.map_or("…".to_string(), |n| n.to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(shown(1, 1), "1");
        assert_eq!(shown(1, 10), "1 2 3 … 10");
        assert_eq!(shown(5, 10), "1 … 3 4 5 6 7 … 10");
        assert_eq!(shown(10, 10), "1 … 8 9 10");
    }

    #[test]
    fn months_without_matches_leave_gaps() {
        let point = |period: &str| TimelinePoint {
            period: period.into(),
            count: 1,
            all: 1,
            share: 1.0,
        };
        let periods = [point("2023-11"), point("2024-02")];
        assert_eq!(time_axis(&periods), (vec![0, 3], 4));
        assert_eq!(time_axis(&[point("2021"), point("2024")]), (vec![0, 3], 4));
        assert_eq!(time_axis(&[point("x"), point("y")]), (vec![0, 1], 2));
        assert_eq!(time_axis(&[]), (vec![], 1));
    }

    #[test]
    fn only_web_urls_are_links() {
        assert_eq!(web_url(Some("https://a.vn/x")), Some("https://a.vn/x"));
        assert_eq!(web_url(Some("HTTP://a.vn")), Some("HTTP://a.vn"));
        assert_eq!(web_url(Some("javascript:alert(1)")), None);
        assert_eq!(web_url(None), None);
    }

    #[test]
    fn article_text_is_escaped_then_marked() {
        let highlight = crate::search::highlight_terms("dan van").unwrap();
        let html = body_paragraphs(
            "Dân vận <script>x</script>\n\n\"><img src=x onerror=alert(1)>",
            &highlight,
        );
        assert_eq!(
            html,
            "<p><mark>Dân vận</mark> &lt;script&gt;x&lt;/script&gt;</p><p>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p>"
        );
    }

    #[test]
    fn strings_cannot_close_their_script_element() {
        assert!(!strings_json(&crate::server::page::i18n::VI).contains('<'));
    }
}
