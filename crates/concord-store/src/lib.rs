//! Persistence for Concord on SQLite (embedded default) and PostgreSQL (production).
//!
//! Owns: the schema and its forward-only migrations, every SQL statement, the audit
//! chain. One schema source and one query layer serve both engines: each query is
//! written once and compiled for both drivers by [`on_tx!`].
//!
//! Functions that read or change the personal data of the people Concord manages take a
//! [`concord_authz::Capability`], which only the policy can issue. Must not depend on the
//! web framework or on use-case logic.

mod access;
mod accounts;
mod action_plan;
mod aggregates;
mod approvals;
mod assessments;
pub mod audit;
mod board_measures;
mod capability;
mod columns;
mod db;
mod disclosures;
mod em;
mod em_alerts;
mod enforcement;
mod error;
mod history;
mod identify;
mod iom;
mod licences;
mod lists;
mod mappa;
mod mappa_judgements;
mod mappa_meetings;
mod mappa_oversight;
mod mappa_plans;
mod migrate;
pub mod outbox;
mod partners;
mod parts;
mod persons;
mod premises;
mod premises_incidents;
mod record_parts;
mod responsibility;
mod search;
mod training_clock;
mod victims;
mod volunteers;

pub use access::{
    access_facts, break_glass_by_id, break_glass_for_review, break_glass_of_person,
    insert_break_glass, insert_panel_membership, insert_referral, insert_share, names_for_review,
    referrals, related_person_ids, review_break_glass, revoke_share, sections_from_codes,
    sections_to_codes, set_registrar, shares, AsOf, BreakGlassRow, PanelMembershipRow, ReferralRow,
    ShareRow, REGISTRAR_DAYS,
};
mod attachments;
mod mail_summary;
pub use mail_summary::{claim_mail_summary, mail_summaries_sent, release_mail_summary};
mod diary;
mod news;
mod postcodes;
pub use attachments::{
    attachment_section, attachment_with_content, attachments_of, insert_attachment, AttachmentRow,
};
pub use diary::{
    cancel_diary_appointment, diary_appointments_of, diary_people_of, insert_diary_appointment,
    set_diary_outcome, DiaryAppointmentRow,
};
pub use news::people_with_new_entries;
pub use postcodes::{
    clear_postcodes, insert_postcodes, postcode_centres, postcode_count, record_postcode_import,
    PostcodeRow, POSTCODE_BATCH,
};
mod licence_appointment;
pub use licence_appointment::{
    licence_appointments, set_licence_appointment, LicenceAppointmentRow,
};
mod sso;
pub use accounts::{
    agencies, agency, agency_by_code, delete_expired_sessions, delete_session, end_oldest_sessions,
    insert_agency, insert_session, insert_team, insert_user, mark_sign_in_succeeded, names,
    recent_sign_in_failures, record_sign_in_attempt, roles, serialise_sign_in, session,
    session_with_user, set_password_hash, team_members_with, teams, touch_session, user_by_id,
    user_by_username, user_roles, users, users_by_ids, AgencyRow, NameRow, RoleRow, SessionRow,
    SessionUserRow, TeamRow, UserRow,
};
pub use action_plan::{
    insert_plan_item, insert_plan_review, plan_items, plan_reviews, update_plan_item, PlanItemRow,
    PlanReviewRow,
};
pub use aggregates::{
    aggregate_counts, monthly_activity, offending_between, AggregateCounts, MonthlyActivity,
    OffendingRow,
};
pub use approvals::{
    licences_awaiting_approval, minutes_awaiting_chair, LicenceAwaitingRow, MinutesAwaitingRow,
};
pub use assessments::{
    assessment, assessments, complete_task, insert_assessment, insert_task, list_risk,
    set_victim_answers, tasks_of, update_draft, victim_answers, AssessmentRow, TaskRow,
};
pub use board_measures::{
    adopted_offending, community_breach_referrals, lcjb_figures, offences_brought_to_justice,
    reoffending_facts, replace_lcjb_figures, AdoptedOffending, CohortSentenceRow, LcjbFigureRow,
    ProvenOffenceRow,
};
pub use db::{multi_row_insert, redacted_url, Backend, DatabaseUrl, Db, PgTx, Tx};
pub use disclosures::{disclosures_of, insert_disclosure, DisclosureRow};
pub use em::{
    bump_em_fix_seq, em_fixes_since, em_tags_of, em_track, insert_em_fixes, insert_em_tag,
    live_em_devices, live_em_tag, monitoring_inputs, remove_em_tag, EmFixRow, EmTagMark, EmTagRow,
    MonitoringInputs,
};
pub use em_alerts::{
    acknowledge_em_alert, close_em_alert, earliest_em_alert_live_since, em_alert_person,
    em_alerts_of, live_em_alert_ids, newest_em_fix, open_em_alert, record_em_alert_outcome,
    reopen_em_alert, retract_em_alert, AlertKey, EmAlertRow,
};
pub use enforcement::{
    case_team_for_tasks, complete_licence_task, compliance_events_of, enforcement_actions_of,
    insert_compliance_event, insert_enforcement_action, insert_licence_task, insert_recall,
    licence_tasks_of, recalls_of, set_enforcement_status, update_recall, CaseTeamMember,
    ComplianceEventRow, EnforcementActionRow, RecallRow, LICENCE_TASK_KINDS,
};
pub use error::StoreError;
pub use history::{changes, record_change, ChangeRow, History};
pub use identify::{
    all_pairs, count_pairs, decide_pair, end_link, insert_link, insert_pair, latest_model, link,
    linkage_addresses, linkage_identifiers, linkage_persons, links_of, live_links, pair,
    pairs_with_status, person_by_source, register_fingerprint, rescore_pair, save_model,
    set_source_id, source_id, LinkRow, LinkageAddress, LinkageRow, PairDecision, PairRow,
    RegisterFingerprint,
};
pub use iom::{
    cohort_decisions, insert_cohort_decision, insert_iom_entry, iom_allocation, iom_entries,
    offending_people, CohortDecisionRow, IomEntryRow, OffendingPerson,
};
pub use licences::{
    address_check_victim_findings, address_checks_of, insert_address_check, insert_licence,
    insert_licence_event, insert_zone, licence_events, licences_of, link_zones_to_victim,
    update_address_check, update_licence, zones_for_check, zones_of, AddressCheckRow,
    LicenceEventRow, LicenceRow, ZoneRow,
};
pub use lists::{caseload, contacts, list_facts, list_sentences, related_cases, CaseRow};
pub use mappa::{
    insert_mappa_decision, insert_mappa_record, insert_mappa_referral, list_mappa_reviews,
    mappa_decisions_of, mappa_records_of, mappa_referrals_of, open_mappa_records,
    referrals_awaiting_screening, screen_mappa_referral, update_mappa_record,
    withdraw_mappa_referrals, MappaDecisionRow, MappaRecordRow, MappaReferralRow, MappaWorkRow,
};
pub use mappa_judgements::{
    category3_answers_of, insert_category3_answer, insert_notification_correction,
    notification_corrections_of, Category3AnswerRow, NotificationCorrectionRow,
};
pub use mappa_meetings::{
    agenda, agenda_candidates, agenda_counts, attendance, decide_onward_share, delete_agenda_item,
    insert_agenda_item, insert_invitation, insert_meeting, insert_minutes, insert_onward_share,
    invitations, meeting, meetings, minutes_versions, onward_shares, set_meeting_status,
    set_minutes_status, upsert_attendance, AgendaItemRow, AttendanceRow, InvitationRow, MeetingRow,
    MinutesRow, OnwardShareRow,
};
pub use mappa_oversight::{
    approved_minutes_of, decide_sfo_review, insert_order_event, insert_sfo, insert_transfer,
    mappa_annual_facts, mappa_areas, order_events_of, plan_actions_of, set_sfo_notified, sfos_of,
    transfers_of, AnnualFacts, ApprovedMinutesRow, LevelFact, OrderEventRow, PersonCount,
    PlanActionRow, SfoRow, SpellFacts, TransferRow,
};
pub use mappa_plans::{
    insert_mappa_action, insert_mappa_plan, insert_victim_measure, mappa_actions_of,
    mappa_plans_of, open_mappa_actions, update_mappa_action, victim_measures_of, ActionEditor,
    MappaActionRow, MappaPlanRow, OpenMappaActionRow, VictimMeasureRow,
};
pub use migrate::{current_version, latest_version, migrate, MigrationReport};
pub use partners::{
    close_access_referral, contracts, ended_for_provider, hold_contract, insert_contract,
    insert_referral_session, insert_screening, insert_service_referral, latest_screening,
    officer_referrals, provider_worklist, referral_figures, referral_sessions_of,
    referrals_after_supervision, service_referral, service_referrals_of, update_service_referral,
    ContractListRow, ContractRow, ReferralFigureRow, ReferralSessionRow, ScreeningRow,
    ServiceReferralRow, WorklistRow,
};
pub use parts::{
    addresses, aliases, allocations, events, identifiers, insert_address, insert_alias,
    insert_allocation, insert_event, insert_identifier, insert_marker, insert_offence,
    insert_sentence, markers, offences, remove_marker, sentences, update_address, AddressRow,
    AliasRow, AllocationRow, EventRow, IdentifierRow, MarkerRow, OffenceRow, SentenceRow,
    ENTRY_SECTIONS,
};
pub use persons::{
    hold_person, insert_person, person, person_owner, set_search_tokens, touch_person,
    update_person, PersonRow,
};
pub use premises::{
    all_beds, all_premises, ap_applications_of, ap_booking_person, ap_bookings_of, ap_register_of,
    bed_holds, insert_ap_application, insert_ap_booking, insert_ap_register, insert_bed,
    insert_premises, open_ap_application_ids, premises_booking_ids, set_bed_service,
    update_ap_application, update_ap_booking, ApplicationRow, BedHold, BedRow, BookingRow,
    PremisesRow, RegisterRow,
};
pub use premises_incidents::{ap_incidents_of, insert_ap_incident, IncidentRow};
pub use record_parts::{record_parts, Present, RecordParts};
pub use responsibility::{
    agency_kind_by_code, agency_remit, agency_with_remit, case_holders_of_agency,
    decide_responsibility_transfer, insert_responsibility_transfer, move_responsibility,
    open_transfers_of_agency, responsibility_transfers, set_agency_remit, Move, Moved,
    ResponsibilityTransferRow,
};
pub use search::{persons_by_identifier, persons_by_name, tokens_of};
pub use sso::{
    delete_stale_sso_attempts, end_provider_sessions, inactive_identity_accounts, insert_identity,
    insert_sso_attempt, replace_user_roles, session_sso, set_session_sso, set_user_active,
    take_sso_attempt, touch_identity, user_by_identity, IdentityAccountRow, SessionSsoRow,
    SsoAttemptRow,
};
pub use training_clock::{add_training_days, training_days};
pub use victims::{
    insert_victim, link_victim_condition, update_victim, victim_conditions,
    victim_locations_for_check, victims_of, VictimRow,
};
pub use volunteers::{
    insert_hours, insert_match, insert_volunteer, matches_of, update_match, update_volunteer,
    volunteer_agency, volunteers_of, MatchListRow, VolunteerMatchRow, VolunteerRow,
};

pub(crate) use capability::require_read;

/// `$first, $first+1, …` for an `IN (…)` list of `n` bound values. Lists are bounded by
/// the callers (a page of results), well under both engines' parameter limits.
pub(crate) fn in_list(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}
