//! What people have judged about a person's MAPPA eligibility, read beside what Concord
//! computes: a correction of the notification period (convictions section) and Category
//! 3's two answers (management section). Each is read only under the section it
//! belongs to; a reader without it gets Concord's computation alone.

use concord_authz::{Capability, Section};
use concord_domain::PersonId;
use concord_mappa::Category3Answers;
use concord_store::Tx;

use super::notification::Correction;
use crate::{AppError, MappaCase};

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Judgements {
    pub correction: Option<Correction>,
    pub category_3: Option<Category3Answers>,
}

impl MappaCase<'_> {
    /// The latest correction and answers the reader's capability reaches.
    pub(crate) async fn judgements(
        &self,
        tx: &mut Tx,
        cap: &Capability,
        person: PersonId,
    ) -> Result<Judgements, AppError> {
        let correction = if cap.sections().contains(Section::Convictions) {
            concord_store::notification_corrections_of(tx, cap, person)
                .await?
                .into_iter()
                .next()
                .map(|c| Correction {
                    last_day: c.last_day,
                    reason: c.reason,
                    on: crate::london_date(c.recorded_at),
                })
        } else {
            None
        };
        let category_3 = if cap.sections().contains(Section::Management) {
            concord_store::category3_answers_of(tx, cap, person)
                .await?
                .into_iter()
                .next()
                .map(|a| Category3Answers {
                    capacity_for_serious_harm: a.capacity_for_serious_harm,
                    capacity_reason: a.capacity_reason,
                    needs_level_2_or_3: a.needs_level_2_or_3,
                    need_reason: a.need_reason,
                })
        } else {
            None
        };
        Ok(Judgements {
            correction,
            category_3,
        })
    }
}
