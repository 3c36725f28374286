//! TEMPORARY STUB (replaced by the ingest branch).
pub struct District {
    pub name: String,
}
pub struct Province {
    pub name: String,
    pub districts: Vec<District>,
}
pub struct NewProvince {
    pub name: String,
}
pub struct Gazetteer {
    provinces: Vec<Province>,
}
impl Gazetteer {
    pub fn get() -> &'static Gazetteer {
        static G: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
        G.get_or_init(|| Gazetteer {
            provinces: vec![
                Province {
                    name: "Hải Phòng".into(),
                    districts: vec![],
                },
                Province {
                    name: "Hà Nội".into(),
                    districts: vec![District {
                        name: "Hoàng Mai".into(),
                    }],
                },
                Province {
                    name: "Bến Tre".into(),
                    districts: vec![],
                },
            ],
        })
    }
    pub fn province(&self, name: &str) -> Option<&Province> {
        let f = crate::analysis::normalize(name, crate::analysis::Form::Folded).replace(' ', "");
        self.provinces.iter().find(|p| {
            crate::analysis::normalize(&p.name, crate::analysis::Form::Folded).replace(' ', "") == f
        })
    }
    pub fn province_2025(&self, _name: &str) -> Option<&NewProvince> {
        None
    }
    pub fn suggest(&self, _name: &str, _n: usize) -> Vec<String> {
        vec!["Hải Phòng".into()]
    }
    pub fn suggest_2025(&self, _name: &str, _n: usize) -> Vec<String> {
        vec![]
    }
    pub fn district(&self, name: &str, _p: Option<&str>) -> Vec<(&Province, &District)> {
        let f = crate::analysis::normalize(name, crate::analysis::Form::Folded);
        self.provinces
            .iter()
            .flat_map(|p| p.districts.iter().map(move |d| (p, d)))
            .filter(|(_, d)| {
                crate::analysis::normalize(&d.name, crate::analysis::Form::Folded) == f
            })
            .collect()
    }
}
