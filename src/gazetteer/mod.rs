//! Vietnamese administrative units: which province and district a name
//! means, before and after the 1 July 2025 merger.
//!
//! The data is `data/vn_admin.json`, a verbatim copy of
//! `../shared/data/vn_admin.json` (see `data/vn_admin.README.txt` for its
//! sources and licence notes), embedded in the binary so that ingestion
//! needs no data files at run time. It is parsed once ([`Gazetteer::get`]).
//! Name lookups go through [`names`], place detection in running text
//! through [`locate`].

pub(crate) mod locality;
pub(crate) mod locate;
pub(crate) mod names;

pub use locality::Locality;
pub use locality::{Evidence, EvidenceKind, Scope, Zone};

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use names::{keys, Prefix};

const DATA: &str = include_str!("../../data/vn_admin.json");

/// A district-level unit (Quận, Huyện, Thị xã, Thành phố thuộc tỉnh) as of
/// 30 June 2025.
#[derive(Clone, Debug, Deserialize)]
pub struct District {
    /// GSO code, 3 digits.
    pub code: String,
    /// Short name: `Hoàng Mai`, `Bến Tre`, `Quận 1`.
    pub name: String,
    /// `Quận`, `Huyện`, `Thị xã` or `Thành phố`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `Quận Hoàng Mai`, `Thành phố Bến Tre`.
    pub full_name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A province-level unit of the pre-July-2025 map (63 of them).
#[derive(Clone, Debug)]
pub struct Province {
    pub code: String,
    /// Canonical short name: `Hà Nội`, `Hồ Chí Minh`, `Bà Rịa - Vũng Tàu`.
    pub name: String,
    /// `Tỉnh` or `Thành phố Trung ương`.
    pub kind: String,
    pub full_name: String,
    pub aliases: Vec<String>,
    /// Name of the province it belongs to from 1 July 2025.
    pub province_2025: String,
    pub districts: Vec<District>,
}

/// A province-level unit from 1 July 2025 (34 of them).
#[derive(Clone, Debug, Deserialize)]
pub struct NewProvince {
    pub code: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub full_name: String,
    /// Canonical pre-2025 names of the provinces merged into it.
    pub merged_from: Vec<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Deserialize)]
struct RawData {
    provinces_pre2025: Vec<RawProvince>,
    provinces_2025: Vec<NewProvince>,
}

#[derive(Deserialize)]
struct RawProvince {
    code: String,
    name: String,
    #[serde(rename = "type")]
    kind: String,
    full_name: String,
    #[serde(default)]
    aliases: Vec<String>,
    merged_into_2025: RawRef,
    districts: Vec<District>,
}

#[derive(Deserialize)]
struct RawRef {
    name: String,
}

/// The parsed gazetteer with its name indexes.
pub struct Gazetteer {
    pub provinces: Vec<Province>,
    pub provinces_2025: Vec<NewProvince>,
    province_keys: HashMap<String, usize>,
    new_province_keys: HashMap<String, usize>,
    /// key → (province index, district index), with the kind of unit the
    /// key's own prefix named, if any.
    district_keys: HashMap<String, Vec<(usize, usize)>>,
    /// Built on first use: only extraction scans text for places, and
    /// building it is most of a search process's start-up otherwise.
    matcher: OnceLock<locate::Matcher>,
}

static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();

impl Gazetteer {
    /// The embedded gazetteer, parsed on first use.
    pub fn get() -> &'static Gazetteer {
        GAZETTEER.get_or_init(|| {
            Gazetteer::from_json(DATA).expect("embedded data/vn_admin.json is valid")
        })
    }

    fn from_json(json: &str) -> Result<Gazetteer, serde_json::Error> {
        let raw: RawData = serde_json::from_str(json)?;
        let provinces: Vec<Province> = raw
            .provinces_pre2025
            .into_iter()
            .map(|p| Province {
                code: p.code,
                name: p.name,
                kind: p.kind,
                full_name: p.full_name,
                aliases: p.aliases,
                province_2025: p.merged_into_2025.name,
                districts: p.districts,
            })
            .collect();
        let mut province_keys = HashMap::new();
        for (i, p) in provinces.iter().enumerate() {
            for name in p.spellings() {
                insert_keys(&mut province_keys, name, i);
            }
        }
        let mut new_province_keys = HashMap::new();
        for (i, p) in raw.provinces_2025.iter().enumerate() {
            for name in spellings(&p.name, &p.full_name, &p.aliases) {
                insert_keys(&mut new_province_keys, name, i);
            }
        }
        let mut district_keys: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (pi, p) in provinces.iter().enumerate() {
            for (di, d) in p.districts.iter().enumerate() {
                for name in d.spellings() {
                    let k = keys(name);
                    for key in std::iter::once(k.full).chain(k.stripped.map(|s| s.1)) {
                        let list = district_keys.entry(key).or_default();
                        if !list.contains(&(pi, di)) {
                            list.push((pi, di));
                        }
                    }
                }
            }
        }
        Ok(Gazetteer {
            provinces,
            provinces_2025: raw.provinces_2025,
            province_keys,
            new_province_keys,
            district_keys,
            matcher: OnceLock::new(),
        })
    }

    /// The place-name automaton that [`Gazetteer::locate`] scans text with.
    pub(crate) fn matcher(&self) -> &locate::Matcher {
        self.matcher
            .get_or_init(|| locate::Matcher::build(&self.provinces))
    }

    /// The pre-2025 province a name means, in any spelling: `Hải Phòng`,
    /// `hai phong`, `TP Hải Phòng`, `Haiphong`, `TP.HCM`, `Sài Gòn`…
    pub fn province(&self, name: &str) -> Option<&Province> {
        self.province_index(name).map(|i| &self.provinces[i])
    }

    pub(crate) fn province_index(&self, name: &str) -> Option<usize> {
        let k = keys(name);
        self.province_keys
            .get(&k.full)
            .or_else(|| k.stripped.and_then(|(_, s)| self.province_keys.get(&s)))
            .copied()
    }

    /// One of the 34 provinces from 1 July 2025, in any spelling.
    pub fn province_2025(&self, name: &str) -> Option<&NewProvince> {
        let k = keys(name);
        self.new_province_keys
            .get(&k.full)
            .or_else(|| k.stripped.and_then(|(_, s)| self.new_province_keys.get(&s)))
            .map(|&i| &self.provinces_2025[i])
    }

    /// Up to `n` known province names (old and new map) closest to an
    /// unknown `name`, best first, for "did you mean" messages.
    pub fn suggest(&self, name: &str, n: usize) -> Vec<String> {
        let wanted = keys(name).full;
        let mut scored: Vec<(f64, &str)> = Vec::new();
        let names = self
            .provinces
            .iter()
            .flat_map(|p| p.spellings().map(move |s| (s, p.name.as_str())))
            .chain(
                self.provinces_2025
                    .iter()
                    .map(|p| (p.name.as_str(), p.name.as_str())),
            );
        for (spelling, canonical) in names {
            let score = strsim::jaro_winkler(&wanted, &keys(spelling).full);
            scored.push((score, canonical));
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut out: Vec<String> = Vec::new();
        for (score, name) in scored {
            if out.len() >= n || score < 0.75 {
                break;
            }
            if !out.iter().any(|o| o == name) {
                out.push(name.to_owned());
            }
        }
        out
    }

    /// District-level units a name can mean, with or without its prefix,
    /// optionally within one province (any spelling of it). A prefix in
    /// `name` narrows the answer to units of that kind (`Quận Hoàng Mai` is
    /// Hà Nội's, `Thị xã Hoàng Mai` Nghệ An's).
    pub fn district(&self, name: &str, province: Option<&str>) -> Vec<(&Province, &District)> {
        let k = keys(name);
        let province = match province {
            Some(p) => match self.province_index(p) {
                Some(i) => Some(i),
                None => return Vec::new(),
            },
            None => None,
        };
        let mut found: Vec<(usize, usize)> = Vec::new();
        let mut prefix: Option<Prefix> = None;
        if let Some(list) = self.district_keys.get(&k.full) {
            found.extend(list);
        }
        if let Some((p, stripped)) = &k.stripped {
            if let Some(list) = self.district_keys.get(stripped) {
                prefix = Some(*p);
                for item in list {
                    if !found.contains(item) {
                        found.push(*item);
                    }
                }
            }
        }
        if let Some(pi) = province {
            found.retain(|&(p, _)| p == pi);
        }
        if let Some(prefix) = prefix {
            let fitting: Vec<_> = found
                .iter()
                .copied()
                .filter(|&(p, d)| prefix.fits(&self.provinces[p].districts[d].kind))
                .collect();
            if !fitting.is_empty() {
                found = fitting;
            }
        }
        found
            .into_iter()
            .map(|(p, d)| (&self.provinces[p], &self.provinces[p].districts[d]))
            .collect()
    }
}

/// Every way the gazetteer spells a unit: its short name, full name and
/// aliases.
fn spellings<'a>(
    name: &'a str,
    full_name: &'a str,
    aliases: &'a [String],
) -> impl Iterator<Item = &'a str> {
    std::iter::once(name)
        .chain([full_name])
        .chain(aliases.iter().map(String::as_str))
}

impl Province {
    /// Every way the gazetteer spells this province.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        spellings(&self.name, &self.full_name, &self.aliases)
    }
}

impl District {
    /// Every way the gazetteer spells this district.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        spellings(&self.name, &self.full_name, &self.aliases)
    }
}

fn insert_keys(map: &mut HashMap<String, usize>, name: &str, index: usize) {
    let k = keys(name);
    map.entry(k.full).or_insert(index);
    if let Some((_, stripped)) = k.stripped {
        map.entry(stripped).or_insert(index);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        let g = Gazetteer::get();
        assert_eq!(g.provinces.len(), 63);
        assert_eq!(g.provinces_2025.len(), 34);
        let districts: usize = g.provinces.iter().map(|p| p.districts.len()).sum();
        assert_eq!(districts, 696);
    }

    #[test]
    fn province_spellings() {
        let g = Gazetteer::get();
        let cases = [
            ("Hải Phòng", "Hải Phòng"),
            ("hai phong", "Hải Phòng"),
            ("TP Hải Phòng", "Hải Phòng"),
            ("Thành phố Hải Phòng", "Hải Phòng"),
            ("Haiphong", "Hải Phòng"),
            ("haiphong", "Hải Phòng"),
            ("HẢI PHÒNG", "Hải Phòng"),
            ("TP.HCM", "Hồ Chí Minh"),
            ("tphcm", "Hồ Chí Minh"),
            ("TP. HCM", "Hồ Chí Minh"),
            ("Thành phố Hồ Chí Minh", "Hồ Chí Minh"),
            ("Sài Gòn", "Hồ Chí Minh"),
            ("Khánh Hoà", "Khánh Hòa"),
            ("Khánh Hòa", "Khánh Hòa"),
            ("Kha\u{301}nh Ho\u{300}a", "Khánh Hòa"),
            ("Thanh Hoá", "Thanh Hóa"),
            ("Thừa Thiên Huế", "Huế"),
            ("hanoi", "Hà Nội"),
            ("Tỉnh Bến Tre", "Bến Tre"),
            ("Ben Tre", "Bến Tre"),
        ];
        for (input, want) in cases {
            assert_eq!(
                g.province(input).map(|p| p.name.as_str()),
                Some(want),
                "{input}"
            );
        }
        assert!(g.province("Paris").is_none());
        assert!(g.province("").is_none());
    }

    #[test]
    fn merger_2025() {
        let g = Gazetteer::get();
        assert_eq!(g.province("Bến Tre").unwrap().province_2025, "Vĩnh Long");
        assert_eq!(g.province("Hải Dương").unwrap().province_2025, "Hải Phòng");
        assert_eq!(g.province("Hà Nội").unwrap().province_2025, "Hà Nội");
        let vl = g.province_2025("vinh long").unwrap();
        let mut from = vl.merged_from.clone();
        from.sort();
        assert_eq!(from, ["Bến Tre", "Trà Vinh", "Vĩnh Long"]);
        assert!(g.province_2025("Bến Tre").is_none());
    }

    #[test]
    fn suggestions() {
        let g = Gazetteer::get();
        assert_eq!(g.suggest("hai phongg", 1), ["Hải Phòng"]);
        assert!(g.suggest("Đà Nẵg", 3).contains(&"Đà Nẵng".to_owned()));
        assert!(g.suggest("zzzzzzzzzz", 3).is_empty());
    }

    fn names(found: Vec<(&Province, &District)>) -> Vec<(String, String)> {
        let mut v: Vec<_> = found
            .into_iter()
            .map(|(p, d)| (p.name.clone(), d.name.clone()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn districts() {
        let g = Gazetteer::get();
        let hm = names(g.district("Hoàng Mai", None));
        assert_eq!(
            hm,
            [
                ("Hà Nội".to_owned(), "Hoàng Mai".to_owned()),
                ("Nghệ An".to_owned(), "Hoàng Mai".to_owned())
            ]
        );
        assert_eq!(
            names(g.district("Quận Hoàng Mai", None)),
            [("Hà Nội".to_owned(), "Hoàng Mai".to_owned())]
        );
        assert_eq!(
            names(g.district("thi xa hoang mai", None)),
            [("Nghệ An".to_owned(), "Hoàng Mai".to_owned())]
        );
        assert_eq!(
            names(g.district("Hoàng Mai", Some("Nghệ An"))),
            [("Nghệ An".to_owned(), "Hoàng Mai".to_owned())]
        );
        assert!(g.district("Châu Thành", None).len() >= 5);
        assert_eq!(
            names(g.district("huyện Châu Thành", Some("Bến Tre"))),
            [("Bến Tre".to_owned(), "Châu Thành".to_owned())]
        );
        let bt = g.district("Thành phố Bến Tre", None);
        assert_eq!(bt.len(), 1);
        assert_eq!(bt[0].1.code, "829");
        assert_eq!(
            names(g.district("Quan Son", None)),
            [("Thanh Hóa".to_owned(), "Quan Sơn".to_owned())]
        );
        assert_eq!(
            names(g.district("Quận 1", Some("TP.HCM"))),
            [("Hồ Chí Minh".to_owned(), "Quận 1".to_owned())]
        );
    }
}
