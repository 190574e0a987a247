//! Oversight of MAPPA: serious further offences and their reviews, transfers between
//! areas, orders and breaches for the statistics, the annual statistics themselves, and
//! the board's figures.

pub mod board;
pub mod orders;
pub mod scr_export;
pub mod sfo;
pub mod statistics;
pub mod transfer;
