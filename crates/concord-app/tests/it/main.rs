//! Integration tests of Concord's use cases, run against a fresh SQLite database and,
//! when `CONCORD_TEST_POSTGRES_URL` is set, a fresh PostgreSQL database per test.
// Test code: a panic with the value is the failure report, so unwrap is the idiom here.
#![allow(clippy::unwrap_used)]

mod access;
mod accounts;
mod areas;
mod assess;
mod audit;
mod audit_sealing;
mod auth;
mod caseload;
mod change;
mod chronology;
mod documents;
mod em;
mod enforcement;
mod events;
mod four_eyes;
mod fuzz;
mod history;
mod identify;
mod iom;
mod likeness_refresh;
mod limits;
mod mail_summary;
mod manage;
mod mappa;
mod mappa_meetings;
mod mappa_notification;
mod mappa_oversight;
mod mappa_plans;
mod pages;
mod partners;
mod postcodes;
mod premises;
mod record;
mod record_header;
mod risk_as_the_api;
mod search;
mod sign_in_refusals;
mod single_sign_on;
mod support;
mod validation;
