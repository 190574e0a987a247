use askama::Template;

use crate::{SelectOption, Shell};

/// A warning marker as a tag; `safety` markers are shown first and in red.
#[derive(Debug, Clone)]
pub struct MarkerTag {
    pub label: String,
    pub colour: String,
}

/// The MoJ identity bar at the top of every page about one person.
#[derive(Debug, Clone)]
pub struct IdentityBar {
    pub href: String,
    pub name: String,
    pub date_of_birth: String,
    pub identifiers: Vec<(String, String)>,
    pub markers: Vec<MarkerTag>,
}

/// One row of a GOV.UK summary list, with an optional change link.
#[derive(Debug, Clone, Default)]
pub struct SummaryRow {
    pub key: String,
    pub value: String,
    pub action_href: String,
    pub action_text: String,
}

#[derive(Debug, Clone)]
pub struct AddressRow {
    pub lines: Vec<String>,
    pub kind: String,
    pub dates: String,
    pub current: bool,
    pub agency: String,
    pub change_href: String,
}

#[derive(Debug, Clone)]
pub struct MarkerRow {
    pub label: String,
    pub colour: String,
    pub note: String,
    pub raised: String,
    pub remove_action: String,
}

#[derive(Debug, Template)]
#[template(path = "people/person.html")]
pub struct PersonPage {
    pub shell: Shell,
    pub identity: IdentityBar,
    pub notice: String,
    pub can_change: bool,
    pub details: Vec<SummaryRow>,
    pub identifiers: Vec<SummaryRow>,
    pub aliases: Vec<SummaryRow>,
    pub addresses: Vec<AddressRow>,
    pub markers: Vec<MarkerRow>,
    /// (heading, rows) per offence.
    pub offences: Vec<(String, Vec<SummaryRow>)>,
    pub sentences: Vec<(String, Vec<SummaryRow>)>,
    pub allocations: Vec<SummaryRow>,
    pub base: String,
    /// Why the viewer sees this record, and what they do not see.
    pub access: AccessPanel,
    /// Other records linked with this one as the same person.
    pub linked: Vec<LinkedLine>,
}

/// One link of the record with another agency's record of the same person.
#[derive(Debug, Clone, Default)]
pub struct LinkedLine {
    pub href: String,
    pub heading: String,
    /// How and when it was linked, or unlinked and why.
    pub detail: String,
    pub live: bool,
    /// Where the unlink form posts; empty when the viewer may not unlink.
    pub unlink_action: String,
}

/// Need-to-know on the record page: the viewer's relationship, the sections withheld
/// from them, break-glass flags, and the shares and referrals that give others access.
#[derive(Debug, Clone, Default)]
pub struct AccessPanel {
    pub because: String,
    /// Labels of sections the viewer does not see.
    pub withheld: Vec<String>,
    /// One line per break-glass opening, flagged at the top of the record.
    pub break_glass: Vec<String>,
    pub shares: Vec<ShareLine>,
    pub referrals: Vec<SummaryRow>,
    pub can_share: bool,
    /// A partner working a referral may add their own notes to the chronology.
    pub can_add_note: bool,
    /// The owning agency's view of who has recently looked at or changed the record.
    pub recent_access: Vec<AccessRow>,
    pub show_identity: bool,
    pub show_markers: bool,
    pub show_addresses: bool,
    pub show_convictions: bool,
    pub show_management: bool,
    pub show_history: bool,
}

#[derive(Debug, Clone)]
pub struct ShareLine {
    pub heading: String,
    pub rows: Vec<SummaryRow>,
    /// Empty when the share cannot be revoked (already revoked or expired, or the viewer
    /// may not share).
    pub revoke_action: String,
}

#[derive(Debug, Clone)]
pub struct ChronologyItem {
    pub title: String,
    pub agency: String,
    pub date: String,
    pub iso_date: String,
    pub kind: String,
    pub detail: String,
    pub restricted: Vec<String>,
}

#[derive(Debug, Template)]
#[template(path = "people/chronology.html")]
pub struct ChronologyPage {
    pub shell: Shell,
    pub identity: IdentityBar,
    pub items: Vec<ChronologyItem>,
    pub agency_options: Vec<SelectOption>,
    pub type_options: Vec<SelectOption>,
    pub filtered: bool,
    pub base: String,
}

#[derive(Debug, Clone)]
pub struct ChangeRow {
    pub when: String,
    pub who: String,
    pub what: String,
    /// (field, from, to)
    pub fields: Vec<(String, String, String)>,
}

#[derive(Debug, Clone)]
pub struct AccessRow {
    pub when: String,
    pub who: String,
    pub kind: String,
    pub reason: String,
}

#[derive(Debug, Template)]
#[template(path = "people/history.html")]
pub struct HistoryPage {
    pub shell: Shell,
    pub identity: IdentityBar,
    pub changes: Vec<ChangeRow>,
    /// Some changes were to entries the viewer may not read: said once, without when,
    /// who or what.
    pub changes_withheld: bool,
    pub access: Vec<AccessRow>,
    /// False for viewers outside the owning agency: the history is theirs alone.
    pub visible: bool,
    pub base: String,
}
