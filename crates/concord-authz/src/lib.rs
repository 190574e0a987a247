//! The access policy of Concord, and nothing else.
//!
//! Owns: who may do what to which record and which section of it (`decide`), the
//! reasons given, and the [`Capability`] tokens that the store's personal-data functions
//! demand. Because only this crate can construct a `Capability`, no code path can read or
//! change personal data without first asking the policy.
//!
//! Must not depend on I/O, async, the database or the web framework: the policy is a
//! pure function so it can be tested exhaustively.

mod actor;
mod capability;
mod policy;
mod relationship;
mod section;

pub use actor::{Actor, Permission};
pub use capability::{Capability, Denial, Holder};
pub use policy::{
    authorize, decide, readable_sections, Action, Decision, ListScope, Resource, ResourceKind,
};
pub use relationship::Relationship;
pub use section::{Section, SectionSet};

#[cfg(test)]
mod policy_tests;
#[cfg(test)]
mod policy_tests_iom;
#[cfg(test)]
mod policy_tests_partners;
#[cfg(test)]
mod policy_tests_premises;
#[cfg(test)]
mod policy_tests_transfer;
