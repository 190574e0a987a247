//! Integration tests of the web layer: the real router in-process, on a fresh SQLite and
//! (when CONCORD_TEST_POSTGRES_URL is set) PostgreSQL database per test.
// Test code: a panic with the value is the failure report, so unwrap is the idiom here.
#![allow(clippy::unwrap_used)]

mod api;
mod board_measures;
mod client;
mod documents;
mod duplicates;
mod forms_shown;
mod key_facts;
mod links_open;
mod logs;
mod manage;
mod mappa;
mod mappa_meetings;
mod mappa_oversight;
mod mappa_plans;
mod monitoring;
mod need_to_know;
mod need_to_know_holes;
mod one_consultation;
mod operations;
mod pages;
mod partners;
mod premises;
mod responsibility;
mod risk;
mod route_matrix;
mod session_timeout;
mod shapes;
mod share_enumeration;
mod sign_in_source;
mod single_sign_on;
mod victim_location;

pub use client::{Client, TestWeb};
