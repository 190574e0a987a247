use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use concord_app::{AppError, PersonRecord};
use concord_authz::{Permission, Relationship, Section};
use concord_domain::{LinkKind, PersonId};
use concord_ui::views::{
    AccessPanel, AccessRow, AddressRow, LinkedLine, MarkerRow, PersonPage, ShareLine, SummaryRow,
};

use crate::error::PageError;
use crate::format::{date, humanise, identity_bar, instant, marker_tag, opt_date, person_href};
use crate::forms::notice_text;
use crate::pages::{parse_id, render};
use crate::session::PageUser;
use crate::AppState;

fn row(key: &str, value: impl Into<String>) -> SummaryRow {
    SummaryRow {
        key: key.into(),
        value: value.into(),
        ..SummaryRow::default()
    }
}

/// Why the viewer sees the record, in words, strongest relationship first.
fn because(relationships: &[Relationship]) -> String {
    let mut ordered = relationships.to_vec();
    ordered.sort_by_key(|r| r.rank());
    let mut reasons: Vec<String> = ordered
        .iter()
        .map(|r| match r {
            Relationship::Allocated => "you are allocated to this person".to_string(),
            Relationship::Team => "your team manages this person".into(),
            Relationship::OwningAgency => {
                "you manage the agency that owns this record (oversight)".into()
            }
            Relationship::Registrar => {
                "you registered this person (this week, or no one is allocated yet)".into()
            }
            Relationship::PanelMember => {
                "you are invited to a MAPP meeting about this person".into()
            }
            Relationship::MappaCase => "the person is a MAPPA case you run".into(),
            Relationship::Referral(_) => "your agency has an open referral for this person".into(),
            Relationship::Share(_) => "the owning agency shared sections of it with you".into(),
            Relationship::BreakGlass => {
                "you opened it by break-glass (reviewed by information governance)".into()
            }
            Relationship::DuplicateReview => {
                "it may be a duplicate of another record, which you resolve".into()
            }
            Relationship::TransferProposed => {
                "a transfer of responsibility to your organisation awaits your decision".into()
            }
            Relationship::Premises => {
                "the person is booked into or staying at your approved premises".into()
            }
            Relationship::ApApplicant => {
                "the person's approved-premises application awaits your unit".into()
            }
        })
        .collect();
    reasons.dedup();
    reasons.join("; ")
}

fn access_panel(user: &PageUser, r: &PersonRecord) -> AccessPanel {
    let actor = &user.0.actor;
    let sees = |s: Section| r.sections.contains(s);
    let may_change = r.relationships.iter().any(|x| x.may_change());
    let owner = r.owned_by_viewer;
    let can_share = owner && may_change && actor.has(Permission::PersonShare);
    let base = person_href(r.id);
    AccessPanel {
        because: because(&r.relationships),
        withheld: Section::ALL
            .into_iter()
            .filter(|s| !sees(*s))
            .filter(|s| {
                !s.is_restricted() || actor.has(s.restricted_by().unwrap_or(Permission::PersonRead))
            })
            .map(|s| s.label().to_string())
            .collect(),
        break_glass: r
            .break_glass
            .iter()
            .map(|b| {
                format!(
                    "{} ({}) on {}: \u{201c}{}\u{201d} – {}",
                    b.staff,
                    b.agency,
                    instant(b.opened_at),
                    b.reason,
                    b.review.clone().unwrap_or_else(|| "awaiting review".into())
                )
            })
            .collect(),
        shares: r
            .shares
            .iter()
            .map(|sh| ShareLine {
                heading: format!(
                    "{} – {}",
                    sh.recipient,
                    if sh.live { "live" } else { "ended" }
                ),
                rows: vec![
                    row(
                        "Sections",
                        sh.sections
                            .iter()
                            .map(|s| s.label())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                    row("Purpose", sh.purpose.clone()),
                    row("Until", date(sh.expires_on)),
                    row(
                        "Shared by",
                        format!("{} on {}", sh.shared_by, instant(sh.shared_at)),
                    ),
                ]
                .into_iter()
                .chain(sh.revoked.clone().map(|t| row("Revoked", t)))
                .collect(),
                revoke_action: if can_share && sh.live {
                    format!("{base}/shares/{}/revoke", sh.id)
                } else {
                    String::new()
                },
            })
            .collect(),
        referrals: r
            .referrals
            .iter()
            .map(|f| {
                row(
                    &f.to_agency,
                    format!(
                        "{} – sees {} (since {}{})",
                        f.purpose,
                        f.sections
                            .iter()
                            .map(|s| s.label())
                            .collect::<Vec<_>>()
                            .join(", "),
                        date(f.opened_on),
                        f.closed_on
                            .map(|c| format!(", closed {}", date(c)))
                            .unwrap_or_default()
                    ),
                )
            })
            .collect(),
        can_share,
        can_add_note: !may_change
            && sees(Section::Chronology)
            && r.relationships
                .iter()
                .any(|x| matches!(x, Relationship::Referral(_))),
        recent_access: r
            .recent_access
            .iter()
            .map(|a| AccessRow {
                when: instant(a.at),
                who: format!("{}, {}", a.staff, a.agency),
                kind: humanise(&a.kind),
                reason: a.reason.clone(),
            })
            .collect(),
        show_identity: sees(Section::Identity),
        show_markers: sees(Section::Markers),
        show_addresses: sees(Section::Addresses),
        show_convictions: sees(Section::Convictions),
        show_management: sees(Section::Management),
        show_history: sees(Section::History),
    }
}

/// The record's links with other records of the same person.
fn linked_lines(user: &PageUser, r: &PersonRecord) -> Vec<LinkedLine> {
    let may_unlink = user.0.actor.has(Permission::PersonCombine);
    r.linked
        .iter()
        .map(|l| {
            let how = if l.kind == LinkKind::Automatic {
                "Linked automatically".to_string()
            } else {
                format!("Linked by {}", l.linked_by.clone().unwrap_or_default())
            };
            let mut detail = format!("{how} on {}: {}", instant(l.linked_at), l.reason);
            if let Some(at) = l.unlinked_at {
                detail.push_str(&format!(
                    ". Unlinked by {} on {}: {}",
                    l.unlinked_by.clone().unwrap_or_default(),
                    instant(at),
                    l.unlink_reason.clone().unwrap_or_default()
                ));
            }
            LinkedLine {
                href: person_href(l.person_id),
                heading: format!("Record held by {}", l.agency),
                detail,
                live: l.is_live(),
                unlink_action: if may_unlink && l.is_live() {
                    format!("{}/links/{}/unlink", person_href(r.id), l.link_id)
                } else {
                    String::new()
                },
            }
        })
        .collect()
}

fn record_page(user: &PageUser, r: PersonRecord, notice: &str) -> PersonPage {
    let base = person_href(r.id);
    let can_change = user.0.actor.has(Permission::PersonChange)
        && r.relationships.iter().any(|x| x.may_change());
    let access = access_panel(user, &r);
    let linked = linked_lines(user, &r);
    let mut markers: Vec<_> = r.active_markers().cloned().collect();
    markers.sort_by_key(|m| (!m.kind.is_safety_critical(), m.raised_on));
    PersonPage {
        shell: user.record_shell(&r.full_name(), &r.key_facts),
        identity: identity_bar(&r),
        notice: notice_text(notice).into(),
        can_change,
        details: vec![
            row("Name", r.full_name()),
            row(
                "Date of birth",
                format!("{} (age {})", date(r.date_of_birth), r.age),
            ),
            row("Gender", r.gender.label()),
            row("Owning agency", r.owning_agency.clone()),
            row("Last updated", instant(r.updated_at)),
        ],
        identifiers: r
            .identifiers
            .iter()
            .map(|i| {
                row(
                    i.kind.label(),
                    format!("{} (recorded by {})", i.value, i.agency),
                )
            })
            .collect(),
        aliases: r
            .aliases
            .iter()
            .map(|a| {
                row(
                    "Alias",
                    format!(
                        "{}{} (recorded by {})",
                        a.name,
                        a.date_of_birth
                            .map(|d| format!(", born {}", date(d)))
                            .unwrap_or_default(),
                        a.agency
                    ),
                )
            })
            .collect(),
        addresses: r
            .addresses
            .iter()
            .map(|a| AddressRow {
                lines: [
                    Some(a.line1.clone()),
                    a.line2.clone(),
                    Some(a.town.clone()),
                    a.postcode.clone(),
                ]
                .into_iter()
                .flatten()
                .collect(),
                kind: a.kind.label().into(),
                dates: match a.to_date {
                    Some(to) => format!("{} to {}", date(a.from_date), date(to)),
                    None => format!("Since {}", date(a.from_date)),
                },
                current: a.to_date.is_none(),
                agency: a.agency.clone(),
                change_href: if can_change {
                    format!("{base}/addresses/{}/edit", a.id)
                } else {
                    String::new()
                },
            })
            .collect(),
        markers: markers
            .iter()
            .map(|m| {
                let tag = marker_tag(m.kind);
                MarkerRow {
                    label: tag.label,
                    colour: tag.colour,
                    note: m.note.clone(),
                    raised: format!("{} on {}", m.agency, date(m.raised_on)),
                    remove_action: format!("{base}/markers/{}/remove", m.id),
                }
            })
            .collect(),
        offences: r
            .offences
            .iter()
            .map(|o| {
                (
                    format!("{} – {}", date(o.offence_date), o.description),
                    vec![
                        row(
                            "Home Office code",
                            format!("{} ({})", o.offence_code, o.category),
                        ),
                        row("Offence date", date(o.offence_date)),
                        row(
                            "Conviction date",
                            if o.conviction_date.is_some() {
                                opt_date(o.conviction_date)
                            } else {
                                "Not convicted".into()
                            },
                        ),
                        row(
                            "Disposal",
                            o.disposal
                                .map_or_else(|| "None recorded".into(), |d| d.label().to_string()),
                        ),
                        row("Recorded by", o.agency.clone()),
                    ],
                )
            })
            .collect(),
        sentences: r
            .sentences
            .iter()
            .map(|s| {
                let mut rows = vec![row("Start date", date(s.start_date))];
                if let Some(d) = &s.description {
                    rows.insert(0, row("Description", d.clone()));
                }
                if let Some(t) = s.term {
                    rows.push(row("Length as imposed", t.to_string()));
                }
                for (k, d) in [
                    ("Release date", s.release_date),
                    ("Licence end date", s.licence_end_date),
                    ("End date", s.end_date),
                ] {
                    if d.is_some() {
                        rows.push(row(k, opt_date(d)));
                    }
                }
                rows.push(row("Recorded by", s.agency.clone()));
                (
                    format!("{} from {}", s.kind.label(), date(s.start_date)),
                    rows,
                )
            })
            .collect(),
        allocations: r
            .allocations
            .iter()
            .filter(|a| a.to_date.is_none())
            .map(|a| {
                row(
                    &humanise(&a.role),
                    format!("{}, {} (since {})", a.staff, a.agency, date(a.from_date)),
                )
            })
            .collect(),
        base,
        linked,
        access,
    }
}

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let id = PersonId(parse_id(&id)?);
    let record = match state.app.people().view_person(&user.0.actor, id).await {
        Ok(r) => r,
        // No relationship, but the role may break glass: offer it (the refusal is
        // already in the audit chain).
        Err(AppError::Denied { conceal: false, .. })
            if user.0.actor.has(Permission::BreakGlass) =>
        {
            return crate::pages::sharing::break_glass::break_glass_offer(&user, id);
        }
        Err(e) => return Err(user.error(e)),
    };
    render(&record_page(
        &user,
        record,
        q.get("notice").map_or("", String::as_str),
    ))
}
