//! DASH checklists: the form (police or SafeLives version), and the completed checklist
//! with its level, the MARAC decision and the answers the reader may see.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{
    answer_code, question_field, version_code, version_from_code, AppError, DashForm, DashView,
};
use concord_domain::PersonId;
use concord_risk::dash::{DashAnswer, DashRiskLevel, DashVersion};
use concord_ui::views::{DashPage, FormField, FormPage};
use concord_ui::{FormErrors, SelectOption};
use std::collections::HashMap;

use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::{date, instant, opt_date, person_href};
use crate::forms::{form_errors, text, v, Values};
use crate::pages::assess::date_text;
use crate::pages::render_form;
use crate::pages::{parse_id, render};
use crate::session::PageUser;
use crate::AppState;

pub fn dash_href(person: PersonId) -> String {
    format!("{}/dash", person_href(person))
}

/// The links that start a checklist, one per version.
pub fn start_links(person: PersonId) -> Vec<(String, String)> {
    [DashVersion::Police, DashVersion::SafeLives]
        .into_iter()
        .map(|ver| {
            (
                format!("{}/new?version={}", dash_href(person), version_code(ver)),
                format!("Complete the {}", ver.label()),
            )
        })
        .collect()
}

const ANSWERS: [(DashAnswer, &str); 3] = [
    (DashAnswer::Yes, "Yes"),
    (DashAnswer::No, "No"),
    (DashAnswer::DontKnow, "Don't know"),
];

fn answer_label(a: Option<DashAnswer>) -> &'static str {
    a.and_then(|a| ANSWERS.iter().find(|(x, _)| *x == a).map(|(_, l)| *l))
        .unwrap_or("Not answered")
}

fn fields(version: DashVersion, values: &Values) -> Vec<FormField> {
    let mut fields =
        vec![
            FormField::text("victim", "Who the checklist is about", v(values, "victim")).hint(
                "The victim's name or your reference. Kept in the restricted victim section.",
            ),
        ];
    for q in version.questions() {
        let name = question_field(q.id);
        let chosen = v(values, &name);
        let number = version.number_of(q).unwrap_or(q.id);
        let mut field = FormField::radios(
            &name,
            &format!("{number}. {}", q.text),
            ANSWERS
                .iter()
                .map(|(a, label)| {
                    SelectOption::new(answer_code(*a), *label, answer_code(*a) == chosen)
                })
                .collect(),
        );
        if q.about_victim {
            field = field
                .hint("About the victim: the answer is kept in the restricted victim section.");
        }
        fields.push(field);
    }
    let pj = v(values, "professional_judgement");
    fields.push(
        FormField::select(
            "professional_judgement",
            "Professional judgement",
            std::iter::once(SelectOption::new(
                "",
                "Go by the count of \"yes\" answers",
                pj.is_empty(),
            ))
            .chain(DashRiskLevel::ALL.iter().map(|l| {
                let code = l.label().to_lowercase();
                let selected = code == pj;
                SelectOption::new(code, l.label(), selected)
            }))
            .collect(),
        )
        .hint("Your judgement may raise the level the answers give, never lower it."),
    );
    fields.push(
        FormField::textarea("concerns", "Your concerns", v(values, "concerns")).hint(
            "Say why your judgement raises the level, or why the case should go to MARAC although fewer than 14 answers are \"yes\". Concerns written here meet the MARAC professional judgement criterion. Describe the abuser's behaviour; the victim's details belong in the answers above.",
        ),
    );
    fields.push(
        FormField::textarea("incidents", "Domestic abuse incidents known to any agency", v(values, "incidents"))
            .hint("One date per line, e.g. 14/3/2026: not only police call-outs. Three or more in 12 months meet the potential escalation criterion."),
    );
    fields.push(
        FormField::date(
            "last_marac_referral",
            "Date of the last MARAC referral of this case",
            v(values, "last_marac_referral-day"),
            v(values, "last_marac_referral-month"),
            v(values, "last_marac_referral-year"),
        )
        .hint("Leave blank if the case has never been referred. A further incident within 12 months of it is a repeat referral."),
    );
    fields
}

fn form_page(
    user: &PageUser,
    person: PersonId,
    version: DashVersion,
    values: &Values,
    errors: FormErrors,
) -> Result<Response, PageError> {
    render_form(FormPage {
        shell: user.shell("DASH risk identification checklist", ""),
        caption: String::new(),
        heading: format!("DASH risk identification checklist: {}", version.label()),
        intro: vec![
            "Ask every question. Each \"yes\" counts one: 1–9 is standard risk, 10–13 medium, 14 or more high.".into(),
            "Completing the checklist records it as signed by you. If the MARAC referral criteria are met, a task to refer the case is set.".into(),
        ],
        action: dash_href(person),
        fields: fields(version, values),
        hidden: vec![("version".into(), version_code(version).into())],
        submit_label: "Complete the checklist".into(),
        cancel_href: format!("{}/risk", person_href(person)),
        errors,
        possible_matches: vec![],
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let version = q
        .get("version")
        .and_then(|c| version_from_code(c))
        .ok_or_else(|| {
            PageError::bad_request("Choose the police or the SafeLives version of the checklist.")
        })?;
    // Opening the form reads nothing of the record: decide it as completing it will be
    // (the risk and victim sections), so no one fills in a checklist that is refused.
    state
        .app
        .people()
        .open_form(
            &user.0.actor,
            person,
            concord_authz::Action::Create,
            concord_authz::SectionSet::of(&[
                concord_authz::Section::Risk,
                concord_authz::Section::Victim,
            ]),
        )
        .await
        .map_err(|e| user.error(e))?;
    form_page(&user, person, version, &Values::new(), FormErrors::new())
}

/// The DASH checklist: its answers are one per question of its version, read by
/// name.
pub struct DashPost {
    pub version: String,
    pub victim: String,
    pub professional_judgement: String,
    pub concerns: String,
    pub incidents: String,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for DashPost {
    fn from_values(values: &Values) -> Self {
        Self {
            version: text(values, "version"),
            victim: text(values, "victim"),
            professional_judgement: text(values, "professional_judgement"),
            concerns: text(values, "concerns"),
            incidents: text(values, "incidents"),
            entered: values.clone(),
        }
    }
}

pub async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form: posted }: CheckedForm<DashPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let version = version_from_code(posted.version.as_str()).ok_or_else(|| {
        PageError::bad_request("The form is missing its version: reload the page and try again.")
    })?;
    let form = DashForm {
        version: posted.version.clone(),
        victim: posted.victim.clone(),
        answers: version
            .questions()
            .map(|q| (q.id, v(&posted.entered, &question_field(q.id)).to_string()))
            .collect(),
        professional_judgement: posted.professional_judgement.clone(),
        concerns: posted.concerns.clone(),
        incidents: posted.incidents.clone(),
        last_marac_referral: date_text(&posted.entered, "last_marac_referral"),
    };
    match state
        .app
        .assess()
        .record_dash(&user.0.actor, person, &form)
        .await
    {
        Ok(dash) => Ok(
            Redirect::to(&format!("{}/{dash}?notice=completed", dash_href(person))).into_response(),
        ),
        Err(AppError::Validation(errors)) => form_page(
            &user,
            person,
            version,
            &posted.entered,
            form_errors(&errors, &["last_marac_referral"], &[]),
        ),
        Err(e) => Err(user.error(e)),
    }
}

fn page(user: &PageUser, d: &DashView, notice: &str) -> DashPage {
    DashPage {
        shell: user.shell("DASH risk identification checklist", ""),
        person_name: d.person_name.clone(),
        back_href: format!("{}/risk", person_href(d.person_id)),
        notice: notice.into(),
        version: d.version.label().into(),
        completed: format!(
            "Completed by {} on {}.",
            d.completed_by,
            instant(d.completed_at)
        ),
        victim: d.victim.clone().unwrap_or_default(),
        victim_restricted: d.victim_restricted,
        yes_count: d.score.yes_count,
        suggested_level: d.score.suggested_level.label().to_lowercase(),
        level: d.score.level.label().into(),
        level_definition: d.score.level.definition().into(),
        raised: d.score.raised_by_professional_judgement,
        concerns: d.concerns.clone(),
        refer: d.marac.refer,
        criteria: d
            .marac
            .criteria
            .iter()
            .map(|c| c.label().to_string())
            .collect(),
        incidents: if d.incidents.is_empty() {
            "None listed".into()
        } else {
            d.incidents
                .iter()
                .map(|i| date(*i))
                .collect::<Vec<_>>()
                .join(", ")
        },
        last_marac_referral: if d.last_marac_referral.is_some() {
            opt_date(d.last_marac_referral)
        } else {
            "Never referred".into()
        },
        questions: d
            .questions
            .iter()
            .map(|q| {
                let answer = if q.about_victim && d.victim_restricted {
                    "Restricted"
                } else {
                    answer_label(q.answer)
                };
                (q.number, q.text.clone(), answer.to_string(), q.about_victim)
            })
            .collect(),
    }
}

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, dash)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let dash = parse_id(&dash)?;
    let d = state
        .app
        .assess()
        .dash_checklist(&user.0.actor, person, dash)
        .await
        .map_err(|e| user.error(e))?;
    let notice = match q.get("notice").map(String::as_str) {
        Some("completed") => "Checklist completed.",
        _ => "",
    };
    render(&page(&user, &d, notice))
}
