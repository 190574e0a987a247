//! Integration tests of concord-store, run against a fresh SQLite database and, when
//! `CONCORD_TEST_POSTGRES_URL` is set, a fresh PostgreSQL database per test.
// Test code: a panic with the value is the failure report, so unwrap is the idiom here.
#![allow(clippy::unwrap_used)]

mod audit_chain;
mod audit_sealing;
mod connection;
mod migrations;
mod native_types;
mod records;
mod support;
mod tls;
