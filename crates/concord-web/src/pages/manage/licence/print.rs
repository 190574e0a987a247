//! The print view of one licence version, kept apart from the licence page because it
//! shows only what the licence itself says: no actions, no timeline, no who-did-what.

use axum::extract::{Path, State};
use axum::response::Response;
use concord_domain::PersonId;
use concord_licence::{ConditionKind, LicenceStatus};
use concord_ui::views::LicencePrintPage;

use super::{facts, licence_href, status_label};
use crate::error::PageError;
use crate::format::date;
use crate::pages::{parse_id, render};
use crate::session::PageUser;
use crate::AppState;

/// The licence in the standard layout for printing or saving as PDF: numbered
/// conditions, the marking on every page, and nothing about victims beyond the wording.
pub async fn print(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, version)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let version = parse_id(&version)?;
    let printed = state
        .app
        .manage()
        .licence_to_print(&user.0.actor, person, version)
        .await
        .map_err(|e| user.error(e))?;
    let concord_app::LicencePrint {
        licences: l,
        crn,
        supervising_officer,
        zones,
    } = printed;
    // The map the zone conditions refer to: the current zones, drawn over the offline base
    // layer. A zone round a victim's home is never drawn here, even for a reader who may
    // see it: the print is what is handed to him, and a circle drawn round her home shows
    // its centre. It is named, and its map is the victim liaison officer's to prepare for
    // disclosure.
    let current: Vec<&concord_app::ZoneView> = zones.iter().filter(|z| !z.retired).collect();
    let drawn: Vec<concord_ui::SketchZone<'_>> = current
        .iter()
        .filter(|z| !z.round_victim && !z.withheld)
        .filter_map(|z| {
            z.geometry.as_ref().map(|g| concord_ui::SketchZone {
                name: &z.name,
                exclusion: z.kind == concord_domain::ZoneKind::Exclusion,
                geometry: g,
            })
        })
        .collect();
    let map = concord_ui::sketch(&drawn, "Map of the zones named in the conditions; each zone is described in words in the conditions").unwrap_or_default();
    let unmapped: Vec<String> = current
        .iter()
        .filter(|z| z.geometry.is_none() || z.round_victim || z.withheld)
        .map(|z| {
            if z.withheld || z.round_victim {
                format!(
                    "{}: its map is held by the victim liaison officer and is not shown here",
                    z.name
                )
            } else {
                format!(
                    "{}: no map was drawn; the condition's description applies",
                    z.name
                )
            }
        })
        .collect();
    let v = l
        .versions
        .iter()
        .find(|v| v.id == version)
        .ok_or_else(PageError::not_found)?;
    let (status, _) = status_label(v.status);
    let numbered = |standard: bool| -> Vec<(usize, String)> {
        v.conditions
            .iter()
            .filter(|c| (c.kind == ConditionKind::Standard) == standard)
            .map(|c| (c.number, c.text.clone()))
            .collect()
    };
    // Anything not approved is a draft: printed, it must say so on its face, so a draft
    // is never handed over as the licence.
    let draft = !matches!(
        v.status,
        LicenceStatus::Approved
            | LicenceStatus::Active
            | LicenceStatus::Inactive
            | LicenceStatus::Recalled
            | LicenceStatus::VariationApproved
    );
    render(&LicencePrintPage {
        shell: user.shell(&format!("{} – print", v.type_code.label()), ""),
        person_name: l.person_name.clone(),
        date_of_birth: date(l.date_of_birth),
        title: v.type_code.label().into(),
        draft,
        crn: crn.unwrap_or_default(),
        supervising_officer: supervising_officer.unwrap_or_default(),
        status,
        facts: facts(v)
            .into_iter()
            .filter(|(k, _)| !k.ends_with(" by"))
            .collect(),
        standard: numbered(true),
        additional: numbered(false),
        reporting: v
            .appointment
            .as_ref()
            .map(super::reporting_text)
            .unwrap_or_default(),
        map,
        unmapped,
        back_href: licence_href(person),
    })
}
