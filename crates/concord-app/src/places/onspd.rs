//! Reading the ONS Postcode Directory (ONSPD) and its sibling the National Statistics
//! Postcode Lookup: a CSV with a header row, one postcode a line. Editions add, drop and
//! reorder columns (2008's has 53, 2025's 35), so columns are found by their header
//! name, never by position: the postcode from `pcds` (or `pcd`, `pcd7`, `pcd8`, `pcd2`),
//! the centre from `lat` and `long`, the termination month from `doterm`. A postcode
//! the directory has no grid reference for (`osgrdind` 9, or the directory's `99.999999`
//! latitude) is counted and left out: it has no centre to give.

use concord_domain::Postcode;

/// Where the columns Concord reads are in this edition's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnspdColumns {
    postcode: usize,
    latitude: usize,
    longitude: usize,
    terminated: Option<usize>,
    grid_indicator: Option<usize>,
}

/// What one line gives.
#[derive(Debug, Clone, PartialEq)]
pub enum OnspdLine {
    Located {
        postcode: String,
        latitude: f64,
        longitude: f64,
        terminated: Option<String>,
    },
    /// A real postcode with no grid reference: nothing to place.
    WithoutLocation,
}

/// Postcode column names, in order of preference: `pcds` is the one written as people
/// write postcodes (`CM1 1AA`); the others pad or squeeze the space.
const POSTCODE_COLUMNS: [&str; 5] = ["pcds", "pcd", "pcd7", "pcd8", "pcd2"];

/// The directory's latitude for a postcode without a grid reference.
const NO_LATITUDE: f64 = 99.999_999;

impl OnspdColumns {
    /// Find the columns in the header row, or say which is missing.
    pub fn from_header<'a>(header: impl IntoIterator<Item = &'a str>) -> Result<Self, String> {
        let names: Vec<String> = header
            .into_iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
            .collect();
        let at = |name: &str| names.iter().position(|n| n == name);
        let postcode = POSTCODE_COLUMNS.iter().find_map(|c| at(c)).ok_or_else(|| {
            "the header has no postcode column (pcds, pcd, pcd7, pcd8 or pcd2): is this the ONS Postcode Directory?".to_string()
        })?;
        let latitude = at("lat").ok_or("the header has no `lat` column")?;
        let longitude = at("long").ok_or("the header has no `long` column")?;
        Ok(OnspdColumns {
            postcode,
            latitude,
            longitude,
            terminated: at("doterm"),
            grid_indicator: at("osgrdind"),
        })
    }

    /// Read one line; the error names the column and what is wrong with it.
    pub fn read(&self, fields: &[&str]) -> Result<OnspdLine, String> {
        let get = |i: usize, name: &str| {
            fields
                .get(i)
                .map(|s| s.trim())
                .ok_or_else(|| format!("{name}: the line ends before this column"))
        };
        let raw = get(self.postcode, "postcode")?;
        let postcode = Postcode::parse(raw)
            .map_err(|_| format!("postcode: `{raw}` is not a postcode"))?
            .to_string();
        if let Some(i) = self.grid_indicator {
            if get(i, "osgrdind")? == "9" {
                return Ok(OnspdLine::WithoutLocation);
            }
        }
        let number = |i: usize, name: &str| -> Result<f64, String> {
            let s = get(i, name)?;
            s.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| format!("{name}: `{s}` is not a number"))
        };
        let latitude = number(self.latitude, "lat")?;
        let longitude = number(self.longitude, "long")?;
        if (latitude - NO_LATITUDE).abs() < 1e-6 {
            return Ok(OnspdLine::WithoutLocation);
        }
        // The directory covers the United Kingdom, the Channel Islands and the Isle of
        // Man: a centre far outside them is a broken line (or swapped columns).
        if !(49.0..=61.5).contains(&latitude) {
            return Err(format!(
                "lat: {latitude} is outside the United Kingdom (49 to 61.5)"
            ));
        }
        if !(-9.0..=2.5).contains(&longitude) {
            return Err(format!(
                "long: {longitude} is outside the United Kingdom (-9 to 2.5)"
            ));
        }
        let terminated = match self.terminated {
            Some(i) => {
                let s = get(i, "doterm")?;
                if s.is_empty() {
                    None
                } else if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
                    Some(s.to_string())
                } else {
                    return Err(format!("doterm: `{s}` is not a month as YYYYMM"));
                }
            }
            None => None,
        };
        Ok(OnspdLine::Located {
            postcode,
            latitude,
            longitude,
            terminated,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER_2023: &str = "pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,oseast1m,osnrth1m,osgrdind,oshlthau,nhser,ctry,rgn,streg,pcon,eer,teclec,ttwa,pct,itl,statsward,oa01,casward,park,lsoa01,msoa01,ur01ind,oac01,oa11,lsoa11,msoa11,wz11,sicbl,bua11,buasd11,ru11ind,oac11,lat,long,lep1,lep2,pfa,imd,calncv,icb,oa21,lsoa21,msoa21";

    fn line(fields: &[(&str, &str)]) -> Vec<String> {
        let header: Vec<&str> = HEADER_2023.split(',').collect();
        header
            .iter()
            .map(|h| {
                fields
                    .iter()
                    .find(|(k, _)| k == h)
                    .map_or(String::new(), |(_, v)| (*v).to_string())
            })
            .collect()
    }

    fn read(c: &OnspdColumns, fields: &[(&str, &str)]) -> Result<OnspdLine, String> {
        let l = line(fields);
        let refs: Vec<&str> = l.iter().map(String::as_str).collect();
        c.read(&refs)
    }

    #[test]
    fn columns_are_found_by_name_in_any_edition() {
        let c = OnspdColumns::from_header(HEADER_2023.split(',')).unwrap();
        assert_eq!((c.postcode, c.latitude, c.longitude), (2, 42, 43));
        let nspl = "pcd7,pcd8,pcds,dointr,doterm,usertype,east1m,north1m,lat,long";
        assert_eq!(
            OnspdColumns::from_header(nspl.split(',')).unwrap().postcode,
            2
        );
        let short = "\u{feff}PCD,LAT,LONG";
        let c = OnspdColumns::from_header(short.split(',')).unwrap();
        assert_eq!((c.postcode, c.terminated), (0, None));
        assert!(OnspdColumns::from_header("postcode,lat,long".split(','))
            .unwrap_err()
            .contains("no postcode column"));
        assert!(OnspdColumns::from_header("pcds,lat,lng".split(','))
            .unwrap_err()
            .contains("`long`"));
    }

    #[test]
    fn a_line_gives_a_centre_or_names_what_is_wrong() {
        let c = OnspdColumns::from_header(HEADER_2023.split(',')).unwrap();
        let good = read(
            &c,
            &[
                ("pcds", "cm1 1qh"),
                ("lat", "51.735"),
                ("long", "0.469"),
                ("osgrdind", "1"),
            ],
        );
        assert_eq!(
            good,
            Ok(OnspdLine::Located {
                postcode: "CM1 1QH".into(),
                latitude: 51.735,
                longitude: 0.469,
                terminated: None
            })
        );
        let ended = read(
            &c,
            &[
                ("pcds", "CM1 1AA"),
                ("lat", "51.7"),
                ("long", "0.4"),
                ("doterm", "199606"),
            ],
        );
        assert!(
            matches!(ended, Ok(OnspdLine::Located { terminated: Some(t), .. }) if t == "199606")
        );
        for (fields, wanted) in [
            (
                vec![("pcds", "CM1"), ("lat", "51.7"), ("long", "0.4")],
                "postcode: `CM1`",
            ),
            (
                vec![("pcds", "CM1 1AA"), ("lat", "north"), ("long", "0.4")],
                "lat: `north`",
            ),
            (
                vec![("pcds", "CM1 1AA"), ("lat", "0.4"), ("long", "51.7")],
                "lat: 0.4 is outside",
            ),
            (
                vec![("pcds", "CM1 1AA"), ("lat", "51.7"), ("long", "NaN")],
                "long: `NaN`",
            ),
            (
                vec![
                    ("pcds", "CM1 1AA"),
                    ("lat", "51.7"),
                    ("long", "0.4"),
                    ("doterm", "96"),
                ],
                "doterm: `96`",
            ),
        ] {
            let e = read(&c, &fields).unwrap_err();
            assert!(e.starts_with(wanted), "{e}");
        }
        assert_eq!(
            read(
                &c,
                &[
                    ("pcds", "CM1 1AA"),
                    ("lat", "99.999999"),
                    ("long", "0.000000")
                ]
            ),
            Ok(OnspdLine::WithoutLocation)
        );
        assert_eq!(
            read(&c, &[("pcds", "CM1 1AA"), ("osgrdind", "9")]),
            Ok(OnspdLine::WithoutLocation)
        );
        assert!(c.read(&["CM1 1AA"]).unwrap_err().contains("ends before"));
    }
}
