//! The demo's postcode directory: the real centres of every postcode in the CM, CO and
//! SS areas (OS Code-Point Open, in the ONS Postcode Directory's format:
//! data/postcodes/README.md), loaded through the same import an administrator runs on
//! the full directory. The demo's own addresses have invented inward codes, so no address
//! points at a real household; each one the directory does not hold is added near the
//! centre of its real postcode sector, a few hundred metres off, so that the demo's
//! addresses land in the right part of the right town.

use std::collections::{BTreeSet, HashMap};

use concord_app::{App, AppError};

use super::seed_cases::find;
use super::staff::Staff;

/// Code-Point Open for the CM, CO and SS areas, as ONSPD columns.
pub(super) const DIRECTORY: &str = include_str!("../../../data/postcodes/essex.onspd.csv");

/// The file's columns: pcds is the third, lat and long the last two.
const PCDS: usize = 2;
const LAT: usize = 9;
const LONG: usize = 10;

pub(super) async fn seed(
    app: &App,
    staff: &[Staff],
    postcodes: &BTreeSet<String>,
) -> Result<(), AppError> {
    let admin = find(staff, "admin")?;
    let text = with_invented(postcodes);
    app.places()
        .import_postcode_directory(
            &admin.actor,
            "essex.onspd.csv, with the demo's invented postcodes",
            text.as_bytes(),
            text.len() as u64,
            false,
            &(),
        )
        .await
        .map(|_| ())
        .map_err(|e| super::explain(e, "the postcode directory"))
}

/// The directory, followed by a line for each of `postcodes` it does not hold whose
/// sector it knows.
fn with_invented(postcodes: &BTreeSet<String>) -> String {
    let mut held = BTreeSet::new();
    let mut sectors: HashMap<String, (f64, f64, f64)> = HashMap::new();
    for line in DIRECTORY.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let (Some(pcds), Some(lat), Some(lon)) = (
            fields.get(PCDS),
            fields.get(LAT).and_then(|v| v.parse::<f64>().ok()),
            fields.get(LONG).and_then(|v| v.parse::<f64>().ok()),
        ) else {
            continue;
        };
        held.insert(*pcds);
        let s = sectors.entry(sector(pcds)).or_default();
        *s = (s.0 + lat, s.1 + lon, s.2 + 1.0);
    }
    let mut text = String::from(DIRECTORY);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    for p in postcodes {
        if held.contains(p.as_str()) {
            continue;
        }
        let Some(&(lat, lon, n)) = sectors.get(&sector(p)) else {
            continue;
        };
        // A steady offset from the postcode's letters: up to about 300 m each way.
        let h = p.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let unit = |bits: u64| (bits & 0xffff) as f64 / 65_535.0 - 0.5;
        let lat = lat / n + unit(h) * 0.005;
        let lon = lon / n + unit(h >> 16) * 0.008;
        let (outward, inward) = p.split_once(' ').unwrap_or((p, ""));
        text.push_str(&format!(
            "{outward:<4}{inward},{outward:<5}{inward},{p},,,0,,,1,{lat:.6},{lon:.6}\n"
        ));
    }
    text
}

/// `CM1 3AB` → `CM1 3`.
fn sector(postcode: &str) -> String {
    let n = postcode.len().saturating_sub(2);
    postcode[..n].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invented_postcodes_are_placed_in_their_sector_and_real_ones_left_alone() {
        let wanted: BTreeSet<String> = ["CM2 6LQ", "CM1 3ZZ", "ZZ9 9ZZ"]
            .into_iter()
            .map(String::from)
            .collect();
        let text = with_invented(&wanted);
        let added: Vec<&str> = text.lines().skip(DIRECTORY.lines().count()).collect();
        assert_eq!(added.len(), 1, "{added:?}");
        let fields: Vec<&str> = added[0].split(',').collect();
        assert_eq!(fields[PCDS], "CM1 3ZZ");
        let (lat, lon): (f64, f64) = (fields[LAT].parse().unwrap(), fields[LONG].parse().unwrap());
        // CM1 3 is west of Chelmsford (Writtle, Broomfield's edge).
        assert!(
            (51.70..51.80).contains(&lat) && (0.35..0.50).contains(&lon),
            "{lat} {lon}"
        );
    }
}
