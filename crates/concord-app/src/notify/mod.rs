//! Notifications by email (issue 24 point 3): a summary of what waits for each member of
//! staff, handed to the configured SMTP relay. In the service the same things are on
//! each reader's home page; the email only says how many, and links there.

mod send;
mod smtp;
mod summary;

pub use send::SummaryRun;
pub use smtp::{Mail, Relay};
pub use summary::{summary_text, SummaryCounts};

/// Where summaries go and how often.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `smtp://HOST:PORT` of the relay; empty: no email is sent.
    pub relay: String,
    /// The sender address (`concord@probation.example`).
    pub from: String,
    /// The link in each summary (the service's My cases page).
    pub link: String,
    /// At most one summary per member of staff in this many hours.
    pub summary_hours: u32,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            relay: String::new(),
            from: "concord@localhost.localdomain".into(),
            link: "http://localhost:8080/cases".into(),
            summary_hours: 24,
        }
    }
}
