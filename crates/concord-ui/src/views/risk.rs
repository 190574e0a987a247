use askama::Template;

use crate::{FormErrors, Shell};

/// One review in a person's risk history.
#[derive(Debug, Clone)]
pub struct RiskHistoryRow {
    pub href: String,
    pub status: String,
    pub date: String,
    pub by: String,
    pub overall: String,
    pub tier: String,
    pub ogrs3: String,
    pub ovp: String,
    pub rsr: String,
    pub review_due: String,
}

/// One point of a line on the scores chart (already in chart coordinates).
#[derive(Debug, Clone)]
pub struct ChartPoint {
    pub x: i64,
    pub y: i64,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct ChartLine {
    pub name: String,
    pub colour: String,
    /// "x1,y1 x2,y2 …" for the polyline.
    pub points_attr: String,
    pub points: Vec<ChartPoint>,
}

#[derive(Debug, Clone)]
pub struct TaskLine {
    pub title: String,
    pub reason: String,
    pub due: String,
    pub overdue: bool,
    pub done: String,
    /// Form action to mark it done (empty once done or when the viewer may not).
    pub done_action: String,
}

#[derive(Debug, Template)]
#[template(path = "assess/risk.html")]
pub struct RiskPage {
    pub shell: Shell,
    pub person_name: String,
    pub person_href: String,
    /// The record's address, for the sub-navigation.
    pub base: String,
    pub notice: String,
    pub rows: Vec<RiskHistoryRow>,
    pub chart_lines: Vec<ChartLine>,
    /// y-axis gridlines: (y, label).
    pub chart_grid: Vec<(i64, String)>,
    pub tasks: Vec<TaskLine>,
    /// "Start a risk review" form action, or the href of the draft to continue.
    pub start_action: String,
    pub continue_href: String,
    pub review_due: String,
    pub review_overdue: bool,
    pub dash_rows: Vec<DashRow>,
    /// Links to start a DASH checklist, (href, label); empty when the viewer may not.
    pub dash_links: Vec<(String, String)>,
}

/// One DASH checklist in a person's risk history.
#[derive(Debug, Clone)]
pub struct DashRow {
    pub href: String,
    pub date: String,
    pub by: String,
    pub version: String,
    pub yes_count: u32,
    pub level: String,
    pub marac: String,
}

/// A completed DASH checklist: the level and why, the MARAC decision, and the answers
/// (the victim's own only for those who hold the victim section).
#[derive(Debug, Template)]
#[template(path = "assess/dash.html")]
pub struct DashPage {
    pub shell: Shell,
    pub person_name: String,
    pub back_href: String,
    pub notice: String,
    pub version: String,
    pub completed: String,
    pub victim: String,
    pub victim_restricted: bool,
    pub yes_count: u32,
    pub suggested_level: String,
    pub level: String,
    pub level_definition: String,
    pub raised: bool,
    pub concerns: String,
    pub refer: bool,
    pub criteria: Vec<String>,
    pub incidents: String,
    pub last_marac_referral: String,
    /// (number, question, answer, about the victim)
    pub questions: Vec<(u8, String, String, bool)>,
}

/// One section of the review's task list.
#[derive(Debug, Clone)]
pub struct TaskListItem {
    pub title: String,
    pub href: String,
    pub status: String,
    pub done: bool,
}

/// One contribution to a score.
#[derive(Debug, Clone)]
pub struct FeatureBar {
    pub name: String,
    /// What the factor stands for, in words.
    pub explanation: String,
    /// "Raises the score", "Lowers the score".
    pub effect: String,
    pub value: String,
    pub x: i64,
    pub width: i64,
    pub y: i64,
    pub positive: bool,
}

#[derive(Debug, Clone)]
pub struct ScoreCard {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Name, figure and band, e.g. "OSP-DC: Not applicable" or "SNSV: 1.80%".
    pub title: String,
    /// False when the predictor gave no figure, so its problems are why.
    pub computed: bool,
    pub score_type: String,
    pub model_version: String,
    pub outputs: Vec<(String, String)>,
    pub bars: Vec<FeatureBar>,
    pub chart_height: i64,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct EntryLine {
    pub date: String,
    pub agency: String,
    pub title: String,
    pub detail: String,
}

#[derive(Debug, Template)]
#[template(path = "assess/risk_review.html")]
pub struct RiskReviewPage {
    pub shell: Shell,
    pub person_name: String,
    pub back_href: String,
    pub notice: String,
    pub errors: FormErrors,
    pub signed: bool,
    pub status_line: String,
    pub tasks: Vec<TaskListItem>,
    pub version: String,
    pub acknowledge_action: String,
    pub sign_action: String,
    pub entries_since: String,
    pub entries: Vec<EntryLine>,
    pub markers: Vec<EntryLine>,
    pub needs_acknowledgement: bool,
    pub acknowledged: String,
    /// (group, level, definition).
    pub rosh_levels: Vec<(String, String, String)>,
    pub overall: String,
    /// (question, answer) of the RoSH narrative.
    pub narrative: Vec<(String, String)>,
    pub review_due: String,
    pub tier: String,
    pub tier_detail: String,
    pub scores: Vec<ScoreCard>,
    /// Facts the assessor corrected: (fact, record's value, assessor's value, reason).
    pub corrections: Vec<(String, String, String, String)>,
}
