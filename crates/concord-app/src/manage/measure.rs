//! Measuring a proposed address against the person's zones and the homes of their
//! victims and children at risk, into two sets of findings. Anything derived from where a
//! victim lives — a distance to her home, which victim, how many, where the address lies
//! against a zone drawn round her home — locates her as surely as her address: three
//! distances from chosen points put her door within metres. So those findings are
//! victim-section facts, kept apart ([`VictimFindings`]) and read only with the victim
//! section; the licence-section [`Findings`] say no more than that a victim-related
//! restriction refused the address, in one sentence that is the same whatever the
//! distance, however many victims and whichever of them.

use concord_domain::ZoneId;
use concord_domain::{VictimKind, ZoneKind};
use concord_geo::Point;
use concord_store::ZoneRow;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::zones::shape;

/// The only thing those without the victim section learn from a victim-related refusal.
/// Fixed words: nothing in it may vary with the distance, the victim or their number.
pub const VICTIM_RESTRICTION: &str = "The address is refused because of a victim-related restriction; the victim liaison officer holds the details";

/// One zone the address was measured against.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ZoneFinding {
    pub zone: ZoneId,
    pub name: String,
    pub kind: String,
    /// `None` when the zone has no map.
    pub inside: Option<bool>,
    pub distance_m: Option<f64>,
}

/// The licence-section findings: for everyone who may see the address checks.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Findings {
    /// Why the address is refused; empty when it may go on to the safeguarding checks.
    /// A victim-related refusal appears once, as [`VICTIM_RESTRICTION`], and last.
    pub refusals: Vec<String>,
    /// The zones not drawn round a victim's home.
    pub zones: Vec<ZoneFinding>,
    /// Refused because of a victim's home or a zone round it (the details are in the
    /// victim findings).
    #[serde(default)]
    pub victim_restriction: bool,
    /// What could not be measured and must be checked by hand.
    pub unmeasured: Vec<String>,
    #[serde(default)]
    pub unmeasured_confirmed: bool,
    /// No location was typed or picked: the address was placed at the centre of this
    /// postcode, from the postcode directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placed_by_postcode: Option<String>,
}

/// One victim's or child at risk's home, measured.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HomeFinding {
    pub victim: Uuid,
    /// Stored with the check as its code.
    pub kind: VictimKind,
    pub distance_m: f64,
    pub within_limit: bool,
}

/// The victim-section findings: read only with the victim section. Every field has a
/// default so that checks made before the split (kept whole here) still read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct VictimFindings {
    /// Why the address is refused, with the distance.
    #[serde(default)]
    pub refusals: Vec<String>,
    /// The zones drawn round a victim's home.
    #[serde(default)]
    pub zones: Vec<ZoneFinding>,
    #[serde(default)]
    pub homes: Vec<HomeFinding>,
    /// The buffer round each home, in metres.
    #[serde(default)]
    pub limit_m: f64,
}

/// A victim's home as an address check measures it (no name, no address).
#[derive(Debug, Clone)]
pub struct VictimHome {
    pub victim: Uuid,
    pub kind: VictimKind,
    pub at: Point,
}

/// Metres, to the nearest 10: precise enough to act on, no more.
fn rounded(m: f64) -> f64 {
    (m / 10.0).round() * 10.0
}

/// Measure `point` against the live zones and the homes, every one of them whatever the
/// earlier results (no early return: the work done must not depend on the distance).
pub fn measure(
    point: Point,
    zones: &[ZoneRow],
    homes: &[VictimHome],
    limit_m: f64,
) -> (Findings, VictimFindings) {
    let mut findings = Findings::default();
    let mut victim = VictimFindings {
        limit_m,
        ..VictimFindings::default()
    };
    for z in zones.iter().filter(|z| z.retired_at.is_none()) {
        let measured = z.geometry.as_ref().and_then(shape);
        let (inside, distance) = match &measured {
            Some(s) => (Some(s.contains(point)), Some(rounded(s.distance_m(point)))),
            None => {
                findings.unmeasured.push(format!(
                    "the {} zone \"{}\" has no map",
                    z.kind.code(),
                    z.name
                ));
                (None, None)
            }
        };
        let refusal = match (z.kind, inside) {
            (ZoneKind::Exclusion, Some(true)) => Some(format!(
                "The address is inside the exclusion zone \"{}\"",
                z.name
            )),
            (ZoneKind::Inclusion, Some(false)) => Some(format!(
                "The address is outside the inclusion zone \"{}\" ({} m from it)",
                z.name,
                distance.unwrap_or_default()
            )),
            _ => None,
        };
        let finding = ZoneFinding {
            zone: z.id,
            name: z.name.clone(),
            kind: z.kind.code().into(),
            inside,
            distance_m: distance,
        };
        if z.victim_id.is_some() {
            if let Some(r) = refusal {
                findings.victim_restriction = true;
                victim
                    .refusals
                    .push(format!("{r}, drawn round the home of a victim"));
            }
            victim.zones.push(finding);
        } else {
            findings.refusals.extend(refusal);
            findings.zones.push(finding);
        }
    }
    for home in homes {
        let d = point.distance_m(home.at);
        let within_limit = d <= limit_m;
        if within_limit {
            findings.victim_restriction = true;
            victim.refusals.push(format!(
                "The address is {} m from the home of {} (the limit is {limit_m} m)",
                rounded(d),
                home.kind.with_article()
            ));
        }
        victim.homes.push(HomeFinding {
            victim: home.victim,
            kind: home.kind,
            distance_m: rounded(d),
            within_limit,
        });
    }
    if findings.victim_restriction {
        findings.refusals.push(VICTIM_RESTRICTION.to_string());
    }
    (findings, victim)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: Point = Point {
        lon: 0.4795,
        lat: 51.7242,
    };

    fn home(kind: &str) -> VictimHome {
        VictimHome {
            victim: Uuid::now_v7(),
            kind: VictimKind::from_code(kind).unwrap(),
            at: HOME,
        }
    }

    #[test]
    fn the_licence_findings_of_a_refusal_are_the_same_whatever_the_distance_and_the_victims() {
        let probes = [(51.7243, 0.4795), (51.7300, 0.4800), (51.7242, 0.4900)];
        let one = [home("victim")];
        let two = [home("victim"), home("child_at_risk")];
        let seen: Vec<String> = probes
            .iter()
            .flat_map(|(lat, lon)| {
                let p = Point {
                    lon: *lon,
                    lat: *lat,
                };
                [&one[..], &two[..]]
                    .into_iter()
                    .map(move |homes| serde_json::to_string(&measure(p, &[], homes, 1000.0).0))
            })
            .map(Result::unwrap)
            .collect();
        assert!(seen.iter().all(|s| s == &seen[0]), "{seen:?}");
        assert!(seen[0].contains(VICTIM_RESTRICTION));
        assert!(!seen[0].contains(" m "), "{}", seen[0]);
    }

    #[test]
    fn the_victim_findings_keep_the_distance_and_which_home() {
        let h = home("victim");
        let p = Point {
            lon: 0.4795,
            lat: 51.7252,
        };
        let (_, v) = measure(p, &[], std::slice::from_ref(&h), 1000.0);
        assert_eq!(v.homes.len(), 1);
        assert_eq!(v.homes[0].victim, h.victim);
        assert!(v.homes[0].within_limit);
        assert!(
            v.refusals[0].contains("110 m from the home of a victim"),
            "{v:?}"
        );
    }

    #[test]
    fn an_address_far_from_every_home_is_not_refused() {
        let p = Point {
            lon: 0.4570,
            lat: 51.7398,
        };
        let (f, v) = measure(p, &[], &[home("victim")], 1000.0);
        assert!(f.refusals.is_empty() && !f.victim_restriction);
        assert!(!v.homes[0].within_limit);
    }
}
