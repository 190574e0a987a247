//! One case with something in every part the API and the key pages show: a record with
//! every kind of entry, a drafted licence with an extra condition, a circular exclusion
//! zone and an address refused inside it, a signed risk review, a DASH checklist, a
//! MAPPA referral screened at Level 2 on a meeting's agenda, and a share with housing.

use std::collections::BTreeMap;

use concord_app::{
    AddressCheckForm, ConditionForm, DashForm, DateInput, LicenceForm, MappaReferralForm,
    MeetingForm, ScreeningForm, ShareInput, ZoneForm,
};
use concord_domain::{AgencyKind, PersonId};

use super::Redactor;
use crate::client::TestWeb;

pub struct Case {
    pub person: PersonId,
    pub review: concord_domain::AssessmentId,
    pub meeting: concord_domain::MeetingId,
    /// Names every id above, for the snapshots.
    pub redactor: Redactor,
}

pub fn daniel() -> serde_json::Value {
    serde_json::json!({
        "details": {"given_name": "Daniel", "middle_names": "James", "family_name": "Dawson", "date_of_birth": "1984-09-02", "gender": "male"},
        "identifiers": [{"kind": "pnc", "value": "2001/0123456F"}, {"kind": "crn", "value": "X123456"}],
        "aliases": [{"given_name": "Danny", "family_name": "Dawes", "date_of_birth": "1984-09-03"}],
        "addresses": [{"kind": "approved_premises", "line1": "1 Hostel Road", "town": "Chelmsford", "postcode": "CM1 1QH", "from_date": "2026-10-01"}],
        "offences": [
            {"offence_code": "03800", "description": "Theft from a shop", "offence_date": "2008-01-10", "conviction_date": "2008-03-01", "disposal": "community_order"},
            {"offence_code": "00800", "description": "Wounding with intent", "offence_date": "2025-05-01", "conviction_date": "2025-08-01", "disposal": "immediate_custody"}
        ],
        "sentences": [{"kind": "custody", "description": "2 years", "start_date": "2025-10-01", "release_date": "2026-10-01", "licence_end_date": "2027-10-01", "end_date": "2027-10-01"}],
        "markers": [{"kind": "weapons", "note": "Used a knife in the index offence"}],
        "events": [{"event_type": "home_visit", "occurred_on": "2026-10-05", "summary": "Approved premises induction: compliant"}]
    })
}

/// The staff beyond the three every test has, and the police agency two of them are in.
async fn staff(t: &TestWeb) {
    t.app
        .accounts()
        .add_agency("POL", "Essex Police", AgencyKind::Police, "Essex")
        .await
        .unwrap();
    for (username, name, agency, role) in [
        ("da.one", "Dana Hill", "POL", "domestic_abuse_officer"),
        ("mappa.one", "Janet Rowe", "PROB", "mappa_coordinator"),
        ("mappa.chair", "Charles Chair", "POL", "mappa_chair"),
        ("svc.bridge", "Bridge", "PROB", "risk_service"),
    ] {
        t.add_staff(username, name, agency, role).await;
    }
}

pub async fn case(t: &TestWeb) -> Case {
    let l = t.label();
    staff(t).await;
    let app = &t.app;
    let om = app.accounts().actor_for_username("om.one").await.unwrap();
    let person = t.person(daniel()).await;

    let licence = app
        .manage()
        .create_licence(
            &om,
            person,
            &LicenceForm {
                type_code: "AP".into(),
                release_date: "2026-10-01".into(),
                licence_end_date: "2027-10-01".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{l}: licence: {e}"));
    let condition = ConditionForm {
        code: "ADD-DISCLOSE-VEHICLES".into(),
        params: BTreeMap::new(),
    };
    app.manage()
        .add_licence_condition(&om, person, licence, 1, &condition)
        .await
        .unwrap_or_else(|e| panic!("{l}: condition: {e}"));
    let zone = app
        .manage()
        .add_zone(
            &om,
            person,
            &ZoneForm {
                kind: "exclusion".into(),
                name: "Victim's home".into(),
                description: "Within 1 km of Lady Lane".into(),
                circle_latitude: "51.742".into(),
                circle_longitude: "0.469".into(),
                circle_radius_metres: "1000".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{l}: zone: {e}"));
    let check = app
        .manage()
        .check_address(
            &om,
            person,
            &AddressCheckForm {
                purpose: "release".into(),
                address: "4 Baddow Road".into(),
                latitude: "51.745".into(),
                longitude: "0.469".into(),
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{l}: address check: {e}"));

    let review = app.assess().start_risk_review(&om, person).await.unwrap();
    crate::risk::complete(t, person, review).await;
    app.assess()
        .sign_risk_review(&om, person, review, 4)
        .await
        .unwrap_or_else(|e| panic!("{l}: sign: {e}"));

    let da = app.accounts().actor_for_username("da.one").await.unwrap();
    app.people()
        .allocate(&om, person, da.user_id, "Domestic abuse officer")
        .await
        .unwrap();
    let dash = app
        .assess()
        .record_dash(
            &da,
            person,
            &DashForm {
                version: "police".into(),
                victim: "Victim A, ref DA/26/0412".into(),
                answers: (1..=27)
                    .map(|n| (n, if n <= 14 { "yes" } else { "no" }.to_string()))
                    .collect(),
                ..Default::default()
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{l}: dash: {e}"));

    let referral = app
        .mappa()
        .refer_to_mappa(
            &om,
            person,
            &MappaReferralForm {
                category: "CATEGORY_2".into(),
                level_requested: "LEVEL_2".into(),
                reasons: "Wounding with intent; several agencies hold information.".into(),
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{l}: referral: {e}"));
    let coordinator = app
        .accounts()
        .actor_for_username("mappa.one")
        .await
        .unwrap();
    app.mappa()
        .screen_mappa_referral(
            &coordinator,
            person,
            referral,
            &ScreeningForm {
                level: "LEVEL_2".into(),
                rationale: "High RoSH to a known adult; meetings add value.".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{l}: screening: {e}"));
    let meeting = app
        .meetings()
        .schedule_mappa_meeting(
            &coordinator,
            &MeetingForm {
                town: "Chelmsford".into(),
                held_on: "2026-12-01".into(),
                starts_at: "10:00".into(),
                chair: "mappa.chair".into(),
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{l}: meeting: {e}"));
    app.meetings()
        .add_to_mappa_agenda(&coordinator, meeting, person)
        .await
        .unwrap_or_else(|e| panic!("{l}: agenda: {e}"));

    app.sharing()
        .share_sections(
            &om,
            person,
            &ShareInput {
                sections: vec!["markers".into(), "addresses".into()],
                recipient_kind: "agency".into(),
                recipient: "HOUS".into(),
                purpose: "Tenancy sign-up".into(),
                expires_on: DateInput::from_date(
                    chrono::NaiveDate::from_ymd_opt(2027, 1, 31).unwrap(),
                ),
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{l}: share: {e}"));

    let mut redactor = Redactor::default();
    for (id, name) in [
        (person.0, "person"),
        (licence.as_uuid(), "licence"),
        (zone.as_uuid(), "zone"),
        (check.as_uuid(), "check"),
        (review.as_uuid(), "review"),
        (dash.as_uuid(), "dash"),
        (referral.as_uuid(), "referral"),
        (meeting.as_uuid(), "meeting"),
    ] {
        redactor.name(id, name);
    }
    Case {
        person,
        review,
        meeting,
        redactor,
    }
}
