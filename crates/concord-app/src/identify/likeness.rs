//! Finding people by likeness with the linkage model's own comparisons: a search for a
//! misspelt name ("Jon Smyth") finds John Smith with the reasons, and a record about to
//! be registered is checked against the register first ("this may be the same person
//! as …"). Uses the newest trained model; until the register has been compared once
//! there is none, and likeness finds nothing (exact name search still works).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use concord_authz::{Action, Actor, Capability, ListScope, Resource};
use concord_domain::{display_name, PersonId};
use concord_match::{describe, BlockingRule, MatchRecord, Register};
use concord_store::audit::AuditKind;
use concord_store::Tx;
use serde::Serialize;
use serde_json::json;

use super::{person_id, register_records, stored_model};
use crate::access::Note;
use crate::{AppError, Identify, RegisterPersonInput};

/// Candidates below this probability are not shown.
pub const LIKENESS_FROM: f64 = 0.2;
/// A name shared by more records than this says nothing on its own (as in linkage).
const MAX_BLOCK: usize = 5_000;

/// The register prepared for likeness search. Preparing a large register takes seconds,
/// so it is kept and rebuilt only when the register or the model has changed since.
#[derive(Clone, Default)]
pub(crate) struct LikenessCache(Arc<Mutex<Option<Prepared>>>);

struct Prepared {
    fingerprint: concord_store::RegisterFingerprint,
    register: Arc<Register>,
    /// Record id → (name, date of birth), to show a hit.
    shown: Arc<HashMap<String, (String, NaiveDate)>>,
}

type Ready = (Arc<Register>, Arc<HashMap<String, (String, NaiveDate)>>);

impl LikenessCache {
    fn get(&self, fingerprint: &concord_store::RegisterFingerprint) -> Option<Ready> {
        let guard = self.0.lock().ok()?;
        let p = guard.as_ref().filter(|p| &p.fingerprint == fingerprint)?;
        Some((p.register.clone(), p.shown.clone()))
    }

    fn put(&self, fingerprint: concord_store::RegisterFingerprint, ready: &Ready) {
        if let Ok(mut guard) = self.0.lock() {
            *guard = Some(Prepared {
                fingerprint,
                register: ready.0.clone(),
                shown: ready.1.clone(),
            });
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LikenessHit {
    pub person_id: PersonId,
    pub name: String,
    pub date_of_birth: NaiveDate,
    pub match_probability: f64,
    pub match_weight: f64,
    /// The comparisons that counted for the match, strongest first, in words.
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Likeness {
    pub hits: Vec<LikenessHit>,
    /// False when no model has been trained yet.
    pub available: bool,
}

impl Identify<'_> {
    /// Register records that may be the person described, best first, within `cap`
    /// (a read of the whole nominal index). Audited by the caller.
    pub(crate) async fn likeness_in(
        &self,
        tx: &mut Tx,
        cap: &Capability,
        query: &MatchRecord,
        limit: usize,
    ) -> Result<Likeness, AppError> {
        if cap.scope() != Some(ListScope::Register) {
            return Ok(Likeness::default());
        }
        let Some(fingerprint) = concord_store::register_fingerprint(tx).await? else {
            return Ok(Likeness::default());
        };
        let (register, shown) = match self.likeness.get(&fingerprint) {
            Some(ready) => ready,
            None => {
                let Some(model) = stored_model(tx).await? else {
                    return Ok(Likeness::default());
                };
                let records = register_records(tx, cap).await?;
                let register = Register::new(&records, model, &BlockingRule::ALL);
                let shown: HashMap<String, (String, NaiveDate)> = records
                    .into_iter()
                    .map(|r| {
                        let name = display_name(
                            r.forename.as_deref().unwrap_or_default(),
                            None,
                            r.surname.as_deref().unwrap_or_default(),
                        );
                        (r.id, (name, r.date_of_birth.unwrap_or_default()))
                    })
                    .collect();
                let ready = (Arc::new(register), Arc::new(shown));
                self.likeness.put(fingerprint, &ready);
                ready
            }
        };
        let mut hits = vec![];
        for c in register
            .search(query, LIKENESS_FROM, MAX_BLOCK)
            .into_iter()
            .take(limit)
        {
            let id = person_id(&c.id)?;
            let Some((name, date_of_birth)) = shown.get(&c.id) else {
                continue;
            };
            let mut bars: Vec<_> = c
                .score
                .contributions
                .iter()
                .filter(|b| b.comparison != "prior" && b.weight > 0.0)
                .collect();
            bars.sort_by(|a, b| b.weight.total_cmp(&a.weight));
            hits.push(LikenessHit {
                person_id: PersonId(id),
                name: name.clone(),
                date_of_birth: *date_of_birth,
                match_probability: c.score.match_probability,
                match_weight: c.score.match_weight,
                reasons: bars.into_iter().map(describe).collect(),
            });
        }
        Ok(Likeness {
            hits,
            available: true,
        })
    }

    /// Before a new record is saved: who already on the register it may be. Only staff
    /// who may search the register are told; the check is audited as a search.
    pub async fn possible_matches(
        &self,
        actor: &Actor,
        input: &RegisterPersonInput,
    ) -> Result<Likeness, AppError> {
        self.run(actor, async |w| {
            let cap = w.decide(Action::Read, &Resource::list(ListScope::Register))?;
            let d = &input.details;
            let postcode = input.addresses.first().map(|a| a.postcode.clone());
            let query = MatchRecord {
                id: String::new(),
                forename: Some(d.given_name.clone()),
                surname: Some(d.family_name.clone()),
                date_of_birth: d.date_of_birth.optional("date_of_birth", "").ok().flatten(),
                postcode,
                address: input.addresses.first().map(|a| a.line1.clone()),
                town: input.addresses.first().map(|a| a.town.clone()),
                gender: Some(d.gender.clone()),
                identifiers: input
                    .identifiers
                    .iter()
                    .filter_map(|i| {
                        let kind = super::match_kind(i.kind.trim())?;
                        let parsed = concord_domain::IdentifierKind::from_code(i.kind.trim())
                            .and_then(|k| concord_domain::Identifier::parse(k, &i.value).ok())?;
                        Some((kind, parsed.as_str().to_string()))
                    })
                    .collect(),
            };
            let found = self.likeness_in(w.tx(), &cap, &query, 10).await?;
            let ids: Vec<_> = found.hits.iter().map(|h| h.person_id.0).collect();
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                None,
                "checked a new record against the register",
                Note {
                    sections: Some(cap.sections()),
                    detail: Some(json!({"results": ids})),
                    ..Note::default()
                },
            );
            Ok(found)
        })
        .await
    }
}
