//! Caseloads: each offender manager, police officer, IOM officer and specialist gets the
//! people they would manage in their town and role, 15 to 40 of them (fewer partner
//! cases: partners only hold what is referred to them). Allocation is done by the member
//! of staff of the owning agency who registered the record.

use concord_domain::{MarkerKind, PersonId};

use super::history::Status;
use super::places::{CHELMSFORD, SOUTHEND, TOWNS};
use super::rng::Rng;
use super::seed_cases::LoadedSeed;
use super::staff::Staff;
use super::synthetic::{Owner, Profile};
use concord_app::{App, AppError};

pub(super) struct Registered {
    pub person: PersonId,
    pub profile: Profile,
    /// Index in the staff list of who registered the record.
    pub registrar: usize,
}

type Accepts = Box<dyn Fn(&Profile) -> bool>;

/// Which people an account manages, and how many (before the seed cases are counted).
struct Rule {
    accepts: Accepts,
    range: (i64, i64),
}

fn town_of(username: &str) -> Option<usize> {
    TOWNS
        .iter()
        .position(|t| username.split('.').nth(1) == Some(t.slug))
}

fn has(p: &Profile, kinds: &[MarkerKind]) -> bool {
    p.markers.iter().any(|m| kinds.contains(m))
}

fn supervised(p: &Profile) -> bool {
    matches!(p.status, Status::Licence | Status::Community)
}

fn rule(username: &str, role: &str) -> Option<Rule> {
    let town = town_of(username);
    let at = move |p: &Profile| Some(p.town) == town;
    let (accepts, range): (Accepts, (i64, i64)) = match (role, username) {
        ("offender_manager", _) => (
            Box::new(move |p| at(p) && p.owner == Owner::Probation),
            (15, 40),
        ),
        ("public_protection_officer", _) => (
            Box::new(move |p| {
                at(p)
                    && p.status != Status::Custody
                    && (p.mappa
                        || has(
                            p,
                            &[
                                MarkerKind::Violence,
                                MarkerKind::Weapons,
                                MarkerKind::DomesticAbuse,
                                MarkerKind::RiskToChildren,
                            ],
                        ))
            }),
            (15, 40),
        ),
        ("iom_officer", u) if u.ends_with(".probation") => (
            Box::new(move |p| at(p) && p.acquisitive_offences >= 3 && supervised(p)),
            (15, 30),
        ),
        ("iom_officer", _) => (
            Box::new(move |p| at(p) && p.acquisitive_offences >= 3 && p.status != Status::Custody),
            (15, 40),
        ),
        ("prison_offender_manager", _) => (Box::new(|p| p.owner == Owner::Prison), (25, 40)),
        ("approved_premises_manager", _) => (Box::new(|p| p.approved_premises), (10, 24)),
        ("domestic_abuse_officer", _) => (
            Box::new(move |p| {
                at(p) && p.status != Status::Custody && has(p, &[MarkerKind::DomesticAbuse])
            }),
            (5, 15),
        ),
        ("victim_liaison_officer", _) => (
            Box::new(|p| p.mappa && matches!(p.status, Status::Custody | Status::Licence)),
            (20, 40),
        ),
        ("mappa_coordinator", _) => (
            Box::new(|p| p.mappa && p.status != Status::AtLarge),
            (25, 40),
        ),
        ("mappa_chair", _) => (
            Box::new(|p| p.mappa && p.status == Status::Licence),
            (10, 20),
        ),
        ("partner_caseworker", "housing.caseworker") => (
            Box::new(|p| p.town == CHELMSFORD && supervised(p) && !p.approved_premises),
            (5, 12),
        ),
        ("partner_caseworker", "health.cjmh") => (
            Box::new(|p| {
                has(p, &[MarkerKind::SelfHarm, MarkerKind::Suicide]) && p.status != Status::Custody
            }),
            (5, 12),
        ),
        ("partner_caseworker", "drugs.worker") => (
            Box::new(|p| p.town == SOUTHEND && p.drug_user && supervised(p)),
            (8, 15),
        ),
        ("partner_caseworker", "jobcentre.adviser") => (
            Box::new(|p| p.town == CHELMSFORD && p.status == Status::Licence),
            (5, 12),
        ),
        ("partner_caseworker", "social.worker") => (
            Box::new(|p| {
                p.town != SOUTHEND
                    && has(p, &[MarkerKind::RiskToChildren, MarkerKind::DomesticAbuse])
                    && supervised(p)
            }),
            (5, 10),
        ),
        ("partner_caseworker", "mentor") => (
            Box::new(|p| p.town == SOUTHEND && p.acquisitive_offences >= 3 && supervised(p)),
            (5, 10),
        ),
        _ => return None,
    };
    Some(Rule { accepts, range })
}

/// What a partner agency is referred for, and the sections the referral gives: what
/// the service needs, never the victim, health or intelligence sections.
fn referral_for(username: &str) -> (&'static str, &'static [&'static str]) {
    match username {
        "housing.caseworker" => (
            "Housing options: move-on accommodation",
            &["addresses", "markers", "management"],
        ),
        "health.cjmh" => (
            "Mental health assessment and support",
            &["markers", "management"],
        ),
        "drugs.worker" => (
            "Drug rehabilitation requirement",
            &["markers", "convictions", "management", "chronology"],
        ),
        "jobcentre.adviser" => ("Employment support for a prison leaver", &["management"]),
        "social.worker" => (
            "Safeguarding: adult social care assessment",
            &["addresses", "markers", "management"],
        ),
        _ => ("Mentoring", &["markers", "management"]),
    }
}

/// Give a member of staff the case: an allocation for the responsible authority, a
/// referral to their agency for a partner.
pub(super) async fn give(
    app: &App,
    by: &Staff,
    person: PersonId,
    member: &Staff,
    role: &str,
) -> Result<(), AppError> {
    if role == "partner_caseworker" {
        let (purpose, sections) = referral_for(&member.def.username);
        let sections: Vec<String> = sections
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        app.sharing()
            .open_referral(&by.actor, person, member.def.agency, purpose, &sections)
            .await?;
    } else {
        app.people()
            .allocate(&by.actor, person, member.user_id, role)
            .await?;
    }
    Ok(())
}

pub(super) async fn allocate(
    app: &App,
    staff: &[Staff],
    seeds: &[LoadedSeed],
    people: &[Registered],
) -> Result<(), AppError> {
    for member in staff {
        let Some(rule) = rule(&member.def.username, member.def.role) else {
            continue;
        };
        let mut rng = Rng::new(
            member
                .def
                .username
                .bytes()
                .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))),
        );
        let held = seeds
            .iter()
            .filter(|s| s.allocations.iter().any(|(u, _)| *u == member.def.username))
            .count();
        let target = (rng.range(rule.range.0, rule.range.1) as usize).saturating_sub(held);
        for p in people
            .iter()
            .filter(|p| (rule.accepts)(&p.profile))
            .take(target)
        {
            give(app, &staff[p.registrar], p.person, member, member.def.role).await?;
        }
    }
    Ok(())
}
