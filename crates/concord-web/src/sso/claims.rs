//! What a provider's tokens say about the person: the standard claims, the groups
//! claim named in configuration (a dotted path reaches into objects), and the roles the
//! groups give.

use std::collections::HashMap;

use super::SsoProviderConfig;

/// What the tokens said about the person, gathered from the ID token then userinfo.
#[derive(Debug, Default)]
pub(super) struct Claims {
    pub(super) username: Option<String>,
    pub(super) name: Option<String>,
    pub(super) email: Option<String>,
    pub(super) groups: Option<Vec<String>>,
}

impl Claims {
    pub(super) fn complete(&self) -> bool {
        self.username.is_some() && self.name.is_some() && self.groups.is_some()
    }

    pub(super) fn take_standard(
        &mut self,
        username: Option<String>,
        name: Option<String>,
        email: Option<String>,
    ) {
        self.username = self.username.take().or(username);
        self.name = self.name.take().or(name);
        self.email = self.email.take().or(email);
    }

    pub(super) fn take_other(
        &mut self,
        other: &HashMap<String, serde_json::Value>,
        config: &SsoProviderConfig,
    ) {
        if self.groups.is_none() {
            self.groups = claim_path(other, &config.groups_claim).map(strings);
        }
        // A username claim other than the standard one (`upn`, `user_name`).
        if self.username.is_none() {
            self.username = claim_path(other, &config.username_claim)
                .and_then(|v| v.as_str().map(str::to_string));
        }
    }
}

/// The value at a dotted path (`realm_access.roles`).
fn claim_path<'a>(
    claims: &'a HashMap<String, serde_json::Value>,
    path: &str,
) -> Option<&'a serde_json::Value> {
    let mut parts = path.split('.');
    let mut value = claims.get(parts.next()?)?;
    for part in parts {
        value = value.get(part)?;
    }
    Some(value)
}

/// A claim as a list of strings: an array of them, or one string (some providers send a
/// single group as a string, or a space-separated list).
fn strings(value: &serde_json::Value) -> Vec<String> {
    match value {
        serde_json::Value::Array(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        serde_json::Value::String(s) => s.split_whitespace().map(str::to_string).collect(),
        _ => vec![],
    }
}

/// The Concord roles a provider's groups give, sorted and without repeats.
pub fn roles_for(config: &SsoProviderConfig, groups: &[String]) -> Vec<String> {
    let mut roles: Vec<String> = groups
        .iter()
        .filter_map(|g| config.roles.get(g))
        .flatten()
        .cloned()
        .collect();
    roles.sort();
    roles.dedup();
    roles
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sso::SsoProviders;

    fn config() -> SsoProviderConfig {
        toml_config(
            r#"{
            "id": "essex-police",
            "label": "Essex Police",
            "issuer": "https://login.example/tenant/v2.0",
            "client_id": "concord",
            "agency": "essex-police",
            "groups_claim": "realm_access.roles",
            "roles": {
                "PPU": ["public_protection_officer"],
                "IOM": ["iom_officer", "public_protection_officer"]
            }}"#,
        )
    }

    fn toml_config(s: &str) -> SsoProviderConfig {
        serde_json::from_str(s).expect("config")
    }

    #[test]
    fn groups_map_to_roles_sorted_once_each_and_unknown_groups_give_nothing() {
        let c = config();
        let groups = ["IOM", "PPU", "Canteen"].map(String::from);
        assert_eq!(
            roles_for(&c, &groups),
            ["iom_officer", "public_protection_officer"]
        );
        assert!(roles_for(&c, &["Canteen".to_string()]).is_empty());
    }

    #[test]
    fn the_groups_claim_is_found_by_its_dotted_path_as_a_list_or_a_string() {
        let c = config();
        let mut found = Claims::default();
        let claims: HashMap<String, serde_json::Value> =
            serde_json::from_str(r#"{"realm_access": {"roles": ["PPU", 7]}, "upn": "x"}"#).unwrap();
        found.take_other(&claims, &c);
        assert_eq!(found.groups.as_deref(), Some(&["PPU".to_string()][..]));
        let mut single = Claims::default();
        let claims: HashMap<String, serde_json::Value> =
            serde_json::from_str(r#"{"realm_access": {"roles": "PPU IOM"}}"#).unwrap();
        single.take_other(&claims, &c);
        assert_eq!(single.groups.unwrap(), ["PPU", "IOM"]);
    }

    #[test]
    fn a_bad_configuration_is_refused_with_every_problem_named() {
        let mut bad = config();
        bad.id = "Essex Police".into();
        bad.roles.clear();
        bad.client_secret_env = "CONCORD_TEST_SSO_SECRET_THAT_IS_NOT_SET".into();
        let problems = SsoProviders::new(vec![bad], "").unwrap_err();
        let all = problems.join("\n");
        for expected in [
            "public_url",
            "lower-case",
            "no group is mapped",
            "CONCORD_TEST_SSO_SECRET_THAT_IS_NOT_SET",
        ] {
            assert!(all.contains(expected), "{expected} missing from {all}");
        }
        assert!(SsoProviders::new(vec![config()], "https://concord.example").is_ok());
    }
}
