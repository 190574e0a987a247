//! The store's side of the capability contract: personal-data functions take a
//! `&Capability` and check it covers what they are about to do. The check is cheap and
//! catches a use case that authorised one person and then touched another.

use concord_authz::{Action, Capability, ResourceKind, Section};
use concord_domain::PersonId;

use crate::StoreError;

pub(crate) fn require_read(
    cap: &Capability,
    person: PersonId,
    section: Section,
) -> Result<(), StoreError> {
    require(
        cap,
        Action::Read,
        person,
        section,
        "reading this section of the record",
    )
}

pub(crate) fn require_change(
    cap: &Capability,
    person: PersonId,
    section: Section,
) -> Result<(), StoreError> {
    require(
        cap,
        Action::Change,
        person,
        section,
        "changing this section of the record",
    )
}

/// For writes that belong to no one section (the version stamp, the field history a
/// change leaves behind): any change capability for the person.
pub(crate) fn require_any_change(cap: &Capability, person: PersonId) -> Result<(), StoreError> {
    if cap.covers_any(Action::Change, person) || cap.covers_any(Action::Create, person) {
        Ok(())
    } else {
        Err(StoreError::WrongCapability {
            needed: "changing this person",
        })
    }
}

/// Adding an entry: a create capability (a partner's note) or a change capability.
pub(crate) fn require_add(
    cap: &Capability,
    person: PersonId,
    section: Section,
) -> Result<(), StoreError> {
    if cap.covers(Action::Create, person, section) || cap.covers(Action::Change, person, section) {
        Ok(())
    } else {
        Err(StoreError::WrongCapability {
            needed: "adding to this section of the record",
        })
    }
}

fn require(
    cap: &Capability,
    action: Action,
    person: PersonId,
    section: Section,
    needed: &'static str,
) -> Result<(), StoreError> {
    if cap.covers(action, person, section) {
        Ok(())
    } else {
        Err(StoreError::WrongCapability { needed })
    }
}

pub(crate) fn require_create(cap: &Capability) -> Result<(), StoreError> {
    if cap.action() == Action::Create
        && cap.kind() == ResourceKind::Person
        && cap.person().is_none()
    {
        Ok(())
    } else {
        Err(StoreError::WrongCapability {
            needed: "creating a person",
        })
    }
}

pub(crate) fn require_list(cap: &Capability) -> Result<(), StoreError> {
    if cap.action() == Action::Read && cap.kind() == ResourceKind::PersonList {
        Ok(())
    } else {
        Err(StoreError::WrongCapability {
            needed: "listing people",
        })
    }
}
