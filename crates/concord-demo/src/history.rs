//! A person's offending history walked forward in time: offence, court, sentence,
//! release, the next offence. Walking forward keeps the record coherent: nobody offends
//! in the community while serving a prison term, and a conviction never precedes its
//! offence.

use chrono::NaiveDate;
use concord_domain::{age_on, Disposal, SentenceKind};

use super::dates::{days_between, plus_days, plus_months, plus_years, term};
use super::offences::{custody_days, disposal, pick_offence, OffenceKind, Pattern};
use super::rng::Rng;
use concord_app::{DateInput, OffenceInput, SentenceInput};

/// Where the person is in the criminal justice system today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    Custody,
    Licence,
    Community,
    AtLarge,
}

pub(super) struct History {
    pub offences: Vec<OffenceInput>,
    pub sentences: Vec<SentenceInput>,
    pub kinds: Vec<&'static OffenceKind>,
    /// The date of each offence in `kinds`.
    pub offence_dates: Vec<NaiveDate>,
    pub status: Status,
    pub first_offence: NaiveDate,
    pub first_conviction: Option<NaiveDate>,
    /// The latest prison term: (start, release).
    pub last_custody: Option<(NaiveDate, NaiveDate)>,
    pub longest_custody_days: i64,
    pub ever_supervised: bool,
}

struct Walk<'a> {
    rng: &'a mut Rng,
    pattern: Pattern,
    dob: NaiveDate,
    today: NaiveDate,
    h: History,
}

pub(super) fn history(
    rng: &mut Rng,
    pattern: Pattern,
    dob: NaiveDate,
    today: NaiveDate,
) -> History {
    let count = *rng.weighted(&[
        (1usize, 22),
        (2, 17),
        (3, 14),
        (4, 12),
        (5, 10),
        (6, 9),
        (7, 8),
        (8, 8),
    ]);
    let age_first = *rng.weighted(&[
        ((12i64, 17i64), 35),
        ((18, 24), 38),
        ((25, 40), 21),
        ((41, 55), 6),
    ]);
    let latest = plus_days(today, -45);
    let mut t = plus_days(
        plus_years(dob, rng.range(age_first.0, age_first.1) as u32),
        rng.range(0, 364),
    );
    if t > latest {
        // Young people and late starters: their first offence is recent.
        t = plus_days(latest, -rng.range(0, 400)).max(plus_years(dob, 12));
    }
    // Records start when today's sentencing framework did (Criminal Justice Act 2003, in
    // force April 2005), so no record carries an order that did not exist at the time.
    t = t.max(plus_days(era::CJA_2003, rng.range(0, 365)));
    let mean_gap = (days_between(t, latest) / count as i64).max(30);
    let mut walk = Walk {
        rng,
        pattern,
        dob,
        today,
        h: History {
            offences: vec![],
            sentences: vec![],
            kinds: vec![],
            offence_dates: vec![],
            status: Status::AtLarge,
            first_offence: t,
            first_conviction: None,
            last_custody: None,
            longest_custody_days: 0,
            ever_supervised: false,
        },
    };
    for _ in 0..count {
        if t > latest {
            break;
        }
        let free_from = walk.offence(t);
        let gap = walk
            .rng
            .range(mean_gap * 3 / 10, mean_gap * 17 / 10)
            .max(14);
        t = plus_days(free_from, gap);
    }
    walk.h.status = status_today(&walk.h.sentences, today);
    walk.h
}

impl Walk<'_> {
    /// Record one offence and what came of it; returns when the person is next at liberty.
    fn offence(&mut self, on: NaiveDate) -> NaiveDate {
        let kind = pick_offence(self.rng, self.pattern);
        let priors = self.h.offences.len();
        let mut outcome = disposal(self.rng, kind, priors);
        let conviction = plus_days(on, self.rng.range(21, 200));
        let youth = age_on(self.dob, conviction) < 18;
        if youth && outcome == Disposal::SuspendedSentence {
            // Suspended sentences are for adults; a youth court makes a rehabilitation order.
            outcome = Disposal::CommunityOrder;
        }
        let description = self.rng.pick(kind.descriptions).to_string();
        self.h.kinds.push(kind);
        self.h.offence_dates.push(on);
        if conviction > self.today && outcome != Disposal::Caution {
            // Charged but not yet tried: no conviction or disposal yet.
            self.h.offences.push(OffenceInput {
                offence_code: kind.code.into(),
                description,
                offence_date: DateInput::from_date(on),
                ..Default::default()
            });
            return self.today;
        }
        let convicted = (outcome != Disposal::Caution).then_some(conviction);
        if self.h.first_conviction.is_none() {
            self.h.first_conviction = convicted;
        }
        self.h.offences.push(OffenceInput {
            offence_code: kind.code.into(),
            description,
            offence_date: DateInput::from_date(on),
            conviction_date: convicted.map(DateInput::from_date).unwrap_or_default(),
            disposal: outcome.code().into(),
        });
        let free_from = self.sentence(kind, outcome, conviction, youth);
        self.ancillary_orders(kind, conviction);
        free_from.max(on)
    }

    /// The sentence a disposal implies; returns the date the person is free to offend again.
    fn sentence(
        &mut self,
        kind: &OffenceKind,
        outcome: Disposal,
        start: NaiveDate,
        youth: bool,
    ) -> NaiveDate {
        match outcome {
            Disposal::ImmediateCustody => self.custody(kind, start, youth),
            Disposal::SuspendedSentence => {
                let custodial = self.rng.range(3, 24);
                let operational = self.rng.range(12, 24) as u32;
                let reqs = self.requirements();
                self.push(SentenceKind::SuspendedSentenceOrder, format!("{custodial} months' imprisonment suspended for {operational} months: {reqs}"), start, Some(plus_months(start, operational)), None, None);
                self.imposed(format!("{custodial} months"));
                self.h.ever_supervised = true;
                start
            }
            Disposal::CommunityOrder => {
                let months = *self.rng.pick(&[12u32, 12, 18, 24]);
                let reqs = self.requirements();
                let (kind, label) = match (youth, start >= era::YOUTH_REHABILITATION_ORDERS) {
                    (true, true) => (
                        SentenceKind::YouthRehabilitationOrder,
                        "Youth rehabilitation order",
                    ),
                    (true, false) => (SentenceKind::CommunityOrder, "Supervision order"),
                    (false, _) => (SentenceKind::CommunityOrder, "Community order"),
                };
                self.push(
                    kind,
                    format!("{label} ({months} months): {reqs}"),
                    start,
                    Some(plus_months(start, months)),
                    None,
                    None,
                );
                self.imposed(format!("{months} months"));
                self.h.ever_supervised = true;
                start
            }
            _ => start,
        }
    }

    fn custody(&mut self, kind: &OffenceKind, start: NaiveDate, youth: bool) -> NaiveDate {
        let mut days = custody_days(self.rng, kind.seriousness);
        if youth {
            days = days.min(730);
        }
        self.h.longest_custody_days = self.h.longest_custody_days.max(days);
        self.h.ever_supervised = true;
        if kind.seriousness == 5
            && !youth
            && start >= era::EXTENDED_DETERMINATE
            && self.rng.chance(30)
        {
            // Extended sentence: release at two-thirds, then an extended licence.
            let extension = self.rng.range(730, 1825);
            let release = plus_days(start, days * 2 / 3);
            let end = plus_days(start, days + extension);
            let text = format!(
                "Extended determinate sentence: {} custodial term and {} extended licence",
                term(days),
                term(extension)
            );
            self.push(
                SentenceKind::ExtendedDeterminate,
                text,
                start,
                Some(end),
                Some(release),
                Some(end),
            );
            self.imposed(term(days));
            self.h.last_custody = Some((start, release));
            return release;
        }
        // Standard determinate sentence: automatic release at the halfway point, then on
        // licence to the end of the sentence.
        let release = plus_days(start, days / 2);
        let end = plus_days(start, days);
        let text = if youth {
            format!("Detention and training order: {}", term(days))
        } else {
            format!("{}' imprisonment", term(days))
        };
        // Before the Offender Rehabilitation Act 2014 nobody serving under twelve months
        // was supervised after release.
        let licence_end = (days >= 365 || start >= era::SHORT_SENTENCE_LICENCES).then_some(end);
        self.push(
            SentenceKind::Custody,
            text,
            start,
            Some(end),
            Some(release),
            licence_end,
        );
        self.imposed(term(days));
        self.h.last_custody = Some((start, release));
        release
    }

    /// Orders that come with a conviction for sexual or domestic offences.
    fn ancillary_orders(&mut self, kind: &OffenceKind, conviction: NaiveDate) {
        if conviction > self.today
            || self
                .h
                .offences
                .last()
                .is_some_and(|o| o.conviction_date == DateInput::default())
        {
            return;
        }
        let sexual = kind.category.starts_with("Sexual");
        if sexual && kind.seriousness >= 4 {
            // Notification for the period SOA 2003 s.82 gives (indefinite: no end). The
            // draw that used to pick a period at random is still made, so that every
            // later person of the demo stays who they were.
            if self.h.longest_custody_days < 913 {
                let _ = self.rng.pick(&[5u32, 7, 10]);
            }
            let end = self.notification_end(conviction);
            self.push(
                SentenceKind::NotificationRequirement,
                "Sex offender notification requirements".into(),
                conviction,
                end,
                None,
                None,
            );
            if self.rng.chance(60) {
                let end = self
                    .rng
                    .chance(70)
                    .then(|| plus_years(conviction, self.rng.range(5, 10) as u32));
                let name = if conviction >= era::SEXUAL_HARM_PREVENTION_ORDERS {
                    "Sexual harm prevention order"
                } else {
                    "Sexual offences prevention order"
                };
                self.push(SentenceKind::SexualHarmPreventionOrder, format!("{name}: no unsupervised contact with children under 16; internet devices to be made available for inspection"), conviction, end, None, None);
            }
        }
        if kind.marker == Some(concord_domain::MarkerKind::DomesticAbuse) && self.rng.chance(50) {
            let end = self
                .rng
                .chance(80)
                .then(|| plus_years(conviction, self.rng.range(2, 5) as u32));
            self.push(SentenceKind::RestrainingOrder, "Restraining order: no contact with the victim, directly or indirectly; not to enter the road where she lives".into(), conviction, end, None, None);
        }
    }

    fn requirements(&mut self) -> String {
        let options: &[&str] = match self.pattern {
            Pattern::Acquisitive | Pattern::Drugs => &[
                "drug rehabilitation requirement (6 months)",
                "rehabilitation activity requirement (15 days)",
                "100 hours' unpaid work",
                "curfew with electronic monitoring (3 months)",
            ],
            Pattern::Domestic => &[
                "Building Better Relationships programme",
                "rehabilitation activity requirement (25 days)",
                "alcohol treatment requirement (6 months)",
            ],
            Pattern::Motoring => &[
                "120 hours' unpaid work",
                "alcohol treatment requirement (6 months)",
                "rehabilitation activity requirement (10 days)",
            ],
            Pattern::Violent => &[
                "150 hours' unpaid work",
                "Thinking Skills Programme",
                "curfew with electronic monitoring (4 months)",
                "alcohol abstinence and monitoring requirement (90 days)",
            ],
            Pattern::Sexual | Pattern::General => &[
                "80 hours' unpaid work",
                "rehabilitation activity requirement (10 days)",
                "mental health treatment requirement (12 months)",
            ],
        };
        let first = self.rng.pick(options);
        let second = self.rng.pick(options);
        if first == second {
            first.to_string()
        } else {
            format!("{first} and {second}")
        }
    }

    fn push(
        &mut self,
        kind: SentenceKind,
        description: String,
        start: NaiveDate,
        end: Option<NaiveDate>,
        release: Option<NaiveDate>,
        licence_end: Option<NaiveDate>,
    ) {
        let date = |d: Option<NaiveDate>| d.map(DateInput::from_date).unwrap_or_default();
        self.h.sentences.push(SentenceInput {
            kind: kind.code().into(),
            description,
            start_date: DateInput::from_date(start),
            end_date: date(end),
            release_date: date(release),
            licence_end_date: date(licence_end),
            term: String::new(),
        });
    }

    /// The length as the court imposed it, for the sentence just pushed.
    fn imposed(&mut self, term: String) {
        if let Some(s) = self.h.sentences.last_mut() {
            s.term = term;
        }
    }

    /// The last day of the notification requirement s.82 gives the conviction just
    /// recorded (`None`: indefinite), from its disposal and custodial term.
    fn notification_end(&self, conviction: NaiveDate) -> Option<NaiveDate> {
        use concord_mappa::{EndDate, NotifiableDisposal, Notification};
        let outcome = self
            .h
            .offences
            .last()
            .and_then(|o| Disposal::from_code(&o.disposal));
        let custodial =
            [SentenceKind::Custody, SentenceKind::ExtendedDeterminate].map(SentenceKind::code);
        let disposal = match outcome {
            Some(Disposal::ImmediateCustody) => self
                .h
                .sentences
                .iter()
                .rev()
                .find(|s| custodial.contains(&s.kind.as_str()))
                .and_then(|s| concord_domain::Term::parse("term", &s.term).ok())
                .map_or(NotifiableDisposal::Other, |term| {
                    NotifiableDisposal::Imprisonment { term }
                }),
            Some(Disposal::SuspendedSentence) => self
                .h
                .sentences
                .last()
                .and_then(|s| concord_domain::Term::parse("term", &s.term).ok())
                .map_or(NotifiableDisposal::Other, |term| {
                    NotifiableDisposal::Imprisonment { term }
                }),
            Some(Disposal::HospitalOrder) => NotifiableDisposal::Hospital { restricted: false },
            Some(Disposal::Caution) => NotifiableDisposal::Caution,
            _ => NotifiableDisposal::Other,
        };
        let youth = age_on(self.dob, conviction) < 18;
        let found = concord_mappa::s82_period(disposal, youth, conviction)?;
        let notification = Notification {
            start: conviction,
            period: found.period,
        };
        match notification.ends()? {
            EndDate::On(last) => Some(last),
            EndDate::Indefinite => None,
        }
    }
}

/// When the orders the demo uses came into force in England and Wales.
mod era {
    use chrono::NaiveDate;

    const fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        match NaiveDate::from_ymd_opt(y, m, d) {
            Some(date) => date,
            None => NaiveDate::MIN,
        }
    }

    pub const CJA_2003: NaiveDate = date(2005, 4, 4);
    pub const YOUTH_REHABILITATION_ORDERS: NaiveDate = date(2009, 11, 30);
    pub const EXTENDED_DETERMINATE: NaiveDate = date(2012, 12, 3);
    pub const SHORT_SENTENCE_LICENCES: NaiveDate = date(2015, 2, 1);
    pub const SEXUAL_HARM_PREVENTION_ORDERS: NaiveDate = date(2015, 3, 8);
}

fn parse(d: &DateInput) -> Option<NaiveDate> {
    match d {
        DateInput::Text(s) if !s.is_empty() => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
        _ => None,
    }
}

/// Custody beats licence beats a community order: the most restrictive current sentence
/// decides who manages the person.
fn status_today(sentences: &[SentenceInput], today: NaiveDate) -> Status {
    let mut status = Status::AtLarge;
    for s in sentences {
        let (Some(kind), Some(start)) = (SentenceKind::from_code(&s.kind), parse(&s.start_date))
        else {
            continue;
        };
        let end = parse(&s.end_date);
        let current = start <= today && end.is_none_or(|e| today <= e);
        let this = match (kind.is_custodial(), parse(&s.release_date)) {
            (true, Some(release)) if start <= today && today < release => Status::Custody,
            (true, Some(_)) if current => Status::Licence,
            (false, _)
                if current
                    && matches!(
                        kind,
                        SentenceKind::CommunityOrder
                            | SentenceKind::SuspendedSentenceOrder
                            | SentenceKind::YouthRehabilitationOrder
                    ) =>
            {
                Status::Community
            }
            _ => continue,
        };
        status = match (status, this) {
            (Status::Custody, _) | (_, Status::Custody) => Status::Custody,
            (Status::Licence, _) | (_, Status::Licence) => Status::Licence,
            _ => Status::Community,
        };
    }
    status
}

/// When the current supervision began: the release for a licence, else the order's start.
pub(super) fn supervision_start(h: &History, today: NaiveDate) -> Option<NaiveDate> {
    match h.status {
        Status::Licence => h.last_custody.map(|(_, release)| release),
        Status::Community => h
            .sentences
            .iter()
            .filter(|s| {
                matches!(
                    SentenceKind::from_code(&s.kind),
                    Some(
                        SentenceKind::CommunityOrder
                            | SentenceKind::SuspendedSentenceOrder
                            | SentenceKind::YouthRehabilitationOrder
                    )
                )
            })
            .filter_map(|s| parse(&s.start_date))
            .filter(|d| *d <= today)
            .max(),
        Status::Custody => h.last_custody.map(|(start, _)| start),
        Status::AtLarge => None,
    }
}
