//! What MAPPA takes from the record instead of asking anyone to re-key it: the facts
//! that decide eligibility (concord-mappa's [`EligibilityFacts`]) and the MAPPA A
//! referral's pre-filled sections (identifiers, offences, sentence, dates, RoSH, licence
//! conditions, other agencies' entries).
//!
//! Decisions where the sources are silent:
//! - **Schedule 15**: the list of specified violent and sexual offences (CJA 2003 Sch.15)
//!   is not in Concord's reference data; the Home Office code's "violent or sexual" flag
//!   (the OPD pathway screen, `data/offence_codes.csv`) stands in for it. The proposal
//!   says so, and a person confirms the category.
//! - **Custody length** is the term as the court imposed it (a recorded fact, issue 26),
//!   in whole calendar months from the sentence's start; where no term is recorded, the
//!   sentence's start to its end stands in. Life and IPP count as qualifying.
//! - **Category 4** is a terrorist notification requirement (Counter-Terrorism Act 2008
//!   Part 4) on the record and in force: the Home Office codes in Concord's reference
//!   data carry no terrorism flag, and the requirement follows only a terrorism
//!   conviction with its sentence, so it is the record's fact of one.
//! - **Disqualified from working with children** (Category 2) is such an order on the
//!   record, in force; a **detention and training order** counts as custody.
//! - **Other agencies' entries** are the chronology entries of the last 12 months made by
//!   agencies other than the referrer's, newest first, at most 20 (the referral reads them
//!   as they stood when sent).

use chrono::{Months, NaiveDate};
use concord_domain::{Disposal as CourtDisposal, SentenceKind};
use concord_mappa::{Conviction, Disposal, EligibilityFacts};
use serde::{Deserialize, Serialize};

use concord_authz::{Section, SectionSet};

use crate::person::{PersonRecord, SentenceView};

/// The MAPPA A sections Concord fills from the record, kept with the referral as sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReferralFacts {
    pub name: String,
    pub date_of_birth: NaiveDate,
    pub gender: String,
    pub aliases: Vec<String>,
    /// "PNC ID: 2001/0123456F", one per identifier.
    pub identifiers: Vec<String>,
    pub current_address: Option<String>,
    /// "False imprisonment (00900), committed 1 March 2025, convicted 2 August 2025: immediate custody"
    pub offences: Vec<String>,
    pub sentences: Vec<String>,
    pub release_on: Option<NaiveDate>,
    pub licence_ends_on: Option<NaiveDate>,
    pub sentence_ends_on: Option<NaiveDate>,
    /// "High (signed 3 May 2026)", or none.
    pub rosh: Option<String>,
    pub markers: Vec<String>,
    pub licence_conditions: Vec<String>,
    /// "Essex Police, 4 May 2026 (intelligence): …"
    pub other_agencies: Vec<String>,
}

impl ReferralFacts {
    /// The MAPPA A as `reader` may see it: each part is the fact of one section of the
    /// record, kept only when the reader's capability reaches that section, and the
    /// parts withheld are named (the document says so rather than looking complete).
    /// The referral was assembled from what the referrer could read; a partner reading
    /// it later with fewer sections must not learn the rest from the stored copy.
    pub fn as_read_by(mut self, reader: SectionSet) -> (Self, Vec<String>) {
        let mut withheld = vec![];
        let mut withhold = |section: Section, present: bool| {
            let keep = reader.contains(section);
            if !keep && present {
                withheld.push(section.label().to_string());
            }
            keep
        };
        if !withhold(Section::Identity, true) {
            // Identity travels with every relationship that opens a record; a reader
            // without it still sees nothing of who the person is.
            self.name = String::new();
            self.date_of_birth = NaiveDate::default();
            self.gender = String::new();
            self.aliases.clear();
            self.identifiers.clear();
        }
        if !withhold(Section::Addresses, self.current_address.is_some()) {
            self.current_address = None;
        }
        let convictions = !self.offences.is_empty()
            || !self.sentences.is_empty()
            || self.release_on.is_some()
            || self.licence_ends_on.is_some()
            || self.sentence_ends_on.is_some();
        if !withhold(Section::Convictions, convictions) {
            self.offences.clear();
            self.sentences.clear();
            self.release_on = None;
            self.licence_ends_on = None;
            self.sentence_ends_on = None;
        }
        if !withhold(Section::Risk, self.rosh.is_some()) {
            self.rosh = None;
        }
        if !withhold(Section::Markers, !self.markers.is_empty()) {
            self.markers.clear();
        }
        if !withhold(Section::Licence, !self.licence_conditions.is_empty()) {
            self.licence_conditions.clear();
        }
        if !withhold(Section::Chronology, !self.other_agencies.is_empty()) {
            self.other_agencies.clear();
        }
        (self, withheld)
    }
}

fn custody_months(s: &SentenceView) -> Option<u32> {
    match s.kind {
        SentenceKind::LifeOrIpp => Some(u32::MAX),
        SentenceKind::Custody
        | SentenceKind::ExtendedDeterminate
        | SentenceKind::DetentionAndTrainingOrder => {
            let end = match s.term {
                Some(term) => term.end_from(s.start_date)?,
                None => s.end_date?,
            };
            Some(concord_domain::whole_months(s.start_date, end).unwrap_or(0))
        }
        _ => None,
    }
}

/// The sentence that brings the person into MAPPA: the latest custodial one.
pub(crate) fn custodial_sentence(record: &PersonRecord) -> Option<&SentenceView> {
    record
        .sentences
        .iter()
        .filter(|s| custody_months(s).is_some())
        .max_by_key(|s| s.start_date)
}

/// The facts of eligibility as the record holds them.
pub(crate) fn eligibility_facts(
    record: &PersonRecord,
    rosh: Option<concord_mappa::Rosh>,
    today: NaiveDate,
    judgements: &super::judgements::Judgements,
) -> EligibilityFacts {
    // An order of the record in force today: begun, and not ended before today.
    let in_force = |kind: SentenceKind| {
        record.sentences.iter().any(|s| {
            s.kind == kind && s.start_date <= today && s.end_date.is_none_or(|e| e >= today)
        })
    };
    let sentence = custodial_sentence(record);
    let custody = sentence.and_then(custody_months);
    let term = sentence.and_then(|s| s.term).map(|t| t.to_string());
    let convictions = record
        .offences
        .iter()
        .filter(|o| o.conviction_date.is_some())
        .map(|o| {
            let violent_or_sexual = concord_domain::OffenceCode::parse(&o.offence_code)
                .is_ok_and(|c| c.info().violent_or_sexual);
            let disposal = match o.disposal {
                Some(CourtDisposal::ImmediateCustody) => match custody {
                    Some(months) => Disposal::Custody { months },
                    None => Disposal::Other,
                },
                Some(CourtDisposal::HospitalOrder) => Disposal::HospitalOrder,
                Some(CourtDisposal::Caution) => Disposal::Caution,
                _ => Disposal::Other,
            };
            Conviction {
                offence: format!("{} ({})", o.description, o.offence_code),
                schedule_15: violent_or_sexual,
                term: matches!(disposal, Disposal::Custody { .. })
                    .then(|| term.clone())
                    .flatten(),
                disposal,
            }
        })
        .collect();
    let found = super::notification::found_notification(record, judgements.correction.as_ref());
    let supervision_ends = custodial_sentence(record).and_then(|s| s.licence_end_date);
    EligibilityFacts {
        notification: found.as_ref().map(|f| f.notification),
        notification_rule: found.map(|f| f.rule),
        convictions,
        disqualified_from_working_with_children: in_force(SentenceKind::ChildrenDisqualification),
        terrorist_offence: in_force(SentenceKind::TerrorismNotificationRequirement),
        supervision_ends,
        rosh,
        category_3: judgements.category_3.clone(),
    }
}

fn date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// The MAPPA A sections from the record as they stood on `today`: a document shows what
/// was true on its date (the address he lived at then, not one he moved to later).
pub(crate) fn referral_facts(
    record: &PersonRecord,
    rosh: Option<String>,
    licence_conditions: Vec<String>,
    other_agencies: Vec<String>,
    today: NaiveDate,
) -> ReferralFacts {
    let sentence = custodial_sentence(record);
    let name = [
        Some(record.given_name.as_str()),
        record.middle_names.as_deref(),
        Some(record.family_name.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    ReferralFacts {
        name,
        date_of_birth: record.date_of_birth,
        gender: record.gender.label().to_string(),
        aliases: record.aliases.iter().map(|a| a.name.clone()).collect(),
        identifiers: record
            .identifiers
            .iter()
            .map(|i| format!("{}: {}", i.kind.label(), i.value))
            .collect(),
        current_address: record
            .addresses
            .iter()
            .filter(|a| a.from_date <= today && a.to_date.is_none_or(|to| to >= today))
            .max_by_key(|a| a.from_date)
            .map(|a| {
                concord_domain::address_one_line(
                    &a.line1,
                    a.line2.as_deref(),
                    &a.town,
                    a.postcode.as_deref(),
                )
            }),
        offences: record
            .offences
            .iter()
            .map(|o| {
                let mut s = format!(
                    "{} ({}), committed {}",
                    o.description,
                    o.offence_code,
                    date(o.offence_date)
                );
                if let Some(c) = o.conviction_date {
                    s.push_str(&format!(", convicted {}", date(c)));
                }
                if let Some(d) = o.disposal {
                    s.push_str(&format!(": {}", d.label().to_lowercase()));
                }
                s
            })
            .collect(),
        sentences: record
            .sentences
            .iter()
            .map(|s| {
                let mut line = match s.term {
                    Some(t) => format!("{} of {t} from {}", s.kind.label(), date(s.start_date)),
                    None => format!("{} from {}", s.kind.label(), date(s.start_date)),
                };
                if let Some(end) = s.end_date {
                    line.push_str(&format!(" to {}", date(end)));
                }
                if let Some(d) = &s.description {
                    line.push_str(&format!(": {d}"));
                }
                line
            })
            .collect(),
        release_on: sentence.and_then(|s| s.release_date),
        licence_ends_on: sentence.and_then(|s| s.licence_end_date),
        sentence_ends_on: sentence.and_then(|s| s.end_date),
        rosh,
        markers: record
            .markers
            .iter()
            .filter(|m| m.removed_on.is_none())
            .map(|m| format!("{}: {}", m.kind.label(), m.note))
            .collect(),
        licence_conditions,
        other_agencies,
    }
}

/// A date `months` calendar months before `d` (for the late-referral deadline shown).
pub(crate) fn months_before(d: NaiveDate, months: u32) -> Option<NaiveDate> {
    d.checked_sub_months(Months::new(months))
}
