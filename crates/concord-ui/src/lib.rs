//! concord-ui owns Concord's HTML: the askama templates and their view models, and the
//! static assets (GOV.UK Frontend, MoJ Frontend and Concord's own CSS/JS) embedded in the
//! binary at build time. It must not depend on the domain or the web framework: handlers
//! convert domain values into these plain view models, and serve [`asset`] bytes
//! themselves.

mod assets;
mod forms;
mod layout;
mod map_sketch;
mod pages;
pub mod views;

pub use assets::{asset, assets, Asset};
pub use forms::{ErrorItem, FormErrors, SelectOption};
pub use layout::{KeyFactsBand, NavItem, RecordTabs, SessionTimeout, Shell, SignedIn};
pub use map_sketch::{sketch, SketchZone};
pub use pages::{ErrorPage, OnwardPage, SignInNotice, SignInPage, SignInProvider};

/// The security marking shown at the top and bottom of every page and print-out.
pub const SECURITY_MARKING: &str = "OFFICIAL-SENSITIVE";

#[cfg(test)]
mod tests;
