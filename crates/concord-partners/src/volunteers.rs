//! Volunteers and mentors (seed 000: "volunteers to provide practical assistance",
//! "mentoring services for minority group offenders"; seed 001: mentoring on release):
//! whether a volunteer is vetted to work with people under supervision, and whether a
//! match with a person is safe, each refusal with its reason.

use chrono::NaiveDate;

use crate::ServiceType;

concord_domain::closed_codes! {
    /// The level of a Disclosure and Barring Service check.
    pub enum DbsLevel {
        Basic = "basic", "Basic",
        Standard = "standard", "Standard",
        Enhanced = "enhanced", "Enhanced",
        EnhancedBarred = "enhanced_barred", "Enhanced with barred lists",
    }
}

concord_domain::closed_codes! {
    /// What a volunteer does.
    pub enum VolunteerRole {
        Mentor = "mentor", "Mentor",
        PracticalHelp = "practical_help", "Practical help",
        VictimSupport = "victim_support", "Works with victims",
    }
}

concord_domain::closed_codes! {
    /// Where a match stands: proposed by the volunteers' co-ordinator, approved by the
    /// officer, ended.
    pub enum MatchStatus {
        Proposed = "proposed", "Proposed, awaiting the officer's approval",
        Approved = "approved", "Approved",
        Declined = "declined", "Not approved",
        Ended = "ended", "Ended",
    }
}

/// A DBS check older than this is renewed before the volunteer works with anyone.
pub const DBS_VALID_DAYS: i64 = 3 * 365;
/// References a volunteer needs.
pub const REFERENCES_NEEDED: u32 = 2;

/// What vetting holds for a volunteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Vetting {
    pub dbs_level: Option<DbsLevel>,
    pub dbs_checked_on: Option<NaiveDate>,
    pub references: u32,
    pub trained_on: Option<NaiveDate>,
}

/// Why the volunteer may not be matched with anyone today (empty: vetted).
pub fn vetting_problems(v: &Vetting, today: NaiveDate) -> Vec<String> {
    let mut out = vec![];
    match (v.dbs_level, v.dbs_checked_on) {
        (None, _) | (_, None) => out.push("no DBS check is recorded".to_string()),
        (Some(DbsLevel::Basic | DbsLevel::Standard), _) => out
            .push("working with people under supervision needs an enhanced DBS check".to_string()),
        (Some(_), Some(on)) if (today - on).num_days() > DBS_VALID_DAYS => out.push(format!(
            "the DBS check of {} is more than three years old",
            concord_domain::format_date(on)
        )),
        _ => {}
    }
    if v.references < REFERENCES_NEEDED {
        out.push(format!(
            "{} of the {REFERENCES_NEEDED} references needed have been received",
            v.references
        ));
    }
    if v.trained_on.is_none_or(|d| d > today) {
        out.push("the volunteer has not completed the training".to_string());
    }
    out
}

/// Why this volunteer may not be matched on a referral to this service (empty: may).
/// Whether the person may have the service was decided when the referral was sent; what
/// is left is whether the volunteer delivers it, and safeguarding.
pub fn match_problems(role: VolunteerRole, service: ServiceType) -> Vec<String> {
    let mut out = vec![];
    // Safeguarding: those who support victims are never matched with someone who
    // offends, whoever the victim.
    if role == VolunteerRole::VictimSupport {
        out.push(
            "a volunteer who works with victims is never matched with a person who offends"
                .to_string(),
        );
    }
    let fits = match service {
        ServiceType::MinorityMentoring | ServiceType::ReleaseMentoring => {
            role == VolunteerRole::Mentor
        }
        ServiceType::PracticalHelpVolunteers => {
            matches!(role, VolunteerRole::PracticalHelp | VolunteerRole::Mentor)
        }
        _ => false,
    };
    if !fits {
        out.push(format!(
            "a volunteer for {} does not deliver {}",
            role.label().to_lowercase(),
            service.label().to_lowercase()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn vetted() -> Vetting {
        Vetting {
            dbs_level: Some(DbsLevel::Enhanced),
            dbs_checked_on: Some(d(2025, 6, 1)),
            references: 2,
            trained_on: Some(d(2025, 7, 1)),
        }
    }

    #[test]
    fn a_volunteer_needs_an_enhanced_check_in_date_two_references_and_training() {
        let today = d(2026, 12, 5);
        assert!(vetting_problems(&vetted(), today).is_empty());
        let mut v = vetted();
        v.dbs_level = Some(DbsLevel::Basic);
        v.references = 1;
        v.trained_on = None;
        assert_eq!(vetting_problems(&v, today).len(), 3);
        let mut old = vetted();
        old.dbs_checked_on = Some(d(2023, 1, 1));
        assert!(vetting_problems(&old, today)[0].contains("more than three years old"));
    }

    #[test]
    fn victim_volunteers_are_never_matched_and_mentoring_needs_a_mentor() {
        assert!(match_problems(
            VolunteerRole::PracticalHelp,
            ServiceType::PracticalHelpVolunteers
        )
        .is_empty());
        let p = match_problems(
            VolunteerRole::VictimSupport,
            ServiceType::PracticalHelpVolunteers,
        );
        assert!(p[0].contains("never matched"), "{p:?}");
        let p = match_problems(VolunteerRole::PracticalHelp, ServiceType::MinorityMentoring);
        assert_eq!(p, ["a volunteer for practical help does not deliver mentoring for minority-group offenders"]);
        assert!(match_problems(VolunteerRole::Mentor, ServiceType::ReleaseMentoring).is_empty());
    }
}
