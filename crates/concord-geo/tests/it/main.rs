//! The one integration test binary of concord-geo (one binary per crate keeps link time down).

mod large;
mod properties;
mod shape;
mod support;
mod validation;
mod worked;
