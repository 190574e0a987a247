//! Chronology events for synthetic people. A record is registered in one transaction by
//! the agency that owns it, so each agency records what it would: the police arrests,
//! intelligence and visits; probation supervision, referrals and assessments; the prison
//! reception, categorisation and key work. Summaries are pronoun-free so they read right
//! for anyone.

use chrono::NaiveDate;
use concord_domain::EventType;

use super::dates::{days_between, plus_days};
use super::offences::{OffenceKind, Pattern};
use super::places::Town;
use super::rng::Rng;
use super::synthetic::Owner;
use concord_app::{DateInput, EventInput};

pub(super) struct EventPlan<'a> {
    pub owner: Owner,
    pub town: &'a Town,
    pub pattern: Pattern,
    pub drug_user: bool,
    pub last_offence: Option<(NaiveDate, &'static OffenceKind)>,
    /// The last offence was dealt with by a caution rather than in court.
    pub cautioned: bool,
    /// Start of the current supervision or custody, if any.
    pub since: Option<NaiveDate>,
}

pub(super) fn events(rng: &mut Rng, plan: &EventPlan, today: NaiveDate) -> Vec<EventInput> {
    let mut out = vec![];
    let mut push = |event_type: EventType, on: NaiveDate, summary: String| {
        out.push(EventInput {
            event_type: event_type.code().into(),
            occurred_on: DateInput::from_date(on.min(today)),
            summary,
            section: String::new(),
            withheld_from_person: false,
        });
    };
    let recent = |rng: &mut Rng, from: Option<NaiveDate>| {
        let from = from
            .unwrap_or(plus_days(today, -730))
            .max(plus_days(today, -1460));
        plus_days(from, rng.range(0, days_between(from, today).max(0)))
    };
    match plan.owner {
        Owner::Police => {
            if let Some((on, kind)) = plan.last_offence {
                let outcome = if plan.cautioned {
                    "admitted the offence in interview and was cautioned"
                } else if kind.seriousness >= 3 {
                    rng.pick(&[
                        "charged and remanded in custody to court",
                        "charged and bailed to court",
                    ])
                } else {
                    rng.pick(&[
                        "charged and bailed to court",
                        "released under investigation, later charged",
                    ])
                };
                push(
                    EventType::Arrest,
                    on,
                    format!(
                        "Arrested on suspicion of {} and taken to {} police station; {outcome}.",
                        kind.label,
                        custody_suite(plan.town)
                    ),
                );
            }
            // Intelligence is about people who are active: rarely anyone long offence-free.
            let active = plan
                .last_offence
                .is_some_and(|(on, _)| on >= plus_days(today, -1095));
            if rng.chance(if active { 60 } else { 10 }) {
                let on = recent(rng, None);
                push(EventType::Intelligence, on, intelligence(rng, plan));
            }
            if matches!(
                plan.pattern,
                Pattern::Violent | Pattern::Domestic | Pattern::Sexual
            ) && rng.chance(50)
            {
                let on = recent(rng, None);
                push(EventType::HomeVisit, on, (*rng.pick(&["Public protection visit to the home address: lives alone; no concerns noted.", "Public protection visit: not at home; card left and visit rearranged.", "Public protection visit: address unchanged; new mobile number recorded."])).into());
            }
            if rng.chance(30) {
                let on = recent(rng, None);
                push(EventType::Note, on, format!("Stopped and searched in {} town centre under s.23 Misuse of Drugs Act; nothing found.", plan.town.name));
            }
        }
        Owner::Probation => {
            for _ in 0..rng.range(1, 2) {
                let on = recent(rng, plan.since);
                push(
                    EventType::Contact,
                    on,
                    format!(
                        "Supervision appointment at {} probation office: {}.",
                        plan.town.name,
                        topic(rng, plan)
                    ),
                );
            }
            if rng.chance(50) {
                let on = recent(rng, plan.since);
                push(EventType::HomeVisit, on, (*rng.pick(&["Home visit: address checked and suitable; living with a parent.", "Home visit: address suitable; lives alone in a one-bedroom flat.", "Home visit: not at home at the agreed time; contacted by phone the same day."])).into());
            }
            if rng.chance(60) {
                let on = recent(rng, plan.since);
                push(EventType::Referral, on, referral(rng, plan));
            }
            if rng.chance(60) {
                let on = recent(rng, plan.since);
                let rosh = rng.pick(&["low", "medium", "medium", "high"]);
                let reoffending = rng.pick(&["low", "medium", "high"]);
                push(EventType::Assessment, on, format!("OASys assessment completed: risk of serious harm {rosh} (known adult); likelihood of reoffending {reoffending}."));
            }
            if rng.chance(20) {
                let on = recent(rng, plan.since);
                push(EventType::Contact, on, "Failed to attend a supervision appointment without explanation; first warning letter issued.".into());
            }
        }
        Owner::Prison => {
            let since = plan.since.unwrap_or(plus_days(today, -90));
            let drugs = if plan.drug_user {
                "reports daily heroin use before custody; started on a methadone prescription"
            } else {
                "no drug or alcohol needs reported"
            };
            push(EventType::Assessment, since, format!("Reception screening at HMP Chelmsford: {drugs}; cell-sharing risk assessment standard."));
            if rng.chance(70) {
                let on = recent(rng, Some(since));
                push(
                    EventType::Note,
                    on,
                    (*rng.pick(&[
                        "Categorised as category C; awaiting transfer to a resettlement prison.",
                        "Recategorisation review: remains category B.",
                        "Enhanced status under the incentives scheme.",
                    ]))
                    .into(),
                );
            }
            if rng.chance(60) {
                let on = recent(rng, Some(since));
                push(EventType::Contact, on, "Key worker session: discussed release plans, accommodation and family contact.".into());
            }
            if rng.chance(50) {
                let on = recent(rng, Some(since));
                let to = if plan.drug_user {
                    "the prison drug recovery team"
                } else {
                    "education for basic skills in English and maths"
                };
                push(EventType::Referral, on, format!("Referred to {to}."));
            }
        }
    }
    out
}

fn custody_suite(town: &Town) -> &'static str {
    match town.slug {
        "colchester" | "braintree" => "Colchester",
        "southend" => "Southend",
        "basildon" => "Basildon",
        "harlow" => "Harlow",
        _ => "Chelmsford",
    }
}

fn intelligence(rng: &mut Rng, plan: &EventPlan) -> String {
    let town = plan.town.name;
    let text = match plan.pattern {
        Pattern::Acquisitive => format!("Intelligence: seen in residential streets of {town} late at night trying car door handles."),
        Pattern::Drugs => format!("Intelligence: believed to be running a drug line from a flat in {town}, using younger associates to deliver."),
        Pattern::Violent => format!("Intelligence: reported to carry a knife in {town} town centre at weekends."),
        Pattern::Domestic => "Intelligence: neighbours report shouting and crying at the address late at night; no complaint made.".to_string(),
        Pattern::Motoring => "Intelligence: seen driving a grey hatchback while disqualified.".to_string(),
        Pattern::Sexual => "Intelligence: believed to be using a social media account that has not been notified to police.".to_string(),
        Pattern::General => format!("Intelligence: associating with known shoplifters in {town} high street."),
    };
    let grade = rng.pick(&["B2", "C3", "B3"]);
    format!("{text} (Graded {grade}.)")
}

fn topic(rng: &mut Rng, plan: &EventPlan) -> &'static str {
    let topics: &[&str] = match plan.pattern {
        Pattern::Acquisitive | Pattern::Drugs => &[
            "discussed drug use and the testing results",
            "discussed debts and budgeting",
            "worked on consequential thinking",
        ],
        Pattern::Domestic => &[
            "discussed the current relationship and the disclosure expected",
            "Building Better Relationships session reviewed",
            "discussed alcohol use and triggers for anger",
        ],
        Pattern::Violent => &[
            "worked on managing anger in conflict",
            "discussed alcohol use at weekends",
            "reviewed the curfew",
        ],
        Pattern::Sexual => &[
            "reviewed compliance with the sexual harm prevention order",
            "discussed new relationships and the duty to disclose them",
        ],
        Pattern::Motoring | Pattern::General => &[
            "discussed employment and training",
            "reviewed progress on unpaid work",
            "discussed accommodation",
        ],
    };
    rng.pick::<&str>(topics)
}

fn referral(rng: &mut Rng, plan: &EventPlan) -> String {
    let to = if plan.drug_user {
        "Referred to Open Road for a drug and alcohol assessment."
    } else {
        rng.pick(&[
            "Referred to the Jobcentre Plus work coach for help finding work.",
            "Referred to the council housing options team: at risk of losing the tenancy.",
            "Referred to the mentoring scheme for practical support.",
            "Referred for finance and debt advice.",
        ])
    };
    to.to_string()
}
