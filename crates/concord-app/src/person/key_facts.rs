//! The key facts above every tab of a record (issue 24 item 4): the risk of serious harm
//! from the latest signed review, the tier it set, and the MAPPA category and level in
//! force. A practitioner on the Licence or Compliance tab should not have to open Risk to
//! learn that the man is high risk and a Level 2 MAPPA case — serious case reviews find
//! exactly that kind of fact on file and unused.
//!
//! Each fact is read only under its own section (RoSH and tier under risk, MAPPA under
//! case management) and the reading is a consultation of those sections, recorded in the
//! page's unit of work: a page (`run_page`) writes it as part of its one consultation.

use chrono::NaiveDate;
use concord_authz::{Action, Section, SectionSet};
use concord_domain::{AssessmentKind, AssessmentStatus, PersonId};
use concord_mappa::{Category, Level};
use concord_risk::RoshLevel;
use concord_store::audit::AuditKind;
use serde::Serialize;

use crate::access::Note;
use crate::kernel::Work;
use crate::AppError;

/// The audit reason of reading the key facts. In a page's consultation they add their
/// sections, not this reason (see the kernel's `one_consultation`).
pub(crate) const KEY_FACTS_REASON: &str = "viewed the record's key facts";

/// What the reader may know of the person's risk and MAPPA status; each part `None` when
/// there is none or its section is not the reader's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct KeyFacts {
    pub rosh: Option<RoshLevel>,
    /// When the review that set it was signed.
    pub rosh_signed_on: Option<NaiveDate>,
    /// The tier code (A3, B1, …) as signed.
    pub tier: Option<String>,
    pub mappa: Option<(Category, Level)>,
    /// Whether the reader reaches the risk section (else RoSH and tier are not theirs
    /// to know, and a page leaves them out rather than saying "none").
    pub risk_read: bool,
    /// Whether the reader reaches case management (MAPPA).
    pub mappa_read: bool,
}

impl KeyFacts {
    /// Read the key facts of `person` in `w`, recording the consultation of the sections
    /// read. Nothing readable: empty, and nothing recorded.
    pub(crate) async fn read(w: &mut Work<'_>, person: PersonId) -> Result<Self, AppError> {
        let asked = SectionSet::of(&[Section::Identity, Section::Risk, Section::Management]);
        let cap = w.person(Action::Read, person, asked).await?;
        let mut facts = KeyFacts::default();
        let mut read = SectionSet::EMPTY;
        if cap.sections().contains(Section::Risk) {
            let reviews =
                concord_store::assessments(w.tx(), &cap, person, AssessmentKind::Rosh).await?;
            if let Some(latest) = reviews
                .iter()
                .filter(|r| r.status == AssessmentStatus::Signed)
                .max_by_key(|r| r.signed_at)
            {
                facts.rosh = latest
                    .overall_level
                    .as_deref()
                    .and_then(crate::level_from_code);
                facts.rosh_signed_on = latest.signed_at.map(crate::london_date);
                facts.tier = latest.tier.clone();
            }
            read.insert(Section::Risk);
            facts.risk_read = true;
        }
        if cap.sections().contains(Section::Management) {
            facts.mappa = crate::mappa::active_mappa_record(w.tx(), &cap, person)
                .await?
                .map(|r| (r.category, r.level));
            read.insert(Section::Management);
            facts.mappa_read = true;
        }
        if !read.is_empty() {
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                KEY_FACTS_REASON,
                Note::sections(read),
            );
        }
        Ok(facts)
    }
}
