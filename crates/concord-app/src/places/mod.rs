//! Places: the postcode directory (an importable ONS Postcode Directory) that puts an
//! address with a postcode on the map without anyone typing coordinates, and the base
//! map the zone maps and the printed licence draw underneath.

mod import;
mod locate;
mod onspd;

pub use import::{LineProblem, PostcodeImport};
pub(crate) use locate::{postcode_centre, postcode_centres, trailing_postcode};
pub use onspd::{OnspdColumns, OnspdLine};
