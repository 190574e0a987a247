//! Single sign-on at the command line: the configured providers for the web layer,
//! checked against the roles the database knows, and activating the accounts a first
//! sign-in made.

use std::sync::Arc;

use concord_app::App;
use concord_web::sso::{SsoProviderConfig, SsoProviders};

/// The providers for the web layer, every configuration problem named at once.
pub fn providers(
    configs: &[SsoProviderConfig],
    public_url: &str,
) -> anyhow::Result<Arc<SsoProviders>> {
    SsoProviders::new(configs.to_vec(), public_url)
        .map(Arc::new)
        .map_err(|problems| {
            anyhow::anyhow!(
                "invalid single sign-on configuration:\n  {}",
                problems.join("\n  ")
            )
        })
}

/// Refuse to start with a provider whose groups map to a role or agency that does not
/// exist: it would fail only when someone first signs in.
pub async fn check_against_database(
    app: &App,
    configs: &[SsoProviderConfig],
) -> anyhow::Result<()> {
    if configs.is_empty() {
        return Ok(());
    }
    let roles = app.accounts().role_codes().await?;
    let agencies = app.accounts().agencies().await?;
    let mut problems = Vec::new();
    for c in configs {
        if !agencies.iter().any(|a| a.code == c.agency) {
            problems.push(format!(
                "sso provider {}: there is no agency {} (see `concord agency list`)",
                c.id, c.agency
            ));
        }
        for (group, mapped) in &c.roles {
            for role in mapped.iter().filter(|r| !roles.contains(r)) {
                problems.push(format!(
                    "sso provider {}: group {group:?} maps to {role}, which is not a role",
                    c.id
                ));
            }
        }
    }
    anyhow::ensure!(
        problems.is_empty(),
        "invalid single sign-on configuration:\n  {}",
        problems.join("\n  ")
    );
    Ok(())
}

/// `concord user activate USERNAME`.
pub async fn activate(app: &App, username: &str) -> anyhow::Result<()> {
    match app.accounts().activate_account(None, username).await {
        Ok(()) => {
            println!(
                "Activated {}: it can now sign in.",
                username.trim().to_lowercase()
            );
            Ok(())
        }
        Err(concord_app::AppError::Validation(v)) => {
            let lines: Vec<String> = v.errors.iter().map(|e| e.message.clone()).collect();
            anyhow::bail!("{}", lines.join("; "))
        }
        Err(e) => Err(anyhow::anyhow!("{e}")),
    }
}
