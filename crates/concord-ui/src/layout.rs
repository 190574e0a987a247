/// What every page's layout needs; pages embed it as a field named `shell`.
#[derive(Debug, Clone, Default)]
pub struct Shell {
    /// `None` on the sign-in and error pages seen before signing in.
    pub signed_in: Option<SignedIn>,
    /// Service navigation items, already filtered to what the user may see.
    pub nav: Vec<NavItem>,
    /// Token for the sign-out form; may be empty when signed out.
    pub csrf_token: String,
    /// The page's own title; the layout adds the service name and security marking.
    pub page_title: String,
    /// Set on signed-in pages: the timeout warning's script reads it from the page.
    pub session_timeout: Option<SessionTimeout>,
    /// On a person's pages, the tabs of the record the viewer can open: a tab that would
    /// answer "Page not found" is not offered.
    pub tabs: RecordTabs,
    /// On a person's tabs, the key facts above the tab: RoSH, tier and MAPPA status, as
    /// far as the viewer may read them.
    pub key_facts: Option<KeyFactsBand>,
}

/// The key facts of a record in words; a part is `None` when its section is not the
/// viewer's (the band leaves it out), and says "None" or "No signed review" when there is
/// nothing to show.
#[derive(Debug, Clone, Default)]
pub struct KeyFactsBand {
    /// ("High", "red", "signed 6 December 2026").
    pub rosh: Option<(String, &'static str, String)>,
    pub tier: Option<String>,
    pub mappa: Option<String>,
}

/// Which of a record's tabs its viewer can open, from the sections the policy lets them
/// read (each as the tab's own page decides it).
#[derive(Debug, Clone, Copy, Default)]
pub struct RecordTabs {
    pub chronology: bool,
    pub history: bool,
    pub risk: bool,
    /// Licence, zones and addresses, compliance and recall, monitoring, approved premises.
    pub licence: bool,
    pub disclosures: bool,
    pub services: bool,
    pub mappa: bool,
    pub mappa_plan: bool,
    pub sfo: bool,
    /// The victims page and links to it.
    pub victims: bool,
    /// Documents filed under a section the reader reaches.
    pub documents: bool,
}

/// When the session will end if the user does nothing, so the page can warn them first
/// (the GOV.UK timeout warning) instead of losing their unsaved work without notice.
#[derive(Debug, Clone)]
pub struct SessionTimeout {
    /// The configured idle limit, for "you were signed out after N minutes".
    pub idle_minutes: i64,
    /// Seconds until the server ends this session, as of this page.
    pub seconds_left: i64,
}

#[derive(Debug, Clone)]
pub struct SignedIn {
    pub display_name: String,
    pub agency_name: String,
}

#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: String,
    pub label: String,
    pub active: bool,
}
