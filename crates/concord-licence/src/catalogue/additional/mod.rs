//! The additional conditions of policy 4.0 (rules.md §6.2), at least one under each of the
//! sixteen statutory headings, and the bespoke condition.
//!
//! Wording is Concord's plain English unless [`ConditionSpec::wording`] says otherwise:
//! rules.md quotes only the IOM condition, and seed 002 quotes the police monitoring
//! visits condition written for Mr D.

mod movement;
mod people;

use super::{
    ConditionKind, ConditionSpec, ConditionTag, ParamKind, ParamSpec, PolicyVersion, WordingSource,
};

/// The statutory headings of rules.md §6.2, in its order.
pub const CATEGORIES: [&str; 16] = [
    RESIDENCE,
    RESTRICTION_OF_RESIDENCY,
    CONTACT,
    PROGRAMME,
    ITEMS,
    DISCLOSURE,
    CURFEW,
    MOVEMENT,
    SUPERVISION,
    CONDUCT,
    EXTREMISM,
    POLYGRAPH,
    DRUGS,
    ELECTRONIC_MONITORING,
    TERRORIST_SEARCH,
    ORGANISED_CRIME,
];

const RESIDENCE: &str = "Residence at a specific place";
const RESTRICTION_OF_RESIDENCY: &str = "Restriction of residency";
const CONTACT: &str = "Making or maintaining contact with a person";
const PROGRAMME: &str = "Participation in, or co-operation with, a programme or set of activities";
const ITEMS: &str = "Possession, ownership, control or inspection of specified items or documents";
const DISCLOSURE: &str = "Disclosure of information";
const CURFEW: &str = "Curfew arrangement";
const MOVEMENT: &str = "Freedom of movement";
const SUPERVISION: &str = "Supervision in the community by the supervising officer, or other responsible officer, or organisation";
const CONDUCT: &str = "Restriction of specified conduct or specified acts";
const EXTREMISM: &str = "Extremism";
const POLYGRAPH: &str = "Polygraph";
const DRUGS: &str = "Drug, alcohol and solvent abuse";
const ELECTRONIC_MONITORING: &str = "Electronic monitoring";
const TERRORIST_SEARCH: &str = "Terrorist personal search";
const ORGANISED_CRIME: &str = "Serious organised crime";

/// Bespoke wording written for one licence, under any policy version.
pub static BESPOKE: ConditionSpec = ConditionSpec {
    code: "BESPOKE",
    policy: PolicyVersion::CURRENT,
    category: "Bespoke",
    text: "{wording}",
    params: &[required(
        "wording",
        "Wording of the condition",
        ParamKind::LongText,
    )],
    victim_related: false,
    kind: ConditionKind::Bespoke,
    tag: None,
    wording: WordingSource::Concord,
};

pub(in crate::catalogue) static ADDITIONAL_V4: [ConditionSpec; people::COUNT + movement::COUNT] =
    concat(people::SPECS, movement::SPECS);

/// Joins the two halves of the catalogue at compile time (the halves live in two files to
/// keep each readable). Evaluated only in a `static` initialiser, so a size mismatch is a
/// compile error, never a run-time panic.
const fn concat<const A: usize, const B: usize, const C: usize>(
    a: [ConditionSpec; A],
    b: [ConditionSpec; B],
) -> [ConditionSpec; C] {
    assert!(A + B == C && A > 0);
    let mut out = [a[0]; C];
    let mut i = 0;
    while i < B {
        out[A + i] = b[i];
        i += 1;
    }
    let mut j = 0;
    while j < A {
        out[j] = a[j];
        j += 1;
    }
    out
}

/// An additional condition of policy 4.0 in Concord's wording.
const fn add(
    code: &'static str,
    category: &'static str,
    text: &'static str,
    params: &'static [ParamSpec],
    tag: Option<ConditionTag>,
    victim_related: bool,
) -> ConditionSpec {
    ConditionSpec {
        code,
        policy: PolicyVersion::V4_0,
        category,
        text,
        params,
        victim_related,
        kind: ConditionKind::Additional,
        tag,
        wording: WordingSource::Concord,
    }
}

/// The same, with wording quoted from a published source.
const fn quoted(spec: ConditionSpec) -> ConditionSpec {
    ConditionSpec {
        wording: WordingSource::Published,
        ..spec
    }
}

const fn required(name: &'static str, label: &'static str, kind: ParamKind) -> ParamSpec {
    ParamSpec {
        name,
        label,
        kind,
        required: true,
    }
}

const fn optional(name: &'static str, label: &'static str, kind: ParamKind) -> ParamSpec {
    ParamSpec {
        name,
        label,
        kind,
        required: false,
    }
}
