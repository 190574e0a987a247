//! Responsibility between probation organisations: a person's page (who holds the case,
//! the proposal waiting and the moves made, with the decision forms) and a manager's list
//! of the proposals to and from their organisation.

use askama::Template;

use crate::{FormErrors, SelectOption, Shell};

/// A proposal or move as a summary card.
#[derive(Debug, Clone)]
pub struct MoveCard {
    pub heading: String,
    pub status: String,
    /// GOV.UK tag colour for the status.
    pub colour: String,
    pub rows: Vec<(String, String)>,
}

#[derive(Debug, Template)]
#[template(path = "people/responsibility.html")]
pub struct ResponsibilityPage {
    pub shell: Shell,
    pub person_name: String,
    pub person_href: String,
    pub notice: String,
    pub errors: FormErrors,
    pub owner: String,
    /// What the holding organisation manages; empty when it manages every case.
    pub owner_remit: String,
    pub open: Option<MoveCard>,
    pub history: Vec<MoveCard>,
    /// Where the receiving manager accepts and declines; empty if not theirs to decide.
    pub accept_action: String,
    pub decline_action: String,
    pub officers: Vec<SelectOption>,
    /// Where the sending organisation withdraws; empty if not theirs.
    pub withdraw_action: String,
    pub note: String,
}

/// A line of a manager's list.
#[derive(Debug, Clone)]
pub struct TransferLine {
    pub person: String,
    pub href: String,
    pub from: String,
    pub to: String,
    pub reason: String,
    pub proposed: String,
}

#[derive(Debug, Template)]
#[template(path = "people/transfers.html")]
pub struct TransfersPage {
    pub shell: Shell,
    /// (heading, table id, lines): proposals to the viewer's organisation, then by it.
    pub sections: Vec<(String, String, Vec<TransferLine>)>,
}
