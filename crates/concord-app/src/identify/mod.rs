//! Identify: one person across every agency's records. Agencies' feeds are loaded with
//! their own ids; the linkage model (concord-match) compares the register; pairs it is
//! sure of are linked, pairs between the thresholds wait for a data quality officer,
//! and "different people" is remembered. Links join records into one person view and
//! never destroy or re-own a record, so unlinking restores exactly.

mod combine;
mod feed;
mod find;
mod likeness;
mod review;

pub use combine::{LinkedRecord, LinkedRecords};
pub use feed::{FeedReport, FeedRow};
pub use find::DuplicateRun;
pub(crate) use likeness::LikenessCache;
pub use likeness::{Likeness, LikenessHit};
pub use review::{DuplicatePair, PairSide, QueueItem};

use std::collections::HashMap;

use concord_domain::PersonId;
use concord_match::{IdentifierKind as MatchKind, MatchRecord, Model};
use concord_store::Tx;
use uuid::Uuid;

use crate::AppError;

/// At or above this probability a pair is linked without review (unless a reviewer said
/// "different people" or an identifier conflict forbids it).
pub const LINK_FROM: f64 = 0.99;
/// From this probability up to [`LINK_FROM`] a pair waits in the review queue.
pub const REVIEW_FROM: f64 = 0.5;

/// The register as the linkage model reads it: each record's nominal details, its
/// newest current address and its identifiers, in record-id order.
pub(crate) async fn register_records(
    tx: &mut Tx,
    cap: &concord_authz::Capability,
) -> Result<Vec<MatchRecord>, AppError> {
    let persons = concord_store::linkage_persons(tx, cap).await?;
    let mut addresses: HashMap<PersonId, concord_store::LinkageAddress> = HashMap::new();
    // Ordered by start date: the last one seen is the newest.
    for a in concord_store::linkage_addresses(tx, cap).await? {
        addresses.insert(a.person_id, a);
    }
    let mut identifiers: HashMap<PersonId, Vec<(MatchKind, String)>> = HashMap::new();
    for (person, kind, value) in concord_store::linkage_identifiers(tx, cap).await? {
        if let Some(kind) = match_kind(&kind) {
            identifiers
                .entry(PersonId(person))
                .or_default()
                .push((kind, value));
        }
    }
    Ok(persons
        .into_iter()
        .map(|p| {
            let address = addresses.remove(&p.id);
            MatchRecord {
                id: p.id.to_string(),
                forename: Some(p.given_name),
                surname: Some(p.family_name),
                date_of_birth: Some(p.date_of_birth),
                postcode: address.as_ref().and_then(|a| a.postcode.clone()),
                address: address.as_ref().map(|a| a.line1.clone()),
                town: address.map(|a| a.town),
                gender: Some(p.gender),
                identifiers: identifiers.remove(&p.id).unwrap_or_default(),
            }
        })
        .collect())
}

/// The linkage model's kind of a stored identifier. A case reference (CRN) is one
/// agency's own number: it can agree, but two different ones say little.
fn match_kind(code: &str) -> Option<MatchKind> {
    match concord_domain::IdentifierKind::from_code(code)? {
        concord_domain::IdentifierKind::Pnc => Some(MatchKind::Pnc),
        concord_domain::IdentifierKind::Cro => Some(MatchKind::Cro),
        concord_domain::IdentifierKind::PrisonNumber => Some(MatchKind::PrisonNumber),
        concord_domain::IdentifierKind::Nino => Some(MatchKind::Nino),
        concord_domain::IdentifierKind::Crn => Some(MatchKind::Reference),
    }
}

/// The newest trained model, refusing one this build cannot read.
pub(crate) async fn stored_model(tx: &mut Tx) -> Result<Option<Model>, AppError> {
    let Some(json) = concord_store::latest_model(tx).await? else {
        return Ok(None);
    };
    Model::from_json(&json.to_string())
        .map(Some)
        .map_err(|e| AppError::Internal(format!("the stored linkage model: {e}")))
}

/// Record ids are person ids written as text; anything else is not one of ours.
pub(crate) fn person_id(text: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(text)
        .map_err(|_| AppError::Internal(format!("linkage returned `{text}`, not a record id")))
}

/// A stored pair's two records in a fixed order, so each pair is stored once.
pub(crate) fn ordered(a: Uuid, b: Uuid) -> (Uuid, Uuid) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}
