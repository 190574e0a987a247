//! Domain events: what Concord tells other systems (and its own nodes) has happened, after
//! the change has committed (ADR 0009, docs/events.md).
//!
//! An event is small and typed, as HMPPS's domain events are: its type, the person it is
//! about and the ids of what changed — never the facts themselves. A subscriber that needs
//! the licence, the plan or the assessment asks Concord's API for it, where the access
//! decision and the audit chain see the request. So the streams carry no names,
//! identifiers, addresses or restricted sections, only that something of a kind happened
//! to a person known by Concord's own id.

use crate::PersonId;

/// A JetStream stream: one per kind of record, so a subscriber takes only what it needs
/// and each is kept and replayed on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventStream {
    Person,
    Licence,
    Mappa,
    Risk,
}

impl EventStream {
    pub const ALL: [EventStream; 4] = [
        EventStream::Person,
        EventStream::Licence,
        EventStream::Mappa,
        EventStream::Risk,
    ];

    /// The stream's name in JetStream.
    pub fn name(self) -> &'static str {
        match self {
            EventStream::Person => "CONCORD_PERSON",
            EventStream::Licence => "CONCORD_LICENCE",
            EventStream::Mappa => "CONCORD_MAPPA",
            EventStream::Risk => "CONCORD_RISK",
        }
    }

    /// The subjects the stream keeps: every event type of its kind.
    pub fn subjects(self) -> &'static str {
        match self {
            EventStream::Person => "concord.person.>",
            EventStream::Licence => "concord.licence.>",
            EventStream::Mappa => "concord.mappa.>",
            EventStream::Risk => "concord.risk.>",
        }
    }
}

/// Declares the catalogue once: each type's name (`eventType` and, prefixed with
/// `concord.`, the NATS subject), its stream and its description.
macro_rules! catalogue {
    ($($variant:ident => $stream:ident, $name:literal, $description:literal;)+) => {
        /// Every domain event Concord publishes. The names are part of Concord's published
        /// interface: a subscriber filters on them, so one is never renamed or reused.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum DomainEventType {
            $($variant,)+
        }

        impl DomainEventType {
            pub const ALL: &'static [DomainEventType] = &[$(DomainEventType::$variant,)+];

            /// The `eventType`, for example `concord.mappa.referred`.
            pub fn name(self) -> &'static str {
                match self {
                    $(DomainEventType::$variant => $name,)+
                }
            }

            pub fn stream(self) -> EventStream {
                match self {
                    $(DomainEventType::$variant => EventStream::$stream,)+
                }
            }

            /// What happened, in words, for the event's `description`.
            pub fn description(self) -> &'static str {
                match self {
                    $(DomainEventType::$variant => $description,)+
                }
            }

            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|t| t.name() == name)
            }
        }
    };
}

catalogue! {
    PersonRegistered => Person, "concord.person.registered",
        "A person was registered";
    PersonDetailsChanged => Person, "concord.person.details-changed",
        "A person's name, date of birth, aliases or identifiers changed";
    PersonAddressChanged => Person, "concord.person.address-changed",
        "A person's address was added or changed";
    PersonConvictionRecorded => Person, "concord.person.conviction-recorded",
        "An offence or a sentence was added to a person's record";
    PersonRecordsUnlinked => Person, "concord.person.records-unlinked",
        "Two records thought to be one person were unlinked";
    PersonResponsibilityTransferred => Person, "concord.person.responsibility-transferred",
        "Responsibility for a person moved to another probation organisation";
    LicenceCreated => Licence, "concord.licence.created",
        "A licence was drafted";
    LicenceConditionsChanged => Licence, "concord.licence.conditions-changed",
        "A licence condition was added, changed or removed";
    LicenceVariationStarted => Licence, "concord.licence.variation-started",
        "A variation of a licence was started";
    LicenceStatusChanged => Licence, "concord.licence.status-changed",
        "A licence was submitted, approved, rejected, activated or ended";
    LicenceBreachReferred => Licence, "concord.licence.breach-referred",
        "A failure to comply was referred for enforcement";
    LicenceRecallRequested => Licence, "concord.licence.recall-requested",
        "A recall was requested";
    LicenceRecallDecided => Licence, "concord.licence.recall-decided",
        "A recall request was decided";
    LicenceReturnedToCustody => Licence, "concord.licence.returned-to-custody",
        "A recalled person was returned to custody";
    MappaReferred => Mappa, "concord.mappa.referred",
        "A person was referred to MAPPA";
    MappaEligibilityConfirmed => Mappa, "concord.mappa.eligibility-confirmed",
        "A person's MAPPA eligibility was confirmed";
    MappaReferralScreened => Mappa, "concord.mappa.referral-screened",
        "A MAPPA referral was screened and a level set";
    MappaCaseReviewed => Mappa, "concord.mappa.case-reviewed",
        "A MAPPA case was reviewed";
    MappaCaseEnded => Mappa, "concord.mappa.case-ended",
        "A person's MAPPA management ended";
    MappaMinutesApproved => Mappa, "concord.mappa.minutes-approved",
        "The minutes of a MAPPA meeting were approved";
    MappaPlanSaved => Mappa, "concord.mappa.plan-saved",
        "A MAPPA risk management plan was saved";
    RiskReviewSigned => Risk, "concord.risk.review-signed",
        "A risk review was signed off";
    RiskDashRecorded => Risk, "concord.risk.dash-recorded",
        "A DASH risk checklist was recorded";
}

/// One domain event, as a use case raises it: written to the outbox in the use case's
/// transaction and published once that has committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainEvent {
    pub event_type: DomainEventType,
    pub person: PersonId,
    /// The ids (and status words) a subscriber needs to ask for what changed, in the order
    /// they were added: `("licenceId", "...")`, `("status", "APPROVED")`.
    pub additional: Vec<(&'static str, String)>,
}

impl DomainEvent {
    pub fn new(event_type: DomainEventType, person: PersonId) -> Self {
        Self {
            event_type,
            person,
            additional: Vec::new(),
        }
    }

    /// Add an id or a status word to `additionalInformation`. Never a fact about the
    /// person: see the module's documentation.
    pub fn with(mut self, key: &'static str, value: impl ToString) -> Self {
        self.additional.push((key, value.to_string()));
        self
    }

    /// The NATS subject the event is published on: its type's name.
    pub fn subject(&self) -> &'static str {
        self.event_type.name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_is_on_its_streams_subjects_and_names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for t in DomainEventType::ALL {
            assert!(seen.insert(t.name()), "{} named twice", t.name());
            let prefix = t.stream().subjects().trim_end_matches('>');
            assert!(
                t.name().starts_with(prefix),
                "{} not under {prefix}",
                t.name()
            );
            // A NATS subject token may not hold spaces, wildcards or empty parts.
            assert!(t
                .name()
                .split('.')
                .all(|tok| !tok.is_empty()
                    && tok.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
            assert_eq!(DomainEventType::from_name(t.name()), Some(*t));
        }
        assert_eq!(DomainEventType::from_name("concord.person.nothing"), None);
    }

    #[test]
    fn every_stream_has_an_event_type() {
        for s in EventStream::ALL {
            assert!(
                DomainEventType::ALL.iter().any(|t| t.stream() == s),
                "{s:?}"
            );
        }
    }
}
