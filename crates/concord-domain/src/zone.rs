//! Zones on a licence and the checks of a proposed address against them.

crate::closed_codes! {
    /// An exclusion zone keeps the person out; an inclusion zone keeps them in (a curfew
    /// address, a town).
    pub enum ZoneKind {
        Exclusion = "exclusion", "Exclusion zone",
        Inclusion = "inclusion", "Inclusion zone",
    }
}

crate::closed_codes! {
    /// Where a proposed address stands: refused by the automatic checks, waiting for the
    /// safeguarding checks, or approved after them.
    pub enum AddressCheckOutcome {
        Pending = "pending", "Safeguarding checks needed",
        Refused = "refused", "Refused",
        Approved = "approved", "Approved",
    }
}

crate::closed_codes! {
    /// What a proposed address is for.
    pub enum AddressPurpose {
        Release = "release", "Release address",
        Curfew = "curfew", "Curfew address",
        ApprovedPremises = "approved_premises", "Approved premises",
    }
}
