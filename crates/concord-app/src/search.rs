//! Search the register by name (case- and accent-insensitive, partial: each word of the
//! query is a prefix of a name or alias), by date of birth, or by any identifier in any
//! common formatting. Every hit says why it matched.

use chrono::NaiveDate;
use concord_authz::{Action, Actor};
use concord_domain::{
    format_date, search_tokens, Identifier, IdentifierKind, MarkerKind, PersonId,
};
use concord_store::audit::AuditKind;
use concord_store::PersonRow;
use serde::Serialize;
use serde_json::json;

use crate::access::Note;
use crate::{AppError, People};

/// The most hits returned; the page says when there are more.
pub const SEARCH_LIMIT: i64 = 50;

#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub person_id: PersonId,
    pub name: String,
    pub date_of_birth: NaiveDate,
    pub crn: Option<String>,
    pub pnc: Option<String>,
    pub prison_number: Option<String>,
    pub town: Option<String>,
    /// Whose record it is, and whom to ask about it: what anyone who may search learns of
    /// a record they cannot open.
    pub owning_agency: String,
    pub contact: Option<String>,
    pub markers: Vec<MarkerKind>,
    /// Why this person is in the results, e.g. "PNC ID 2001/0123456Z", "Alias: smith".
    pub reasons: Vec<String>,
    /// For a person found by likeness rather than by the words typed: the linkage
    /// model's probability that they are the person searched for.
    pub likeness: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    /// More people matched than `hits` holds: the user should narrow the search.
    pub truncated: bool,
    /// How the query was understood, e.g. "identifier", "name and date of birth".
    pub understood_as: String,
}

enum Plan {
    Identifiers(Vec<Identifier>),
    Name {
        prefixes: Vec<String>,
        dob: Option<NaiveDate>,
    },
}

fn plan(query: &str) -> Result<Plan, AppError> {
    let q = query.trim();
    if q.is_empty() {
        return Err(AppError::field(
            "q",
            "required",
            "Enter a name, date of birth or identifier",
        ));
    }
    if q.chars().count() > 200 {
        return Err(AppError::field(
            "q",
            "too_long",
            "Search must be 200 characters or fewer",
        ));
    }
    let ids = Identifier::candidates(q);
    if !ids.is_empty() {
        return Ok(Plan::Identifiers(ids));
    }
    if let Ok(d) = concord_domain::parse_date("q", "Date of birth", q) {
        return Ok(Plan::Name {
            prefixes: vec![],
            dob: Some(d),
        });
    }
    let mut dob = None;
    let mut words = vec![];
    for word in q.split_whitespace() {
        match concord_domain::parse_date("q", "Date of birth", word) {
            Ok(d) if dob.is_none() => dob = Some(d),
            _ => words.push(word),
        }
    }
    let prefixes = search_tokens(&words.join(" "));
    if prefixes.is_empty() && dob.is_none() {
        return Err(AppError::field(
            "q",
            "search_unrecognised",
            "Enter a name, a date of birth like 31/3/1980, or an identifier like a PNC ID or CRN",
        ));
    }
    Ok(Plan::Name { prefixes, dob })
}

/// A person in the results, however found.
struct Found {
    id: uuid::Uuid,
    name: String,
    date_of_birth: NaiveDate,
    reasons: Vec<String>,
    likeness: Option<f64>,
}

/// The words searched for as a record to compare: one word is a surname; with more,
/// the first is the forename and the last the surname (the comparisons also try them
/// the other way round).
fn likeness_query(words: &[String], dob: Option<NaiveDate>) -> concord_match::MatchRecord {
    let (forename, surname) = match words {
        [only] => (None, Some(only.clone())),
        [first, .., last] => (Some(first.clone()), Some(last.clone())),
        [] => (None, None),
    };
    concord_match::MatchRecord {
        forename,
        surname,
        date_of_birth: dob,
        ..concord_match::MatchRecord::default()
    }
}

impl People<'_> {
    pub async fn search_persons(
        &self,
        actor: &Actor,
        query: &str,
    ) -> Result<SearchResults, AppError> {
        self.run(actor, async |w| {
            let cap = self.decide_search(actor)?;
            let plan = plan(query)?;
            let mut found: Vec<(PersonRow, Vec<String>)> = vec![];
            let mut extra: Vec<crate::LikenessHit> = vec![];
            let understood_as;
            let mut truncated = false;
            match &plan {
                Plan::Identifiers(ids) => {
                    understood_as = "identifier".to_string();
                    for id in ids {
                        for p in concord_store::persons_by_identifier(
                            w.tx(),
                            &cap,
                            id.kind().code(),
                            id.as_str(),
                            self.as_of(),
                        )
                        .await?
                        {
                            let reason = format!("{} {}", id.kind().label(), id.as_str());
                            match found.iter_mut().find(|(f, _)| f.id == p.id) {
                                Some((_, reasons)) => reasons.push(reason),
                                None => found.push((p, vec![reason])),
                            }
                        }
                    }
                }
                Plan::Name { prefixes, dob } => {
                    understood_as = match (prefixes.is_empty(), dob.is_some()) {
                        (false, true) => "name and date of birth",
                        (false, false) => "name",
                        _ => "date of birth",
                    }
                    .to_string();
                    let mut rows = concord_store::persons_by_name(
                        w.tx(),
                        &cap,
                        prefixes,
                        *dob,
                        SEARCH_LIMIT + 1,
                        self.as_of(),
                    )
                    .await?;
                    truncated = rows.len() as i64 > SEARCH_LIMIT;
                    rows.truncate(SEARCH_LIMIT as usize);
                    let ids: Vec<_> = rows.iter().map(|r| r.id).collect();
                    let tokens = concord_store::tokens_of(w.tx(), &cap, &ids).await?;
                    for p in rows {
                        let mut reasons = vec![];
                        for prefix in prefixes {
                            let mut matched: Vec<&(PersonId, String, String)> = tokens
                                .iter()
                                .filter(|(pid, t, _)| {
                                    *pid == p.id && t.starts_with(prefix.as_str())
                                })
                                .collect();
                            matched.sort_by_key(|(_, _, source)| source != "name");
                            if let Some((_, token, source)) = matched.first() {
                                let whose = if source == "name" { "Name" } else { "Alias" };
                                reasons.push(format!("{whose} matches “{token}”"));
                            }
                        }
                        if let Some(d) = dob {
                            reasons.push(format!("Date of birth {}", format_date(*d)));
                        }
                        reasons.dedup();
                        found.push((p, reasons));
                    }
                    if !prefixes.is_empty() && !truncated {
                        let query = likeness_query(prefixes, *dob);
                        let room = SEARCH_LIMIT as usize - found.len();
                        let likely = self
                            .identify()
                            .likeness_in(w.tx(), &cap, &query, SEARCH_LIMIT as usize)
                            .await?;
                        extra = likely
                            .hits
                            .into_iter()
                            .filter(|h| !found.iter().any(|(p, _)| p.id == h.person_id))
                            .take(room)
                            .collect();
                    }
                }
            }
            let mut found: Vec<Found> = found
                .into_iter()
                .map(|(p, reasons)| Found {
                    id: p.id.as_uuid(),
                    name: concord_domain::display_name(
                        &p.given_name,
                        p.middle_names.as_deref(),
                        &p.family_name,
                    ),
                    date_of_birth: p.date_of_birth,
                    reasons,
                    likeness: None,
                })
                .collect();
            found.extend(extra.into_iter().map(|h| Found {
                id: h.person_id.0,
                name: h.name,
                date_of_birth: h.date_of_birth,
                reasons: h.reasons,
                likeness: Some(h.match_probability),
            }));
            let ids: Vec<_> = found.iter().map(|p| PersonId(p.id)).collect();
            let (identifiers, markers, addresses) =
                concord_store::list_facts(w.tx(), &cap, &ids).await?;
            let contacts = concord_store::contacts(w.tx(), &cap, &ids, self.clock.today()).await?;
            let hits: Vec<SearchHit> = found
                .into_iter()
                .map(|p| {
                    let ident = |k: IdentifierKind| {
                        identifiers
                            .iter()
                            .find(|i| i.person_id == PersonId(p.id) && i.kind == k.code())
                            .map(|i| i.value.clone())
                    };
                    let mut person_markers: Vec<MarkerKind> = markers
                        .iter()
                        .filter(|m| m.person_id == PersonId(p.id))
                        .filter_map(|m| MarkerKind::from_code(&m.kind))
                        .collect();
                    person_markers.dedup();
                    let (owning_agency, contact) = contacts
                        .iter()
                        .find(|c| c.0 == p.id)
                        .map(|c| (c.1.clone(), c.2.clone()))
                        .unwrap_or_default();
                    SearchHit {
                        person_id: PersonId(p.id),
                        name: p.name,
                        date_of_birth: p.date_of_birth,
                        crn: ident(IdentifierKind::Crn),
                        pnc: ident(IdentifierKind::Pnc),
                        prison_number: ident(IdentifierKind::PrisonNumber),
                        town: addresses
                            .iter()
                            .find(|a| a.person_id == PersonId(p.id))
                            .map(|a| a.town.clone()),
                        owning_agency,
                        contact,
                        markers: person_markers,
                        reasons: p.reasons,
                        likeness: p.likeness,
                    }
                })
                .collect();
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                None,
                "searched the register",
                Note {
                    sections: Some(cap.sections()),
                    detail: Some(json!({"understood_as": understood_as, "results": ids})),
                    ..Note::default()
                },
            );
            Ok(SearchResults {
                hits,
                truncated,
                understood_as,
            })
        })
        .await
    }
}
