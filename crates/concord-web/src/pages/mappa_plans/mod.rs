//! The MAPPA risk management plan: its versions under the four pillars, and the actions
//! that carry it out.

pub mod actions;
pub mod plan;
