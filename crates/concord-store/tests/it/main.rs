//! Integration tests of concord-store, run against a fresh SQLite database and, when
//! `CONCORD_TEST_POSTGRES_URL` is set, a fresh PostgreSQL database per test.

mod audit_chain;
mod connection;
mod migrations;
mod native_types;
mod records;
mod support;
