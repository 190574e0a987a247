//! Offences: the Home Office offence code catalogue and court disposals.

mod catalogue;
mod code;
mod disposal;

pub use catalogue::{offence_catalogue, OffenceInfo};
pub use code::OffenceCode;
pub use disposal::Disposal;
