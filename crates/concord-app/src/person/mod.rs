//! The nominal record: registering a person, viewing the record, changing it, and its
//! chronology and caseload views.

mod address;
mod approvals;
mod case_entries;
mod caseload;
mod caseload_page;
mod change;
mod chronology;
mod form_header;
mod header;
mod input;
mod key_facts;
mod names;
mod news;
mod parse;
mod register;
mod view;

pub use approvals::{ApprovalItem, Approvals};
pub use caseload::{CaseloadQuery, CaseloadRow, CaseloadSort, KeyDate, OpenTask};
pub use caseload_page::CaseloadPage;
pub use chronology::{Chronology, ChronologyEntry, ChronologyFilter};
pub use header::RecordHeader;
pub(crate) use input::take;
pub use input::{
    AddressInput, AliasInput, DateInput, EventInput, IdentifierInput, MarkerInput, OffenceInput,
    PersonDetailsInput, RegisterPersonInput, SentenceInput,
};
pub use key_facts::KeyFacts;
pub(crate) use key_facts::KEY_FACTS_REASON;
pub(crate) use names::Names;
pub use news::{NewEntry, NEWS_DAYS};
pub(crate) use register::{validate_registration, Registration};
pub use view::{
    AccessView, AddressView, AliasView, AllocationView, BreakGlassView, ChangeView, FieldChange,
    IdentifierView, MarkerView, OffenceView, PersonRecord, RecordHistory, ReferralView,
    SentenceView, ShareView,
};
