//! Finding people: by identifier, by name-token prefixes, by date of birth. The app
//! decides what the query means; these functions only fetch.

use chrono::NaiveDate;
use concord_authz::{Capability, ListScope};
use concord_domain::PersonId;
use uuid::Uuid;

use crate::capability::require_list;
use crate::persons::PersonRow;
use crate::{on_tx, StoreError, Tx};

const P: &str = "p.id, p.owning_agency_id, p.given_name, p.middle_names, p.family_name, p.sort_key, p.date_of_birth, p.gender, p.created_at, p.updated_at, p.version";

/// The exclusive upper bound of a prefix range: the prefix with its last character
/// incremented ("smi" -> "smj").
fn prefix_upper_bound(prefix: &str) -> String {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = char::from_u32(last as u32 + 1) {
            chars.push(next);
            return chars.into_iter().collect();
        }
    }
    String::from(char::MAX)
}

/// Which people a search may return: the whole nominal index, or only those the
/// capability's holder is related to (a partner's referrals and shares).
async fn scope_filter(
    tx: &mut Tx,
    cap: &Capability,
    at: crate::AsOf,
) -> Result<Option<Vec<Uuid>>, StoreError> {
    match cap.scope() {
        Some(ListScope::Register) => Ok(None),
        Some(ListScope::Related) => Ok(Some(crate::related_person_ids(tx, cap, at).await?)),
        _ => Err(StoreError::WrongCapability {
            needed: "searching the register or one's related people",
        }),
    }
}

/// ` AND {column} IN ($first, …)` for a scope filter; empty for the whole register.
fn scope_sql(column: &str, only: &Option<Vec<Uuid>>, first: usize) -> String {
    match only {
        None => String::new(),
        Some(ids) => format!(" AND {column} IN ({})", crate::in_list(first, ids.len())),
    }
}

/// People with an identifier of this kind and canonical value.
pub async fn persons_by_identifier(
    tx: &mut Tx,
    cap: &Capability,
    kind: &str,
    value: &str,
    at: crate::AsOf,
) -> Result<Vec<PersonRow>, StoreError> {
    require_list(cap)?;
    let only = scope_filter(tx, cap, at).await?;
    if only.as_ref().is_some_and(std::vec::Vec::is_empty) {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT DISTINCT {P} FROM person p JOIN person_identifier i ON i.person_id = p.id WHERE i.kind = $1 AND i.value = $2{} ORDER BY p.sort_key",
        scope_sql("p.id", &only, 3)
    );
    Ok(on_tx!(tx, c => {
        let mut q = sqlx::query_as::<_, PersonRow>(&sql).bind(kind).bind(value);
        for id in only.iter().flatten() {
            q = q.bind(id);
        }
        q.fetch_all(c).await
    })?)
}

/// People who have, for every prefix, a name or alias token starting with it; optionally
/// born on `dob`. Ordered by surname then forename; at most `limit`.
pub async fn persons_by_name(
    tx: &mut Tx,
    cap: &Capability,
    prefixes: &[String],
    dob: Option<NaiveDate>,
    limit: i64,
    at: crate::AsOf,
) -> Result<Vec<PersonRow>, StoreError> {
    require_list(cap)?;
    let only = scope_filter(tx, cap, at).await?;
    if only.as_ref().is_some_and(std::vec::Vec::is_empty) {
        return Ok(vec![]);
    }
    let Some((_, others)) = prefixes.split_first() else {
        // Date of birth alone: its own index, in name order.
        let sql = format!(
            "SELECT {P} FROM person p WHERE p.date_of_birth = $1{} ORDER BY p.sort_key LIMIT $2",
            scope_sql("p.id", &only, 3)
        );
        return Ok(on_tx!(tx, c => {
            let mut q = sqlx::query_as::<_, PersonRow>(&sql).bind(dob).bind(limit);
            for id in only.iter().flatten() {
                q = q.bind(id);
            }
            q.fetch_all(c).await
        })?);
    };
    // The first word's tokens are read in name order from the (token, sort_key,
    // person_id) index; the other words and the date of birth only filter them. Sorting
    // and limiting happen on the token rows, so a common name costs one index range, not
    // a fetch of every person who bears it (BENCHMARKS.md).
    let mut sql = String::from(
        "SELECT t.person_id, MIN(t.sort_key) AS k FROM person_search_token t WHERE t.token >= $1 AND t.token < $2",
    );
    let mut n = 2;
    for _ in others {
        sql.push_str(&format!(
            " AND t.person_id IN (SELECT person_id FROM person_search_token WHERE token >= ${} AND token < ${})",
            n + 1,
            n + 2
        ));
        n += 2;
    }
    if dob.is_some() {
        n += 1;
        sql.push_str(&format!(
            " AND t.person_id IN (SELECT id FROM person WHERE date_of_birth = ${n})"
        ));
    }
    sql.push_str(&scope_sql("t.person_id", &only, n + 2));
    sql = format!(
        "SELECT {P} FROM person p JOIN ({sql} GROUP BY t.person_id ORDER BY k LIMIT ${}) m ON m.person_id = p.id ORDER BY m.k, p.id",
        n + 1
    );
    let uppers: Vec<String> = prefixes.iter().map(|p| prefix_upper_bound(p)).collect();
    Ok(on_tx!(tx, c => {
        let mut q = sqlx::query_as::<_, PersonRow>(&sql);
        for (lo, hi) in prefixes.iter().zip(&uppers) {
            q = q.bind(lo).bind(hi);
        }
        if let Some(d) = dob {
            q = q.bind(d);
        }
        q = q.bind(limit);
        for id in only.iter().flatten() {
            q = q.bind(id);
        }
        q.fetch_all(c).await
    })?)
}

/// The search tokens of these people, to explain why each matched: (person, token, source).
pub async fn tokens_of(
    tx: &mut Tx,
    cap: &Capability,
    person_ids: &[PersonId],
) -> Result<Vec<(PersonId, String, String)>, StoreError> {
    require_list(cap)?;
    if person_ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT person_id, token, source FROM person_search_token WHERE person_id IN ({})",
        crate::in_list(1, person_ids.len())
    );
    let rows = on_tx!(tx, c => {
        let mut q = sqlx::query_as::<_, (Uuid, String, String)>(&sql);
        for id in person_ids {
            q = q.bind(id.as_uuid());
        }
        q.fetch_all(c).await
    })?;
    Ok(rows
        .into_iter()
        .map(|(p, a, b)| (PersonId(p), a, b))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::prefix_upper_bound;

    #[test]
    fn the_upper_bound_of_a_prefix_increments_its_last_character() {
        assert_eq!(prefix_upper_bound("smi"), "smj");
        assert_eq!(prefix_upper_bound("z"), "{");
        assert_eq!(prefix_upper_bound("ab9"), "ab:");
    }
}
