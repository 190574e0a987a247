//! Signing in and out, and the demo's training clock.

pub mod sign_in;
pub mod training_clock;
