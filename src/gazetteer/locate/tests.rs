//! Rules of place detection checked on short texts, through the public
//! entry points only. `tests/locality_labelled.rs` measures them on
//! hand-labelled articles.

use super::super::locality::{EvidenceKind, Scope, Zone};
use super::super::{Gazetteer, Locality};

fn loc(
    title: &str,
    lead: &str,
    body: &str,
) -> (Option<String>, Option<String>, Option<String>, Vec<String>) {
    let l = Gazetteer::get().locate(title, lead, body);
    (l.city, l.district, l.province_2025, l.mentions)
}

fn s(x: &str) -> Option<String> {
    Some(x.to_owned())
}

#[test]
fn primary_locality() {
    type Case<'a> = (
        &'a str,
        &'a str,
        &'a str,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let cases: Vec<Case> = vec![
        (
            "Hải Phòng: Tăng cường khối đại đoàn kết",
            "",
            "",
            s("Hải Phòng"),
            None,
            s("Hải Phòng"),
        ),
        (
            "Thành phố Bến Tre tổng kết công tác dân vận",
            "",
            "Ban Dân vận Thành ủy Bến Tre",
            s("Bến Tre"),
            s("Bến Tre"),
            s("Vĩnh Long"),
        ),
        (
            "Quận Hoàng Mai xây dựng được 1.431 mô hình",
            "",
            "Quận ủy Hoàng Mai",
            s("Hà Nội"),
            s("Hoàng Mai"),
            s("Hà Nội"),
        ),
        (
            "Thị xã Hoàng Mai ra quân",
            "",
            "",
            s("Nghệ An"),
            s("Hoàng Mai"),
            s("Nghệ An"),
        ),
        (
            "Hoàng Mai: người dân phấn khởi",
            "Thị xã Hoàng Mai (Nghệ An) vừa...",
            "",
            s("Nghệ An"),
            s("Hoàng Mai"),
            s("Nghệ An"),
        ),
        (
            "Huyện Châu Thành đón chuẩn nông thôn mới",
            "UBND tỉnh Tiền Giang vừa công nhận",
            "",
            s("Tiền Giang"),
            s("Châu Thành"),
            s("Đồng Tháp"),
        ),
        (
            "Cháy lớn ở TP.HCM",
            "",
            "",
            s("Hồ Chí Minh"),
            None,
            s("Hồ Chí Minh"),
        ),
        (
            // The full stop of `TP.` ends no sentence: the city opens the
            // lead.
            "Giúp bạn có tiền thay thận",
            "Một học sinh (lớp 11, Q. 11, TP. HCM) nhập viện vì bệnh thận.",
            "",
            s("Hồ Chí Minh"),
            None,
            s("Hồ Chí Minh"),
        ),
        (
            // A home address stays a home address across `P.` and `Q.`:
            // the story is where the accident was.
            "Tai nạn nghiêm trọng trên quốc lộ",
            "Nguyễn Văn A, trú tại P. Bến Nghé, Q. 1, TP. HCM, gây tai nạn trên quốc lộ 51 ở Đồng Nai.",
            "",
            s("Đồng Nai"),
            None,
            s("Đồng Nai"),
        ),
        (
            "Ha Noi: khoi cong cau moi o quan Long Bien",
            "",
            "",
            s("Hà Nội"),
            s("Long Biên"),
            s("Hà Nội"),
        ),
        (
            "hai phong don tet",
            "",
            "",
            s("Hải Phòng"),
            None,
            s("Hải Phòng"),
        ),
        (
            "Kỷ niệm ngày Thương binh liệt sĩ",
            "",
            "Học tập tư tưởng Hồ Chí Minh vì hòa bình",
            None,
            None,
            None,
        ),
        (
            "Tin vắn",
            "Kim Thành",
            "Nguyễn Văn Thành phát biểu",
            None,
            None,
            None,
        ),
    ];
    for (title, lead, body, city, district, p2025) in cases {
        let got = loc(title, lead, body);
        assert_eq!((got.0, got.1, got.2), (city, district, p2025), "{title}");
    }
}

#[test]
fn mentions_are_kept() {
    let (city, _, _, mentions) = loc(
        "Hải Phòng hợp tác với Quảng Ninh",
        "Lãnh đạo TP Hải Phòng và tỉnh Quảng Ninh",
        "Đoàn công tác của Hà Nội cũng tham dự.",
    );
    assert_eq!(city.as_deref(), Some("Hải Phòng"));
    assert_eq!(mentions, ["Quảng Ninh", "Hà Nội"]);
}

#[test]
fn bare_district_needs_its_province() {
    // `Đông Anh` alone is weak; with Hà Nội named it is the district.
    let (city, district, _, _) = loc("Đông Anh khởi công dự án", "", "");
    assert_eq!((city, district), (None, None));
    let (city, district, _, _) = loc("Đông Anh khởi công dự án", "Hà Nội", "");
    assert_eq!(
        (city.as_deref(), district.as_deref()),
        (Some("Hà Nội"), Some("Đông Anh"))
    );
}

fn full(title: &str, lead: &str, body: &str) -> Locality {
    Gazetteer::get().locate(title, lead, body)
}

#[test]
fn pacific_is_not_thai_binh() {
    let l = full(
        "Tàu sân bay Mỹ tiến vào Thái Bình Dương",
        "Hải quân Mỹ điều tàu sân bay tới tây Thái Bình Dương.",
        "Bình Nhưỡng phản đối. Khu vực châu Á - Thái Bình Dương căng thẳng.",
    );
    assert_eq!(l.city, None);
    assert_eq!(l.scope, Scope::International);
    assert!(!l.mentions.contains(&"Thái Bình".to_owned()));
    let l = full("Thái Bình: nông dân thu hoạch lúa", "", "");
    assert_eq!(l.city.as_deref(), Some("Thái Bình"));
}

#[test]
fn people_are_not_places() {
    for (title, lead) in [
        (
            "Phó Thủ tướng Trương Hòa Bình làm việc với Bộ Tư pháp",
            "Phó Thủ tướng Trương Hòa Bình yêu cầu Bộ Tư pháp hoàn thiện luật.",
        ),
        (
            "Bổ nhiệm Thứ trưởng",
            "Phó Thủ tướng Hòa Bình trao quyết định.",
        ),
        ("Tin vắn", "Ông Thái Bình (SN 1970) cho biết."),
        ("Pho Thu tuong Truong Hoa Binh tiep doan", "Bo Tu phap"),
        ("Đêm nhạc Đàm Vĩnh Hưng", "Ca sĩ Đàm Vĩnh Hưng biểu diễn."),
    ] {
        let l = full(title, lead, "");
        assert_eq!(l.city, None, "{title}");
    }
    let l = full("Hòa Bình: khánh thành trường học", "", "");
    assert_eq!(l.city.as_deref(), Some("Hòa Bình"));
    let l = full("Đọc sách về hòa bình", "Thế giới hòa bình", "");
    assert_eq!(l.city, None);
}

#[test]
fn evidence_is_graded() {
    // Dateline.
    let l = full(
        "Khánh thành cầu mới",
        "HÀ NỘI - Sáng nay cầu mới thông xe.",
        "",
    );
    assert_eq!(l.city.as_deref(), Some("Hà Nội"));
    let e = l.evidence.unwrap();
    assert_eq!(
        (e.kind, e.zone, e.position),
        (EvidenceKind::Dateline, Zone::Lead, 0)
    );
    assert_eq!(e.text, "HÀ NỘI");
    // A district with its province in parentheses.
    let l = full(
        "Tin vắn",
        "Tại xã Mỹ Thành, huyện Yên Thành (Nghệ An), mưa lớn gây ngập.",
        "",
    );
    assert_eq!(
        (l.city.as_deref(), l.district.as_deref()),
        (Some("Nghệ An"), Some("Yên Thành"))
    );
    // One passing mention in the body is not enough.
    let l = full(
        "Bí quyết ngủ ngon",
        "Các chuyên gia khuyên nên ngủ đủ giấc.",
        "Một bác sĩ ở Hà Nội cho biết nên tránh cà phê.",
    );
    assert_eq!(l.city, None);
    assert_eq!(l.mentions, ["Hà Nội"]);
    assert_eq!(l.scope, Scope::National);
    // Streets and rivers named after places.
    let l = full(
        "Cháy nhà trên đường Điện Biên Phủ",
        "Vụ cháy ở đường Điện Biên Phủ, quận Bình Thạnh, TP.HCM.",
        "",
    );
    assert_eq!(l.city.as_deref(), Some("Hồ Chí Minh"));
    let l = full("Cá chết trên sông Thái Bình", "", "");
    assert_eq!(l.city, None);
}

#[test]
fn scope() {
    let l = full(
        "Quốc hội thông qua Luật Đất đai",
        "Sáng 18/1, tại Hà Nội, Quốc hội biểu quyết thông qua luật.",
        "Luật áp dụng trên cả nước.",
    );
    assert_eq!((l.city, l.scope), (None, Scope::National));
    let l = full(
        "Tổng thống Mỹ Donald Trump gặp Kim Jong-un tại Singapore",
        "Cuộc gặp giữa Mỹ và Triều Tiên diễn ra tại Singapore.",
        "Trung Quốc hoan nghênh. Đại sứ Việt Nam tại Hà Nội.",
    );
    assert_eq!((l.city, l.scope), (None, Scope::International));
    assert_eq!(l.evidence.unwrap().kind, EvidenceKind::Foreign);
    let l = full(
        "Đà Nẵng đón khách",
        "TP Đà Nẵng đón 1 triệu lượt khách.",
        "",
    );
    assert_eq!(l.scope, Scope::Local);
    assert_eq!(Scope::International.as_str(), "international");
    assert_eq!(
        serde_json::to_value(Scope::Local).unwrap(),
        serde_json::json!("local")
    );
    // A Chinese province with a Vietnamese name.
    let l = full("Tin vắn", "Cảnh sát Hà Nam (Trung Quốc) bắt nghi phạm.", "");
    assert_eq!(l.city, None);
}

#[test]
fn bad_input() {
    assert_eq!(full("", "", ""), Locality::default());
    let l = full("Tin vắn", "Không có địa danh nào.", "Chỉ là lời khuyên.");
    assert_eq!((l.city, l.scope), (None, Scope::National));
    // Fifty places listed: none is the subject.
    let g = Gazetteer::get();
    let names: Vec<&str> = g
        .provinces
        .iter()
        .take(50)
        .map(|p| p.name.as_str())
        .collect();
    let list = names.join(", ");
    let l = full("Giá xăng giảm", &list, &format!("{list}. {list}."));
    assert_eq!(l.city, None);
    // All but `Hồ Chí Minh`, which without a prefix is the person.
    assert_eq!(l.mentions.len(), 49);
    // All capitals, and no diacritics.
    let l = full(
        "HẢI PHÒNG: KHÁNH THÀNH CẦU MỚI",
        "TP HẢI PHÒNG VỪA KHÁNH THÀNH",
        "",
    );
    assert_eq!(l.city.as_deref(), Some("Hải Phòng"));
    let l = full(
        "Da Nang khanh thanh cau moi",
        "TP Da Nang vua khanh thanh cau",
        "",
    );
    assert_eq!(l.city.as_deref(), Some("Đà Nẵng"));
    // Odd text never panics.
    for text in [
        "(((",
        "- - -",
        "Hà",
        "Nội",
        "tỉnh",
        "TP.",
        "((Hà Nội",
        "Quận 1 (",
        "\u{301}\u{300}Hà Nội",
    ] {
        let _ = full(text, text, text);
    }
}
