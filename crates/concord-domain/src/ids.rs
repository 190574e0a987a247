//! Typed ids for Concord's own records, so a `PersonId` can never be passed where a
//! `UserId` is wanted. UUIDv7 keeps new ids roughly time-ordered, which keeps database
//! indexes compact.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            #[expect(
                clippy::new_without_default,
                reason = "a Default would hide that every call mints a new id"
            )]
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(u: Uuid) -> Self {
                Self(u)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

typed_id!(
    /// A person on the register (the nominal record).
    PersonId
);
typed_id!(
    /// A user account.
    UserId
);
typed_id!(
    /// An agency (a police force, probation region, prison, partner organisation).
    AgencyId
);
typed_id!(
    /// A team within an agency.
    TeamId
);
typed_id!(
    /// A child row of a record (an address, marker, event...).
    RecordId
);

// The ids of MAPPA's own rows, so a meeting's id is never taken for a referral's. They
// live here beside the others because the macro does, and concord-mappa depends on this
// crate (the rules never need them; the store, app and web do).
typed_id!(
    /// A MAPPA spell of a person (a `mappa_record` row).
    MappaRecordId
);
typed_id!(
    /// A MAPPA referral (MAPPA A) and its screening.
    MappaReferralId
);
typed_id!(
    /// A MAPPA meeting (level 2 or 3 panel).
    MeetingId
);
typed_id!(
    /// An action of a MAPPA risk management plan.
    MappaActionId
);
typed_id!(
    /// A serious further offence notified under MAPPA.
    SfoId
);
typed_id!(
    /// A transfer of a MAPPA case to another area.
    TransferId
);

// The ids of the managed case's own rows.
typed_id!(
    /// A victim recorded against a person (restricted section).
    VictimId
);
typed_id!(
    /// A recall of a person on licence.
    RecallId
);
typed_id!(
    /// A check of a proposed address.
    AddressCheckId
);

typed_id!(
    /// A compliance event on a licence (an appointment kept or missed, a failure…).
    ComplianceEventId
);
typed_id!(
    /// An appointment booked in a supervisor's diary (office, home visit, police visit).
    DiaryAppointmentId
);
typed_id!(
    /// A request to share a case's approved minutes onward.
    OnwardShareId
);

// The ids of identity resolution's own rows.
typed_id!(
    /// A candidate pair of possibly duplicate records.
    PairId
);
typed_id!(
    /// A link that joins two records of one person.
    LinkId
);

// The ids of the record's other rows: its history, sharing, assessments and tasks.
typed_id!(
    /// One entry of a record's field-level change history.
    ChangeId
);
typed_id!(
    /// A referral of a person's case to another agency.
    ReferralId
);
typed_id!(
    /// A share of sections of a record with another agency, team or user.
    ShareId
);
typed_id!(
    /// An invitation of a user to a person's MAPPA panel.
    PanelMembershipId
);
typed_id!(
    /// An opening of a record by break-glass.
    BreakGlassId
);
typed_id!(
    /// A disclosure of information about a person to a third party.
    DisclosureId
);
typed_id!(
    /// A risk assessment (a RoSH review, a DASH checklist).
    AssessmentId
);
typed_id!(
    /// A task about a person's case.
    TaskId
);
typed_id!(
    /// A trained record-matching model.
    MatchModelId
);

// More of MAPPA's own rows.
typed_id!(
    /// A MAPPA decision (screening, a level change, an end).
    MappaDecisionId
);
typed_id!(
    /// A case on a MAPPA meeting's agenda.
    AgendaItemId
);
typed_id!(
    /// An invitation to a MAPPA meeting for one case.
    InvitationId
);
typed_id!(
    /// A record of one person's attendance at a MAPPA meeting.
    AttendanceId
);
typed_id!(
    /// One version of the minutes of a case at a MAPPA meeting.
    MinutesId
);
typed_id!(
    /// One version of a MAPPA risk management plan.
    MappaPlanId
);
typed_id!(
    /// A measure that protects a victim.
    VictimMeasureId
);
typed_id!(
    /// An order or a breach of one recorded under MAPPA.
    OrderEventId
);

// More of the managed case's own rows.
typed_id!(
    /// A licence: the id every version of it shares (its first version's id).
    LicenceId
);
typed_id!(
    /// One version of a licence.
    LicenceVersionId
);
typed_id!(
    /// An entry of a licence's timeline.
    LicenceEventId
);
typed_id!(
    /// An exclusion or inclusion zone.
    ZoneId
);
typed_id!(
    /// An enforcement action (a warning or a breach referral).
    EnforcementActionId
);

// The ids of partnership work's rows (issue 20).
typed_id!(
    /// A contract with a provider for one kind of service.
    ContractId
);
typed_id!(
    /// A screening of a person's needs.
    ScreeningId
);
typed_id!(
    /// A referral of a person to a contracted service (its access is a `ReferralId`).
    ServiceReferralId
);
typed_id!(
    /// A session or appointment a provider held on a referral.
    SessionId
);
typed_id!(
    /// A line of a person's individual action plan.
    PlanItemId
);
typed_id!(
    /// A review of the individual action plan with the person.
    PlanReviewId
);
typed_id!(
    /// A volunteer or mentor a provider keeps.
    VolunteerId
);
typed_id!(
    /// A match of a volunteer with a person.
    VolunteerMatchId
);
typed_id!(
    /// A proposed move of responsibility for a person between probation organisations.
    ResponsibilityTransferId
);
typed_id!(
    /// An electronic-monitoring tag fitted to a person (one fitting of one device).
    EmTagId
);
typed_id!(
    /// A breach the geofence engine raised from a tag's fixes.
    EmAlertId
);
typed_id!(
    /// An approved premises.
    ApPremisesId
);
typed_id!(
    /// A bed in an approved premises.
    ApBedId
);
typed_id!(
    /// An application for a place in an approved premises.
    ApApplicationId
);
typed_id!(
    /// A bed booked for an accepted application: the stay, from arrival to departure.
    ApBookingId
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::from_str;

    #[test]
    fn new_ids_are_distinct_version_7_uuids() {
        let a = PersonId::new();
        let b = PersonId::new();
        assert_ne!(a, b);
        assert_eq!(a.as_uuid().get_version_num(), 7);
    }

    #[test]
    fn ids_round_trip_through_their_string_form() {
        let id = UserId::new();
        assert_eq!(id.to_string().parse::<UserId>(), Ok(id));
        assert_eq!(from_str::<UserId>(&id.to_string()), Ok(id));
        assert!("not-a-uuid".parse::<TeamId>().is_err());
        let u = Uuid::nil();
        assert_eq!(
            AgencyId::from(u).to_string(),
            "00000000-0000-0000-0000-000000000000"
        );
        assert_eq!(RecordId(u).as_uuid(), u);
    }
}
typed_id!(
    /// A document attached to a person's record (a letter, a photograph, an OASys
    /// document), filed under one of the record's sections.
    AttachmentId
);
