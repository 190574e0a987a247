//! A referral's lifecycle, as Refer and Monitor an Intervention runs it: draft → sent →
//! accepted (or declined) → assigned to a caseworker → action plan submitted → approved
//! by the officer (in progress) → end-of-service report → closed; the officer may
//! cancel and either side may record that the person withdrew, at any open step.

concord_domain::closed_codes! {
    /// Where a referral stands.
    pub enum ReferralStatus {
        Draft = "draft", "Draft",
        Sent = "sent", "Sent, awaiting the provider",
        Accepted = "accepted", "Accepted, awaiting a caseworker",
        Declined = "declined", "Declined by the provider",
        Assigned = "assigned", "Assigned, action plan awaited",
        PlanSubmitted = "plan_submitted", "Action plan awaiting approval",
        InProgress = "in_progress", "In progress",
        Closed = "closed", "Closed",
    }
}

concord_domain::closed_codes! {
    /// How a closed referral ended.
    pub enum Closure {
        Completed = "completed", "Completed, with an end-of-service report",
        Cancelled = "cancelled", "Cancelled by probation",
        Withdrew = "withdrew", "The person withdrew",
    }
}

concord_domain::closed_codes! {
    /// Whether the person came to a session (Refer and Monitor's yes / late / no).
    pub enum Attendance {
        Attended = "attended", "Attended",
        Late = "late", "Attended late",
        DidNotAttend = "did_not_attend", "Did not attend",
    }
}

concord_domain::closed_codes! {
    /// How the person engaged in a session they came to.
    pub enum Engagement {
        Good = "good", "Engaged well",
        Some = "some", "Engaged in part",
        Poor = "poor", "Did not engage",
    }
}

concord_domain::closed_codes! {
    /// How far an objective of the action plan was achieved, in the end-of-service report.
    pub enum OutcomeAchieved {
        Achieved = "achieved", "Achieved",
        PartiallyAchieved = "partially_achieved", "Partially achieved",
        NotAchieved = "not_achieved", "Not achieved",
    }
}

/// Something done to a referral. Who may do it is [`Step::by_provider`]; whether it may
/// be done now is [`Step::from`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Send,
    Accept,
    Decline,
    Assign,
    SubmitPlan,
    ApprovePlan,
    RecordSession,
    EndReport,
    Cancel,
    Withdraw,
}

impl ReferralStatus {
    /// Not yet ended (a draft is open: it may still be sent or cancelled).
    pub fn is_open(self) -> bool {
        !matches!(self, ReferralStatus::Declined | ReferralStatus::Closed)
    }

    /// Does the provider reach the person's shared sections? From sending until it ends.
    pub fn gives_access(self) -> bool {
        self.is_open() && self != ReferralStatus::Draft
    }

    /// Is the person in one of the contract's places (as opposed to waiting for one)?
    pub fn holds_a_place(self) -> bool {
        matches!(
            self,
            ReferralStatus::Accepted
                | ReferralStatus::Assigned
                | ReferralStatus::PlanSubmitted
                | ReferralStatus::InProgress
        )
    }
}

impl Step {
    /// What the step is called in a refusal ("cannot be accepted").
    pub fn past(self) -> &'static str {
        match self {
            Step::Send => "sent",
            Step::Accept => "accepted",
            Step::Decline => "declined",
            Step::Assign => "assigned to a caseworker",
            Step::SubmitPlan => "given an action plan",
            Step::ApprovePlan => "given an approved plan",
            Step::RecordSession => "given a session",
            Step::EndReport => "closed with an end-of-service report",
            Step::Cancel => "cancelled",
            Step::Withdraw => "closed as withdrawn",
        }
    }

    /// Taken by the provider's staff (the rest by probation, except withdrawal: either).
    pub fn by_provider(self) -> bool {
        matches!(
            self,
            Step::Accept
                | Step::Decline
                | Step::Assign
                | Step::SubmitPlan
                | Step::RecordSession
                | Step::EndReport
        )
    }

    /// The status after this step from `status`, or why it cannot be taken now.
    pub fn from(self, status: ReferralStatus) -> Result<ReferralStatus, String> {
        use ReferralStatus as S;
        let next = match (self, status) {
            (Step::Send, S::Draft) => Some(S::Sent),
            (Step::Accept, S::Sent) => Some(S::Accepted),
            (Step::Decline, S::Sent) => Some(S::Declined),
            // A caseworker may be changed until the end; the first one moves it on.
            (Step::Assign, S::Accepted) => Some(S::Assigned),
            (Step::Assign, s @ (S::Assigned | S::PlanSubmitted | S::InProgress)) => Some(s),
            // A plan may be revised: a revision waits for approval again.
            (Step::SubmitPlan, S::Assigned | S::PlanSubmitted | S::InProgress) => {
                Some(S::PlanSubmitted)
            }
            (Step::ApprovePlan, S::PlanSubmitted) => Some(S::InProgress),
            // The first appointment (the provider's assessment) comes before the plan.
            (Step::RecordSession, s @ (S::Assigned | S::PlanSubmitted | S::InProgress)) => Some(s),
            (Step::EndReport, S::InProgress) => Some(S::Closed),
            (Step::Cancel | Step::Withdraw, s) if s.is_open() => Some(S::Closed),
            _ => None,
        };
        next.ok_or_else(|| {
            format!(
                "a referral that is {} cannot be {}",
                status.label().to_lowercase(),
                self.past()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReferralStatus as S;

    const STEPS: [Step; 10] = [
        Step::Send,
        Step::Accept,
        Step::Decline,
        Step::Assign,
        Step::SubmitPlan,
        Step::ApprovePlan,
        Step::RecordSession,
        Step::EndReport,
        Step::Cancel,
        Step::Withdraw,
    ];

    #[test]
    fn the_whole_way_from_draft_to_an_end_report() {
        let mut s = S::Draft;
        for step in [
            Step::Send,
            Step::Accept,
            Step::Assign,
            Step::RecordSession,
            Step::SubmitPlan,
            Step::ApprovePlan,
            Step::RecordSession,
            Step::EndReport,
        ] {
            s = step.from(s).unwrap();
        }
        assert_eq!(s, S::Closed);
    }

    #[test]
    fn nothing_moves_an_ended_referral() {
        for ended in [S::Declined, S::Closed] {
            for step in STEPS {
                assert!(step.from(ended).is_err(), "{step:?} from {ended:?}");
            }
        }
    }

    #[test]
    fn sessions_need_a_caseworker_and_the_end_report_an_approved_plan() {
        assert!(Step::RecordSession.from(S::Sent).is_err());
        assert!(Step::RecordSession.from(S::Accepted).is_err());
        assert_eq!(
            Step::EndReport.from(S::PlanSubmitted).unwrap_err(),
            "a referral that is action plan awaiting approval cannot be closed with an end-of-service report"
        );
        assert!(Step::Accept.from(S::Draft).is_err());
    }

    #[test]
    fn a_place_is_held_from_acceptance_to_the_end_and_access_from_sending() {
        for s in S::ALL {
            if s.holds_a_place() {
                assert!(s.gives_access(), "{s:?}");
            }
        }
        assert!(!S::Draft.gives_access());
        assert!(S::Sent.gives_access() && !S::Sent.holds_a_place());
        assert!(!S::Closed.gives_access());
    }

    #[test]
    fn only_the_provider_accepts_plans_and_reports_and_only_probation_approves() {
        assert!(Step::Accept.by_provider() && Step::EndReport.by_provider());
        assert!(!Step::ApprovePlan.by_provider() && !Step::Cancel.by_provider());
    }
}
