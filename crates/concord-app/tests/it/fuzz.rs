//! Reliability drill (issue 25 item 6): every parser of outside input — identifiers,
//! dates, terms, offence codes, postcodes, names, GeoJSON zones, the monitoring
//! provider's JSON and CSV fixes, agency feeds through a column mapping, mapping files,
//! risk requests — is given arbitrary text and text shaped like its input, and must
//! answer (a value or an error), never panic.
//!
//! 256 cases a parser by default; a long run on demand:
//! `PROPTEST_CASES=100000 cargo nextest run -p concord-app -E 'test(/fuzz::/)'`.

use concord_domain::{
    parse_date, Identifier, IdentifierKind, OffenceCode, PersonName, Postcode, Term,
};
use proptest::prelude::*;

/// Text with the characters the parsers care about, mixed with anything.
fn shaped(alphabet: &'static str, max: usize) -> impl Strategy<Value = String> {
    let chars: Vec<char> = alphabet.chars().collect();
    prop_oneof![
        3 => proptest::collection::vec(proptest::sample::select(chars), 0..max)
            .prop_map(|v| v.into_iter().collect::<String>()),
        1 => any::<String>(),
    ]
}

/// A JSON document of some depth, with strings, numbers and keys from `keys`.
fn json(keys: &'static [&'static str]) -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        shaped("0123456789-.:TZ abc", 24).prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::Array),
            proptest::collection::vec((proptest::sample::select(keys), inner), 0..8).prop_map(
                |kv| serde_json::Value::Object(
                    kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
                )
            ),
        ]
    })
}

proptest! {
    #[test]
    fn identifiers_never_panic(text in shaped("0123456789/ABCDEFGHJKLMNPQRSTUVWXYZ- ", 24)) {
        for kind in IdentifierKind::ALL {
            let _ = Identifier::parse(kind, &text);
        }
    }

    #[test]
    fn dates_terms_codes_postcodes_and_names_never_panic(
        text in shaped("0123456789/-. ,abcdefghijklmnopqrstuvwxyzMarchJunAEIOU'", 32)
    ) {
        let _ = parse_date("date", "Date", &text);
        let _ = Term::parse("term", &text);
        let _ = OffenceCode::parse(&text);
        let _ = Postcode::parse(&text);
        let _ = PersonName::parse(&text, &text, &text);
        let _ = concord_risk::lenient::parse_date(&text);
    }

    #[test]
    fn geojson_zones_never_panic(value in json(&["type", "coordinates", "geometry", "features", "properties", "Polygon", "MultiPolygon", "Feature"])) {
        let _ = concord_geo::parse_geojson(&value, &concord_geo::Limits::default());
        let _ = concord_geo::parse_geojson_str(&value.to_string(), &concord_geo::Limits::default());
    }

    #[test]
    fn monitoring_fixes_never_panic(
        value in json(&["fixes", "fix_id", "device", "latitude", "longitude", "accuracy_m", "at"]),
        csv in shaped("fix_id,device,latitude,longitude,accuracy_m,at\n0123456789.-:TZ\"", 200),
    ) {
        let _ = concord_app::parse_fixes_json(value.to_string().as_bytes(), true);
        let _ = concord_app::parse_fixes_json(value.to_string().as_bytes(), false);
        let _ = concord_app::parse_fixes_csv(&csv);
    }

    #[test]
    fn mapping_files_and_feeds_never_panic(
        toml in shaped("[]={}\"\n columns role kind format source_id forename surname date_of_birth identifier pnc %d/%m/%Y", 200),
        csv in shaped("record_id,forename,middle_names,surname,date_of_birth,address,town,postcode,gender,pnc_id\n0123456789/\"abc ", 300),
    ) {
        let _ = concord_match::Mapping::from_toml(&toml);
        let mapping = concord_match::Mapping::from_toml(concord_demo::FEED_MAPPING)
            .expect("the demo's feed mapping parses");
        let _ = concord_match::read_csv(csv.as_bytes(), &mapping);
    }

    #[test]
    fn risk_requests_never_panic(value in json(&["gender", "date_of_birth", "assessment_date", "date_of_current_conviction", "current_offence_code", "total_number_of_sanctions", "age_at_first_sanction", "previous_convictions", "version"])) {
        if let Ok(request) = serde_json::from_value::<concord_risk::RiskScoreRequest>(value) {
            let _ = concord_risk::compute(&request);
        }
    }
}
