//! Staff accounts and agencies. `add_user` is what `concord user add` and the demo call:
//! the operator at the server console is trusted, as with any database administrator.

use concord_domain::{AgencyId, AgencyKind, FieldError, TeamId, UserId, ValidationErrors};
use concord_store::audit::{AuditKind, NewAuditEvent};
use concord_store::{AgencyRow, TeamRow, UserRow};
use uuid::Uuid;

use crate::auth::{check_password_strength, hash_password, with_password_work};
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
        } else if self.settings.blocked_passwords.blocks(&new.password) {
            errors.push(concord_domain::FieldError::new(
                "password",
                "password_common",
                "Password is too common: use three random words",
            ));
        }
        // Reference data is read without the audit-chain lock, and the password is hashed
        // (deliberately slow) before the writing unit begins, so that no one waits on it.
        let (agency, known_roles, teams) = self
            .read_unattended(async |tx| {
                Ok((
                    concord_store::agency_by_code(tx, &new.agency_code).await?,
                    concord_store::roles(tx).await?,
                    concord_store::teams(tx).await?,
                ))
            })
            .await?;
        if agency.is_none() {
            errors.push(FieldError::new(
                "agency",
                "agency_unknown",
                format!("There is no agency with code {}", new.agency_code),
            ));
        }
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
                let team = teams
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
            return Err(AppError::Validation(errors));
        };
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let password = new.password.clone();
        let password_hash = with_password_work(move || hash_password(&password)).await??;
        let id = Uuid::now_v7();
        let row = UserRow {
            id: UserId(id),
            username: username.clone(),
            display_name,
            email: new.email.filter(|e| !e.trim().is_empty()),
            password_hash,
            agency_id: agency.id,
            team_id,
            active: true,
            created_at: self.clock.now(),
        };
        self.run_unattended(async |u| {
            match concord_store::insert_user(u.tx(), &row, &new.roles).await {
                Err(e) if e.is_unique_violation() => {
                    return Err(AppError::Duplicate(format!(
                        "The username {username} is already taken"
                    )));
                }
                other => other?,
            }
            u.record(self.console_event(
                "user_account",
                id,
                "account created at the server console",
                serde_json::json!({"username": username, "roles": new.roles}),
            ));
            Ok(id)
        })
        .await
    }

    /// Account and reference-data administration from the server console has no signed-in
    /// actor; it is still audited, with the actor left empty.
    fn console_event(
        &self,
        resource_type: &str,
        id: Uuid,
        reason: &str,
        detail: serde_json::Value,
    ) -> NewAuditEvent {
        self.unattended_event(
            AuditKind::Collection,
            resource_type,
            Some(id),
            None,
            reason,
            detail,
        )
    }

    /// Every team as (id, name), by name: reference data, no person in it.
    pub async fn teams(&self) -> Result<Vec<(Uuid, String)>, AppError> {
        let rows = self
            .read_unattended(async |tx| Ok(concord_store::teams(tx).await?))
            .await?;
        Ok(rows.into_iter().map(|t| (t.id.0, t.name)).collect())
    }

    pub async fn agencies(&self) -> Result<Vec<AgencySummary>, AppError> {
        let rows = self
            .read_unattended(async |tx| Ok(concord_store::agencies(tx).await?))
            .await?;
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
        let row = AgencyRow {
            id: AgencyId(id),
            code: code.to_string(),
            name: name.to_string(),
            kind: kind.code().to_string(),
            area: area.to_string(),
        };
        self.run_unattended(async |u| {
            match concord_store::insert_agency(u.tx(), &row).await {
                Err(e) if e.is_unique_violation() => {
                    return Err(AppError::Duplicate(format!(
                        "An agency with code {code} already exists"
                    )));
                }
                other => other?,
            }
            u.record(self.console_event(
                "agency",
                id,
                "agency created",
                serde_json::json!({"code": code}),
            ));
            Ok(id)
        })
        .await
    }

    /// Set which cases a probation agency manages (`high_risk`, `community`, or `all`),
    /// for the moves of responsibility a signed review proposes (reference data).
    pub async fn set_probation_remit(&self, code: &str, remit: &str) -> Result<(), AppError> {
        let parsed = match remit {
            "all" => None,
            other => Some(
                concord_risk::remit::ProbationRemit::from_code(other).ok_or_else(|| {
                    AppError::Validation(ValidationErrors::from(FieldError::new(
                        "remit",
                        "unknown_remit",
                        "The remit must be high_risk, community or all",
                    )))
                })?,
            ),
        };
        self.run_unattended(async |u| {
            let found = concord_store::agency_kind_by_code(u.tx(), code).await?;
            let id = match found {
                None => return Err(AppError::NotFound),
                Some((_, k)) if k != AgencyKind::Probation.code() => {
                    return Err(AppError::Validation(ValidationErrors::from(
                        FieldError::new(
                            "agency",
                            "not_probation",
                            "Only a probation agency has a remit",
                        ),
                    )))
                }
                Some((id, _)) => id,
            };
            concord_store::set_agency_remit(
                u.tx(),
                code,
                parsed.map(concord_risk::remit::ProbationRemit::code),
            )
            .await?;
            u.record(self.console_event(
                "agency",
                id,
                "probation remit set",
                serde_json::json!({"code": code, "remit": remit}),
            ));
            Ok(())
        })
        .await
    }

    /// Add a team to an agency (reference data); used by the demo and by administrators.
    /// Team names are unique within their agency, because accounts name their team.
    pub async fn add_team(
        &self,
        agency_code: &str,
        name: &str,
        town: Option<&str>,
    ) -> Result<Uuid, AppError> {
        self.run_unattended(async |u| {
            let Some(agency) = concord_store::agency_by_code(u.tx(), agency_code).await? else {
                return Err(AppError::field(
                    "agency",
                    "agency_unknown",
                    format!("There is no agency with code {agency_code}"),
                ));
            };
            if concord_store::teams(u.tx())
                .await?
                .iter()
                .any(|t| t.agency_id == agency.id && t.name == name)
            {
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
            concord_store::insert_team(u.tx(), &row).await?;
            u.record(self.console_event(
                "team",
                id,
                "team created",
                serde_json::json!({"name": name}),
            ));
            Ok(id)
        })
        .await
    }

    pub async fn users(&self) -> Result<Vec<UserSummary>, AppError> {
        self.read_unattended(async |tx| {
            let agencies = concord_store::agencies(tx).await?;
            let mut out = vec![];
            for u in concord_store::users(tx).await? {
                let roles = concord_store::user_roles(tx, u.id).await?;
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
            Ok(out)
        })
        .await
    }
}
