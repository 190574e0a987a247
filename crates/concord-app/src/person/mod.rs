//! The nominal record: registering a person, viewing the record, changing it, and its
//! chronology and caseload views.

mod caseload;
mod change;
mod chronology;
pub(crate) mod input;
mod parse;
mod register;
mod view;

pub use caseload::{CaseloadQuery, CaseloadRow, CaseloadSort, KeyDate, OpenTask};
pub use chronology::{Chronology, ChronologyEntry, ChronologyFilter};
pub use input::*;
pub(crate) use register::{validate_registration, Registration};
pub use view::*;
