//! The names a page shows beside each part of a record: every agency (a short list) and
//! only the staff the page names, looked up once per page in one statement.

use std::collections::HashMap;

use concord_domain::{AgencyId, UserId};
use concord_store::Tx;

use crate::AppError;

/// Names of agencies and staff, to show beside each part of a record.
pub(crate) struct Names {
    agencies: HashMap<AgencyId, String>,
    users: HashMap<UserId, String>,
}

impl Names {
    /// All agencies (a short list) and only the staff named on the page.
    pub(crate) async fn load(tx: &mut Tx, user_ids: &[UserId]) -> Result<Self, AppError> {
        let mut ids = user_ids.to_vec();
        ids.sort();
        ids.dedup();
        Ok(Self::from_rows(concord_store::names(tx, &ids).await?))
    }

    /// The names a statement that read them returned (the record page's parts).
    pub(crate) fn from_rows(rows: Vec<concord_store::NameRow>) -> Self {
        let mut names = Names {
            agencies: HashMap::new(),
            users: HashMap::new(),
        };
        for n in rows {
            if n.kind == "agency" {
                names.agencies.insert(AgencyId(n.id), n.name);
            } else {
                names.users.insert(UserId(n.id), n.name);
            }
        }
        names
    }

    /// Look up those of `user_ids` not yet known (no statement when all are).
    pub(crate) async fn add_users(
        &mut self,
        tx: &mut Tx,
        user_ids: &[UserId],
    ) -> Result<(), AppError> {
        let mut ids: Vec<UserId> = user_ids
            .iter()
            .filter(|u| !self.users.contains_key(u))
            .copied()
            .collect();
        if ids.is_empty() {
            return Ok(());
        }
        ids.sort();
        ids.dedup();
        for n in concord_store::names(tx, &ids).await? {
            if n.kind == "user" {
                self.users.insert(UserId(n.id), n.name);
            }
        }
        Ok(())
    }

    pub(crate) fn agency(&self, id: AgencyId) -> String {
        self.agencies
            .get(&id)
            .cloned()
            .unwrap_or_else(|| "Unknown agency".into())
    }
    pub(crate) fn agency_opt(&self, id: Option<AgencyId>) -> String {
        id.map_or_else(|| "System".into(), |i| self.agency(i))
    }
    pub(crate) fn user(&self, id: Option<UserId>) -> String {
        id.and_then(|i| self.users.get(&i).cloned())
            .unwrap_or_else(|| "System".into())
    }
}
