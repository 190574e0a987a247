//! Concord's use cases: the only API that the web layer, the CLI and jobs call.
//!
//! Owns: the order of every operation — decide access (concord-authz), load or change
//! (concord-store, with the capability the decision gave), append the audit event — in
//! one transaction. A denied attempt rolls the use case back and is then audited on its
//! own. Must not depend on the web framework or render anything.

mod access;
mod accounts;
mod assess;
mod audit_anchor;
mod audit_appender;
mod audit_export;
mod audit_sealer;
mod auth;
mod blocked_passwords;
mod board;
mod clock;
pub mod csv_export;
mod database;
mod documents;
mod em;
mod error;
mod events;
mod handles;
mod identify;
mod iom;
mod kernel;
pub mod limits;
mod manage;
mod mappa;
mod mappa_meetings;
mod mappa_oversight;
mod mappa_plans;
mod notify;
pub mod operations;
mod partners;
mod person;
mod places;
mod premises;
mod probe;
mod responsibility;
mod search;
mod sharing;
mod sso;
mod throttle;
mod training_clock;
#[cfg(feature = "bench-unaudited")]
mod unaudited;

pub use accounts::{AgencySummary, NewUser, UserSummary};
pub use assess::{
    answer_code, group_code, input_label, level_code, level_from_code, question_field,
    risk_problem, score_type_label, version_code, version_from_code, AnswerKind, Answers,
    AnswersForm, DashAnswerView, DashForm, DashSummary, DashView, Fact, FactKind, Feature,
    HistoryRow, OtherAgencyEntry, PredictorView, Problem, Question, RiskHistory, RiskReview,
    RoshAnswers, RoshForm, SignedReview, TaskView, TierView, FACT_FIELDS, NEEDS, NEED_SEVERITIES,
    NO_PREVIOUS_CONVICTIONS, PREDICTORS, PREVIOUS_CONVICTIONS, QUESTIONS,
};
pub use audit_anchor::{AnchorFile, AuditAnchor};
pub use auth::{check_password_strength, SessionStart, SignedInSession};
pub use blocked_passwords::BlockedPasswords;
pub use board::{BoardFigures, MonthFigures};
pub use clock::{london_date, london_time, Clock};
pub use concord_iom::Concentration;
pub use concord_store::redacted_url;
pub use concord_store::ENTRY_SECTIONS;
pub use database::{
    backup_sqlite_database, database_location, database_schema_version, migrate_database,
    redacted_database_url, AuditChainStatus, DatabaseError, DatabaseLocation, SchemaReport,
};
pub use documents::{
    AttachmentUpload, DocumentView, DocumentsPage, OpenedDocument, Scanner, Verdict,
    FILING_SECTIONS, MAX_ATTACHMENT_BYTES,
};
pub use em::{
    connect_feed, parse_csv as parse_fixes_csv, parse_json as parse_fixes_json,
    placed as placed_fixes, validate as validate_fixes, AlertPage, AlertView, FeedConfig,
    FeedCounts, FixInput, FixesAccepted, LiveAlert, LiveAlerts, MonitoringPage, OutcomeForm,
    TagForm, TagView, TrackPoint, UnknownDevices, ValidFix, FIX_CSV_HEADER, OUTCOMES,
};
pub use error::AppError;
pub use events::{stream_name, valid_namespace, PublishedCount, DEFAULT_NAMESPACE};
pub use handles::{
    Accounts, Assess, Documents, Identify, Iom, Manage, MappaCase, Meetings, Monitoring,
    Notifications, Oversight, Partners, People, Places, Plans, Premises, Responsibility, Sharing,
};
pub use identify::{
    DuplicatePair, DuplicateRun, FeedReport, FeedRow, Likeness, LikenessHit, LinkedRecord,
    LinkedRecords, PairSide, QueueItem, LINK_FROM, REVIEW_FROM,
};
pub use iom::{
    last_quarters, quarter_label, quarter_of, AreaConcentration, BoardCohortOutcomes,
    CohortDecisionInput, CohortDecisionView, CohortLine, CohortPage, CohortScore, CohortStatus,
    ComputedCell, ConcentrationFigures, FigureTable, ImportedCell, ImportedMeasure, ImportedSeries,
    IomCasePage, IomEntryInput, IomEntryView, IomTaskInput, LcjbMeasures, MeasureShape,
    MeasuresImported, Part, Quarter, RateLine, ReoffendingFigures, ReoffendingLine, Strand,
    StrandOutcome, MAX_COHORT_REVIEW_DAYS, MAX_MEASURES_BYTES, MEASURE_HEADER,
};
pub use manage::{
    AddressCheckForm, AddressCheckView, AppointmentForm, AppointmentView, BreachView,
    ComplianceEventView, ComplianceForm, CompliancePage, ComplianceRecorded, ComplianceView,
    ConditionForm, ConditionPage, DeadlineView, DiaryAppointmentPage, DiaryAppointmentView,
    DiaryBooking, DiaryLine, DiaryOutcomeForm, DiaryState, DisclosureForm, DisclosureView,
    DisclosuresPage, Findings, HomeFinding, LicenceConditionView, LicenceEventView, LicenceForm,
    LicencePrint, LicenceVersionView, LicencesView, LinkableCondition, LinkedCondition, MyDiary,
    PersonDiary, PlacedAddress, RecallAssessmentView, RecallCriterionView, RecallDecided,
    RecallForm, RecallRequested, RecallStatus, RecallView, ReturnedToCustody, SafeguardingForm,
    VictimFindings, VictimForm, VictimView, VictimsPage, WarningView, ZoneFinding, ZoneForm,
    ZoneView, ZonesPage, VICTIM_RESTRICTION,
};
pub use mappa::{
    mappa_level_label, Category3Form, DueDate, EligibilityForm, MappaCaseView, MappaDecisionView,
    MappaExitForm, MappaRecordView, MappaReferralForm, MappaReferralView, MappaReviewForm,
    MappaWork, MappaWorkItem, MappaWorkPage, NotificationCorrectionForm, ReferralFacts,
    ScreeningForm, EXIT_REASONS,
};
pub use mappa_meetings::{
    access_until, AgendaLine, AgreedAction, AttendanceForm, AttendanceLine, MeetingForm,
    MeetingSummary, MeetingView, MeetingsPage, MinutesForm, MinutesVersion, MinutesView,
    OnwardShareLine, ACCESS_DAYS_AFTER_MEETING, CONFIDENTIALITY_STATEMENT, MINUTES_HEADINGS,
};
pub use mappa_oversight::{
    crc32, statistics_csv, statistics_ods, BundleAction, BundleDecision, BundleEvent,
    BundleMinutes, BundlePerson, BundleReferral, BundleSfo, BundleSpell, BundleVictim, CaseBundle,
    MappaStatistics, OrderEventForm, OrderEventView, OrdersPage, ScrDecisionForm, ScrExport,
    SfoForm, SfoPage, SfoView, StatLine, TransferForm, TransferOutcome, TransferPage, TransferView,
    VICTIM_INFORMATION_BY_VLO,
};
pub use mappa_plans::{
    ActionForm, ActionStatus, ActionSummary, ActionView, ActionsView, Pillar, PlanForm,
    PlanLicence, PlanVersionView, PlanView, StaffOption, VictimMeasureForm, VictimMeasureView,
};
pub use notify::{summary_text, Mail, MailSettings, Relay, SummaryCounts, SummaryRun};
pub use partners::{
    ActionPlanView, Attendance, Closure, ContractInput, ContractView, DbsLevel, Eligibility,
    EndReport, EndReportInput, Engagement, FigureRow, HoursInput, InterventionsView, MatchStatus,
    MatchView, Need, NeedLevel, NeedRow, OutcomeAchieved, OutcomeView, PartnerFigures, PartnerWork,
    PlanInput, PlanItemInput, PlanItemKind, PlanItemStatus, PlanItemView, PlanObjective,
    PlanProgressInput, PlanReviewInput, PlanReviewView, ProviderPlan, ReferInput, ReferralDetail,
    ReferralStatus, ReferralSummary, ScreeningInput, ScreeningView, ServiceType, SessionInput,
    SessionView, SuggestionView, SweepReport, VolunteerInput, VolunteerRole, VolunteerView,
    WorkItem,
};
pub use person::{
    AccessView, AddressInput, AddressView, AliasInput, AliasView, AllocationView, ApprovalItem,
    Approvals, BreakGlassView, CaseloadPage, CaseloadQuery, CaseloadRow, CaseloadSort, ChangeView,
    Chronology, ChronologyEntry, ChronologyFilter, DateInput, EventInput, FieldChange,
    IdentifierInput, IdentifierView, KeyDate, KeyFacts, MarkerInput, MarkerView, NewEntry,
    OffenceInput, OffenceView, OpenTask, PersonDetailsInput, PersonRecord, RecordHeader,
    RecordHistory, ReferralView, RegisterPersonInput, SentenceInput, SentenceView, ShareView,
    NEWS_DAYS,
};
pub use places::{LineProblem, OnspdColumns, OnspdLine, PostcodeImport};
pub use premises::{
    ApplicationForm, ApplicationView, ArrivalForm, AssessmentForm, BedForm, BedServiceForm,
    BedView, BookingForm, BookingView, CancellationForm, DayOccupancy, DepartureForm,
    DirectoryView, IncidentForm, IncidentView, KeyWorkerForm, MissedCurfewForm, MovementForm,
    NonArrivalForm, PlaceOption, PlacesPage, PremisesForm, PremisesPage, PremisesView,
    RegisterCurfew, RegisterLine, ResidentLine, StayPage, WorklistLine,
};
pub use responsibility::{DecisionInput, MoveView, ResponsibilityPage, TransferWorkItem};
pub use search::{SearchHit, SearchResults};
pub use sharing::{BreakGlassReview, ShareInput, BREAK_GLASS_HOURS, SHARE_MAX_DAYS};
pub use sso::{SsoIdentity, SsoSignIn, WaitingAccount};
pub use training_clock::{TrainingClock, MAX_TRAINING_DAYS};

use concord_store::Db;

/// "Only the chair…" as it reads after "refused: ".
fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

/// Settings the use cases need (the web and CLI layers read them from configuration).
#[derive(Debug, Clone)]
pub struct AppSettings {
    /// New passwords on this list are refused (an operator's file, e.g. the NCSC's top
    /// 100,000; empty: the built-in rules only).
    pub blocked_passwords: BlockedPasswords,
    /// A session ends after this long without a request.
    pub session_idle_minutes: i64,
    /// …and after this long in any case.
    pub session_absolute_hours: i64,
    /// Failed sign-ins on one account from one address within 15 minutes before that
    /// address must wait (a growing back-off, never a lock: see `throttle`).
    pub max_failed_sign_ins: i64,
    /// Sessions one account may hold at once (browser and API together); signing in
    /// again ends the oldest beyond it, so a leaked token does not live on unseen.
    pub max_sessions_per_account: i64,
    /// A proposed address within this many metres of a victim's or a child at risk's
    /// home is refused (address checks).
    pub victim_buffer_metres: f64,
    /// Map tiles for the zone maps (`https://host/{z}/{x}/{y}.png`); empty for a plain
    /// background, which needs no tile server.
    pub map_tile_url: String,
    /// The virus scanner every attachment passes (`clamd://HOST:PORT` or
    /// `clamd:///PATH/TO/SOCKET`); empty: no scanner, and no document is accepted.
    pub attachment_scanner: String,
    /// Email summaries through an SMTP relay.
    pub mail: notify::MailSettings,
    /// The MAPPA area this deployment runs, its population and MAPPA's timings.
    pub mappa: MappaSettings,
    /// Connections this node keeps to the database at most; `None` for the engine's
    /// default (see `concord_store::Db::connect_pooled`).
    pub database_pool_size: Option<u32>,
    /// The NATS server domain events are published to (`nats://host:4222`); `None` raises
    /// no events (ADR 0009).
    pub nats_url: Option<String>,
    /// The namespace of this deployment's streams and subjects on that server
    /// ([`DEFAULT_NAMESPACE`] unless several deployments share it).
    pub events_namespace: String,
    /// Integrated Offender Management: harm weights, the cohort score, and the smallest
    /// number figures show.
    pub iom: IomSettings,
    /// Electronic monitoring: the dwell and signal-loss settings, the curfew address's
    /// radius, and the provider's service account the node's feed workers act as.
    pub em: EmSettings,
}

/// Electronic monitoring's configurable parts (issue 22).
#[derive(Debug, Clone, PartialEq)]
pub struct EmSettings {
    pub dwell: concord_geo::fence::DwellConfig,
    /// A person is at the curfew address when within this many metres of it (GPS in a
    /// house is rarely better than 20–50 m).
    pub curfew_radius_m: f64,
    /// The provider's service account (holding `em.fixes.submit`) that the NATS
    /// consumer and the signal-loss watch act as; `None`: neither runs.
    pub feed_account: Option<String>,
    /// The most fixes one HTTP batch may carry.
    pub max_batch: usize,
    /// The feed's NATS subjects: `<prefix>.fixes.>` in, `<prefix>.deadletter.fixes` out.
    pub subject_prefix: String,
}

impl Default for EmSettings {
    fn default() -> Self {
        Self {
            dwell: concord_geo::fence::DwellConfig::default(),
            curfew_radius_m: 100.0,
            feed_account: None,
            max_batch: 10_000,
            subject_prefix: "em".into(),
        }
    }
}

/// IOM's configurable parts (issue 21).
#[derive(Debug, Clone, PartialEq)]
pub struct IomSettings {
    pub harm_weights: concord_iom::HarmWeights,
    pub selection: concord_iom::SelectionConfig,
    /// Aggregate figures about fewer people than this are not shown (small-number
    /// suppression): a count of 3 burglars in a town can name them.
    pub small_number_threshold: u64,
    /// The cost of crime by offence group, for outcomes.
    pub unit_costs: concord_iom::UnitCosts,
    /// Outcomes compare this many days before adoption with as many after.
    pub outcome_window_days: u64,
}

impl Default for IomSettings {
    fn default() -> Self {
        Self {
            harm_weights: concord_iom::HarmWeights::default_table(),
            selection: concord_iom::SelectionConfig::default_config(),
            small_number_threshold: 10,
            unit_costs: concord_iom::UnitCosts::default_table(),
            outcome_window_days: 365,
        }
    }
}

/// The MAPPA area and the numbers MAPPA's rules leave to the area (issue 7).
#[derive(Debug, Clone, PartialEq)]
pub struct MappaSettings {
    /// The MAPPA area (police force area) this deployment serves, e.g. "Essex".
    pub area: String,
    /// The area's population, for registered sexual offenders per 100,000.
    pub area_population: u64,
    /// The towns in which MAPP meetings sit.
    pub towns: Vec<String>,
    /// Review intervals by level, late referral and SFO notification periods.
    pub review: concord_mappa::ReviewSettings,
    /// Days before eligibility ends that the coordinator is prompted.
    pub end_prompt_days: u32,
}

impl Default for MappaSettings {
    fn default() -> Self {
        Self {
            area: "Essex".into(),
            // Essex County Council, Southend-on-Sea and Thurrock: ONS mid-2022 estimate.
            area_population: 1_900_000,
            towns: [
                "Basildon",
                "Braintree",
                "Chelmsford",
                "Colchester",
                "Harlow",
                "Southend-on-Sea",
            ]
            .map(String::from)
            .to_vec(),
            review: concord_mappa::ReviewSettings::default(),
            end_prompt_days: 28,
        }
    }
}

impl Default for AppSettings {
    fn default() -> Self {
        Self {
            blocked_passwords: BlockedPasswords::default(),
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            max_failed_sign_ins: 5,
            max_sessions_per_account: 5,
            victim_buffer_metres: 1000.0,
            map_tile_url: String::new(),
            attachment_scanner: String::new(),
            mail: notify::MailSettings::default(),
            mappa: MappaSettings::default(),
            database_pool_size: None,
            nats_url: None,
            events_namespace: DEFAULT_NAMESPACE.to_string(),
            iom: IomSettings::default(),
            em: EmSettings::default(),
        }
    }
}

/// The application: a database, a clock and settings. Cheap to clone.
#[derive(Clone)]
pub struct App {
    db: Db,
    clock: Clock,
    settings: AppSettings,
    /// The register prepared for likeness search, rebuilt when the register changes.
    likeness: identify::LikenessCache,
    /// Seals the audit events use cases leave waiting (PostgreSQL; ADR 0008).
    sealer: audit_sealer::Sealer,
    /// Writes read units' consultation events, many requests' per commit (PostgreSQL).
    appender: audit_appender::Appender,
    /// Publishes the outbox's domain events to NATS JetStream (ADR 0009).
    publisher: events::Publisher,
    /// The node's geofence evaluators, one per live tag, and the live pages' signal.
    monitors: em::Monitors,
    /// Set only by `concord bench`, in builds with the `bench-unaudited` feature: see
    /// `unaudited.rs`. No such field exists in any other build.
    #[cfg(feature = "bench-unaudited")]
    unaudited: bool,
}

impl App {
    pub fn new(db: Db, clock: Clock, settings: AppSettings) -> Self {
        Self {
            sealer: audit_sealer::Sealer::new(db.clone()),
            appender: audit_appender::Appender::new(db.clone()),
            publisher: events::Publisher::new(
                db.clone(),
                settings.nats_url.clone(),
                &settings.events_namespace,
            ),
            db,
            clock,
            settings,
            likeness: identify::LikenessCache::default(),
            monitors: em::Monitors::default(),
            #[cfg(feature = "bench-unaudited")]
            unaudited: false,
        }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn settings(&self) -> &AppSettings {
        &self.settings
    }

    /// Commit a use case's transaction if it succeeded; otherwise roll it back and, if the
    /// policy denied it, write the denied attempt to the audit chain in a transaction of
    /// its own (so the denial is recorded even though nothing else is).
    async fn finish<T>(
        &self,
        tx: concord_store::Tx,
        result: Result<T, AppError>,
    ) -> Result<T, AppError> {
        match result {
            Ok(value) => {
                tx.commit().await?;
                self.sealer.nudge();
                self.publisher.nudge();
                Ok(value)
            }
            Err(err) => {
                tx.rollback().await.ok();
                if let AppError::Denied { audit, .. } = &err {
                    self.append_alone((**audit).clone()).await?;
                }
                Err(err)
            }
        }
    }

    /// As [`App::finish`]; and a refusal by a rule about who may act (four-eyes, the chair's
    /// rules), which the user sees as a 422 naming the rule, is also written to the audit
    /// chain as a denied attempt with the actor and the person: such a refusal is an
    /// attempt on personal data as much as a policy denial is.
    pub(crate) async fn finish_refused<T>(
        &self,
        tx: concord_store::Tx,
        result: Result<T, AppError>,
        actor: &concord_authz::Actor,
        person: concord_domain::PersonId,
        rules: &[&str],
        what: &str,
    ) -> Result<T, AppError> {
        let broken = match &result {
            Err(AppError::Validation(e)) => e
                .errors
                .iter()
                .find(|f| rules.contains(&f.code))
                .map(|f| (f.code, f.message.clone())),
            _ => None,
        };
        let Some((rule, message)) = broken else {
            return self.finish(tx, result).await;
        };
        // Let go of the audit-chain lock the use case's transaction may hold first.
        tx.rollback().await.ok();
        self.append_alone(self.event(
            actor,
            concord_store::audit::AuditKind::Denied,
            concord_authz::Action::Change,
            concord_authz::ResourceKind::Person,
            Some(person.0),
            &format!("{what} refused: {}", lowercase_first(&message)),
            access::Note::detail(serde_json::json!({"rule": rule})),
        ))
        .await?;
        result
    }

    /// Write one audit event in a transaction of its own: a refusal, recorded although
    /// the work it refused was rolled back. Any transaction of the caller must be over
    /// first: on SQLite it holds the one write lock this one needs.
    async fn append_alone(
        &self,
        event: concord_store::audit::NewAuditEvent,
    ) -> Result<(), AppError> {
        let mut tx = self.db.begin().await?;
        concord_store::audit::record(&mut tx, event).await?;
        tx.commit().await?;
        self.sealer.nudge();
        Ok(())
    }

    /// Seal every audit event still waiting to join the chain (PostgreSQL; on SQLite
    /// none ever waits), from this node or any other; returns how many. A node calls it
    /// as it shuts down; a reader that must see the whole chain calls it first.
    pub async fn settle_audit(&self) -> Result<usize, AppError> {
        Ok(self.sealer.settle().await?)
    }

    /// Publish every domain event waiting in the outbox to NATS JetStream now (a node
    /// shutting down); nothing when no NATS server is configured.
    /// While NATS is away this fails with `Unavailable` and the events keep waiting.
    pub async fn publish_events(&self) -> Result<PublishedCount, AppError> {
        self.publisher.drain().await
    }

    /// Start the node's background work now rather than at the first commit: a node
    /// starting after a crash or an outage seals and publishes what was left waiting
    /// without waiting for a request.
    pub fn start_background_work(&self) {
        self.sealer.nudge();
        self.publisher.nudge();
    }

    /// How many domain events wait in the outbox.
    pub async fn events_waiting(&self) -> Result<i64, AppError> {
        self.read_unattended(async |tx| Ok(concord_store::outbox::waiting_count(tx).await?))
            .await
    }
}
