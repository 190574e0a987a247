//! concord-web
