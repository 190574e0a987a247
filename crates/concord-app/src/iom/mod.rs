//! Integrated Offender Management (issue 21): how concentrated the area's offending is,
//! measured on its own register (seed 000: "10% of offenders commit 50% of offences").
//! The arithmetic is `concord-iom`'s; this area reads the register and applies the
//! deployment's harm weights and small-number threshold.

mod concentration;

pub use concentration::{AreaConcentration, ConcentrationFigures};
