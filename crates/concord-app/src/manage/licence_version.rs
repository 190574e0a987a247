//! One version of a person's licence, for its print and its condition forms: the licence
//! and (for the forms) the zones a condition may name, read in one unit of work. A version
//! or condition that is not this person's is not found inside the unit, so nothing is
//! recorded as consulted for a page that was never shown.

use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::PersonId;
use concord_domain::{IdentifierKind, LicenceVersionId};
use uuid::Uuid;

use crate::{AppError, LicencesView, Manage, ZoneView};

/// A licence version to print, with what the printed licence must name besides: his case
/// reference number and his supervising officer (each only if the reader may see it).
#[derive(Debug, Clone)]
pub struct LicencePrint {
    pub licences: LicencesView,
    pub crn: Option<String>,
    /// "Sarah Whitfield, Probation Service – Essex".
    pub supervising_officer: Option<String>,
    /// The person's zones, as the reader may see them (a zone round a victim's home is
    /// withheld without the victim section), for the map printed with the licence.
    pub zones: Vec<crate::ZoneView>,
}

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
    ) -> Result<LicencePrint, AppError> {
        self.run_page(actor, async |w| {
            let licences = self.licences_in(w, person).await?;
            has_version(&licences, version, None)?;
            // The case reference and the officer are the identity and management sections:
            // read under their own decision, and left off for a reader without them.
            let readable = w.readable(person).await?;
            let wanted: Vec<Section> = [Section::Identity, Section::Management]
                .into_iter()
                .filter(|s| readable.contains(*s))
                .collect();
            let (mut crn, mut supervising_officer) = (None, None);
            if !wanted.is_empty() {
                let cap = w
                    .person(Action::Read, person, SectionSet::of(&wanted))
                    .await?;
                if cap.sections().contains(Section::Identity) {
                    crn = concord_store::identifiers(w.tx(), &cap, person)
                        .await?
                        .into_iter()
                        .find(|i| i.kind == IdentifierKind::Crn.code())
                        .map(|i| i.value);
                }
                if cap.sections().contains(Section::Management) {
                    let today = self.clock.today();
                    let om = concord_store::allocations(w.tx(), &cap, person)
                        .await?
                        .into_iter()
                        .filter(|a| {
                            a.role == "offender_manager"
                                && a.from_date <= today
                                && a.to_date.is_none_or(|end| end >= today)
                        })
                        .max_by_key(|a| a.from_date);
                    if let Some(a) = om {
                        let user = concord_store::user_by_id(w.tx(), a.user_id).await?;
                        let agency = concord_store::agency(w.tx(), a.agency_id).await?;
                        supervising_officer = user.map(|u| match agency {
                            Some(ag) => format!("{}, {}", u.display_name, ag.name),
                            None => u.display_name,
                        });
                    }
                }
            }
            let zones = self.zones_in(w, person).await?;
            Ok(LicencePrint {
                licences,
                crn,
                supervising_officer,
                zones,
            })
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

impl Manage<'_> {
    /// What the reporting instructions form needs: the licence, when `version` is one of
    /// the person's and may be changed (in progress, and by this reader); not found
    /// otherwise, decided inside the unit so that nothing is recorded as consulted for a
    /// form never shown.
    pub async fn appointment_page(
        &self,
        actor: &Actor,
        person: PersonId,
        version: LicenceVersionId,
    ) -> Result<LicencesView, AppError> {
        self.run_page(actor, async |w| {
            let licences = self.licences_in(w, person).await?;
            has_version(&licences, version, None)?;
            if !licences
                .versions
                .iter()
                .any(|v| v.id == version && v.editable)
            {
                return Err(AppError::NotFound);
            }
            Ok(licences)
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
