//! Signing in and out (with a password or through single sign-on), accounts waiting to
//! be activated, and the demo's training clock.

pub mod sign_in;
pub mod sso;
pub mod training_clock;
pub mod waiting;
