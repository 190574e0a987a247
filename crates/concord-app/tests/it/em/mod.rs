//! Electronic monitoring through the use cases (issue 22): Mr D with an exclusion zone
//! round his victim's home and a town-centre zone, an overnight curfew at his approved
//! address, a tag fitted; the provider's fixes kept once each and evaluated into alerts
//! that staff see, acknowledge and act on — with the victim's zone and the track inside it
//! withheld from those without her section.

use chrono::{DateTime, Duration, Utc};
use concord_app::*;
use concord_authz::Actor;
use concord_domain::PersonId;
use concord_licence::LicenceAction;

use crate::support::*;

mod alerts;
mod feed;
mod ingest;
mod rebuild;
mod rules;
mod tags;

/// The victim's home, Chelmsford (invented coordinates in the town).
pub const VICTIM: (f64, f64) = (51.7420, 0.4690);
/// His approved curfew address, 5 km south.
pub const HOME: (f64, f64) = (51.6970, 0.4690);
pub const DEVICE: &str = "EM-40317";

pub struct Case {
    pub w: World,
    pub clock: TestClock,
    pub d: PersonId,
    pub vlo: Actor,
    pub feed: Actor,
}

/// Mr D on an active licence with a curfew (19:00–07:00 at [`HOME`]), an exclusion zone
/// of 1 km round the victim's home drawn by the victim liaison officer, the curfew address
/// approved; the monitoring provider's service account. No tag yet.
pub async fn case(t: &concord_testkit::TestDb) -> Case {
    // The record is made an hour before `now()`, when the tests' fixes start: a zone
    // counts only from when it was drawn.
    let clock = TestClock::new(now() - Duration::hours(1));
    let w = world_with_clock(t, clock.clock()).await;
    let d = mr_d(&w).await;
    let spo = add_staff(
        &w,
        "spo.hale",
        "Sam Hale",
        "PRB",
        "senior_probation_officer",
    )
    .await;
    let vlo = add_staff(
        &w,
        "vlo.kelly",
        "Bernadette Kelly",
        "PRB",
        "victim_liaison_officer",
    )
    .await;
    let feed = add_staff(&w, "em.feed", "Monitoring feed", "HSG", "em_provider").await;
    allocate(&w, &w.om, d, &spo, "senior_probation_officer").await;
    allocate(&w, &w.om, d, &w.ppo, "public_protection_officer").await;
    allocate(&w, &w.om, d, &vlo, "victim_liaison_officer").await;
    let victim = w
        .app
        .manage()
        .add_victim(
            &vlo,
            d,
            &VictimForm {
                name: "Alison".into(),
                kind: "victim".into(),
                relationship: "Former partner".into(),
                address: "12 Lady Lane, Chelmsford CM2 0TE".into(),
                latitude: VICTIM.0.to_string(),
                longitude: VICTIM.1.to_string(),
                representations: "Wants an exclusion zone round her home".into(),
                may_be_told: "The exclusion zone and when it ends".into(),
            },
        )
        .await
        .unwrap();
    w.app
        .manage()
        .add_zone(
            &vlo,
            d,
            &ZoneForm {
                kind: "exclusion".into(),
                name: "Victim's home".into(),
                description: "Within 1 km of the victim's home".into(),
                circle_radius_metres: "1000".into(),
                victim: victim.to_string(),
                ..ZoneForm::default()
            },
        )
        .await
        .unwrap();
    let check = w
        .app
        .manage()
        .check_address(
            &w.om,
            d,
            &AddressCheckForm {
                purpose: "curfew".into(),
                address: "3 Galleywood Road, Chelmsford".into(),
                latitude: HOME.0.to_string(),
                longitude: HOME.1.to_string(),
            },
        )
        .await
        .unwrap();
    let pending = w.app.manage().address_checks(&w.om, d).await.unwrap();
    let version = pending.iter().find(|c| c.id == check).unwrap().version;
    w.app
        .manage()
        .record_safeguarding_checks(
            &w.om,
            d,
            check,
            version,
            &SafeguardingForm {
                police_check: "No concerns".into(),
                childrens_services_check: "No children at the address".into(),
                home_visit: "Visited 9/3".into(),
                unmeasured_confirmed: false,
            },
        )
        .await
        .unwrap();
    draft_licence(&w, &w.om, d).await;
    let v = w.app.manage().licences(&w.om, d).await.unwrap().versions[0].clone();
    w.app
        .manage()
        .add_licence_condition(
            &w.om,
            d,
            v.id,
            v.version,
            &ConditionForm {
                code: "ADD-CURFEW".into(),
                params: [
                    ("address", "3 Galleywood Road, Chelmsford"),
                    ("start", "19:00"),
                    ("end", "07:00"),
                ]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            },
        )
        .await
        .unwrap();
    for (actor, action) in [
        (&w.om, LicenceAction::Submit),
        (&spo, LicenceAction::Approve),
        (&w.om, LicenceAction::Activate),
    ] {
        let v = w.app.manage().licences(&w.om, d).await.unwrap().versions[0].clone();
        w.app
            .manage()
            .act_on_licence(actor, d, v.id, v.version, action, "")
            .await
            .unwrap_or_else(|e| panic!("{}: {action:?}: {e:?}", w.label));
    }
    clock.advance(Duration::hours(1));
    Case {
        w,
        clock,
        d,
        vlo,
        feed,
    }
}

/// Fit the tag enforcing the zones and the curfew.
pub async fn fit(c: &Case) {
    c.w.app
        .monitoring()
        .fit_tag(
            &c.w.om,
            c.d,
            &TagForm {
                device: DEVICE.into(),
                basis: "licence".into(),
                enforces: vec!["exclusion".into(), "curfew".into()],
                ..TagForm::default()
            },
        )
        .await
        .unwrap();
}

/// A fix `secs` after `from`, at (lat, lon).
pub fn fix(id: &str, from: DateTime<Utc>, secs: i64, at: (f64, f64)) -> ValidFix {
    ValidFix {
        place: format!("fixes[{id}]"),
        id: id.into(),
        device: DEVICE.into(),
        at: from + Duration::seconds(secs),
        lat: at.0,
        lon: at.1,
        accuracy_m: 5.0,
    }
}

/// Send fixes as the provider, refusing unknown devices.
pub async fn send(c: &Case, fixes: Vec<ValidFix>) -> Result<FixesAccepted, AppError> {
    c.w.app
        .monitoring()
        .submit_fixes(&c.feed, fixes, UnknownDevices::Refuse)
        .await
}

/// A walk from 3 km south of the victim's home to 200 m from it, a fix every 10 s, ids
/// `{prefix}-0`…: outside for `outside` fixes, then inside for `inside`.
pub fn walk_in(prefix: &str, from: DateTime<Utc>, outside: usize, inside: usize) -> Vec<ValidFix> {
    (0..outside + inside)
        .map(|i| {
            let lat = if i < outside {
                VICTIM.0 - 0.03 + 0.001 * i as f64
            } else {
                VICTIM.0 - 0.002
            };
            fix(
                &format!("{prefix}-{i}"),
                from,
                10 * i as i64,
                (lat, VICTIM.1),
            )
        })
        .collect()
}
