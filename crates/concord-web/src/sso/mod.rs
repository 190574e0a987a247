//! Single sign-on through OpenID Connect providers (issue 25), with the `openidconnect`
//! crate: issuer discovery, the authorisation code flow with PKCE (S256), ID-token
//! validation (signature against the provider's published keys, issuer, audience,
//! expiry, nonce, and the access token's hash when the token carries one), claims from
//! the userinfo endpoint when the ID token leaves them out, and the provider's
//! end-session endpoint for single sign-out.
//!
//! Each provider is configured with the agency its accounts belong to and how its groups
//! (a claim, `groups` by default; Entra ID app roles are `roles`, HMPPS Auth's are
//! `authorities`; a dotted path reaches a nested claim such as Keycloak's
//! `realm_access.roles`) map to Concord roles. What the provider vouches for becomes an
//! [`SsoIdentity`]; the app decides what it may do (see `concord_app::sso`).

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use concord_app::SsoIdentity;
use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreRevocableToken, CoreRevocationErrorResponse, CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AccessTokenHash, AdditionalClaims, AuthorizationCode, ClientId, ClientSecret, CsrfToken,
    EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdTokenFields, IssuerUrl,
    LogoutRequest, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    PostLogoutRedirectUrl, ProviderMetadataWithLogout, RedirectUrl, Scope, StandardErrorResponse,
    StandardTokenResponse, TokenResponse, UserInfoClaims,
};
use serde::{Deserialize, Serialize};

mod claims;
pub use claims::roles_for;
use claims::Claims;
use tokio::sync::RwLock;

/// A provider as configured (`[[sso_providers]]` in `concord.toml`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SsoProviderConfig {
    /// Its name in Concord's addresses (`/sign-in/sso/{id}`): lower-case letters, digits
    /// and hyphens.
    pub id: String,
    /// What the sign-in button says after "Sign in with".
    pub label: String,
    /// The issuer; discovery reads `{issuer}/.well-known/openid-configuration`.
    pub issuer: String,
    pub client_id: String,
    /// The environment variable holding the client secret (never the secret itself in a
    /// file); empty for a public client, which PKCE alone protects.
    #[serde(default)]
    pub client_secret_env: String,
    /// The agency (code) whose accounts this provider signs in.
    pub agency: String,
    /// Scopes asked for besides `openid`.
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
    /// The claim a new account's username is made from.
    #[serde(default = "default_username_claim")]
    pub username_claim: String,
    /// The claim listing the person's groups (or app roles); dots reach into objects.
    #[serde(default = "default_groups_claim")]
    pub groups_claim: String,
    /// Group → Concord role codes. A group not listed gives nothing.
    #[serde(default)]
    pub roles: BTreeMap<String, Vec<String>>,
}

fn default_scopes() -> Vec<String> {
    vec!["profile".into(), "email".into()]
}
fn default_username_claim() -> String {
    "preferred_username".into()
}
fn default_groups_claim() -> String {
    "groups".into()
}

/// Every claim the ID token or userinfo carries beyond the standard ones: the groups
/// claim is named in configuration, so it cannot be a field.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OtherClaims(HashMap<String, serde_json::Value>);
impl AdditionalClaims for OtherClaims {}

type IdFields = IdTokenFields<
    OtherClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type TokenAnswer = StandardTokenResponse<IdFields, CoreTokenType>;
type Client = openidconnect::Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    TokenAnswer,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Discovery is fetched at the first sign-in and kept this long: keys rotate, and a
/// provider's published keys are re-read at the next sign-in after it.
const METADATA_TTL: Duration = Duration::from_secs(15 * 60);

/// Why a single sign-on failed: said to the person in plain words, and audited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoFailure(pub String);

struct Provider {
    config: SsoProviderConfig,
    secret: Option<String>,
    metadata: RwLock<Option<(Instant, ProviderMetadataWithLogout)>>,
}

/// The configured providers, with their discovered metadata.
pub struct SsoProviders {
    providers: Vec<Provider>,
    /// `https://concord.example.gov.uk`: the redirect and post-sign-out addresses are
    /// made from it, and registered with each provider.
    public_url: String,
    /// Made only when there are providers (it reads the system's root certificates).
    http: Option<reqwest::Client>,
}

impl Default for SsoProviders {
    fn default() -> Self {
        Self::none()
    }
}

impl std::fmt::Debug for SsoProviders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SsoProviders")
            .field(
                "providers",
                &self
                    .providers
                    .iter()
                    .map(|p| &p.config.id)
                    .collect::<Vec<_>>(),
            )
            .field("public_url", &self.public_url)
            .finish()
    }
}

/// A sign-in to send to a provider: where to send the browser, and what to keep.
pub struct Authorisation {
    pub url: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

impl SsoProviders {
    /// Check the configuration (every problem at once) and read the client secrets from
    /// the environment. Nothing is fetched: a provider that is down does not stop the
    /// node starting, only sign-ins through it.
    pub fn new(configs: Vec<SsoProviderConfig>, public_url: &str) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        let public_url = public_url.trim_end_matches('/').to_string();
        if !(configs.is_empty()
            || public_url.starts_with("https://")
            || public_url.starts_with("http://"))
        {
            problems.push(
                "single sign-on needs public_url: the address providers send people back to".into(),
            );
        }
        let mut providers = Vec::new();
        for c in configs {
            let id_ok = !c.id.is_empty()
                && c.id.len() <= 40
                && c.id
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-');
            if !id_ok {
                problems.push(format!(
                    "sso provider id {:?}: use 1 to 40 lower-case letters, digits and hyphens",
                    c.id
                ));
            }
            if providers.iter().any(|p: &Provider| p.config.id == c.id) {
                problems.push(format!("sso provider {}: configured twice", c.id));
            }
            if IssuerUrl::new(c.issuer.clone()).is_err() || !c.issuer.starts_with("http") {
                problems.push(format!(
                    "sso provider {}: issuer {:?} is not an address",
                    c.id, c.issuer
                ));
            }
            if c.client_id.trim().is_empty() {
                problems.push(format!("sso provider {}: client_id is empty", c.id));
            }
            if c.roles.is_empty() {
                problems.push(format!(
                    "sso provider {}: no group is mapped to a role, so no one could sign in",
                    c.id
                ));
            }
            let secret = if c.client_secret_env.is_empty() {
                None
            } else {
                match std::env::var(&c.client_secret_env) {
                    Ok(s) if !s.is_empty() => Some(s),
                    _ => {
                        problems.push(format!(
                            "sso provider {}: the environment variable {} (its client secret) is not set",
                            c.id, c.client_secret_env
                        ));
                        None
                    }
                }
            };
            providers.push(Provider {
                config: c,
                secret,
                metadata: RwLock::new(None),
            });
        }
        let http = reqwest::Client::builder()
            // Following redirects would let a provider's answer send requests anywhere.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| vec![format!("single sign-on HTTP client: {e}")])?;
        if problems.is_empty() {
            Ok(Self {
                providers,
                public_url,
                http: Some(http),
            })
        } else {
            Err(problems)
        }
    }

    /// No provider: local passwords only.
    pub fn none() -> Self {
        Self {
            providers: Vec::new(),
            public_url: String::new(),
            http: None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.providers.is_empty()
    }

    /// Every provider as (id, label, agency code, roles its groups map to).
    pub fn listed(&self) -> impl Iterator<Item = &SsoProviderConfig> {
        self.providers.iter().map(|p| &p.config)
    }

    fn http(&self) -> Result<&reqwest::Client, SsoFailure> {
        self.http
            .as_ref()
            .ok_or_else(|| SsoFailure("no provider is configured".into()))
    }

    fn provider(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.config.id == id)
    }

    /// Whether an `iss` returned with the code (RFC 9207, against mix-up attacks) is this
    /// provider's issuer; a provider that does not send one is not held to it.
    pub fn issuer_matches(&self, id: &str, iss: Option<&str>) -> bool {
        match (self.provider(id), iss) {
            (Some(_), None) => true,
            (Some(p), Some(iss)) => {
                iss.trim_end_matches('/') == p.config.issuer.trim_end_matches('/')
            }
            (None, _) => false,
        }
    }

    pub fn label(&self, id: &str) -> Option<&str> {
        self.provider(id).map(|p| p.config.label.as_str())
    }

    fn redirect_url(&self, id: &str) -> String {
        format!("{}/sign-in/sso/{id}/callback", self.public_url)
    }

    async fn metadata(&self, p: &Provider) -> Result<ProviderMetadataWithLogout, SsoFailure> {
        if let Some((at, m)) = p.metadata.read().await.as_ref() {
            if at.elapsed() < METADATA_TTL {
                return Ok(m.clone());
            }
        }
        let issuer = IssuerUrl::new(p.config.issuer.clone())
            .map_err(|e| SsoFailure(format!("the issuer address is not valid: {e}")))?;
        let m = ProviderMetadataWithLogout::discover_async(issuer, self.http()?)
            .await
            .map_err(|e| SsoFailure(format!("its discovery document could not be read: {e}")))?;
        *p.metadata.write().await = Some((Instant::now(), m.clone()));
        Ok(m)
    }

    async fn client(
        &self,
        p: &Provider,
    ) -> Result<(Client, ProviderMetadataWithLogout), SsoFailure> {
        let metadata = self.metadata(p).await?;
        let client = Client::from_provider_metadata(
            metadata.clone(),
            ClientId::new(p.config.client_id.clone()),
            p.secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(
            RedirectUrl::new(self.redirect_url(&p.config.id))
                .map_err(|e| SsoFailure(format!("the redirect address is not valid: {e}")))?,
        );
        Ok((client, metadata))
    }

    /// The provider's authorisation address for a new sign-in, carrying `state`.
    pub async fn authorise(&self, id: &str, state: &str) -> Result<Authorisation, SsoFailure> {
        let p = self
            .provider(id)
            .ok_or_else(|| SsoFailure("no such provider".into()))?;
        let (client, _) = self.client(p).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let state = state.to_string();
        let mut request = client.authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            move || CsrfToken::new(state),
            Nonce::new_random,
        );
        for scope in &p.config.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, _, nonce) = request.set_pkce_challenge(challenge).url();
        Ok(Authorisation {
            url: url.to_string(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Exchange the code for tokens and establish who signed in: the ID token checked in
    /// full, then its claims (topped up from userinfo) mapped to agency and roles.
    pub async fn identify(
        &self,
        id: &str,
        code: &str,
        nonce: &str,
        pkce_verifier: &str,
    ) -> Result<SsoIdentity, SsoFailure> {
        let p = self
            .provider(id)
            .ok_or_else(|| SsoFailure("no such provider".into()))?;
        let (client, _) = self.client(p).await?;
        let answer = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|e| SsoFailure(format!("the provider has no token endpoint: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_string()))
            .request_async(self.http()?)
            .await
            .map_err(|e| {
                SsoFailure(format!(
                    "the code was not exchanged for tokens: {}",
                    token_error(&e)
                ))
            })?;
        let id_token = answer
            .id_token()
            .ok_or_else(|| SsoFailure("the provider sent no ID token".into()))?;
        let verifier = client.id_token_verifier();
        let claims = id_token
            .claims(&verifier, &Nonce::new(nonce.to_string()))
            .map_err(|e| SsoFailure(format!("the ID token failed its checks: {e}")))?;
        if let Some(expected) = claims.access_token_hash() {
            let alg = id_token
                .signing_alg()
                .map_err(|e| SsoFailure(format!("the ID token's algorithm: {e}")))?;
            let key = id_token
                .signing_key(&verifier)
                .map_err(|e| SsoFailure(format!("the ID token's key: {e}")))?;
            let actual = AccessTokenHash::from_token(answer.access_token(), alg, key)
                .map_err(|e| SsoFailure(format!("the access token's hash: {e}")))?;
            if actual != *expected {
                return Err(SsoFailure(
                    "the access token does not match the ID token (at_hash)".into(),
                ));
            }
        }
        let mut found = Claims::default();
        found.take_standard(
            claims.preferred_username().map(|u| u.as_str().to_string()),
            claims
                .name()
                .and_then(|n| n.get(None))
                .map(|n| n.as_str().to_string()),
            claims.email().map(|e| e.as_str().to_string()),
        );
        found.take_other(&claims.additional_claims().0, &p.config);
        if !found.complete() {
            // A provider may keep profile claims and groups for the userinfo endpoint
            // (OpenID Connect Core §5.4): ask it, for the same subject only.
            if let Ok(request) = client.user_info(
                answer.access_token().clone(),
                Some(claims.subject().clone()),
            ) {
                let info: UserInfoClaims<OtherClaims, CoreGenderClaim> =
                    request.request_async(self.http()?).await.map_err(|e| {
                        SsoFailure(format!(
                            "its userinfo endpoint did not answer properly: {e}"
                        ))
                    })?;
                found.take_standard(
                    info.preferred_username().map(|u| u.as_str().to_string()),
                    info.name()
                        .and_then(|n| n.get(None))
                        .map(|n| n.as_str().to_string()),
                    info.email().map(|e| e.as_str().to_string()),
                );
                found.take_other(&info.additional_claims().0, &p.config);
            }
        }
        let roles = roles_for(&p.config, found.groups.as_deref().unwrap_or(&[]));
        Ok(SsoIdentity {
            provider: p.config.id.clone(),
            issuer: claims.issuer().as_str().to_string(),
            subject: claims.subject().as_str().to_string(),
            username_hint: found.username,
            display_name: found.name,
            email: found.email,
            agency_code: p.config.agency.clone(),
            roles,
            id_token: id_token.to_string(),
            sid: claims
                .additional_claims()
                .0
                .get("sid")
                .and_then(|v| v.as_str())
                .map(str::to_string),
        })
    }

    /// Check a back-channel logout token (OpenID Connect Back-Channel Logout 1.0 §2.6):
    /// signed by the provider's published keys, for this client, from this issuer, not
    /// expired, with the back-channel logout event and no nonce. Returns the subject and
    /// the provider's session id, if it names one.
    pub async fn logout_token(
        &self,
        id: &str,
        token: &str,
    ) -> Result<(String, Option<String>), SsoFailure> {
        let p = self
            .provider(id)
            .ok_or_else(|| SsoFailure("no such provider".into()))?;
        let (client, _) = self.client(p).await?;
        let token: openidconnect::IdToken<
            OtherClaims,
            CoreGenderClaim,
            CoreJweContentEncryptionAlgorithm,
            CoreJwsSigningAlgorithm,
        > = token
            .parse()
            .map_err(|e| SsoFailure(format!("the logout token is not a signed token: {e}")))?;
        let no_nonce = |nonce: Option<&Nonce>| match nonce {
            None => Ok(()),
            Some(_) => Err("a logout token must not carry a nonce".to_string()),
        };
        // Explicitly typed (`typ: logout+jwt`, §2.4) or untyped; an ID token (`JWT`) is
        // not a logout token.
        let logout_type = openidconnect::JsonWebTokenType::new("logout+jwt".into())
            .normalize()
            .map_err(|e| SsoFailure(format!("the logout token type: {e}")))?;
        let verifier = client
            .id_token_verifier()
            .set_allowed_jose_types([logout_type]);
        let claims = token
            .claims(&verifier, no_nonce)
            .map_err(|e| SsoFailure(format!("the logout token failed its checks: {e}")))?;
        let other = &claims.additional_claims().0;
        let logout_event = other
            .get("events")
            .and_then(|e| e.get("http://schemas.openid.net/event/backchannel-logout"))
            .is_some_and(serde_json::Value::is_object);
        if !logout_event {
            return Err(SsoFailure(
                "the token is not a back-channel logout event".into(),
            ));
        }
        let sid = other
            .get("sid")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        Ok((claims.subject().as_str().to_string(), sid))
    }

    /// Where to send the browser to sign out at the provider too, when it publishes an
    /// end-session endpoint; back to Concord's sign-in page afterwards.
    pub async fn sign_out_url(&self, id: &str, id_token: &str) -> Option<String> {
        let p = self.provider(id)?;
        let metadata = self.metadata(p).await.ok()?;
        let end = metadata
            .additional_metadata()
            .end_session_endpoint
            .clone()?;
        let token: openidconnect::IdToken<
            OtherClaims,
            CoreGenderClaim,
            CoreJweContentEncryptionAlgorithm,
            CoreJwsSigningAlgorithm,
        > = id_token.parse().ok()?;
        let back =
            PostLogoutRedirectUrl::new(format!("{}/sign-in?signed_out=1", self.public_url)).ok()?;
        Some(
            LogoutRequest::from(end)
                .set_id_token_hint(&token)
                .set_client_id(ClientId::new(p.config.client_id.clone()))
                .set_post_logout_redirect_uri(back)
                .http_get_url()
                .to_string(),
        )
    }
}

/// A token endpoint's refusal in words, without the response body (which may echo the
/// code).
fn token_error<RE: std::error::Error + 'static>(
    e: &openidconnect::RequestTokenError<RE, StandardErrorResponse<CoreErrorResponseType>>,
) -> String {
    match e {
        openidconnect::RequestTokenError::ServerResponse(r) => {
            format!("the provider answered {}", r.error().as_ref())
        }
        openidconnect::RequestTokenError::Request(_) => "the provider could not be reached".into(),
        openidconnect::RequestTokenError::Parse(_, _) => {
            "the provider's answer was not understood".into()
        }
        openidconnect::RequestTokenError::Other(s) => s.clone(),
    }
}
