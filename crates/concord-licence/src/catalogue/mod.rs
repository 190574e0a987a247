//! The catalogue of licence conditions: standard conditions per licence type and policy
//! version, the additional conditions an offender manager may choose, and the one bespoke
//! condition.
//!
//! Sources: `domain/rules.md` §6.1 (standard conditions, policy 1.0 statutory wording and
//! the policy 4.0 list), §6.2 (the additional conditions catalogue and its statutory
//! headings, used verbatim as [`ConditionSpec::category`]) and seed 002 (the case of
//! Mr D). Every spec says where its wording comes from in [`ConditionSpec::wording`]:
//! statutory wording is quoted only where rules.md quotes it; everything else is Concord's
//! own plain-English wording in the style of policy 4.0.
//!
//! Decisions where the sources are silent:
//! - **Codes** are stable strings. Codes without a version suffix belong to the current
//!   policy (4.0); the policy 1.0 standard conditions end in `-V1`. A code names exactly
//!   one policy, so [`find`] needs no policy argument.
//! - **Policy 1.0 additional conditions** are not catalogued (rules.md only lists the 4.0
//!   catalogue): [`additional_conditions`] returns an empty slice for 1.0, and historic
//!   1.0 licences carry their additional conditions as bespoke wording.
//! - **PSS requirements**: rules.md gives one list (set by statute, ORA 2014), so both
//!   policies use the same wording under their own codes.
//! - **AP_PSS** licences carry the AP conditions followed by the PSS requirements.
//! - **Bespoke** wording is not part of any policy: [`BESPOKE`] is accepted under every
//!   policy version and is not listed by [`additional_conditions`].
//! - **Templates**: `{name}` is a parameter; a segment in `[` `]` is dropped when any
//!   parameter inside it is blank, which is how optional parameters (an exclusion zone's
//!   time window, the days of a curfew) stay out of the wording when unused. Parameters
//!   outside brackets are required, those inside are optional (a test checks every spec).

mod additional;
mod standard;

use serde::{Deserialize, Serialize};

pub use additional::{BESPOKE, CATEGORIES};

/// The licence policy version a condition was written under (`PolicyVersion.kt` has 1.0,
/// 2.0, 2.1, 3.0 and 4.0; Concord carries the statutory 1.0 and the current 4.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PolicyVersion {
    #[serde(rename = "1.0")]
    V1_0,
    #[serde(rename = "4.0")]
    V4_0,
}

impl PolicyVersion {
    /// The policy new licences are written under.
    pub const CURRENT: PolicyVersion = PolicyVersion::V4_0;

    pub fn as_str(self) -> &'static str {
        match self {
            PolicyVersion::V1_0 => "1.0",
            PolicyVersion::V4_0 => "4.0",
        }
    }
}

/// The policy new licences are written under.
pub const CURRENT: PolicyVersion = PolicyVersion::CURRENT;

concord_domain::closed_codes! {
    /// What the licence covers: the licence period (AP), post-sentence supervision only
    /// (PSS), or a licence followed by post-sentence supervision (AP_PSS).
    pub enum LicenceType {
        Ap = "AP", "Licence",
        Pss = "PSS", "Post-sentence supervision",
        ApPss = "AP_PSS", "Licence and post-sentence supervision",
    }
}

/// The kind of value a parameter holds; validation and rendering follow from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParamKind {
    /// A short line of text (a name of a region, a type of vehicle).
    Text,
    /// A paragraph (the description of an exclusion zone, bespoke wording).
    LongText,
    /// A person's name.
    Person,
    /// A local time of day, `HH:MM`.
    Time,
    /// A date, ISO `yyyy-mm-dd` or `d/m/yyyy`, inside the licence period.
    Date,
    Address,
    /// A reference to a mapped zone (the map attached to the licence).
    Zone,
    /// A whole number; its range is [`ParamSpec::number_range`].
    Number,
    /// One of a fixed list of values, exactly as listed.
    Choice(&'static [&'static str]),
}

/// One input of a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ParamSpec {
    pub name: &'static str,
    /// Sentence-case label for forms and error messages ("Start time").
    pub label: &'static str,
    pub kind: ParamKind,
    pub required: bool,
}

impl ParamSpec {
    /// The whole numbers a `Number` parameter accepts. Ages of children stop at 18 (a
    /// child is a person under 18); other counts and sums of money are capped at a million
    /// so that a typing slip is caught (Concord's limits: the sources give none).
    pub fn number_range(&self) -> (u64, u64) {
        match self.name {
            "age" => (1, 18),
            _ => (1, 1_000_000),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConditionKind {
    Standard,
    Additional,
    Bespoke,
}

/// What a condition is for, so workflow code (curfew checks, victim notifications, zone
/// monitoring) can find it without matching on codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConditionTag {
    Curfew,
    ExclusionZone,
    InclusionZone,
    NonContact,
    Residence,
    PoliceVisits,
    DiscloseRelationships,
    DiscloseVehicles,
    DrugTesting,
    ElectronicMonitoring,
}

/// Where a spec's wording comes from, so that pages can say which words are the law's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WordingSource {
    /// Statutory wording quoted in rules.md §6.1.
    Statutory,
    /// Quoted from a published source recorded in rules.md or the seeds.
    Published,
    /// Concord's own plain-English wording (policy 4.0 style).
    Concord,
}

/// One condition in the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ConditionSpec {
    pub code: &'static str,
    pub policy: PolicyVersion,
    /// The statutory heading from rules.md §6.2, or "Standard" / "Bespoke".
    pub category: &'static str,
    /// The wording, with `{param}` placeholders and `[optional segments]`.
    pub text: &'static str,
    pub params: &'static [ParamSpec],
    /// Whether the condition may be linked to a victim record (non-contact, exclusion
    /// zones, named premises): victims may make representations about these and are told
    /// when they end (rules.md §7.1).
    pub victim_related: bool,
    pub kind: ConditionKind,
    pub tag: Option<ConditionTag>,
    pub wording: WordingSource,
}

impl ConditionSpec {
    pub fn param(&self, name: &str) -> Option<&'static ParamSpec> {
        self.params.iter().find(|p| p.name == name)
    }

    /// A readable name made from the code: "ADD-EXCLUSION-ZONE" → "Exclusion zone".
    pub fn short_name(&self) -> String {
        let stem = self.code.trim_end_matches("-V1");
        let stem = ["ADD-", "AP-STD-", "PSS-STD-"]
            .iter()
            .find_map(|prefix| stem.strip_prefix(prefix))
            .unwrap_or(stem);
        let words = stem.replace('-', " ").to_lowercase();
        let mut chars = words.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

/// The standard conditions every licence of this type carries under this policy, in
/// licence order.
pub fn standard_conditions(
    licence_type: LicenceType,
    policy: PolicyVersion,
) -> Vec<&'static ConditionSpec> {
    let (ap, pss): (&'static [ConditionSpec], &'static [ConditionSpec]) = match policy {
        PolicyVersion::V1_0 => (&standard::AP_V1, &standard::PSS_V1),
        PolicyVersion::V4_0 => (&standard::AP_V4, &standard::PSS_V4),
    };
    match licence_type {
        LicenceType::Ap => ap.iter().collect(),
        LicenceType::Pss => pss.iter().collect(),
        LicenceType::ApPss => ap.iter().chain(pss.iter()).collect(),
    }
}

/// The additional conditions an offender manager may add under this policy (empty for
/// 1.0; see the module doc).
pub fn additional_conditions(policy: PolicyVersion) -> &'static [ConditionSpec] {
    match policy {
        PolicyVersion::V1_0 => &[],
        PolicyVersion::V4_0 => &additional::ADDITIONAL_V4,
    }
}

/// Every spec in the catalogue, standard, additional and bespoke.
pub fn all() -> impl Iterator<Item = &'static ConditionSpec> {
    standard::AP_V1
        .iter()
        .chain(standard::PSS_V1.iter())
        .chain(standard::AP_V4.iter())
        .chain(standard::PSS_V4.iter())
        .chain(additional::ADDITIONAL_V4.iter())
        .chain(std::iter::once(&BESPOKE))
}

/// The spec with this code, under whichever policy it belongs to.
pub fn find(code: &str) -> Option<&'static ConditionSpec> {
    all().find(|spec| spec.code == code)
}
