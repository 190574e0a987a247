//! What an email summary says: how many things wait for the reader in Concord — new
//! entries others recorded on their cases since the last summary, licences and minutes
//! to approve, their overdue MAPPA actions, appointments awaiting an outcome, monitoring
//! alerts nobody has acknowledged, partner referrals needing them — and a link. Counts
//! only: no name, no case, no entry leaves Concord by email. The counts come from the
//! same section-checked reads as the reader's own home page, made as the reader.

use chrono::{DateTime, Utc};

/// The counts in one summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SummaryCounts {
    pub new_entries: usize,
    pub licences_to_approve: usize,
    pub minutes_to_approve: usize,
    pub overdue_actions: usize,
    pub awaiting_outcome: usize,
    pub unacknowledged_alerts: usize,
    pub partner_referrals: usize,
}

impl SummaryCounts {
    pub fn is_empty(&self) -> bool {
        *self == SummaryCounts::default()
    }

    /// The lines, each "N thing(s)…", leaving out the zeros.
    pub fn lines(&self) -> Vec<String> {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        [
            (
                self.new_entries,
                "new entry on your cases since your last summary",
                "new entries on your cases since your last summary",
            ),
            (
                self.licences_to_approve,
                "licence waiting for your approval",
                "licences waiting for your approval",
            ),
            (
                self.minutes_to_approve,
                "set of MAPP meeting minutes waiting for your approval",
                "sets of MAPP meeting minutes waiting for your approval",
            ),
            (
                self.overdue_actions,
                "MAPPA action of yours overdue",
                "MAPPA actions of yours overdue",
            ),
            (
                self.awaiting_outcome,
                "appointment waiting for you to record how it went",
                "appointments waiting for you to record how they went",
            ),
            (
                self.unacknowledged_alerts,
                "electronic-monitoring alert nobody has acknowledged",
                "electronic-monitoring alerts nobody has acknowledged",
            ),
            (
                self.partner_referrals,
                "partner service referral needing you",
                "partner service referrals needing you",
            ),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| plural(n, one, many))
        .collect()
    }
}

/// The subject and body of `name`'s summary.
pub fn summary_text(
    name: &str,
    counts: &SummaryCounts,
    link: &str,
    at: DateTime<Utc>,
    every_hours: u32,
) -> (String, String) {
    let lines = counts.lines();
    let subject = format!(
        "Concord: {}",
        lines.first().map_or("nothing new", String::as_str)
    ) + if lines.len() > 1 { " and more" } else { "" };
    // The name may come from a single sign-on claim: no control character reaches the
    // message (a lone carriage return would end a line early).
    let name: String = name.chars().filter(|c| !c.is_control()).collect();
    let mut body = format!("Hello {name},\n\nWaiting for you in Concord:\n\n");
    for l in &lines {
        body.push_str(&format!("- {l}\n"));
    }
    body.push_str(&format!(
        "\nSign in to see them: {link}\n\nThis summary names no one: the details stay in Concord. It was made at {} UTC; one is sent at most every {every_hours} hours, when something waits for you.\n",
        at.format("%H:%M on %-d %B %Y")
    ));
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_counts_and_names_no_one() {
        let counts = SummaryCounts {
            new_entries: 3,
            licences_to_approve: 1,
            ..SummaryCounts::default()
        };
        let at = "2026-12-07T07:00:00Z".parse().unwrap();
        let (subject, body) = summary_text(
            "Sarah Whitfield",
            &counts,
            "https://concord.example/cases",
            at,
            24,
        );
        assert_eq!(
            subject,
            "Concord: 3 new entries on your cases since your last summary and more"
        );
        assert!(body.contains("- 3 new entries on your cases since your last summary\n- 1 licence waiting for your approval\n"));
        assert!(body.contains("https://concord.example/cases"));
        assert!(!body.contains("MAPPA action"), "zeros are left out");
        assert!(body.contains("at most every 24 hours"));
        assert!(SummaryCounts::default().is_empty());
    }
}
