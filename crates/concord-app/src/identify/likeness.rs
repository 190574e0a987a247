//! Finding people by likeness with the linkage model's own comparisons: a search for a
//! misspelt name ("Jon Smyth") finds John Smith with the reasons, and a record about to
//! be registered is checked against the register first ("this may be the same person
//! as …"). Uses the newest trained model; until the register has been compared once
//! there is none, and likeness finds nothing (exact name search still works).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use concord_authz::{Action, Actor, Capability, ListScope, Resource};
use concord_domain::{display_name, PersonId};
use concord_match::{describe, BlockingRule, MatchRecord, Model, Register};
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

/// The register prepared for likeness search, one per node. Preparing a large register
/// takes seconds, so a request never waits for it once one exists: a request that finds
/// the register changed since (its fingerprint: the newest model, person and update, which
/// every node reads from the one database) uses the one it has and starts a rebuild in the
/// background, in a read transaction of its own, one at a time. Only the node's first
/// likeness search builds while it waits.
#[derive(Clone, Default)]
pub(crate) struct LikenessCache(Arc<Mutex<Option<Prepared>>>, Arc<AtomicBool>);

struct Prepared {
    fingerprint: concord_store::RegisterFingerprint,
    register: Arc<Register>,
    /// Record id → (name, date of birth), to show a hit.
    shown: Arc<HashMap<String, (String, NaiveDate)>>,
}

type Ready = (Arc<Register>, Arc<HashMap<String, (String, NaiveDate)>>);

impl LikenessCache {
    /// The prepared register, and whether it is the current one.
    fn get(&self, fingerprint: &concord_store::RegisterFingerprint) -> Option<(Ready, bool)> {
        let guard = self.0.lock().ok()?;
        let p = guard.as_ref()?;
        Some((
            (p.register.clone(), p.shown.clone()),
            &p.fingerprint == fingerprint,
        ))
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

    /// Rebuild in the background unless a rebuild is already running.
    fn refresh(&self, db: concord_store::Db, cap: Capability) {
        if self.1.swap(true, Ordering::AcqRel) {
            return;
        }
        let cache = self.clone();
        tokio::spawn(async move {
            let built = async {
                let mut tx = db.begin_read().await?;
                let fingerprint = concord_store::register_fingerprint(&mut tx).await?;
                let loaded = match fingerprint {
                    Some(f) => load(&mut tx, &cap).await?.map(|l| (f, l)),
                    None => None,
                };
                tx.rollback().await.ok();
                let Some((f, (model, records))) = loaded else {
                    return Ok(None);
                };
                // Off the async workers: requests keep being served while it builds.
                let ready = tokio::task::spawn_blocking(move || build(model, records))
                    .await
                    .map_err(|e| AppError::Internal(format!("preparing the register: {e}")))?;
                Ok::<_, AppError>(Some((f, ready)))
            }
            .await;
            match built {
                Ok(Some((fingerprint, ready))) => cache.put(fingerprint, &ready),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "could not rebuild the likeness register"),
            }
            cache.1.store(false, Ordering::Release);
        });
    }
}

/// The register prepared with the newest model, or `None` when no model is trained.
async fn prepare(tx: &mut Tx, cap: &Capability) -> Result<Option<Ready>, AppError> {
    Ok(load(tx, cap)
        .await?
        .map(|(model, records)| build(model, records)))
}

/// What preparing the register reads: the newest model and every record.
async fn load(
    tx: &mut Tx,
    cap: &Capability,
) -> Result<Option<(Model, Vec<MatchRecord>)>, AppError> {
    let Some(model) = stored_model(tx).await? else {
        return Ok(None);
    };
    Ok(Some((model, register_records(tx, cap).await?)))
}

/// Preparing itself: CPU only, seconds on a large register.
fn build(model: Model, records: Vec<MatchRecord>) -> Ready {
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
    (Arc::new(register), Arc::new(shown))
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
            Some((ready, current)) => {
                if !current {
                    self.likeness.refresh(self.db().clone(), cap.clone());
                }
                ready
            }
            None => {
                let Some(ready) = prepare(tx, cap).await? else {
                    return Ok(Likeness::default());
                };
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
