//! Needs screening: the officer records each criminogenic need (none, standard, severe),
//! starting from the latest signed risk review's OASys need sections, and Concord
//! suggests the contracted services in the person's town that meet the needs found and
//! will take the person, each with why.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{FieldError, PersonId, ScreeningId, ValidationErrors};
use concord_partners::{Need, NeedLevel};
use concord_store::audit::AuditKind;
use concord_store::ScreeningRow;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::directory::ContractView;
use crate::access::Note;
use crate::kernel::Work;
use crate::{AppError, Partners};

/// One need as screened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedRow {
    pub need: Need,
    pub level: NeedLevel,
    #[serde(default)]
    pub note: String,
    /// Where the level came from when it was not typed: "Severe in the risk review
    /// signed 3 May 2026".
    #[serde(default)]
    pub from_review: Option<String>,
}

/// A service Concord suggests, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuggestionView {
    pub contract: ContractView,
    pub needs: Vec<Need>,
    pub reasons: Vec<String>,
}

/// The screening as the form and the person's partner services tab show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScreeningView {
    /// Whose needs (filled by the screening form's use case; empty within other pages).
    pub person_name: String,
    pub needs: Vec<NeedRow>,
    pub minority_group: bool,
    /// When it was last saved (none: the form starts from the review, or blank).
    pub screened_on: Option<NaiveDate>,
    /// "the risk review signed 3 May 2026", when the levels came from one.
    pub prefilled_from: Option<String>,
    pub suggestions: Vec<SuggestionView>,
}

/// The screening form as posted: a level code per need code, notes, and whether the
/// person identifies as belonging to a minority group.
#[derive(Debug, Clone, Default)]
pub struct ScreeningInput {
    pub levels: BTreeMap<String, String>,
    pub notes: BTreeMap<String, String>,
    pub minority_group: bool,
}

impl Partners<'_> {
    /// The screening (saved, or pre-filled from the signed review) with suggestions.
    pub(super) async fn screening_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
    ) -> Result<(ScreeningView, SectionSet), AppError> {
        let cap = w
            .person(
                Action::Read,
                person,
                SectionSet::one(Section::Interventions),
            )
            .await?;
        let saved = concord_store::latest_screening(w.tx(), &cap, person).await?;
        let mut consulted = SectionSet::one(Section::Interventions);
        let (needs, minority_group, screened_on, prefilled_from) = match saved {
            Some(s) => {
                let rows: Vec<NeedRow> = serde_json::from_str(&s.needs)
                    .map_err(|e| AppError::Internal(format!("a stored needs screening: {e}")))?;
                (rows, s.minority_group, Some(s.screened_on), None)
            }
            None => {
                let signed = self.assess().signed_needs_in(w, person).await?;
                let mut rows: Vec<NeedRow> = Need::ALL
                    .iter()
                    .map(|n| NeedRow {
                        need: *n,
                        level: NeedLevel::None,
                        note: String::new(),
                        from_review: None,
                    })
                    .collect();
                let from = signed.as_ref().map(|s| match s.signed_on {
                    Some(d) => format!("the risk review signed {}", concord_domain::format_date(d)),
                    None => "the signed risk review".to_string(),
                });
                if let (Some(signed), Some(from)) = (&signed, &from) {
                    consulted.insert(Section::Risk);
                    for (code, severity) in &signed.needs {
                        let (Some(need), Some(level)) =
                            (Need::from_oasys(code), NeedLevel::from_oasys(severity))
                        else {
                            continue;
                        };
                        if let Some(row) = rows.iter_mut().find(|r| r.need == need) {
                            row.level = level;
                            row.from_review = Some(format!("{} in {from}", level.label()));
                        }
                    }
                }
                (rows, false, None, from)
            }
        };
        let found: Vec<(Need, bool)> = needs
            .iter()
            .filter(|r| r.level != NeedLevel::None)
            .map(|r| (r.need, r.level == NeedLevel::Severe))
            .collect();
        let mut suggestions = vec![];
        if !found.is_empty() {
            let facts = self.person_facts_in(w, person, minority_group).await?;
            consulted = consulted.union(super::person_facts::facts_sections());
            let contracts = self.directory_in(w).await?;
            let facts_list: Vec<_> = contracts.iter().map(ContractView::facts).collect();
            for s in concord_partners::suggest(&found, &facts, &facts_list, self.clock.today()) {
                if let Some(c) = contracts.get(s.contract) {
                    suggestions.push(SuggestionView {
                        contract: c.clone(),
                        needs: s.needs,
                        reasons: s.reasons,
                    });
                }
            }
        }
        Ok((
            ScreeningView {
                person_name: String::new(),
                needs,
                minority_group,
                screened_on,
                prefilled_from,
                suggestions,
            },
            consulted,
        ))
    }

    /// The screening form: the saved screening or the review's needs, with suggestions.
    pub async fn screening(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<ScreeningView, AppError> {
        self.run_page(actor, async |w| {
            self.case_team_only(w, person)?;
            let header = self.people().record_header_in(w, person).await?;
            let (mut view, consulted) = self.screening_in(w, person).await?;
            view.person_name = concord_domain::display_name(
                &header.given_name,
                header.middle_names.as_deref(),
                &header.family_name,
            );
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed the needs screening",
                Note::sections(consulted),
            );
            Ok(view)
        })
        .await
    }

    /// Save a screening of the person's needs.
    pub async fn screen_needs(
        &self,
        actor: &Actor,
        person: PersonId,
        input: &ScreeningInput,
    ) -> Result<ScreeningId, AppError> {
        let mut errors = ValidationErrors::new();
        let mut rows = vec![];
        for need in Need::ALL {
            let field = format!("level_{}", need.code());
            let given = input.levels.get(need.code()).map_or("", |s| s.trim());
            let Some(level) = NeedLevel::from_code(given) else {
                errors.push(FieldError::new(
                    &field,
                    "required",
                    format!(
                        "Choose the level of need for {}",
                        need.label().to_lowercase()
                    ),
                ));
                continue;
            };
            let note = input.notes.get(need.code()).map_or("", |s| s.trim());
            if note.chars().count() > 1000 {
                errors.push(FieldError::new(
                    format!("note_{}", need.code()),
                    "too_long",
                    "A note must be 1000 characters or fewer",
                ));
            }
            rows.push(NeedRow {
                need: *need,
                level,
                note: note.to_string(),
                from_review: None,
            });
        }
        for code in input.levels.keys() {
            if Need::from_code(code).is_none() {
                errors.push(FieldError::new(
                    "levels",
                    "unknown_need",
                    format!("`{code}` is not a need screening records"),
                ));
            }
        }
        self.run(actor, async |w| {
            self.case_team_only(w, person)?;
            let cap = w
                .person(
                    Action::Change,
                    person,
                    SectionSet::one(Section::Interventions),
                )
                .await?;
            if !errors.is_empty() {
                return Err(AppError::Validation(errors.clone()));
            }
            // Keep where the pre-filled levels came from when the officer left them.
            let review = self.assess().signed_needs_in(w, person).await?;
            if let Some(review) = &review {
                for row in &mut rows {
                    let signed = review.needs.iter().find_map(|(c, s)| {
                        (Need::from_oasys(c) == Some(row.need))
                            .then(|| NeedLevel::from_oasys(s))
                            .flatten()
                    });
                    if signed == Some(row.level) && row.level != NeedLevel::None {
                        row.from_review = Some(format!(
                            "{} in the risk review signed {}",
                            row.level.label(),
                            review
                                .signed_on
                                .map_or_else(String::new, concord_domain::format_date)
                        ));
                    }
                }
            }
            let id = ScreeningId::new();
            let me = w.actor().user_id;
            concord_store::insert_screening(
                w.tx(),
                &cap,
                &ScreeningRow {
                    id,
                    person_id: person,
                    needs: serde_json::to_string(&rows)
                        .map_err(|e| AppError::Internal(e.to_string()))?,
                    minority_group: input.minority_group,
                    assessment_id: review.as_ref().map(|r| r.review),
                    screened_on: self.clock.today(),
                    screened_by: me,
                    created_at: self.clock.now(),
                },
            )
            .await?;
            let found: Vec<&str> = rows
                .iter()
                .filter(|r| r.level != NeedLevel::None)
                .map(|r| r.need.code())
                .collect();
            w.audit(
                AuditKind::Collection,
                Action::Change,
                Some(person.0),
                "screened the person's needs",
                Note {
                    sections: Some(SectionSet::one(Section::Interventions)),
                    detail: Some(json!({"screening_id": id, "needs": found})),
                    ..Note::default()
                },
            );
            Ok(id)
        })
        .await
    }
}
