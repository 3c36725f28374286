//! Fuzz target (f): the gazetteer lookup. `Gazetteer::locate` decides an
//! article's province, district and scope from its title, lead and body
//! (the input split at its first two newlines); the name lookups
//! (`province`, `province_2025`, `district`, `suggest`) take the title as
//! a name, as the `--city` and `city:` filters do. The deciding mention
//! must be the words found at its recorded position.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vnsearch::gazetteer::{Gazetteer, Zone};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\n');
    let title = parts.next().unwrap_or("");
    let lead = parts.next().unwrap_or("");
    let body = parts.next().unwrap_or("");
    let gazetteer = Gazetteer::get();

    let province = gazetteer.province(title);
    let _ = gazetteer.province_2025(title);
    let _ = gazetteer.suggest(title, 3);
    let _ = gazetteer.district(title, None);
    let _ = gazetteer.district(lead, province.map(|p| p.name.as_str()));

    for city in [None, gazetteer.province(lead)] {
        let locality = gazetteer.locate_within(title, lead, body, city);
        if let Some(evidence) = &locality.evidence {
            let (zone_text, offset) = match evidence.zone {
                Zone::Title => (title, 0),
                Zone::Lead => (lead, 0),
                Zone::Body => (body, lead.len()),
            };
            let at = evidence.position - offset;
            assert_eq!(
                zone_text.get(at..at + evidence.text.len()),
                Some(evidence.text.as_str()),
                "evidence {evidence:?}"
            );
        }
        if locality.district.is_some() {
            assert!(locality.city.is_some(), "a district without a province");
        }
    }
});
