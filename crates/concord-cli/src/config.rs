//! Configuration: `concord.toml` (or `--config PATH`), then `CONCORD_*` environment
//! variables, then `DATABASE_URL`. Secrets are redacted when printed.

use std::path::Path;

use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};

#[derive(Clone, Serialize, Deserialize)]
pub struct Config {
    /// SQLite file path, `sqlite:PATH`, or `postgres://user:pass@host/db`.
    pub database_url: String,
    pub bind: String,
    pub port: u16,
    /// Where the operators' endpoints listen (`/metrics`, `/health`, `/ready` with
    /// reasons), as `ADDRESS:PORT`, e.g. `127.0.0.1:9464`; empty for none. Never the
    /// public address: metrics describe the service to whoever can read them.
    pub metrics_bind: String,
    /// Mark cookies Secure (leave on: browsers accept them from http://localhost too).
    pub secure_cookies: bool,
    /// The address users reach Concord at (`https://concord.example.gov.uk`), behind the
    /// TLS-terminating proxy; empty when not known.
    pub public_url: String,
    /// Send `Strict-Transport-Security`: `auto` (the default) when `public_url` is
    /// https, `on` always, `off` never.
    pub hsts: String,
    pub hsts_max_age_seconds: u64,
    /// Take the client address from `X-Forwarded-For` (set only behind a proxy that
    /// writes it): sign-in is throttled per address.
    pub trust_forwarded_for: bool,
    /// Requests the node serves at once; past it, 503 with `Retry-After` at once.
    pub max_in_flight: usize,
    /// A file of passwords to refuse for new accounts, one a line (e.g. the NCSC's list
    /// of the 100,000 most common, PwnedPasswordTop100k.txt); empty for the built-in rules.
    pub blocked_passwords_file: String,
    pub session_idle_minutes: i64,
    pub session_absolute_hours: i64,
    pub max_failed_sign_ins: i64,
    pub max_sessions_per_account: i64,
    /// A proposed address this close to a victim or a child at risk is refused.
    pub victim_buffer_metres: f64,
    /// Map tiles for the zone maps (`https://host/{z}/{x}/{y}.png`); empty for none.
    pub map_tile_url: String,
    /// The virus scanner attachments pass (`clamd://HOST:PORT` or `clamd:///SOCKET`);
    /// empty for none, and then no document is accepted.
    pub attachment_scanner: String,
    /// The SMTP relay email summaries are handed to (`smtp://HOST:PORT`); empty for none.
    pub mail_relay: String,
    /// The summaries' sender address.
    pub mail_from: String,
    /// At most one summary per member of staff in this many hours.
    pub mail_summary_hours: u32,
    /// The MAPPA area this deployment serves and its population (RSOs per 100,000).
    pub mappa_area: String,
    pub mappa_area_population: u64,
    /// The towns in which MAPP meetings sit.
    pub mappa_towns: Vec<String>,
    pub mappa_level_1_review_months: u32,
    pub mappa_level_2_review_weeks: u32,
    pub mappa_level_3_review_weeks: u32,
    /// A referral made closer to release than this is highlighted as late.
    pub mappa_late_referral_months: u32,
    /// Days allowed for the notification of a serious further offence (MAPPA N).
    pub mappa_sfo_notification_days: u32,
    /// Days before eligibility ends that the coordinator is prompted.
    pub mappa_end_prompt_days: u32,
    /// Connections this node keeps to the database at most (0: the engine's default,
    /// 4 for SQLite, 16 for PostgreSQL). Several nodes on one PostgreSQL share its
    /// `max_connections` between them.
    pub database_pool_size: u32,
    /// A file outside the database where the node records the audit chain's head (ADR
    /// 0008); empty for none. `audit verify` checks the chain against it.
    pub audit_anchor: String,
    /// The secret that signs each anchor line (set it from the environment,
    /// `CONCORD_AUDIT_ANCHOR_KEY`, never in a file the database's administrators read).
    pub audit_anchor_key: Option<String>,
    /// Seconds between anchors while serving (one more is written at shutdown).
    pub audit_anchor_seconds: u64,
    /// The NATS server (`nats://host:4222`, or `tls://…`) the node publishes domain events
    /// to through JetStream (ADR 0009, docs/events.md); empty raises none.
    pub nats_url: String,
    /// The namespace of this deployment's streams and subjects (`concord`: streams
    /// `CONCORD_PERSON`…, subjects `concord.person.…`), for several sharing one server.
    pub events_namespace: String,
    /// Aggregate figures about fewer people than this are not shown (IOM concentration,
    /// cohort outcomes).
    pub small_number_threshold: u64,
    /// A CSV file of harm weights by offence group (`group,days`, every group of the
    /// catalogue); empty for the built-in crime-harm-index style table.
    pub iom_harm_weights: String,
    /// A CSV file of the cost of one offence by offence group (`group,pounds`, every
    /// group of the catalogue) for IOM outcomes; empty for the built-in Home Office table.
    pub iom_unit_costs: String,
    /// IOM outcomes compare this many days before adoption with as many after (30–1095).
    pub iom_outcome_window_days: u64,
    /// The cohort score (`[iom_selection]`: version, bands, caps, thresholds); fields left
    /// out keep the built-in `rfg-1` values. Set `version` when changing any.
    pub iom_selection: concord_iom::SelectionConfig,
    /// The monitoring provider's service account (role `em_provider`) that this node's
    /// JetStream feed worker and signal-loss watch act as; empty runs neither (fixes can
    /// still arrive over HTTP).
    pub em_feed_account: String,
    /// The feed's NATS subjects: `<prefix>.fixes.>` in, `<prefix>.deadletter.fixes` out.
    pub em_subject_prefix: String,
    /// Seconds and fixes in breach before a breach alert opens (jitter along a boundary
    /// raises none), and back in compliance before it ends.
    pub em_enter_secs: i64,
    pub em_enter_fixes: u32,
    pub em_leave_secs: i64,
    pub em_leave_fixes: u32,
    /// Seconds without a fix that raise a signal-loss alert (possible tamper).
    pub em_signal_loss_secs: i64,
    /// Metres from the approved curfew address that still count as at home.
    pub em_curfew_radius_m: f64,
    /// Single sign-on providers (`[[sso_providers]]`, docs/operations.md); none keeps
    /// local passwords only. Each names its agency and maps its groups to roles.
    pub sso_providers: Vec<concord_web::sso::SsoProviderConfig>,
}

impl Default for Config {
    fn default() -> Self {
        let app = concord_app::AppSettings::default();
        Config {
            database_url: "concord.db".into(),
            bind: "127.0.0.1".into(),
            port: 8080,
            metrics_bind: String::new(),
            secure_cookies: true,
            public_url: String::new(),
            hsts: "auto".into(),
            hsts_max_age_seconds: 31_536_000,
            trust_forwarded_for: false,
            max_in_flight: concord_web::DEFAULT_MAX_IN_FLIGHT,
            blocked_passwords_file: String::new(),
            session_idle_minutes: app.session_idle_minutes,
            session_absolute_hours: app.session_absolute_hours,
            max_failed_sign_ins: app.max_failed_sign_ins,
            max_sessions_per_account: app.max_sessions_per_account,
            victim_buffer_metres: app.victim_buffer_metres,
            map_tile_url: app.map_tile_url,
            attachment_scanner: app.attachment_scanner,
            mail_relay: app.mail.relay,
            mail_from: app.mail.from,
            mail_summary_hours: app.mail.summary_hours,
            mappa_area: app.mappa.area,
            mappa_area_population: app.mappa.area_population,
            mappa_towns: app.mappa.towns,
            mappa_level_1_review_months: app.mappa.review.level_1_months,
            mappa_level_2_review_weeks: app.mappa.review.level_2_weeks,
            mappa_level_3_review_weeks: app.mappa.review.level_3_weeks,
            mappa_late_referral_months: app.mappa.review.late_referral_months,
            mappa_sfo_notification_days: app.mappa.review.sfo_notification_days,
            mappa_end_prompt_days: app.mappa.end_prompt_days,
            database_pool_size: 0,
            audit_anchor: String::new(),
            audit_anchor_key: None,
            audit_anchor_seconds: 60,
            nats_url: String::new(),
            events_namespace: app.events_namespace,
            small_number_threshold: app.iom.small_number_threshold,
            iom_harm_weights: String::new(),
            iom_unit_costs: String::new(),
            iom_outcome_window_days: app.iom.outcome_window_days,
            iom_selection: app.iom.selection,
            em_feed_account: String::new(),
            em_subject_prefix: app.em.subject_prefix,
            em_enter_secs: app.em.dwell.enter_secs,
            em_enter_fixes: app.em.dwell.enter_fixes,
            em_leave_secs: app.em.dwell.leave_secs,
            em_leave_fixes: app.em.dwell.leave_fixes,
            em_signal_loss_secs: app.em.dwell.signal_loss_secs,
            em_curfew_radius_m: app.em.curfew_radius_m,
            sso_providers: Vec::new(),
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let db = concord_app::redacted_database_url(&self.database_url)
            .unwrap_or_else(|_| "<invalid>".into());
        f.debug_struct("Config")
            .field("database_url", &db)
            .field("bind", &self.bind)
            .field("port", &self.port)
            .field("secure_cookies", &self.secure_cookies)
            .field("public_url", &self.public_url)
            .field("hsts", &self.hsts)
            .field("session_idle_minutes", &self.session_idle_minutes)
            .field("session_absolute_hours", &self.session_absolute_hours)
            .field("victim_buffer_metres", &self.victim_buffer_metres)
            .field("map_tile_url", &self.map_tile_url)
            .field("attachment_scanner", &self.attachment_scanner)
            .field("mail_relay", &self.mail_relay)
            .field("mail_from", &self.mail_from)
            .field("mail_summary_hours", &self.mail_summary_hours)
            .field("mappa_area", &self.mappa_area)
            .field("mappa_area_population", &self.mappa_area_population)
            .field("mappa_towns", &self.mappa_towns)
            .field("database_pool_size", &self.database_pool_size)
            .field("max_in_flight", &self.max_in_flight)
            .field("audit_anchor", &self.audit_anchor)
            .field(
                "audit_anchor_key",
                &self.audit_anchor_key.as_ref().map(|_| "***"),
            )
            .field(
                "nats_url",
                &self
                    .nats_url
                    .split(',')
                    .map(concord_app::redacted_url)
                    .collect::<Vec<_>>()
                    .join(","),
            )
            .finish()
    }
}

impl Config {
    /// The `Strict-Transport-Security` max-age to send, if any.
    pub fn hsts_max_age(&self) -> Option<u64> {
        let https = self
            .public_url
            .trim()
            .to_ascii_lowercase()
            .starts_with("https://");
        match self.hsts.as_str() {
            "on" => Some(self.hsts_max_age_seconds),
            "auto" if https => Some(self.hsts_max_age_seconds),
            _ => None,
        }
    }

    /// Load and check the configuration, naming every bad key.
    pub fn load(path: Option<&Path>) -> anyhow::Result<Config> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        match path {
            Some(p) if !p.exists() => {
                anyhow::bail!("configuration file {} does not exist", p.display())
            }
            Some(p) => figment = figment.merge(Toml::file(p)),
            None => figment = figment.merge(Toml::file("concord.toml")),
        }
        figment = figment
            .merge(Env::prefixed("CONCORD_"))
            .merge(Env::raw().only(&["DATABASE_URL"]));
        let config: Config = figment.extract().map_err(|e| {
            let problems: Vec<String> = e.into_iter().map(|e| e.to_string()).collect();
            anyhow::anyhow!("invalid configuration:\n  {}", problems.join("\n  "))
        })?;
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> anyhow::Result<()> {
        let mut problems = vec![];
        if let Err(e) = concord_app::redacted_database_url(&self.database_url) {
            problems.push(format!("database_url: {e}"));
        }
        if self.bind.parse::<std::net::IpAddr>().is_err() {
            problems.push(format!(
                "bind: `{}` is not an IP address (e.g. 127.0.0.1 or 0.0.0.0)",
                self.bind
            ));
        }
        if !self.metrics_bind.is_empty()
            && self.metrics_bind.parse::<std::net::SocketAddr>().is_err()
        {
            problems.push(format!(
                "metrics_bind: `{}` is not an address and port (e.g. 127.0.0.1:9464)",
                self.metrics_bind
            ));
        }
        if !self.blocked_passwords_file.is_empty() {
            if let Err(e) = std::fs::metadata(&self.blocked_passwords_file) {
                problems.push(format!(
                    "blocked_passwords_file: cannot read {}: {e}",
                    self.blocked_passwords_file
                ));
            }
        }
        if self.session_idle_minutes < 1 || self.session_absolute_hours < 1 {
            problems
                .push("session_idle_minutes and session_absolute_hours must be at least 1".into());
        }
        if self.max_failed_sign_ins < 1 {
            problems.push("max_failed_sign_ins must be at least 1".into());
        }
        if !(1..=100).contains(&self.max_sessions_per_account) {
            problems.push("max_sessions_per_account must be between 1 and 100".into());
        }
        if !["auto", "on", "off"].contains(&self.hsts.as_str()) {
            problems.push(format!("hsts must be auto, on or off, not {:?}", self.hsts));
        }
        let url = &self.public_url;
        if !(url.is_empty() || url.starts_with("https://") || url.starts_with("http://")) {
            problems.push("public_url must be an http(s) URL, or empty".into());
        }
        if !(0.0..=50_000.0).contains(&self.victim_buffer_metres) {
            problems.push("victim_buffer_metres must be between 0 and 50000".into());
        }
        if !self.map_tile_url.is_empty()
            && (!(self.map_tile_url.starts_with("https://")
                || self.map_tile_url.starts_with("http://"))
                || !["{z}", "{x}", "{y}"]
                    .iter()
                    .all(|p| self.map_tile_url.contains(p)))
        {
            problems
                .push("map_tile_url must be an http(s) URL with {z}, {x} and {y}, or empty".into());
        }
        if let Err(e) = concord_app::Scanner::parse(&self.attachment_scanner) {
            problems.push(e);
        }
        if let Err(e) = concord_app::Relay::parse(&self.mail_relay) {
            problems.push(e);
        }
        if !self.mail_relay.trim().is_empty() && !self.mail_from.contains('@') {
            problems.push("mail_from must be an email address when mail_relay is set".into());
        }
        if !(1..=24 * 7).contains(&self.mail_summary_hours) {
            problems.push("mail_summary_hours must be between 1 and 168".into());
        }
        if self.mappa_area.trim().is_empty() {
            problems.push("mappa_area must name the MAPPA area (e.g. Essex)".into());
        }
        if self.mappa_towns.is_empty() || self.mappa_towns.iter().any(|t| t.trim().is_empty()) {
            problems.push("mappa_towns must list at least one town, none blank".into());
        }
        if [
            self.mappa_level_1_review_months,
            self.mappa_level_2_review_weeks,
            self.mappa_level_3_review_weeks,
            self.mappa_sfo_notification_days,
        ]
        .contains(&0)
        {
            problems.push(
                "mappa review intervals and mappa_sfo_notification_days must be at least 1".into(),
            );
        }
        if !(1..=100_000).contains(&self.max_in_flight) {
            problems.push("max_in_flight must be between 1 and 100000".into());
        }
        if self.database_pool_size > 1_000 {
            problems.push("database_pool_size must be between 0 (the default) and 1000".into());
        }
        let nats = self.nats_url.trim();
        if !nats.is_empty()
            && !nats
                .split(',')
                .all(|u| u.trim().starts_with("nats://") || u.trim().starts_with("tls://"))
        {
            problems.push(
                "nats_url must be nats://host:port or tls://host:port (several separated by commas), or empty"
                    .into(),
            );
        }
        if !concord_app::valid_namespace(&self.events_namespace) {
            problems.push(
                "events_namespace must be lower-case letters, digits and hyphens, starting with a letter (at most 32)"
                    .into(),
            );
        }
        if self.audit_anchor_seconds == 0 {
            problems.push("audit_anchor_seconds must be at least 1".into());
        }
        if !(1..=1000).contains(&self.small_number_threshold) {
            problems.push("small_number_threshold must be between 1 and 1000".into());
        }
        if let Err(e) = self.harm_weights() {
            problems.push(e);
        }
        if let Err(e) = self.unit_costs() {
            problems.push(e);
        }
        if !(30..=1095).contains(&self.iom_outcome_window_days) {
            problems.push("iom_outcome_window_days must be between 30 and 1095".into());
        }
        for p in self.iom_selection.problems() {
            problems.push(format!("iom_selection.{p}"));
        }
        if !(0..=3600).contains(&self.em_enter_secs) || !(0..=3600).contains(&self.em_leave_secs) {
            problems.push("em_enter_secs and em_leave_secs must be between 0 and 3600".into());
        }
        if !(1..=100).contains(&self.em_enter_fixes) || !(1..=100).contains(&self.em_leave_fixes) {
            problems.push("em_enter_fixes and em_leave_fixes must be between 1 and 100".into());
        }
        if !(60..=86_400).contains(&self.em_signal_loss_secs) {
            problems.push("em_signal_loss_secs must be between 60 and 86400".into());
        }
        if !(10.0..=1000.0).contains(&self.em_curfew_radius_m) {
            problems.push("em_curfew_radius_m must be between 10 and 1000".into());
        }
        if !is_subject_prefix(&self.em_subject_prefix) {
            problems.push(format!("em_subject_prefix {SUBJECT_PREFIX_RULE}"));
        }
        if let Err(sso) =
            concord_web::sso::SsoProviders::new(self.sso_providers.clone(), &self.public_url)
        {
            problems.extend(sso);
        }
        if problems.is_empty() {
            Ok(())
        } else {
            anyhow::bail!("invalid configuration:\n  {}", problems.join("\n  "))
        }
    }

    pub fn app_settings(&self) -> concord_app::AppSettings {
        let blocked_passwords = if self.blocked_passwords_file.is_empty() {
            concord_app::BlockedPasswords::default()
        } else {
            match concord_app::BlockedPasswords::from_file(std::path::Path::new(
                &self.blocked_passwords_file,
            )) {
                Ok(list) => {
                    tracing::info!(
                        passwords = list.len(),
                        "new passwords on the blocked list are refused"
                    );
                    list
                }
                Err(e) => {
                    tracing::error!("{e}: only the built-in password rules apply");
                    concord_app::BlockedPasswords::default()
                }
            }
        };
        concord_app::AppSettings {
            blocked_passwords,
            session_idle_minutes: self.session_idle_minutes,
            session_absolute_hours: self.session_absolute_hours,
            max_failed_sign_ins: self.max_failed_sign_ins,
            max_sessions_per_account: self.max_sessions_per_account,
            victim_buffer_metres: self.victim_buffer_metres,
            map_tile_url: self.map_tile_url.clone(),
            attachment_scanner: self.attachment_scanner.clone(),
            mail: concord_app::MailSettings {
                relay: self.mail_relay.trim().into(),
                from: self.mail_from.trim().into(),
                // The summary links to My cases on the address users reach Concord at.
                link: if self.public_url.trim().is_empty() {
                    format!("http://localhost:{}/cases", self.port)
                } else {
                    format!("{}/cases", self.public_url.trim().trim_end_matches('/'))
                },
                summary_hours: self.mail_summary_hours,
            },
            mappa: concord_app::MappaSettings {
                area: self.mappa_area.trim().into(),
                area_population: self.mappa_area_population,
                towns: self
                    .mappa_towns
                    .iter()
                    .map(|t| t.trim().to_string())
                    .collect(),
                review: concord_mappa::ReviewSettings {
                    level_1_months: self.mappa_level_1_review_months,
                    level_2_weeks: self.mappa_level_2_review_weeks,
                    level_3_weeks: self.mappa_level_3_review_weeks,
                    late_referral_months: self.mappa_late_referral_months,
                    sfo_notification_days: self.mappa_sfo_notification_days,
                },
                end_prompt_days: self.mappa_end_prompt_days,
            },
            database_pool_size: (self.database_pool_size > 0).then_some(self.database_pool_size),
            nats_url: Some(self.nats_url.trim().to_string()).filter(|u| !u.is_empty()),
            events_namespace: self.events_namespace.clone(),
            iom: concord_app::IomSettings {
                // Checked on loading: a table that does not read is refused there.
                harm_weights: self
                    .harm_weights()
                    .unwrap_or_else(|_| concord_iom::HarmWeights::default_table()),
                selection: self.iom_selection.clone(),
                small_number_threshold: self.small_number_threshold,
                unit_costs: self
                    .unit_costs()
                    .unwrap_or_else(|_| concord_iom::UnitCosts::default_table()),
                outcome_window_days: self.iom_outcome_window_days,
            },
            em: concord_app::EmSettings {
                dwell: concord_geo::fence::DwellConfig {
                    enter_secs: self.em_enter_secs,
                    enter_fixes: self.em_enter_fixes,
                    leave_secs: self.em_leave_secs,
                    leave_fixes: self.em_leave_fixes,
                    signal_loss_secs: self.em_signal_loss_secs,
                    ..concord_geo::fence::DwellConfig::default()
                },
                curfew_radius_m: self.em_curfew_radius_m,
                feed_account: Some(self.em_feed_account.trim().to_string())
                    .filter(|a| !a.is_empty()),
                subject_prefix: self.em_subject_prefix.trim().into(),
                ..concord_app::EmSettings::default()
            },
        }
    }

    /// The harm weights: the file's, named by its path as their version, or the built-in.
    fn harm_weights(&self) -> Result<concord_iom::HarmWeights, String> {
        let path = self.iom_harm_weights.trim();
        if path.is_empty() {
            return Ok(concord_iom::HarmWeights::default_table());
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("iom_harm_weights: cannot read {path}: {e}"))?;
        concord_iom::HarmWeights::from_csv(path, &text)
            .map_err(|e| format!("iom_harm_weights: {path}: {e}"))
    }

    /// The unit costs: the file's, named by its path as their version, or the built-in.
    fn unit_costs(&self) -> Result<concord_iom::UnitCosts, String> {
        let path = self.iom_unit_costs.trim();
        if path.is_empty() {
            return Ok(concord_iom::UnitCosts::default_table());
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("iom_unit_costs: cannot read {path}: {e}"))?;
        concord_iom::UnitCosts::from_csv(path, &text)
            .map_err(|e| format!("iom_unit_costs: {path}: {e}"))
    }

    /// What a serving node anchors and how often. A key with no file to sign is refused:
    /// the operator meant the node to anchor, and it would not. (`audit verify --anchor`
    /// may use the key alone.)
    pub fn serving_anchor(
        &self,
    ) -> anyhow::Result<Option<(concord_app::AnchorFile, std::time::Duration)>> {
        if self.audit_anchor.trim().is_empty() && self.audit_anchor_key.is_some() {
            anyhow::bail!(
                "invalid configuration:\n  audit_anchor_key is set but audit_anchor names no file to sign"
            );
        }
        let every = std::time::Duration::from_secs(self.audit_anchor_seconds);
        Ok(self.audit_anchor()?.map(|f| (f, every)))
    }

    /// The audit anchor file, if one is configured.
    pub fn audit_anchor(&self) -> anyhow::Result<Option<concord_app::AnchorFile>> {
        if self.audit_anchor.trim().is_empty() {
            return Ok(None);
        }
        concord_app::AnchorFile::new(self.audit_anchor.trim(), self.audit_anchor_key.as_deref())
            .map(Some)
            .map_err(|e| anyhow::anyhow!("{e}"))
    }
}

/// What a NATS subject prefix may be, as said in errors.
pub const SUBJECT_PREFIX_RULE: &str =
    "must be NATS subject tokens (letters, digits, - and _) separated by dots";

/// Whether `prefix` is NATS subject tokens separated by dots (no wildcards, no spaces).
pub fn is_subject_prefix(prefix: &str) -> bool {
    let prefix = prefix.trim();
    !prefix.is_empty()
        && prefix.split('.').all(|t| {
            !t.is_empty()
                && t.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::Config;

    #[test]
    fn hsts_is_on_behind_https_unless_turned_off() {
        let mut c = Config::default();
        assert_eq!(c.hsts_max_age(), None, "plain HTTP by default");
        c.public_url = "https://concord.example.gov.uk".into();
        assert_eq!(c.hsts_max_age(), Some(31_536_000));
        c.hsts = "off".into();
        assert_eq!(c.hsts_max_age(), None);
        c.public_url = String::new();
        c.hsts = "on".into();
        assert_eq!(c.hsts_max_age(), Some(31_536_000));
    }

    /// The IOM settings a deployment sets in its file reach the app; wrong ones are
    /// refused naming the setting, and a cost table that leaves out a group names it.
    #[test]
    fn iom_settings_load_from_the_file_and_are_refused_by_name() {
        let dir = std::env::temp_dir().join(format!("concord-config-iom-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("concord.toml");
        std::fs::write(
            &file,
            "iom_outcome_window_days = 180\n[iom_selection]\nversion = \"essex-2027\"\nproposal_threshold = 14.0\n",
        )
        .unwrap();
        let c = Config::load(Some(&file)).unwrap();
        let iom = c.app_settings().iom;
        assert_eq!(iom.outcome_window_days, 180);
        assert_eq!(iom.selection.version, "essex-2027");
        assert_eq!(iom.selection.proposal_threshold, 14.0);
        assert_eq!(
            iom.selection.exit_threshold, 6.0,
            "fields left out keep the built-in value"
        );

        let costs = dir.join("costs.csv");
        std::fs::write(&costs, "group,pounds\nRobbery,11000\n").unwrap();
        std::fs::write(
            &file,
            format!(
                "iom_outcome_window_days = 5\niom_unit_costs = \"{}\"\n[iom_selection]\nexit_threshold = 20.0\n",
                costs.display()
            ),
        )
        .unwrap();
        let e = Config::load(Some(&file)).unwrap_err().to_string();
        assert!(
            e.contains("iom_outcome_window_days must be between 30 and 1095"),
            "{e}"
        );
        assert!(
            e.contains("iom_selection.exit_threshold: must be below proposal_threshold"),
            "{e}"
        );
        assert!(
            e.contains("no unit cost for the offence groups: Absconding or bail offences"),
            "{e}"
        );
        std::fs::write(&file, "[iom_selection]\nthreshold = 3.0\n").unwrap();
        let e = Config::load(Some(&file)).unwrap_err().to_string();
        assert!(e.contains("threshold"), "{e}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
