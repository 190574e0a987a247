//! The tasks Concord puts on a caseload.

crate::closed_codes! {
    /// What a task asks for: after a rise in risk, a review of the plan and of the
    /// allocation; after a high-risk DASH, a MARAC referral; after an unacceptable absence,
    /// the warn-or-refer decision or the mandatory breach referral; after a revocation, the
    /// recall's execution and telling the victim; and the tasks the IOM team shares
    /// between its police and probation officers.
    pub enum TaskKind {
        RiskReview = "risk_review", "Risk review",
        AllocationReview = "allocation_review", "Allocation review",
        MaracReferral = "marac_referral", "MARAC referral",
        EnforcementDecision = "enforcement_decision", "Enforcement decision",
        BreachReferral = "breach_referral", "Breach referral",
        RecallExecute = "recall_execute", "Execute the recall",
        VictimNotifyRecall = "victim_notify_recall", "Tell the victim of the recall",
        /// Set by the IOM team for either of its police and probation officers.
        IomTask = "iom_task", "IOM task",
        /// An approved-premises booking's resident did not arrive: the offender manager
        /// and the police act (a possible recall).
        ApNonArrival = "ap_non_arrival", "Did not arrive at the approved premises",
        /// An incident at the approved premises: the offender manager, and the police for a
        /// police matter or when the staff told them, review it.
        ApIncident = "ap_incident", "Incident at the approved premises",
        /// He left the approved premises while his licence still requires him to live
        /// there: the offender manager varies the residence condition.
        ApResidenceVariation = "ap_residence_variation", "Vary the residence condition",
    }
}

#[cfg(test)]
mod tests {
    use super::TaskKind;

    #[test]
    fn task_kinds_are_the_stored_codes() {
        assert_eq!(
            TaskKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>(),
            [
                "risk_review",
                "allocation_review",
                "marac_referral",
                "enforcement_decision",
                "breach_referral",
                "recall_execute",
                "victim_notify_recall",
                "iom_task",
                "ap_non_arrival",
                "ap_incident",
                "ap_residence_variation"
            ]
        );
    }
}
