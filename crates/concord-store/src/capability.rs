//! The store's side of the capability contract: personal-data functions take a
//! `&Capability` and check it covers what they are about to do. The check is cheap and
//! catches a use case that authorised one person and then touched another.

use concord_authz::{Action, Capability, ResourceKind};
use concord_domain::PersonId;
use uuid::Uuid;

use crate::StoreError;

pub(crate) fn require_read(cap: &Capability, person: Uuid) -> Result<(), StoreError> {
    require(cap, Action::Read, person, "reading this person")
}

pub(crate) fn require_change(cap: &Capability, person: Uuid) -> Result<(), StoreError> {
    require(cap, Action::Change, person, "changing this person")
}

fn require(
    cap: &Capability,
    action: Action,
    person: Uuid,
    needed: &'static str,
) -> Result<(), StoreError> {
    if cap.covers(action, PersonId(person)) {
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
