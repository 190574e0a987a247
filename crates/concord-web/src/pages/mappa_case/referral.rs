//! Referring a case to MAPPA (MAPPA A): the referral form's handler, a referral as the
//! MAPPA page shows it, and the referral's print view with the facts as they stood.

use axum::extract::{Path, State};
use axum::response::Response;
use concord_app::MappaReferralForm;
use concord_domain::{MappaReferralId, PersonId};
use concord_mappa::ReferralStatus;
use concord_ui::views::{MappaReferralBlock, MappaReferralPrintPage};

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::date;
use crate::forms::{text, Values};
use crate::pages::{parse_id, render};
use crate::session::PageUser;
use crate::AppState;

use super::{href, opt_date, submit};

pub(super) fn fact_rows(f: &concord_app::ReferralFacts) -> Vec<(String, String)> {
    let list = |items: &[String]| {
        if items.is_empty() {
            "None recorded".to_string()
        } else {
            items.join("\n")
        }
    };
    vec![
        ("Name".into(), f.name.clone()),
        ("Date of birth".into(), date(f.date_of_birth)),
        ("Gender".into(), f.gender.clone()),
        ("Aliases".into(), list(&f.aliases)),
        ("Identifiers".into(), list(&f.identifiers)),
        (
            "Current address".into(),
            f.current_address
                .clone()
                .unwrap_or_else(|| "None recorded".into()),
        ),
        ("Offences".into(), list(&f.offences)),
        ("Sentences".into(), list(&f.sentences)),
        ("Release date".into(), opt_date(f.release_on)),
        ("Licence ends".into(), opt_date(f.licence_ends_on)),
        ("Sentence ends".into(), opt_date(f.sentence_ends_on)),
        (
            "Risk of serious harm".into(),
            f.rosh
                .clone()
                .unwrap_or_else(|| "No signed RoSH review".into()),
        ),
        ("Warning markers".into(), list(&f.markers)),
        ("Licence conditions".into(), list(&f.licence_conditions)),
        (
            "Other agencies' entries (last 12 months)".into(),
            list(&f.other_agencies),
        ),
    ]
}

/// What of a referral the reader is not shown, in words.
fn withheld_text(withheld: &[String]) -> String {
    if withheld.is_empty() {
        "Nothing: this is the whole referral.".into()
    } else {
        format!(
            "{}: your access does not include these sections of the record.",
            withheld.join(", ")
        )
    }
}

pub(super) fn referral_block(
    person: PersonId,
    r: &concord_app::MappaReferralView,
) -> MappaReferralBlock {
    let mut rows = vec![
        (
            "Referred".to_string(),
            format!(
                "{} by {} ({})",
                date(r.referred_on),
                r.referred_by,
                r.referring_agency
            ),
        ),
        (
            "Timing".into(),
            if r.late {
                format!("{} — late", r.timing)
            } else {
                r.timing.clone()
            },
        ),
        ("Level requested".into(), r.level_requested.clone()),
        ("Reasons".into(), r.reasons.clone()),
        ("Not shown to you".into(), withheld_text(&r.withheld)),
        ("Status".into(), r.status.label().into()),
    ];
    if let (Some(by), Some(on)) = (&r.screened_by, r.screened_on) {
        rows.push((
            "Level decided".into(),
            format!(
                "{} by {} on {}",
                r.level_decided.clone().unwrap_or_default(),
                by,
                date(on)
            ),
        ));
        rows.push((
            "Rationale".into(),
            r.screening_rationale.clone().unwrap_or_default(),
        ));
    }
    MappaReferralBlock {
        heading: format!("Referral of {}", date(r.referred_on)),
        rows,
        late: r.late,
        awaiting: r.status == ReferralStatus::AwaitingScreening,
        print_href: format!("{}/referrals/{}/print", href(person), r.id),
        screen_action: format!("{}/referrals/{}/screen", href(person), r.id),
    }
}

/// A referral to MAPPA: the category, the level asked for and why.
pub struct ReferralPost {
    pub mappa_referral: MappaReferralForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for ReferralPost {
    fn from_values(values: &Values) -> Self {
        Self {
            mappa_referral: MappaReferralForm {
                category: text(values, "ref_category"),
                level_requested: text(values, "level_requested"),
                reasons: text(values, "reasons"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn refer(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<ReferralPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let actor = &user.0.actor;
    submit(
        &state,
        &user,
        person,
        form.entered,
        "referred",
        &[
            ("category", "ref_category"),
            ("identifiers", "ref_category"),
            ("offences", "ref_category"),
            ("sentences", "ref_category"),
            ("referral", "ref_category"),
        ],
        state
            .app
            .mappa()
            .refer_to_mappa(actor, person, &form.mappa_referral)
            .await,
    )
    .await
}

/// MAPPA A as it was sent, for printing: the facts as they stood that day.
pub async fn print_referral(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, referral)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let referral = parse_id(&referral)?;
    let c = state
        .app
        .mappa()
        .mappa_case(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let r = c
        .referrals
        .iter()
        .find(|r| r.id == MappaReferralId(referral))
        .ok_or_else(PageError::not_found)?;
    let category = c
        .current
        .as_ref()
        .or(c.past.first())
        .map(|m| m.category.clone())
        .unwrap_or_default();
    render(&MappaReferralPrintPage {
        shell: user.shell("MAPPA A referral", ""),
        back_href: href(person),
        title: format!("MAPPA A: referral of {}", r.facts.name),
        sections: vec![
            (
                "Referral".into(),
                vec![
                    ("Area".into(), c.area.clone()),
                    ("Category".into(), category),
                    ("Level requested".into(), r.level_requested.clone()),
                    (
                        "Referred".into(),
                        format!(
                            "{} by {} ({})",
                            date(r.referred_on),
                            r.referred_by,
                            r.referring_agency
                        ),
                    ),
                    (
                        "Timing".into(),
                        if r.late {
                            format!("{} — late referral", r.timing)
                        } else {
                            r.timing.clone()
                        },
                    ),
                ],
            ),
            (
                "Offender information, convictions and dates".into(),
                fact_rows(&r.facts),
            ),
            (
                "Relevant information and reason for referral".into(),
                vec![("Reasons".into(), r.reasons.clone())],
            ),
            (
                "Not shown to you".into(),
                vec![("Withheld".into(), withheld_text(&r.withheld))],
            ),
        ],
    })
}
