//! Fuzz target (e): the date parser (`ingest::date`): `find_date` over
//! free text, `parse_date` for record fields, `dateline` for header lines
//! and `infer_year` for undated articles. A found date's byte range must
//! be a char-boundary slice of the text, its year plausible.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vnsearch::ingest::date;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    if let Some(found) = date::find_date(text) {
        assert!(found.start <= found.end && found.end <= text.len());
        assert!(text.is_char_boundary(found.start) && text.is_char_boundary(found.end));
        assert!((1900..=2100).contains(&found.date.year()));
    }
    for (date, _) in [date::parse_date(text), date::dateline(text)]
        .into_iter()
        .flatten()
    {
        assert!((1900..=2100).contains(&date.year()));
    }
    for line in text.lines().take(64) {
        let _ = date::dateline(line);
    }
    if let Some(year) = date::infer_year(text) {
        assert!((1950..=2049).contains(&year), "{year}");
    }
});
