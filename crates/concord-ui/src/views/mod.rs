//! View models of the signed-in pages. Plain strings, already formatted for display: the
//! web layer turns domain values into these, so templates make no decisions beyond
//! layout.

mod accounts;
mod board_measures;
mod diary;
mod documents;
mod em;
mod form;
mod governance;
mod identify;
mod iom;
mod lists;
mod manage;
mod mappa;
mod mappa_meetings;
mod mappa_oversight;
mod mappa_plan;
mod occupancy_chart;
mod partners;
mod person;
mod premises;
mod responsibility;
mod risk;

pub use accounts::{WaitingAccountRow, WaitingAccountsPage};
pub use board_measures::{
    BoardMeasuresPage, FiguresTable, IntervalBar, IntervalChart, MeasuresImportPage,
};
pub use diary::{DiaryAppointmentPage, DiaryItem};
pub use documents::{DocumentLine, DocumentsPage};
pub use em::{AlertDetailPage, AlertLine, LiveList, LivePage, MonitoringPage, TagLine};
pub use form::{FormField, FormPage};
pub use governance::{Bar, BarChart, BoardPage, Column, ColumnChart, ReviewItem, ReviewPage};
pub use identify::{DuplicateRow, DuplicatesPage, PairPage, PairSideView, WeightBar};
pub use iom::{
    CohortListPage, CohortPersonPage, CohortRow, ConcentrationArea, ConcentrationPage, IomCaseView,
    LorenzChart,
};
pub use lists::{ApprovalGroup, CaseRow, CaseloadPage, SearchPage, SearchRow, SortLink};
pub use manage::{
    ActionButton, CheckLine, ComplianceLine, CompliancePage, ConditionLine, DisclosuresPage,
    LicenceBlock, LicencePage, LicencePrintPage, PlacedLine, RecallBlock, VictimBlock, VictimsPage,
    ZoneLine, ZonesPage,
};
pub use mappa::{
    MappaPage, MappaReferralBlock, MappaReferralPrintPage, MappaWorkLine, MappaWorkPage, WorkRow,
    WorkTable,
};
pub use mappa_meetings::{
    AgendaCase, AttendeeLine, MappaAgendaPrintPage, MappaMeetingPage, MappaMeetingsPage,
    MappaMinutesPage, MappaMinutesPrintPage, MeetingLine, MinutesField, MinutesVersionBlock,
    OnwardLine,
};
pub use mappa_oversight::{
    Card, MappaOrdersPage, MappaSfoPage, MappaStatisticsPage, MappaTransferPage, ScrPrintPage,
    SfoCard, TransferDone,
};
pub use mappa_plan::{
    ActionLine, CaseActionLine, MappaActionEditPage, MappaActionsPage, MappaPlanPage,
    MappaPlanPrintPage, MeasureLine, PlanPart, PlanVersionBlock,
};
pub use occupancy_chart::{OccupancyChart, OccupancyColumn};
pub use partners::{
    ActionPlanPage, ContractLine, DirectoryPage, PartnerFiguresPage, PartnerWorkLine, PlanLine,
    ReferralLine, ReferralPage, ServicesPage, SessionLine, StepLink, SuggestionLine, VolunteerLine,
    VolunteersPage, WorklistPage,
};
pub use person::{
    AccessPanel, AccessRow, AddressRow, ChangeRow, ChronologyItem, ChronologyPage, HistoryPage,
    IdentityBar, LinkedLine, MarkerRow, MarkerTag, PersonPage, ShareLine, SummaryRow,
};
pub use premises::{
    ApDirectoryPage, ApPremisesPage, ApWorklistPage, ApWorklistRow, ApplicationLine, BedLine,
    BookingLine, DirectoryLine, IncidentLine, PlaceLine, PlacesPage, StayTabPage,
};
pub use responsibility::{MoveCard, ResponsibilityPage, TransferLine, TransfersPage};
pub use risk::{
    ChartLine, ChartPoint, DashPage, DashRow, EntryLine, FeatureBar, RiskHistoryRow, RiskPage,
    RiskReviewPage, ScoreCard, TaskLine, TaskListItem,
};
