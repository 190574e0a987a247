//! Assess: RoSH reviews pre-filled from the record with the actuarial predictors and the
//! tier, other agencies' information read before sign-off, tasks when risk rises, and the
//! compute-only calculators, and DASH checklists with the MARAC referral criteria. The arithmetic is concord-risk's; this is the workflow.

mod calculator;
mod dash;
mod dash_form;
mod draft;
mod history;
mod labels;
mod needs;
mod parse;
mod prefill;
mod questions;
mod review;
mod reviews;
mod scores;
mod sign;
mod tier;

pub use dash::{DashAnswerView, DashSummary, DashView};
pub use dash_form::{answer_code, question_field, version_code, version_from_code, DashForm};
pub use history::{HistoryRow, RiskHistory};
pub use labels::{input_label, problem as risk_problem, score_type as score_type_label};
pub use parse::{AnswersForm, RoshForm};
pub use prefill::{Fact, FactKind, FACT_FIELDS};
pub use questions::{
    AnswerKind, Answers, Question, RoshAnswers, NEEDS, NEED_SEVERITIES, NO_PREVIOUS_CONVICTIONS,
    PREVIOUS_CONVICTIONS, QUESTIONS,
};
pub use review::{group_code, level_code, level_from_code, OtherAgencyEntry, RiskReview};
pub use scores::{Feature, PredictorView, Problem, TierView, PREDICTORS};
pub use sign::{SignedReview, TaskView};
