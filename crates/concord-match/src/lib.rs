//! Record linkage for Concord: deciding which records held by different agencies are the
//! same person.
//!
//! Owns: the graded comparisons of the Fellegi–Sunter model — names (exact, nicknames,
//! Jaro–Winkler bands, Double Metaphone, initials, forename and surname swapped), dates of
//! birth (exact, day and month transposed, one part different, year ±1), postcodes (unit,
//! sector, district, area) and identifiers (agreement is strong evidence, a conflict strong
//! evidence against). Each comparison says which level a pair reached, so the model can
//! weigh it and the explanation can show it.
//!
//! Must not depend on I/O, async, the database or the web framework: linkage runs the
//! same in a use case, a CLI over CSV files and a benchmark.

mod accuracy;
mod blocking;
mod cluster;
mod dates;
mod explain;
mod frequency;
mod linkage;
mod model;
mod names;
mod nicknames;
mod places;
mod postcodes;
mod record;
mod register;
mod similarity;
mod source;
mod values;

pub use accuracy::{evaluate, true_pairs, Accuracy, Evaluation};
pub use blocking::BlockingRule;
pub use cluster::{cluster, cluster_apart, Clusters, Link, RefusedLink};
pub use dates::{compare_dates_of_birth, DobLevel};
pub use explain::{comparison_label, describe};
pub use frequency::TermFrequencies;
pub use linkage::{
    link, link_prepared, prepare, Label, Linkage, Progress, RuleReport, ScoredPair, Settings, Sides,
};
pub use model::{
    evidence, starting_model, Contribution, LevelKey, Model, ModelError, Probabilities, Score,
    MODEL_FORMAT, UNSEEN,
};
pub use names::{compare_names, NameComparison, NameLevel};
pub use nicknames::{are_nicknames, nicknames_of};
pub use places::{compare_addresses, PlaceLevel};
pub use postcodes::{compare_postcodes, PostcodeLevel};
pub use record::{
    compare_prepared_records, compare_records, ComparisonVector, IdentifierKind, MatchRecord,
    PreparedRecord,
};
pub use register::{Candidate, Register};
pub use source::{
    read_csv, Extract, Mapping, MappingError, Nameless, OnInvalid, Role, RowDetails, RowError,
};
pub use values::{
    compare_identifiers, compare_references, compare_values, IdentifierLevel, ValueLevel,
};
