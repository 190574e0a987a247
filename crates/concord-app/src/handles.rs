//! The areas' front doors. Each area's use cases live on its own handle, reached from the
//! [`App`] (`app.meetings().schedule_mappa_meeting(…)`), so no one type carries every use
//! case and an area reaches another only through that area's handle
//! (`self.people().record_header(…)`), never its internals. A handle is a borrowed view of
//! the app: it costs nothing to make, and it shares the app's database, clock, settings,
//! runner and access decision point (through `Deref`), which stay on [`App`] because every
//! area needs them.

use std::ops::Deref;

use crate::App;

macro_rules! area_handle {
    ($(#[$doc:meta])* $name:ident, $accessor:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy)]
        pub struct $name<'a>(&'a App);

        impl Deref for $name<'_> {
            type Target = App;

            fn deref(&self) -> &App {
                self.0
            }
        }

        impl App {
            $(#[$doc])*
            pub fn $accessor(&self) -> $name<'_> {
                $name(self)
            }
        }
    };
}

area_handle!(
    /// People and search: registering a person, the record and its parts, the caseload,
    /// the chronology, search.
    People,
    people
);
area_handle!(
    /// Sharing and access: shares with other agencies, break-glass, the audit-trail export.
    Sharing,
    sharing
);
area_handle!(
    /// Identify: likeness search, possible duplicates, the feed, combining records.
    Identify,
    identify
);
area_handle!(
    /// Assess: risk reviews (predictors, RoSH, DASH), their history and the tier.
    Assess,
    assess
);
area_handle!(
    /// Manage: licences and their conditions, zones, address checks, victims, disclosure,
    /// compliance and enforcement, recall.
    Manage,
    manage
);
area_handle!(
    /// The MAPPA case: referral, eligibility, level decisions, the coordinator's work.
    MappaCase,
    mappa
);
area_handle!(
    /// MAPP meetings: scheduling, the agenda, attendance, minutes and onward sharing.
    Meetings,
    meetings
);
area_handle!(
    /// MAPPA risk management plans, their actions and victim safety measures.
    Plans,
    plans
);
area_handle!(
    /// MAPPA oversight: statistics, serious further offences, transfers, orders, the case
    /// bundle and the Strategic Management Board's figures.
    Oversight,
    oversight
);
area_handle!(
    /// Accounts: staff, agencies and teams, signing in and out, the training clock.
    Accounts,
    accounts
);
area_handle!(
    /// Partners: the directory of contracted services, needs screening, referrals to
    /// providers and the provider's work on them (plan, sessions, end report).
    Partners,
    partners
);
area_handle!(
    /// Responsibility: which probation organisation holds a case, and its moves between
    /// organisations when risk rises or falls.
    Responsibility,
    responsibility
);
area_handle!(
    /// Integrated Offender Management: the concentration of offending, the cohort.
    Iom,
    iom
);
area_handle!(
    /// Electronic monitoring: tags, the provider's fixes, the geofence alerts.
    Monitoring,
    monitoring
);
area_handle!(
    /// Approved premises: the premises and beds, applications and their assessment,
    /// matching and booking, arrival, departure and move-on.
    Premises,
    premises
);
area_handle!(
    /// Places: the postcode directory, which places an address by its postcode.
    Places,
    places
);
area_handle!(
    /// Documents attached to a record: letters, photographs, OASys documents, each scanned
    /// for viruses and filed under the section that decides who sees it.
    Documents,
    documents
);
area_handle!(
    /// Notifications by email: the summary of what waits for each member of staff.
    Notifications,
    notifications
);
