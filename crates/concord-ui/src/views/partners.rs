//! Partner services: the directory, a person's partner services, one referral (as the
//! officer or the provider sees it) and the provider's list of referrals.

use askama::Template;

use crate::{FormErrors, Shell};

/// A line of a table: (label, value).
pub type Fact = (String, String);

/// A contract in the directory.
#[derive(Debug, Clone)]
pub struct ContractLine {
    pub service: String,
    pub provider: String,
    pub reference: String,
    pub towns: String,
    pub eligibility: String,
    pub dates: String,
    pub capacity: String,
    pub current: bool,
}

#[derive(Debug, Template)]
#[template(path = "partners/directory.html")]
pub struct DirectoryPage {
    pub shell: Shell,
    pub contracts: Vec<ContractLine>,
    pub add_href: String,
    pub notice: String,
}

/// A referral in a list (the person's tab, the provider's list).
#[derive(Debug, Clone)]
pub struct ReferralLine {
    pub href: String,
    pub person: String,
    pub service: String,
    pub provider: String,
    pub status: String,
    /// GOV.UK tag colour for the status.
    pub colour: &'static str,
    pub sent: String,
    pub caseworker: String,
    pub sessions: String,
    pub due: String,
    pub overdue: bool,
}

/// A service suggested at screening, with why and the link that refers to it.
#[derive(Debug, Clone)]
pub struct SuggestionLine {
    pub service: String,
    pub provider: String,
    pub reasons: Vec<String>,
    pub refer_href: String,
}

#[derive(Debug, Template)]
#[template(path = "partners/services.html")]
pub struct ServicesPage {
    pub shell: Shell,
    pub person_name: String,
    pub base: String,
    pub notice: String,
    /// (need, level, where it came from) of the needs found.
    pub needs: Vec<(String, String, String)>,
    pub screened: String,
    pub screening_href: String,
    pub suggestions: Vec<SuggestionLine>,
    pub referrals: Vec<ReferralLine>,
    pub may_refer: bool,
    pub refer_href: String,
    /// The contracts that cannot take the person now, with why (service — reasons).
    pub unavailable: Vec<Fact>,
}

/// A step the reader may take on a referral: a button posting the token only, or a link
/// to a form.
#[derive(Debug, Clone)]
pub struct StepLink {
    pub label: String,
    pub href: String,
    /// Posts at once (no form to fill in).
    pub button: bool,
    pub secondary: bool,
}

#[derive(Debug, Template)]
#[template(path = "partners/referral.html")]
pub struct ReferralPage {
    pub shell: Shell,
    pub person_name: String,
    pub back_href: String,
    pub back_label: String,
    pub notice: String,
    pub errors: FormErrors,
    pub heading: String,
    pub status: String,
    pub colour: &'static str,
    pub due: String,
    pub overdue: bool,
    pub facts: Vec<Fact>,
    /// What of the person the referral shares, and the sections named.
    pub shared: Vec<Fact>,
    pub shared_sections: String,
    /// The plan: objectives (need, objective), then activities and sessions.
    pub plan_objectives: Vec<Fact>,
    pub plan_facts: Vec<Fact>,
    pub sessions: Vec<SessionLine>,
    pub end_report: Vec<Fact>,
    pub outcomes: Vec<Fact>,
    pub steps: Vec<StepLink>,
    /// Volunteers matched on the referral: (volunteer, where it stands).
    pub matches: Vec<Fact>,
    /// What the reader may do about a volunteer now.
    pub volunteer_steps: Vec<StepLink>,
    /// The referral is to a service volunteers deliver.
    pub volunteering: bool,
}

#[derive(Debug, Clone)]
pub struct SessionLine {
    pub date: String,
    pub attendance: String,
    pub engagement: String,
    pub notes: String,
    pub by: String,
}

#[derive(Debug, Template)]
#[template(path = "partners/worklist.html")]
pub struct WorklistPage {
    pub shell: Shell,
    pub notice: String,
    pub referrals: Vec<ReferralLine>,
    pub mine: bool,
    pub toggle_href: String,
}

/// A line of the action plan.
#[derive(Debug, Clone)]
pub struct PlanLine {
    pub need: String,
    pub text: String,
    pub target: String,
    pub status: String,
    pub progress: String,
    pub overdue: bool,
    /// The progress form (empty on the print or for readers who may not change it).
    pub update_href: String,
}

/// Partner work as the plan shows it.
#[derive(Debug, Clone)]
pub struct PartnerWorkLine {
    pub referral: ReferralLine,
    pub objectives: Vec<String>,
}

#[derive(Debug, Template)]
#[template(path = "partners/action_plan.html")]
pub struct ActionPlanPage {
    pub shell: Shell,
    pub person_name: String,
    pub base: String,
    pub notice: String,
    /// The print view: no forms, no links.
    pub print: bool,
    pub review: String,
    pub review_overdue: bool,
    pub objectives: Vec<PlanLine>,
    pub actions: Vec<PlanLine>,
    pub partner_work: Vec<PartnerWorkLine>,
    /// (need and level, link to add an objective for it).
    pub uncovered: Vec<(String, String)>,
    pub reviews: Vec<Fact>,
    pub add_objective_href: String,
    pub add_action_href: String,
    pub review_href: String,
    pub print_href: String,
}

#[derive(Debug, Template)]
#[template(path = "partners/figures.html")]
pub struct PartnerFiguresPage {
    pub shell: Shell,
    /// Groups of fewer referrals than this are withheld.
    pub threshold: u64,
    pub headlines: Vec<Fact>,
    pub charts: Vec<crate::views::BarChart>,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub csv_href: String,
    pub ods_href: String,
}

/// A volunteer in the provider's register.
#[derive(Debug, Clone)]
pub struct VolunteerLine {
    pub name: String,
    pub role: String,
    pub dbs: String,
    pub references: String,
    pub trained: String,
    /// "Vetted", or why not.
    pub vetting: String,
    pub vetted: bool,
    pub edit_href: String,
}

#[derive(Debug, Template)]
#[template(path = "partners/volunteers.html")]
pub struct VolunteersPage {
    pub shell: Shell,
    pub notice: String,
    pub volunteers: Vec<VolunteerLine>,
    pub add_href: String,
}
