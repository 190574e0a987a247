//! Integrated Offender Management (issue 21): how concentrated the area's offending is,
//! measured on its own register (seed 000: "10% of offenders commit 50% of offences").
//! The arithmetic is `concord-iom`'s; this area reads the register and applies the
//! deployment's harm weights and small-number threshold, and keeps the IOM panel's
//! cohort: proposals with their reasons, and adopt / reject / deselect decisions; and the
//! board's figures: the Local Criminal Justice Board's measures, proven reoffending by
//! disposal, and the cohort's outcomes — numbers only, small numbers withheld.

mod board_outcomes;
mod board_tables;
mod case;
mod cohort;
mod concentration;
mod decide;
mod measures;
mod measures_import;
mod reoffending;

pub use board_outcomes::{BoardCohortOutcomes, StrandOutcome};
pub use board_tables::FigureTable;
pub use case::{IomCasePage, IomEntryInput, IomEntryView, IomTaskInput};
pub use cohort::{CohortDecisionView, CohortLine, CohortPage, CohortStatus};
pub use concentration::{AreaConcentration, ConcentrationFigures};
pub use decide::{CohortDecisionInput, MAX_COHORT_REVIEW_DAYS};
pub use measures::{ComputedCell, ImportedCell, ImportedSeries, LcjbMeasures, Quarter};
pub use measures_import::{MeasuresImported, MAX_MEASURES_BYTES};
pub use reoffending::{ReoffendingFigures, ReoffendingLine};
// The web layer names the score's parts without depending on the rules crate.
pub use concord_iom::lcjb::MEASURE_HEADER;
pub use concord_iom::{
    last_quarters, quarter_label, quarter_of, CohortScore, ImportedMeasure, MeasureShape, Part,
    RateLine, Strand,
};
