//! Reading a person's record: every part, named agencies, who else has looked. Each view
//! is a "consultation" in the audit chain.

use chrono::{DateTime, NaiveDate, Utc};
use concord_authz::{Action, Actor, Relationship, Section, SectionSet};
use concord_domain::{
    age_on, AddressKind, Disposal, Gender, IdentifierKind, MarkerKind, PersonId, SentenceKind,
};
use concord_domain::{RecordId, ShareId, UserId};
use concord_store::audit::AuditKind;
use concord_store::{changes, Tx};
use serde::Serialize;

use super::names::Names;
use crate::access::Note;
use crate::{AppError, People};

#[derive(Debug, Clone, Serialize)]
pub struct PersonRecord {
    pub id: PersonId,
    /// RoSH, tier and MAPPA for the band above the tabs (filled by the pages that show it).
    #[serde(skip)]
    pub key_facts: super::KeyFacts,
    pub version: i64,
    pub given_name: String,
    pub middle_names: Option<String>,
    pub family_name: String,
    pub date_of_birth: NaiveDate,
    pub age: u32,
    pub gender: Gender,
    pub owning_agency: String,
    /// The viewer works for the owning agency (who may share and export it, with a
    /// relationship that lets them change it).
    pub owned_by_viewer: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub aliases: Vec<AliasView>,
    pub identifiers: Vec<IdentifierView>,
    pub addresses: Vec<AddressView>,
    pub offences: Vec<OffenceView>,
    pub sentences: Vec<SentenceView>,
    pub markers: Vec<MarkerView>,
    pub allocations: Vec<AllocationView>,
    /// The sections the viewer may see: a section not in it is withheld, not empty.
    pub sections: SectionSet,
    /// The actor's relationships with the person, as the policy saw them.
    pub relationships: Vec<Relationship>,
    pub shares: Vec<ShareView>,
    pub referrals: Vec<ReferralView>,
    /// Break-glass openings of this record: flagged on the record for everyone who sees it.
    pub break_glass: Vec<BreakGlassView>,
    /// The latest views and changes, for the owning agency only (empty for others).
    pub recent_access: Vec<AccessView>,
    /// Other records linked with this one as the same person (live and ended), for the
    /// responsible authority: a partner is not told which other agencies hold records.
    pub linked: Vec<crate::LinkedRecord>,
    /// The record has links (live or ended), so `linked` is worth reading.
    #[serde(skip)]
    pub(crate) has_links: bool,
}

/// A record's history page: its changes the viewer may read, whether others were left
/// out, and who has looked at it.
#[derive(Debug, Clone)]
pub struct RecordHistory {
    pub record: PersonRecord,
    pub changes: Vec<ChangeView>,
    /// Some changes were to entries the viewer may not read (not how many, nor when).
    pub changes_withheld: bool,
    pub access: Vec<AccessView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShareView {
    pub id: ShareId,
    pub sections: Vec<Section>,
    pub recipient: String,
    pub purpose: String,
    pub expires_on: NaiveDate,
    pub shared_by: String,
    pub shared_at: DateTime<Utc>,
    pub live: bool,
    pub revoked: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReferralView {
    pub to_agency: String,
    pub purpose: String,
    pub sections: Vec<Section>,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BreakGlassView {
    pub staff: String,
    pub agency: String,
    pub reason: String,
    pub opened_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub review: Option<String>,
}

impl PersonRecord {
    pub fn full_name(&self) -> String {
        concord_domain::display_name(
            &self.given_name,
            self.middle_names.as_deref(),
            &self.family_name,
        )
    }

    pub fn active_markers(&self) -> impl Iterator<Item = &MarkerView> {
        self.markers.iter().filter(|m| m.removed_on.is_none())
    }

    pub fn current_address(&self) -> Option<&AddressView> {
        self.addresses.iter().find(|a| a.to_date.is_none())
    }

    pub fn identifier(&self, kind: IdentifierKind) -> Option<&str> {
        self.identifiers
            .iter()
            .find(|i| i.kind == kind)
            .map(|i| i.value.as_str())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AliasView {
    pub id: RecordId,
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub agency: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IdentifierView {
    pub kind: IdentifierKind,
    pub value: String,
    pub agency: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AddressView {
    pub id: RecordId,
    pub version: i64,
    pub kind: AddressKind,
    pub line1: String,
    pub line2: Option<String>,
    pub town: String,
    pub postcode: Option<String>,
    pub from_date: NaiveDate,
    pub to_date: Option<NaiveDate>,
    pub agency: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OffenceView {
    pub id: RecordId,
    pub offence_code: String,
    pub category: String,
    pub description: String,
    pub offence_date: NaiveDate,
    pub conviction_date: Option<NaiveDate>,
    pub disposal: Option<Disposal>,
    pub agency: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SentenceView {
    pub id: RecordId,
    pub kind: SentenceKind,
    pub description: Option<String>,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub release_date: Option<NaiveDate>,
    pub licence_end_date: Option<NaiveDate>,
    pub agency: String,
    /// The length as the court imposed it, when recorded.
    pub term: Option<concord_domain::Term>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MarkerView {
    pub id: RecordId,
    pub kind: MarkerKind,
    pub note: String,
    pub agency: String,
    pub raised_on: NaiveDate,
    pub removed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AllocationView {
    pub staff: String,
    pub agency: String,
    pub role: String,
    pub from_date: NaiveDate,
    pub to_date: Option<NaiveDate>,
}

/// One line of "who has looked at or changed this record".
#[derive(Debug, Clone, Serialize)]
pub struct AccessView {
    pub at: DateTime<Utc>,
    pub staff: String,
    pub agency: String,
    pub kind: String,
    pub reason: String,
}

/// One entry of the field-level change history.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub at: DateTime<Utc>,
    pub staff: String,
    pub agency: String,
    pub entity: String,
    pub operation: String,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub from: String,
    pub to: String,
}

fn corrupt(what: &str, value: &str) -> AppError {
    AppError::Internal(format!("stored {what} `{value}` is not a known code"))
}

fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl People<'_> {
    /// The whole record of one person, audited as a consultation.
    pub async fn view_person(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<PersonRecord, AppError> {
        self.run_read(actor, async |w| {
            let resource = w.resource(person).await?;
            let cap = w.decide(Action::Read, &resource)?;
            let mut record = self.load_record(w.tx(), &cap, person, 10).await?;
            record.key_facts = super::KeyFacts::read(w, person).await?;
            record.relationships = resource.relationships;
            if actor.agency_kind.is_responsible_authority()
                && cap.sections().contains(Section::Identity)
                && record.has_links
            {
                record.linked = self.identify().links_in(w.tx(), &cap, person).await?;
            }
            // Break-glass flags name the officer and their reason: for those who work the
            // case (and the opener), not for a partner reached by a referral or share.
            if record.relationships.iter().all(|r| {
                matches!(
                    r,
                    Relationship::Referral(_)
                        | Relationship::Share(_)
                        | Relationship::DuplicateReview
                        | Relationship::TransferProposed
                )
            }) {
                record.break_glass.clear();
            }
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed the record",
                Note::sections(cap.sections()),
            );
            Ok(record)
        })
        .await
    }

    /// The record as far as `cap` reaches, with the latest `access_log` events of "who
    /// has viewed this record" when the capability covers the history (the owning agency).
    pub(crate) async fn load_record(
        &self,
        tx: &mut Tx,
        cap: &concord_authz::Capability,
        person: PersonId,
        access_log: i64,
    ) -> Result<PersonRecord, AppError> {
        let visible = cap.sections();
        // The core details and every small part of the record the capability reaches,
        // with the access log and the names they mention, in one statement.
        let mut parts = concord_store::record_parts(tx, cap, person, access_log).await?;
        let p = parts.person.take().ok_or(AppError::NotFound)?;
        // Shares, referrals and break-glass openings are read only when there are some (a
        // part is present only if the capability reaches its section).
        let share_rows = if parts.present.shares {
            concord_store::shares(tx, cap, person).await?
        } else {
            vec![]
        };
        let referral_rows = if parts.present.referrals {
            concord_store::referrals(tx, cap, person).await?
        } else {
            vec![]
        };
        let glass_rows = if parts.present.break_glass {
            concord_store::break_glass_of_person(tx, cap, person).await?
        } else {
            vec![]
        };
        let access_rows = std::mem::take(&mut parts.access);
        // The statement named the staff of the allocations and the access log; those the
        // shares and break-glass openings name besides are looked up when there are any.
        let mut names = Names::from_rows(std::mem::take(&mut parts.names));
        let others: Vec<UserId> = share_rows
            .iter()
            .flat_map(|s| [Some(s.created_by), s.to_user_id, s.revoked_by])
            .flatten()
            .chain(glass_rows.iter().map(|b| b.user_id))
            .collect();
        names.add_users(tx, &others).await?;
        let gender = Gender::from_code(&p.gender).ok_or_else(|| corrupt("gender", &p.gender))?;
        let mut record = PersonRecord {
            key_facts: super::KeyFacts::default(),
            id: person,
            version: p.version,
            age: age_on(p.date_of_birth, self.clock.today()),
            given_name: p.given_name,
            middle_names: p.middle_names,
            family_name: p.family_name,
            date_of_birth: p.date_of_birth,
            gender,
            owning_agency: names.agency(p.owning_agency_id),
            owned_by_viewer: cap.owning_agency().is_some_and(|a| a == p.owning_agency_id)
                && cap.holder().agency == p.owning_agency_id,
            created_at: p.created_at,
            updated_at: p.updated_at,
            aliases: vec![],
            identifiers: vec![],
            addresses: vec![],
            offences: vec![],
            sentences: vec![],
            markers: vec![],
            allocations: vec![],
            sections: visible,
            relationships: vec![],
            shares: vec![],
            referrals: vec![],
            break_glass: vec![],
            linked: vec![],
            has_links: parts.present.links,
            recent_access: access_rows
                .into_iter()
                .map(|e| AccessView {
                    at: e.at,
                    staff: names.user(e.actor_user_id),
                    agency: names.agency_opt(e.actor_agency_id),
                    kind: e.kind,
                    reason: e.reason,
                })
                .collect(),
        };
        // Shares run to a date in Europe/London, as the access decision reads them.
        let today = self.clock.today();
        let teams = if share_rows.iter().any(|s| s.to_team_id.is_some()) {
            concord_store::teams(tx).await?
        } else {
            vec![]
        };
        for sh in share_rows {
            let recipient = match (sh.to_user_id, sh.to_team_id, sh.to_agency_id) {
                (Some(u), _, _) => names.user(Some(u)),
                (_, Some(t), _) => teams.iter().find(|x| x.id == t).map_or_else(
                    || "Unknown team".into(),
                    |x| format!("{} ({})", x.name, names.agency(x.agency_id)),
                ),
                (_, _, Some(a)) => names.agency(a),
                _ => "Nobody".into(),
            };
            record.shares.push(ShareView {
                id: sh.id,
                sections: concord_store::sections_from_codes(&sh.sections)?
                    .iter()
                    .collect(),
                recipient,
                purpose: sh.purpose,
                expires_on: sh.expires_on,
                shared_by: names.user(Some(sh.created_by)),
                shared_at: sh.created_at,
                live: sh.revoked_at.is_none() && sh.expires_on >= today,
                revoked: sh.revoked_at.map(|at| {
                    format!(
                        "Revoked {} by {}: {}",
                        at.format("%-d %B %Y"),
                        names.user(sh.revoked_by),
                        sh.revoke_reason.clone().unwrap_or_default()
                    )
                }),
            });
        }
        for r in referral_rows {
            record.referrals.push(ReferralView {
                to_agency: names.agency(r.to_agency_id),
                purpose: r.purpose,
                sections: concord_store::sections_from_codes(&r.sections)?
                    .iter()
                    .collect(),
                opened_on: r.opened_on,
                closed_on: r.closed_on,
            });
        }
        for b in glass_rows {
            record.break_glass.push(BreakGlassView {
                staff: names.user(Some(b.user_id)),
                agency: names.agency(b.agency_id),
                reason: b.reason,
                opened_at: b.opened_at,
                expires_at: b.expires_at,
                review: b
                    .review_outcome
                    .map(|o| format!("{o}: {}", b.review_note.unwrap_or_default())),
            });
        }
        for a in parts.aliases {
            let name = concord_domain::display_name(
                &a.given_name,
                a.middle_names.as_deref(),
                &a.family_name,
            );
            record.aliases.push(AliasView {
                id: a.id,
                name,
                date_of_birth: a.date_of_birth,
                agency: names.agency(a.agency_id),
            });
        }
        for i in parts.identifiers {
            let kind = IdentifierKind::from_code(&i.kind)
                .ok_or_else(|| corrupt("identifier kind", &i.kind))?;
            record.identifiers.push(IdentifierView {
                kind,
                value: i.value,
                agency: names.agency(i.agency_id),
            });
        }
        for a in parts.addresses {
            let kind =
                AddressKind::from_code(&a.kind).ok_or_else(|| corrupt("address kind", &a.kind))?;
            record.addresses.push(AddressView {
                id: a.id,
                version: a.version,
                kind,
                line1: a.line1,
                line2: a.line2,
                town: a.town,
                postcode: a.postcode,
                from_date: a.from_date,
                to_date: a.to_date,
                agency: names.agency(a.agency_id),
            });
        }
        for o in parts.offences {
            let category = concord_domain::OffenceCode::parse(&o.offence_code)
                .map(|c| c.category().to_string())
                .unwrap_or_default();
            let disposal = match &o.disposal {
                Some(d) => Some(Disposal::from_code(d).ok_or_else(|| corrupt("disposal", d))?),
                None => None,
            };
            record.offences.push(OffenceView {
                id: o.id,
                offence_code: o.offence_code,
                category,
                description: o.description,
                offence_date: o.offence_date,
                conviction_date: o.conviction_date,
                disposal,
                agency: names.agency(o.agency_id),
            });
        }
        for s in parts.sentences {
            let kind = SentenceKind::from_code(&s.kind)
                .ok_or_else(|| corrupt("sentence kind", &s.kind))?;
            record.sentences.push(SentenceView {
                id: s.id,
                kind,
                description: s.description,
                start_date: s.start_date,
                end_date: s.end_date,
                release_date: s.release_date,
                licence_end_date: s.licence_end_date,
                agency: names.agency(s.agency_id),
                term: match s.term.as_deref() {
                    Some(t) => Some(
                        concord_domain::Term::parse("term", t)
                            .map_err(|_| corrupt("sentence term", t))?,
                    ),
                    None => None,
                },
            });
        }
        for m in parts.markers {
            let kind =
                MarkerKind::from_code(&m.kind).ok_or_else(|| corrupt("marker kind", &m.kind))?;
            record.markers.push(MarkerView {
                id: m.id,
                kind,
                note: m.note,
                agency: names.agency(m.agency_id),
                raised_on: m.raised_on,
                removed_on: m.removed_on,
            });
        }
        for a in parts.allocations {
            record.allocations.push(AllocationView {
                staff: names.user(Some(a.user_id)),
                agency: names.agency(a.agency_id),
                role: a.role,
                from_date: a.from_date,
                to_date: a.to_date,
            });
        }
        Ok(record)
    }

    /// The field-level history of the record, newest first, with who looked at it.
    pub async fn person_history(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<RecordHistory, AppError> {
        self.run_page(actor, async |w| {
            let cap = w.person(Action::Read, person, SectionSet::all()).await?;
            // The change history and the access log are the owning agency's.
            let mut record = self.load_record(w.tx(), &cap, person, 50).await?;
            record.key_facts = super::KeyFacts::read(w, person).await?;
            let access = std::mem::take(&mut record.recent_access);
            let history = if cap.sections().contains(Section::History) {
                changes(w.tx(), &cap, person).await?
            } else {
                concord_store::History::default()
            };
            let change_rows = history.shown;
            let staff: Vec<UserId> = change_rows.iter().filter_map(|c| c.user_id).collect();
            let names = Names::load(w.tx(), &staff).await?;
            let changes = change_rows
                .into_iter()
                .map(|c| ChangeView {
                    at: c.at,
                    staff: names.user(c.user_id),
                    agency: names.agency_opt(c.agency_id),
                    entity: c.entity.replace('_', " "),
                    operation: c.operation,
                    changes: c
                        .changes
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .map(|f| FieldChange {
                                    field: value_text(&f["field"]).replace('_', " "),
                                    from: value_text(&f["from"]),
                                    to: value_text(&f["to"]),
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                })
                .collect();
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed the record's history",
                Note::sections(cap.sections()),
            );
            Ok(RecordHistory {
                record,
                changes,
                changes_withheld: history.withheld,
                access,
            })
        })
        .await
    }
}
