//! Integrated Offender Management (issue 21): "10% of offenders commit 50% of offences"
//! (seed 000), measured on an area's own register, and the cohort the IOM panel works,
//! proposed with its reasons (seed 004). This crate holds the arithmetic only:
//!
//! - [`concentration`]: the Lorenz curve of offending across offenders, the share of the
//!   top 10% and the Gini coefficient, by volume or by harm.
//! - [`harm`]: harm weights by offence group (a crime-harm-index style: days of custody at
//!   the sentencing guideline's starting point), versioned and loadable from CSV, refusing
//!   to weigh a group it has no weight for.
//! - [`selection`]: the recency–frequency–gravity score, versioned and configurable, with
//!   a reason for every point, and the cohort strand (fixed, flex, free).
//! - [`outcomes`]: offending in equal windows before and after adoption, the cost of
//!   crime, and a cohort's rate ratio with its 95% interval.
//! - [`reoffending`]: proven reoffending by index disposal, the Ministry of Justice's
//!   method (one-year follow-up, six-month wait), with Wilson intervals.
//! - [`lcjb`]: the Local Criminal Justice Board's measures held elsewhere, read from CSV.
//!
//! No I/O, no clock: "today" is an argument.

pub mod concentration;
pub mod harm;
pub mod lcjb;
pub mod outcomes;
pub mod reoffending;
pub mod selection;

pub use concentration::{concentration, Concentration, LorenzPoint};
pub use harm::{HarmError, HarmWeights, OFFENCE_GROUPS};
pub use lcjb::{
    count_by_quarter, last_quarters, parse_measures, quarter_label, quarter_of, ImportedMeasure,
    MeasureFigure, MeasureLineError, MeasureShape,
};
pub use outcomes::{
    cohort_outcome, person_outcome, CohortOutcome, OutcomeError, PersonOutcome, Side, UnitCosts,
};
pub use reoffending::{
    proven_reoffending, wilson, IndexDisposal, IndexEvent, OffenderHistory, ProvenOffence,
    RateLine, ReoffendingConfig, ReoffendingError, ReoffendingReport,
};
pub use selection::{score, CohortScore, OffenceFact, Part, SelectionConfig, Strand};
