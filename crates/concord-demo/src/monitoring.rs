//! Mr D's licence as his story tells it, and the tag that enforces it: an exclusion zone
//! of 1 km round the victim's home (drawn by the victim liaison officer, so its map is
//! hers to withhold), Braemar House approved as his curfew address, the licence's
//! conditions with a 23:00–07:00 curfew approved by the senior officer and active, and a
//! GPS tag fitted to enforce the zone and the curfew. `concord em simulate` then walks the
//! tag towards her home.

use std::collections::BTreeMap;

use chrono::Duration;

use concord_app::{
    AddressCheckForm, App, AppError, AppointmentForm, ConditionForm, LicenceForm, SafeguardingForm,
    TagForm, ZoneForm,
};
use concord_domain::PersonId;
use concord_licence::LicenceAction;

use super::mappa_history::on;
use super::seed_cases::find;
use super::staff::Staff;

/// Braemar House approved premises (an invented point in Chelmsford, 3 km north-west of
/// the victim's home).
pub const APPROVED_PREMISES: (f64, f64) = (51.7440, 0.4480);
/// Mr D's tag.
pub const MR_D_DEVICE: &str = "EM-40317";
/// The exclusion zone's radius round the victim's home, in metres.
pub const ZONE_RADIUS_M: f64 = 1000.0;

fn condition(code: &str, params: &[(&str, &str)]) -> ConditionForm {
    ConditionForm {
        code: code.into(),
        params: params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
    }
}

pub(super) async fn seed(app: &App, staff: &[Staff], mr_d: PersonId) -> Result<(), AppError> {
    let vlo = &find(staff, "vlo.essex")?.actor;
    let om = &find(staff, "om.chelmsford")?.actor;
    let spo = &find(staff, "spo.chelmsford")?.actor;
    // The licence is prepared before release and in force from it, as it was.
    let release = super::mappa_history::release_of(app, staff, mr_d).await?;
    let before = |days: i64| on(app, release - Duration::days(days));
    let (victims, _) = app.manage().victims(vlo, mr_d).await?;
    let victim = victims
        .first()
        .ok_or_else(|| AppError::Internal("the demo's victim is missing".into()))?;
    let zone = before(40)
        .manage()
        .add_zone(
            vlo,
            mr_d,
            &ZoneForm {
                kind: "exclusion".into(),
                name: "Victim's home".into(),
                description:
                    "The area within 1 km of the victim's home in Chelmsford, as shown on the map"
                        .into(),
                circle_radius_metres: ZONE_RADIUS_M.to_string(),
                victim: victim.id.to_string(),
                ..ZoneForm::default()
            },
        )
        .await?;
    let check = before(35)
        .manage()
        .check_address(
            om,
            mr_d,
            &AddressCheckForm {
                purpose: "curfew".into(),
                address: "Braemar House approved premises, Chelmsford".into(),
                latitude: APPROVED_PREMISES.0.to_string(),
                longitude: APPROVED_PREMISES.1.to_string(),
            },
        )
        .await?;
    let version = app
        .manage()
        .address_checks(om, mr_d)
        .await?
        .iter()
        .find(|c| c.id == check)
        .map(|c| c.version)
        .ok_or_else(|| AppError::Internal("the curfew address check is missing".into()))?;
    before(35)
        .manage()
        .record_safeguarding_checks(
            om,
            mr_d,
            check,
            version,
            &SafeguardingForm {
                police_check: "PNC and domestic abuse checks by the police public protection officer: no concerns at the premises".into(),
                childrens_services_check: "Children's services: no children resident at the premises".into(),
                home_visit: "AP manager confirmed the bed, the 23:00 curfew and the house rules".into(),
                unmeasured_confirmed: false,
            },
        )
        .await?;
    let drafting = before(28);
    let view = drafting.manage().licences(om, mr_d).await?;
    drafting
        .manage()
        .create_licence(
            om,
            mr_d,
            &LicenceForm {
                type_code: "AP".into(),
                ..view.from_sentence
            },
        )
        .await?;
    let zone_id = zone.to_string();
    for form in [
        condition(
            "ADD-NO-CONTACT-VICTIM",
            &[("victim", "the victim of the index offence")],
        ),
        condition(
            "ADD-EXCLUSION-ZONE",
            &[
                ("zone", &zone_id),
                (
                    "description",
                    "the area within 1 km of the victim's home, as shown on the map",
                ),
            ],
        ),
        condition(
            "ADD-RESIDE-APPROVED-PREMISES",
            &[("address", "Braemar House, Chelmsford")],
        ),
        condition(
            "ADD-CURFEW",
            &[
                ("address", "Braemar House, Chelmsford"),
                ("start", "23:00"),
                ("end", "07:00"),
            ],
        ),
        condition("ADD-POLICE-MONITORING-VISITS", &[]),
        condition("ADD-DISCLOSE-RELATIONSHIPS", &[]),
        condition("ADD-DISCLOSE-VEHICLES", &[]),
    ] {
        let v = drafting.manage().licences(om, mr_d).await?.versions[0].clone();
        drafting
            .manage()
            .add_licence_condition(om, mr_d, v.id, v.version, &form)
            .await?;
    }
    // Where and when he reports on the day of release, printed on the licence he signs.
    let om_name = find(staff, "om.chelmsford")?.def.display_name.to_string();
    let v = drafting.manage().licences(om, mr_d).await?.versions[0].clone();
    drafting
        .manage()
        .set_licence_appointment(
            om,
            mr_d,
            v.id,
            &AppointmentForm {
                with_whom: om_name,
                date: release.format("%d/%m/%Y").to_string(),
                time: "14:00".into(),
                address: "Chelmsford probation office, 1 Brook Street, Chelmsford CM1 1UH".into(),
                phone: "01245 000123".into(),
            },
        )
        .await?;
    for (actor, action, days_before) in [
        (om, LicenceAction::Submit, 21),
        (spo, LicenceAction::Approve, 20),
        (om, LicenceAction::Activate, 0),
    ] {
        let then = before(days_before);
        let v = then.manage().licences(om, mr_d).await?.versions[0].clone();
        then.manage()
            .act_on_licence(actor, mr_d, v.id, v.version, action, "")
            .await?;
    }
    app.monitoring()
        .fit_tag(
            om,
            mr_d,
            &TagForm {
                device: MR_D_DEVICE.into(),
                basis: "licence".into(),
                enforces: vec!["exclusion".into(), "curfew".into()],
                ..TagForm::default()
            },
        )
        .await?;
    Ok(())
}
