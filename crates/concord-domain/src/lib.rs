//! Pure domain types for Concord.
//!
//! This crate owns the vocabulary every other crate speaks: validated identifiers (PNC ID,
//! CRO number, prison number, CRN, National Insurance number), postcodes, names, dates,
//! the Home Office offence catalogue, the small closed enums stored in the database, typed
//! ids, and the field-level validation errors shown in the GOV.UK error summary.
//!
//! Types here are "parse, don't validate": input is converted once at the edge, and a value
//! of a type in this crate is always valid. The crate must stay pure: no I/O, no async, no
//! database or web framework. Anything that needs the clock takes `today` as an argument,
//! except the explicitly named `parse` conveniences that default a pivot year from the clock.

pub mod address;
pub mod agency;
pub mod assessment;
pub mod codes;
pub mod dates;
pub mod domain_event;
pub mod duplicates;
pub mod error;
pub mod event;
pub mod gender;
pub mod identifier;
pub mod ids;
pub mod marker;
pub mod name;
pub mod offence;
pub mod postcode;
pub mod premises;
pub mod sentence;
pub mod task;
pub mod text;
pub mod victim;
pub mod zone;

#[cfg(test)]
mod test_support;

pub use address::{one_line as address_one_line, AddressKind};
pub use agency::{AgencyKind, ResponsibilityStatus};
pub use assessment::{AssessmentKind, AssessmentStatus};
pub use codes::UnknownCode;
pub use dates::{
    age_on, check_date_of_birth, check_not_before, check_not_future, date_from_parts, format_date,
    optional_date_from_parts, parse_date, whole_months,
};
pub use domain_event::{DomainEvent, DomainEventType, EventStream};
pub use duplicates::{LinkKind, PairStatus};
pub use error::{FieldError, HasCode, ValidationErrors};
pub use event::EventType;
pub use gender::Gender;
pub use identifier::{
    Crn, CroNumber, Identifier, IdentifierError, IdentifierKind, Nino, PncId, PrisonNumber,
};
pub use ids::{
    AddressCheckId, AgencyId, AgendaItemId, ApApplicationId, ApBedId, ApBookingId, ApPremisesId,
    AssessmentId, AttachmentId, AttendanceId, BreakGlassId, ChangeId, ComplianceEventId,
    ContractId, DiaryAppointmentId, DisclosureId, EmAlertId, EmTagId, EnforcementActionId,
    InvitationId, LicenceEventId, LicenceId, LicenceVersionId, LinkId, MappaActionId,
    MappaDecisionId, MappaPlanId, MappaRecordId, MappaReferralId, MatchModelId, MeetingId,
    MinutesId, OnwardShareId, OrderEventId, PairId, PanelMembershipId, PersonId, PlanItemId,
    PlanReviewId, RecallId, RecordId, ReferralId, ResponsibilityTransferId, ScreeningId,
    ServiceReferralId, SessionId, SfoId, ShareId, TaskId, TeamId, TransferId, UserId, VictimId,
    VictimMeasureId, VolunteerId, VolunteerMatchId, ZoneId,
};
pub use marker::MarkerKind;
pub use name::{display_name, search_key, search_tokens, PersonName};
pub use offence::{offence_catalogue, Disposal, OffenceCode, OffenceInfo};
pub use postcode::{Postcode, PostcodeError};
pub use premises::{
    ApType, ApplicationStatus, BookingStatus, Characteristic, DepartureReason, IncidentKind,
};
pub use sentence::{SentenceDates, SentenceKind, Term, TermUnit};
pub use task::TaskKind;
pub use text::{optional_multiline_text, optional_text, required_multiline_text, required_text};
pub use victim::VictimKind;
pub use zone::{AddressCheckOutcome, AddressPurpose, ZoneKind};
