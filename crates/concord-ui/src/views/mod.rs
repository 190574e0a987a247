//! View models of the signed-in pages. Plain strings, already formatted for display: the
//! web layer turns domain values into these, so templates make no decisions beyond
//! layout.

mod form;
mod lists;
mod person;

pub use form::{FormField, FormPage};
pub use lists::{CaseRow, CaseloadPage, SearchPage, SearchRow, SortLink};
pub use person::{
    AccessRow, AddressRow, ChangeRow, ChronologyItem, ChronologyPage, HistoryPage, IdentityBar,
    MarkerRow, MarkerTag, PersonPage, SummaryRow,
};
