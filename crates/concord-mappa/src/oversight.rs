//! The codes of MAPPA oversight (issue 7 items 9 and 11): the MAPPA chair's serious case
//! review decision on a serious further offence, and the orders and breaches the annual
//! report counts for registered sexual offenders.

concord_domain::closed_codes! {
    /// Whether a serious case review is held after a serious further offence: pending
    /// until the MAPPA chair decides.
    pub enum ScrDecision {
        Pending = "pending", "Awaiting the MAPPA chair's decision",
        Review = "review", "A serious case review is held",
        NoReview = "no_review", "No serious case review",
    }
}

concord_domain::closed_codes! {
    /// An order or breach the annual report counts, in the report's order.
    pub enum OrderEventKind {
        NotificationBreach = "notification_breach",
            "Cautioned or convicted for breach of notification requirements",
        ShpoImposed = "shpo_imposed", "Sexual harm prevention order imposed",
        ShpoForeignTravel = "shpo_foreign_travel",
            "Sexual harm prevention order with a foreign travel restriction imposed",
        NotificationOrder = "notification_order", "Notification order imposed",
        SroBreachNotification = "sro_breach_notification",
            "Made subject to notification for breach of a sexual risk order",
        OrderBreachReturn = "order_breach_return",
            "Returned to custody for breach of a SHPO or SOPO",
    }
}
