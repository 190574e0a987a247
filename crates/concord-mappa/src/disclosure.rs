//! A decision to disclose information about a MAPPA offender to a third party (rules.md
//! §7.4; issue 7 item 7): to whom, what, on what lawful basis, why it is necessary and
//! proportionate, whether the person is told, and the recipient's undertaking.
//!
//! Decisions where the sources are silent (MAPPA Guidance ch.10 was not retrieved):
//! - Police disclose (issue 7); a decision recorded for any other agency is refused
//!   (`discloser_not_police`). The caller says whether the discloser's agency is police.
//! - The test is recorded as a lawful basis (text: e.g. "common-law power to disclose to
//!   prevent crime"), answers to "necessary?" and "proportionate?", and the reasons. A
//!   disclosure goes ahead only when all three hold and reasons are given; a "no" is
//!   refused with its own code (`not_necessary`, `not_proportionate`), never saved as a
//!   disclosure.
//! - Whether the person is told is always recorded: how, or why not (telling is usual;
//!   not telling needs a reason, e.g. it would increase the risk).
//! - The recipient's undertaking is required (`undertaking_required`): "recipients sign an
//!   undertaking confirming they understand their responsibilities".
//!
//! Error codes: `missing`, `too_long`, `discloser_not_police`, `no_lawful_basis`,
//! `reasons_required`, `not_necessary`, `not_proportionate`, `undertaking_required`.

use serde::{Deserialize, Serialize};

use crate::types::{require_text, FieldError};

/// Whether the person the disclosure is about is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "told", rename_all = "snake_case")]
pub enum Told {
    Yes { how: String },
    No { why: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisclosureDecision {
    pub recipient: String,
    /// E.g. "new partner", "landlord", "head teacher".
    pub recipient_role: String,
    pub what: String,
    pub lawful_basis: String,
    pub necessary: bool,
    pub proportionate: bool,
    /// Why disclosure is necessary and proportionate.
    pub reasons: String,
    pub person_told: Told,
    pub undertaking_given: bool,
    pub discloser_agency: String,
}

/// Checks a disclosure decision, reporting every problem at once.
pub fn validate_disclosure(
    decision: &DisclosureDecision,
    discloser_is_police: bool,
) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    require_text(
        &mut errors,
        "recipient",
        &decision.recipient,
        "who receives the disclosure",
    );
    require_text(
        &mut errors,
        "recipient_role",
        &decision.recipient_role,
        "the recipient's role",
    );
    require_text(&mut errors, "what", &decision.what, "what is disclosed");
    require_text(
        &mut errors,
        "discloser_agency",
        &decision.discloser_agency,
        "the agency that discloses",
    );
    if !decision.discloser_agency.trim().is_empty() && !discloser_is_police {
        errors.push(FieldError::new(
            "discloser_agency",
            "discloser_not_police",
            "MAPPA disclosures are made by the police",
        ));
    }
    if decision.lawful_basis.trim().is_empty() {
        errors.push(FieldError::new(
            "lawful_basis",
            "no_lawful_basis",
            "Enter the lawful basis for the disclosure",
        ));
    } else {
        require_text(
            &mut errors,
            "lawful_basis",
            &decision.lawful_basis,
            "the lawful basis",
        );
    }
    if decision.reasons.trim().is_empty() {
        errors.push(FieldError::new(
            "reasons",
            "reasons_required",
            "Enter why the disclosure is necessary and proportionate",
        ));
    } else {
        require_text(&mut errors, "reasons", &decision.reasons, "the reasons");
    }
    if !decision.necessary {
        errors.push(FieldError::new(
            "necessary",
            "not_necessary",
            "Disclosure is refused: it has not been found necessary",
        ));
    }
    if !decision.proportionate {
        errors.push(FieldError::new(
            "proportionate",
            "not_proportionate",
            "Disclosure is refused: it has not been found proportionate",
        ));
    }
    match &decision.person_told {
        Told::Yes { how } => require_text(
            &mut errors,
            "person_told.how",
            how,
            "how the person is told",
        ),
        Told::No { why } => require_text(
            &mut errors,
            "person_told.why",
            why,
            "why the person is not told",
        ),
    }
    if !decision.undertaking_given {
        errors.push(FieldError::new(
            "undertaking_given",
            "undertaking_required",
            "The recipient must give an undertaking before the disclosure",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
