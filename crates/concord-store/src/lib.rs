//! Persistence for Concord on SQLite (embedded default) and PostgreSQL (production).
//!
//! Owns: the schema and its forward-only migrations, every SQL statement, the audit
//! chain. One schema source and one query layer serve both engines: each query is
//! written once and compiled for both drivers by [`on_tx!`].
//!
//! Functions that read or change the personal data of the people Concord manages take a
//! [`concord_authz::Capability`], which only the policy can issue. Must not depend on the
//! web framework or on use-case logic.

mod access;
mod accounts;
mod aggregates;
mod assessments;
pub mod audit;
mod capability;
mod db;
mod disclosures;
mod enforcement;
mod error;
mod history;
mod identify;
mod licences;
mod lists;
mod mappa;
mod mappa_meetings;
mod mappa_oversight;
mod mappa_plans;
mod migrate;
mod parts;
mod persons;
mod search;
mod victims;

pub use access::*;
pub use accounts::*;
pub use aggregates::*;
pub use assessments::*;
pub use db::{Backend, DatabaseUrl, Db, Tx};
pub use disclosures::*;
pub use enforcement::*;
pub use error::StoreError;
pub use history::*;
pub use identify::*;
pub use licences::*;
pub use lists::*;
pub use mappa::*;
pub use mappa_meetings::*;
pub use mappa_oversight::*;
pub use mappa_plans::*;
pub use migrate::{current_version, latest_version, migrate, MigrationReport};
pub use parts::*;
pub use persons::*;
pub use search::*;
pub use victims::*;

pub(crate) use capability::require_read;

/// `$first, $first+1, …` for an `IN (…)` list of `n` bound values. Lists are bounded by
/// the callers (a page of results), well under both engines' parameter limits.
pub(crate) fn in_list(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}
