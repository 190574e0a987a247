//! One version of a person's licence, for its print and its condition forms: the licence
//! and (for the forms) the zones a condition may name, read in one unit of work. A version
//! or condition that is not this person's is not found inside the unit, so nothing is
//! recorded as consulted for a page that was never shown.

use concord_authz::Actor;
use concord_domain::LicenceVersionId;
use concord_domain::PersonId;
use uuid::Uuid;

use crate::{AppError, LicencesView, Manage, ZoneView};

/// What a condition form (new or changed) needs.
#[derive(Debug, Clone)]
pub struct ConditionPage {
    pub licences: LicencesView,
    /// The zones, retired ones included (the form offers the live ones).
    pub zones: Vec<ZoneView>,
}

impl Manage<'_> {
    /// The person's licences, for the page of `version`: not found unless it is one of
    /// theirs.
    pub async fn licence_to_print(
        &self,
        actor: &Actor,
        person: PersonId,
        version: LicenceVersionId,
    ) -> Result<LicencesView, AppError> {
        self.run(actor, async |w| {
            let licences = self.licences_in(w, person).await?;
            has_version(&licences, version, None)?;
            Ok(licences)
        })
        .await
    }

    /// What a condition form on `version` needs: the licence and the zones. With
    /// `condition`, the form changes that condition, which must be on the version.
    pub async fn condition_page(
        &self,
        actor: &Actor,
        person: PersonId,
        version: LicenceVersionId,
        condition: Option<Uuid>,
    ) -> Result<ConditionPage, AppError> {
        self.run_page(actor, async |w| {
            let licences = self.licences_in(w, person).await?;
            has_version(&licences, version, condition)?;
            Ok(ConditionPage {
                licences,
                zones: self.zones_in(w, person).await?,
            })
        })
        .await
    }
}

fn has_version(
    licences: &LicencesView,
    version: LicenceVersionId,
    condition: Option<Uuid>,
) -> Result<(), AppError> {
    let v = licences
        .versions
        .iter()
        .find(|v| v.id == version)
        .ok_or(AppError::NotFound)?;
    match condition {
        Some(c) if !v.conditions.iter().any(|x| x.id == c) => Err(AppError::NotFound),
        _ => Ok(()),
    }
}
