//! Staff accounts and agencies. `add_user` is what `concord user add` and the demo call:
//! the operator at the server console is trusted, as with any database administrator.

use concord_domain::{AgencyId, AgencyKind, FieldError, TeamId, UserId, ValidationErrors};
use concord_store::{AgencyRow, TeamRow, UserRow};
use uuid::Uuid;

use crate::auth::{check_password_strength, hash_password};
use crate::{Accounts, AppError};

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub password: String,
    pub agency_code: String,
    pub team_name: Option<String>,
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencySummary {
    pub code: String,
    pub name: String,
    pub kind: AgencyKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub username: String,
    pub display_name: String,
    pub agency_code: String,
    pub roles: Vec<String>,
}

/// Usernames: 3–64 of a–z, 0–9, '.', '-', '_' (lowercased), so they are unambiguous in
/// audit reports and URLs.
fn check_username(username: &str) -> Result<String, FieldError> {
    let u = username.trim().to_lowercase();
    let ok_chars = u
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    if u.len() < 3 || u.len() > 64 || !ok_chars {
        return Err(FieldError::new(
            "username",
            "username_format",
            "Username must be 3 to 64 letters, digits, dots, hyphens or underscores",
        ));
    }
    Ok(u)
}

impl Accounts<'_> {
    /// Create a staff account. Every problem is reported at once; nothing is saved unless
    /// all is well.
    pub async fn add_user(&self, new: NewUser) -> Result<Uuid, AppError> {
        let mut errors = ValidationErrors::new();
        let username = match check_username(&new.username) {
            Ok(u) => Some(u),
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let display_name = errors.check(
            "display_name",
            concord_domain::required_text("display_name", "a display name", &new.display_name, 100),
        );
        if let Err(e) = check_password_strength(username.as_deref().unwrap_or(""), &new.password) {
            errors.errors.extend(e.errors);
        }
        let mut tx = self.db.begin().await?;
        let agency = concord_store::agency_by_code(&mut tx, &new.agency_code).await?;
        if agency.is_none() {
            errors.push(FieldError::new(
                "agency",
                "agency_unknown",
                format!("There is no agency with code {}", new.agency_code),
            ));
        }
        let known_roles = concord_store::roles(&mut tx).await?;
        if new.roles.is_empty() {
            errors.push(FieldError::new(
                "roles",
                "roles_required",
                "Give the user at least one role",
            ));
        }
        // No one holds more roles than there are; a longer list is a slip in a script.
        let listed = crate::limits::at_most(
            &mut errors,
            "roles",
            "roles",
            new.roles.len(),
            known_roles.len().max(1),
        );
        for role in new.roles.iter().filter(|_| listed) {
            if !known_roles.iter().any(|r| &r.code == role) {
                errors.push(FieldError::new(
                    "roles",
                    "role_unknown",
                    format!("There is no role {role}"),
                ));
            }
        }
        let team_id = match (&new.team_name, &agency) {
            (Some(name), Some(a)) => {
                let team = concord_store::teams(&mut tx)
                    .await?
                    .into_iter()
                    .find(|t| t.agency_id == a.id && &t.name == name);
                if team.is_none() {
                    errors.push(FieldError::new(
                        "team",
                        "team_unknown",
                        format!("{} has no team called {name}", a.name),
                    ));
                }
                team.map(|t| t.id)
            }
            _ => None,
        };
        let (Some(username), Some(display_name), Some(agency)) = (username, display_name, agency)
        else {
            tx.rollback().await.ok();
            return Err(AppError::Validation(errors));
        };
        if !errors.is_empty() {
            tx.rollback().await.ok();
            return Err(AppError::Validation(errors));
        }
        let id = Uuid::now_v7();
        let row = UserRow {
            id: UserId(id),
            username: username.clone(),
            display_name,
            email: new.email.filter(|e| !e.trim().is_empty()),
            password_hash: hash_password(&new.password)?,
            agency_id: agency.id,
            team_id,
            active: true,
            created_at: self.clock.now(),
        };
        match concord_store::insert_user(&mut tx, &row, &new.roles).await {
            Err(e) if e.is_unique_violation() => {
                tx.rollback().await.ok();
                return Err(AppError::Duplicate(format!(
                    "The username {username} is already taken"
                )));
            }
            other => other?,
        }
        self.audit_console(
            &mut tx,
            "user_account",
            id,
            "account created at the server console",
            serde_json::json!({"username": username, "roles": new.roles}),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Account and reference-data administration from the server console has no signed-in
    /// actor; it is still audited, with the actor left empty.
    async fn audit_console(
        &self,
        tx: &mut concord_store::Tx,
        resource_type: &str,
        id: Uuid,
        reason: &str,
        detail: serde_json::Value,
    ) -> Result<(), AppError> {
        concord_store::audit::append(
            tx,
            concord_store::audit::NewAuditEvent {
                at: self.clock.now(),
                actor_user_id: None,
                actor_agency_id: None,
                kind: concord_store::audit::AuditKind::Collection,
                action: "create".into(),
                resource_type: resource_type.into(),
                resource_id: Some(id),
                person_id: None,
                reason: reason.into(),
                recipient: None,
                detail,
                request_id: None,
                sections: None,
                purpose: None,
            },
        )
        .await?;
        Ok(())
    }

    pub async fn agencies(&self) -> Result<Vec<AgencySummary>, AppError> {
        let mut tx = self.db.begin().await?;
        let rows = concord_store::agencies(&mut tx).await?;
        tx.rollback().await.ok();
        Ok(rows
            .into_iter()
            .filter_map(|a| {
                AgencyKind::from_code(&a.kind).map(|kind| AgencySummary {
                    code: a.code,
                    name: a.name,
                    kind,
                })
            })
            .collect())
    }

    /// Add an agency (reference data); used by the demo and by administrators.
    pub async fn add_agency(
        &self,
        code: &str,
        name: &str,
        kind: AgencyKind,
        area: &str,
    ) -> Result<Uuid, AppError> {
        let mut errors = ValidationErrors::new();
        let code_ok = (2..=32).contains(&code.len())
            && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !code_ok {
            errors.push(FieldError::new(
                "code",
                "agency_code_format",
                "Agency code must be 2 to 32 letters, digits or hyphens",
            ));
        }
        errors.check(
            "name",
            concord_domain::required_text("name", "the agency's name", name, 200),
        );
        errors.check(
            "area",
            concord_domain::required_text("area", "the area the agency serves", area, 100),
        );
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let id = Uuid::now_v7();
        let mut tx = self.db.begin().await?;
        let row = AgencyRow {
            id: AgencyId(id),
            code: code.to_string(),
            name: name.to_string(),
            kind: kind.code().to_string(),
            area: area.to_string(),
        };
        match concord_store::insert_agency(&mut tx, &row).await {
            Err(e) if e.is_unique_violation() => {
                tx.rollback().await.ok();
                return Err(AppError::Duplicate(format!(
                    "An agency with code {code} already exists"
                )));
            }
            other => other?,
        }
        self.audit_console(
            &mut tx,
            "agency",
            id,
            "agency created",
            serde_json::json!({"code": code}),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Add a team to an agency (reference data); used by the demo and by administrators.
    /// Team names are unique within their agency, because accounts name their team.
    pub async fn add_team(
        &self,
        agency_code: &str,
        name: &str,
        town: Option<&str>,
    ) -> Result<Uuid, AppError> {
        let mut tx = self.db.begin().await?;
        let Some(agency) = concord_store::agency_by_code(&mut tx, agency_code).await? else {
            tx.rollback().await.ok();
            return Err(AppError::field(
                "agency",
                "agency_unknown",
                format!("There is no agency with code {agency_code}"),
            ));
        };
        if concord_store::teams(&mut tx)
            .await?
            .iter()
            .any(|t| t.agency_id == agency.id && t.name == name)
        {
            tx.rollback().await.ok();
            return Err(AppError::Duplicate(format!(
                "{} already has a team called {name}",
                agency.name
            )));
        }
        let id = Uuid::now_v7();
        let row = TeamRow {
            id: TeamId(id),
            agency_id: agency.id,
            name: name.to_string(),
            town: town.map(str::to_string),
        };
        concord_store::insert_team(&mut tx, &row).await?;
        self.audit_console(
            &mut tx,
            "team",
            id,
            "team created",
            serde_json::json!({"name": name}),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn users(&self) -> Result<Vec<UserSummary>, AppError> {
        let mut tx = self.db.begin().await?;
        let agencies = concord_store::agencies(&mut tx).await?;
        let mut out = vec![];
        for u in concord_store::users(&mut tx).await? {
            let roles = concord_store::user_roles(&mut tx, u.id).await?;
            out.push(UserSummary {
                username: u.username,
                display_name: u.display_name,
                agency_code: agencies
                    .iter()
                    .find(|a| a.id == u.agency_id)
                    .map(|a| a.code.clone())
                    .unwrap_or_default(),
                roles: roles.into_iter().map(|r| r.code).collect(),
            });
        }
        tx.rollback().await.ok();
        Ok(out)
    }
}
