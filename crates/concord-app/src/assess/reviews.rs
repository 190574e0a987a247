//! Every review of a person at once (the API's list of risk assessments): one unit of
//! work and one consultation in the audit chain, however many reviews there are — a
//! reader consulted the person's risk once, and the trail should say so once.

use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{AssessmentKind, PersonId};
use concord_store::audit::AuditKind;
use serde_json::json;

use super::review::RiskReview;
use crate::access::Note;
use crate::{AppError, Assess};

impl Assess<'_> {
    /// Every risk of serious harm review of `person`, oldest first, each with everything
    /// its page shows.
    pub async fn risk_reviews(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<Vec<RiskReview>, AppError> {
        self.run(actor, async |w| {
            let cap = super::history::risk_reader(w, person).await?;
            let rows =
                concord_store::assessments(w.tx(), &cap, person, AssessmentKind::Rosh).await?;
            let mut reviews = Vec::with_capacity(rows.len());
            for row in &rows {
                reviews.push(self.load_review(w, person, row.id).await?);
            }
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed the risk assessments",
                Note {
                    sections: Some(SectionSet::of(&[Section::Risk, Section::Chronology])),
                    detail: Some(json!({
                        "assessments": rows.iter().map(|r| r.id).collect::<Vec<_>>()
                    })),
                    ..Note::default()
                },
            );
            Ok(reviews)
        })
        .await
    }
}
