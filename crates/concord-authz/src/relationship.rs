use serde::Serialize;

use crate::{Section, SectionSet};

/// How the actor is connected to one person. The store finds these (allocations, team,
/// MAPPA panels, referrals, shares, break-glass); the policy decides what each gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "sections", rename_all = "snake_case")]
pub enum Relationship {
    /// The actor is allocated to the person (offender manager, police officer, …).
    Allocated,
    /// Someone in the actor's team is allocated to the person (cover, duty officer).
    Team,
    /// The actor works for the agency that owns the record (the data controller). Counts
    /// only for the agency's managers (`agency.oversight`): membership of an agency is
    /// not need-to-know, so every other member reaches the record through a case
    /// relationship or not at all.
    OwningAgency,
    /// The actor registered the person: whoever enters a record completes and allocates
    /// it. Lasts a week from registration, and after that while no one is allocated.
    Registrar,
    /// The actor is invited to a MAPP meeting about the person, until the meeting closes.
    PanelMember,
    /// The actor's agency has an open referral for the person, giving these sections.
    Referral(SectionSet),
    /// The person is a MAPPA case of the area (referred and not screened out, or managed
    /// and not yet ended or transferred). Counts only for staff who run MAPPA
    /// (`mappa.manage`): the coordinator screens referrals of people no one has invited
    /// them to.
    MappaCase,
    /// An unexpired share to the actor, their team or their agency, of these sections.
    Share(SectionSet),
    /// The actor opened the record by break-glass, with a reason, and it has not expired.
    BreakGlass,
    /// The record is one side of a possible or decided duplicate pair. Gives anything
    /// only to those who resolve duplicates (`person.combine`), and only what matching
    /// compares: who the person is and where they live.
    DuplicateReview,
    /// A transfer of responsibility for the person to the actor's agency awaits its
    /// decision. Counts only for the agency's managers (`agency.oversight`): they read
    /// the unrestricted record to decide, and on accepting allocate the case.
    TransferProposed,
    /// The person has a booking (upcoming or arrived) at an approved premises run by the
    /// actor's team. Counts only for AP staff (`ap.manage`): they reach their residents
    /// and those about to arrive, never anyone else, never a restricted section.
    Premises,
    /// The person has an approved-premises application awaiting assessment or a place.
    /// Counts only for the central referral unit (`ap.assess`).
    ApApplicant,
}

impl Relationship {
    pub fn code(self) -> &'static str {
        match self {
            Relationship::Allocated => "allocated",
            Relationship::Team => "team",
            Relationship::OwningAgency => "owning_agency",
            Relationship::Registrar => "registrar",
            Relationship::PanelMember => "panel_member",
            Relationship::MappaCase => "mappa_case",
            Relationship::Referral(_) => "referral",
            Relationship::Share(_) => "share",
            Relationship::BreakGlass => "break_glass",
            Relationship::DuplicateReview => "duplicate_review",
            Relationship::TransferProposed => "transfer_proposed",
            Relationship::Premises => "premises",
            Relationship::ApApplicant => "ap_applicant",
        }
    }

    /// How close the relationship is, closest first: the order in which reasons are
    /// given ("allocated" before "owning agency" before "referral").
    pub fn rank(self) -> u8 {
        match self {
            Relationship::Allocated => 0,
            Relationship::Team => 1,
            Relationship::OwningAgency => 2,
            Relationship::Registrar => 2,
            Relationship::PanelMember => 3,
            Relationship::MappaCase => 4,
            Relationship::Referral(_) => 5,
            Relationship::Share(_) => 6,
            Relationship::BreakGlass => 7,
            Relationship::DuplicateReview => 8,
            Relationship::TransferProposed => 4,
            Relationship::Premises | Relationship::ApApplicant => 5,
        }
    }

    /// The sections this relationship can ever show, before restricted permissions.
    /// A case-team relationship sees the whole record; a referral or share exactly what
    /// it names, never a restricted section (those never leave the case team).
    pub fn reach(self) -> SectionSet {
        match self {
            Relationship::Allocated | Relationship::Team => SectionSet::all(),
            // Oversight and registration reach the record, never its restricted sections:
            // those need a case relationship as well as their own permission.
            Relationship::OwningAgency | Relationship::Registrar => SectionSet::unrestricted(),
            // The receiving organisation decides on what the owning agency's managers see;
            // who has looked at the record stays with the owner until it moves.
            Relationship::TransferProposed => {
                SectionSet::unrestricted().without(SectionSet::one(Section::History))
            }
            Relationship::PanelMember | Relationship::MappaCase | Relationship::BreakGlass => {
                SectionSet::all().without(SectionSet::one(Section::History))
            }
            Relationship::DuplicateReview => {
                SectionSet::of(&[Section::Identity, Section::Addresses])
            }
            // Whose details these are always travels with them; a provider also reaches
            // its own work on the referral (the store gives it no other provider's).
            Relationship::Referral(s) => s
                .union(SectionSet::of(&[Section::Identity, Section::Interventions]))
                .without(SectionSet::restricted())
                .without(SectionSet::one(Section::History)),
            Relationship::Share(s) => s
                .union(SectionSet::one(Section::Identity))
                .without(SectionSet::restricted())
                .without(SectionSet::one(Section::History)),
            // What a place is decided and a resident managed on: who he is, the warning
            // markers, where he lived, his offences, his risk and his licence. Not the
            // chronology, partners' work or management; never a restricted section.
            Relationship::Premises | Relationship::ApApplicant => SectionSet::of(&[
                Section::Identity,
                Section::Markers,
                Section::Addresses,
                Section::Convictions,
                Section::Risk,
                Section::Licence,
            ]),
        }
    }

    /// May the actor add to or correct the record through this relationship?
    pub fn may_change(self) -> bool {
        matches!(
            self,
            Relationship::Allocated
                | Relationship::Team
                | Relationship::OwningAgency
                | Relationship::Registrar
        )
    }

    /// Does this relationship count for `actor` at all? Working for the owning agency
    /// counts only for its managers; a possible duplicate only for those who resolve
    /// duplicates; a MAPPA case only for those who run MAPPA. The policy and the
    /// "why you can see this" panel both ask here, so they cannot disagree.
    pub fn counts_for(self, actor: &crate::Actor) -> bool {
        use crate::Permission;
        match self {
            Relationship::OwningAgency => actor.has(Permission::AgencyOversight),
            Relationship::DuplicateReview => actor.has(Permission::PersonCombine),
            Relationship::MappaCase => actor.has(Permission::MappaManage),
            Relationship::TransferProposed => actor.has(Permission::AgencyOversight),
            Relationship::Premises => actor.has(Permission::ApManage),
            Relationship::ApApplicant => actor.has(Permission::ApAssess),
            _ => true,
        }
    }

    /// Is this a relationship of the case team, who may share and disclose?
    pub fn is_case_team(self) -> bool {
        matches!(self, Relationship::Allocated | Relationship::Team)
    }
}
