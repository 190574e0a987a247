//! Need-to-know: sharing sections of a record, opening one by break-glass, and the
//! information governance lead's review of break-glass openings.

pub mod break_glass;
pub mod break_glass_review;
pub mod shares;
