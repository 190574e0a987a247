//! Approved premises codes, as HMPPS's CAS1 service has them (application and placement
//! statuses, AP types), and the characteristics a premises or bed has and a place needs.

crate::closed_codes! {
    /// Where an application stands (CAS1's statuses that Concord's flow reaches).
    pub enum ApplicationStatus {
        Submitted = "submitted", "Awaiting assessment",
        AwaitingPlacement = "awaiting_placement", "Accepted: awaiting a place",
        PlacementAllocated = "placement_allocated", "Place booked",
        Rejected = "rejected", "Rejected",
        Withdrawn = "withdrawn", "Withdrawn",
    }
}

crate::closed_codes! {
    /// Where a booking stands (CAS1's placement status).
    pub enum BookingStatus {
        Upcoming = "upcoming", "Upcoming",
        Arrived = "arrived", "Arrived",
        NotArrived = "not_arrived", "Did not arrive",
        Departed = "departed", "Departed",
        Cancelled = "cancelled", "Cancelled",
    }
}

crate::closed_codes! {
    /// The kind of approved premises a person needs (CAS1's AP types).
    pub enum ApType {
        Normal = "normal", "Standard approved premises",
        Pipe = "pipe", "Psychologically informed planned environment (PIPE)",
        Esap = "esap", "Enhanced security (ESAP)",
        RecoveryFocused = "recovery_focused", "Recovery-focused (substance misuse)",
        MentalHealth = "mental_health", "Specialist mental health",
    }
}

crate::closed_codes! {
    /// What a premises or bed offers, and a place may need.
    pub enum Characteristic {
        WomenOnly = "women_only", "Women only",
        MenOnly = "men_only", "Men only",
        SexOffenderSuitable = "sex_offender_suitable", "Suitable for people convicted of sexual offences",
        StepFree = "step_free", "Step-free access",
        Wheelchair = "wheelchair", "Wheelchair accessible room",
        Ensuite = "ensuite", "En-suite",
        GroundFloor = "ground_floor", "Ground floor room",
        Pipe = "pipe", "PIPE",
        Esap = "esap", "ESAP",
    }
}

impl Characteristic {
    /// Whether the premises (not one bed) has it.
    pub fn of_premises(self) -> bool {
        matches!(
            self,
            Characteristic::WomenOnly
                | Characteristic::MenOnly
                | Characteristic::SexOffenderSuitable
                | Characteristic::StepFree
                | Characteristic::Pipe
                | Characteristic::Esap
        )
    }
}

impl ApType {
    /// What the premises must offer for this type.
    pub fn needs(self) -> Option<Characteristic> {
        match self {
            ApType::Pipe => Some(Characteristic::Pipe),
            ApType::Esap => Some(Characteristic::Esap),
            _ => None,
        }
    }
}

crate::closed_codes! {
    /// Why a resident left (CAS1's departure reasons, grouped).
    pub enum DepartureReason {
        PlannedMoveOn = "planned_move_on", "Planned move-on",
        BreachOrRecall = "breach_or_recall", "Breach or recall",
        Absconded = "absconded", "Absconded",
        Other = "other", "Other",
    }
}

crate::closed_codes! {
    /// What happened at the premises (an incident the staff record on the resident's stay).
    pub enum IncidentKind {
        Violence = "violence", "Violence or assault",
        Threats = "threats", "Threats or intimidation",
        Weapon = "weapon", "Weapon found",
        VictimContact = "victim_contact", "Contact or attempted contact with a victim",
        DrugsAlcohol = "drugs_alcohol", "Drugs or alcohol",
        Damage = "damage", "Damage to property",
        SelfHarm = "self_harm", "Self-harm or attempted suicide",
        Safeguarding = "safeguarding", "Safeguarding concern (a child or adult at risk)",
        Other = "other", "Other",
    }
}

impl IncidentKind {
    /// A matter for the police whatever the staff did at the time: the police officers
    /// allocated to him are told through Concord as well as the offender manager.
    pub fn police_matter(self) -> bool {
        matches!(
            self,
            IncidentKind::Violence
                | IncidentKind::Threats
                | IncidentKind::Weapon
                | IncidentKind::VictimContact
        )
    }
}
