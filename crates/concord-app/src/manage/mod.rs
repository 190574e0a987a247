//! Manage: the instruments that protect the public and victims once a person leaves
//! custody — victims and children at risk (restricted), exclusion and inclusion zones,
//! address checks, and licences with their conditions and variations.

mod address_check;
mod compliance_page;
mod diary;
mod disclosure;
mod disclosures_page;
mod enforcement;
mod form;
mod licence;
mod licence_appointment;
mod licence_change;
mod licence_decision;
mod licence_version;
mod measure;
mod recall;
mod victims;
mod victims_page;
mod zones;
mod zones_addresses;
mod zones_page;

pub use address_check::{AddressCheckForm, AddressCheckView, SafeguardingForm};
pub use diary::{
    DiaryAppointmentPage, DiaryAppointmentView, DiaryBooking, DiaryLine, DiaryOutcomeForm,
    DiaryState, MyDiary, PersonDiary,
};
pub use disclosure::{DisclosureForm, DisclosureView};
/// The breach referral deadline, for the board's measure of it.
pub(crate) use enforcement::{active_licence, CheckedEvent, BREACH_DAYS};
pub use enforcement::{
    BreachView, ComplianceEventView, ComplianceForm, ComplianceRecorded, ComplianceView,
    DeadlineView, WarningView,
};
pub use licence::{
    LicenceConditionView, LicenceEventView, LicenceForm, LicenceVersionView, LicencesView,
};
pub use licence_appointment::{AppointmentForm, AppointmentView};
pub use licence_change::ConditionForm;
// The front door for other areas: a MAPPA case and its plan show the licence's
// conditions and status as the licence area reads them.
pub use compliance_page::CompliancePage;
pub use disclosures_page::DisclosuresPage;
pub(crate) use form::{location as form_location, text as form_text};
pub(crate) use licence::{conditions_of, wording};
pub use licence_version::{ConditionPage, LicencePrint};
pub(crate) use measure::{measure, VictimHome};
pub use measure::{Findings, HomeFinding, VictimFindings, ZoneFinding, VICTIM_RESTRICTION};
pub use recall::{
    RecallAssessmentView, RecallCriterionView, RecallDecided, RecallForm, RecallRequested,
    RecallStatus, RecallView, ReturnedToCustody,
};
pub use victims::{LinkableCondition, LinkedCondition, VictimForm, VictimView};
pub use victims_page::VictimsPage;
pub use zones::{ZoneForm, ZoneView};
pub use zones_addresses::PlacedAddress;
pub use zones_page::ZonesPage;
