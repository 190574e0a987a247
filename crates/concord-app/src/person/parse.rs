//! From raw input to validated values ready to store. Each function reports every
//! problem at once, naming the form field (API field names are the same).

use chrono::NaiveDate;
use concord_domain::{
    check_date_of_birth, check_not_before, check_not_future, optional_text, required_text,
    AddressKind, Disposal, EventType, FieldError, Gender, Identifier, IdentifierKind, MarkerKind,
    OffenceCode, PersonName, Postcode, SentenceDates, SentenceKind, ValidationErrors,
};

use concord_authz::{Section, SectionSet};

use super::input::{
    take, take_as, AddressInput, AliasInput, EventInput, IdentifierInput, MarkerInput,
    OffenceInput, PersonDetailsInput, SentenceInput,
};
use crate::AppError;

pub(crate) struct Details {
    pub name: PersonName,
    pub date_of_birth: NaiveDate,
    pub gender: Gender,
}

fn code_of<T>(
    errors: &mut ValidationErrors,
    field: &str,
    label: &str,
    value: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    if value.trim().is_empty() {
        errors.push(FieldError::new(
            field,
            "required",
            format!("Select {label}"),
        ));
        return None;
    }
    let parsed = parse(value.trim());
    if parsed.is_none() {
        errors.push(FieldError::new(
            field,
            "unknown_value",
            format!("Select {label} from the list"),
        ));
    }
    parsed
}

pub(crate) fn details(
    input: &PersonDetailsInput,
    today: NaiveDate,
    errors: &mut ValidationErrors,
) -> Option<Details> {
    let name = match PersonName::parse(&input.given_name, &input.middle_names, &input.family_name) {
        Ok(n) => Some(n),
        Err(e) => {
            errors.errors.extend(e.errors);
            None
        }
    };
    let dob = take(
        errors,
        input
            .date_of_birth
            .required("date_of_birth", "Date of birth"),
    )
    .and_then(|d| take(errors, check_date_of_birth("date_of_birth", d, today)));
    let gender = code_of(
        errors,
        "gender",
        "a gender",
        &input.gender,
        Gender::from_code,
    );
    Some(Details {
        name: name?,
        date_of_birth: dob?,
        gender: gender?,
    })
}

pub(crate) fn identifier(
    input: &IdentifierInput,
    errors: &mut ValidationErrors,
) -> Option<Identifier> {
    let Some(kind) = IdentifierKind::from_code(input.kind.trim()) else {
        errors.push(FieldError::new(
            "kind",
            "unknown_value",
            "Select the kind of identifier from the list",
        ));
        return None;
    };
    take_as(errors, kind.code(), Identifier::parse(kind, &input.value))
}

pub(crate) struct Address {
    pub kind: AddressKind,
    pub line1: String,
    pub line2: Option<String>,
    pub town: String,
    pub postcode: Option<Postcode>,
    pub from_date: NaiveDate,
    pub to_date: Option<NaiveDate>,
}

pub(crate) fn address(
    input: &AddressInput,
    today: NaiveDate,
    errors: &mut ValidationErrors,
) -> Option<Address> {
    let kind = code_of(
        errors,
        "address_kind",
        "the type of address",
        &input.kind,
        AddressKind::from_code,
    );
    let line1 = take(
        errors,
        required_text("line1", "the first line of the address", &input.line1, 200),
    );
    let line2 = take(
        errors,
        optional_text("line2", "the second line of the address", &input.line2, 200),
    );
    let town = take(
        errors,
        required_text("town", "the town or city", &input.town, 100),
    );
    let postcode = if input.postcode.trim().is_empty() {
        if kind != Some(AddressKind::NoFixedAbode) {
            errors.push(FieldError::new("postcode", "required", "Enter a postcode"));
        }
        Some(None)
    } else {
        take_as(errors, "postcode", Postcode::parse(&input.postcode)).map(Some)
    };
    let from = take(
        errors,
        input
            .from_date
            .required("from_date", "The date they moved in"),
    )
    .and_then(|d| {
        take(
            errors,
            check_not_future("from_date", "The date they moved in", d, today).map(|_| d),
        )
    });
    let to = take(
        errors,
        input.to_date.optional("to_date", "The date they moved out"),
    );
    if let (Some(f), Some(Some(t))) = (from, to) {
        take(
            errors,
            check_not_before(
                "to_date",
                t,
                f,
                "The date they moved out must be after the date they moved in",
            ),
        );
    }
    Some(Address {
        kind: kind?,
        line1: line1?,
        line2: line2?,
        town: town?,
        postcode: postcode?,
        from_date: from?,
        to_date: to?,
    })
}

pub(crate) struct Alias {
    pub name: PersonName,
    pub date_of_birth: Option<NaiveDate>,
}

pub(crate) fn alias(
    input: &AliasInput,
    today: NaiveDate,
    errors: &mut ValidationErrors,
) -> Option<Alias> {
    let name = match PersonName::parse(&input.given_name, &input.middle_names, &input.family_name) {
        Ok(n) => Some(n),
        Err(e) => {
            errors.errors.extend(e.errors);
            None
        }
    };
    let dob = match take(
        errors,
        input
            .date_of_birth
            .optional("date_of_birth", "Date of birth"),
    ) {
        Some(Some(d)) => take(errors, check_date_of_birth("date_of_birth", d, today)).map(Some),
        Some(None) => Some(None),
        None => None,
    };
    Some(Alias {
        name: name?,
        date_of_birth: dob?,
    })
}

pub(crate) struct Offence {
    pub code: OffenceCode,
    pub description: String,
    pub offence_date: NaiveDate,
    pub conviction_date: Option<NaiveDate>,
    pub disposal: Option<Disposal>,
}

pub(crate) fn offence(
    input: &OffenceInput,
    date_of_birth: NaiveDate,
    today: NaiveDate,
    errors: &mut ValidationErrors,
) -> Option<Offence> {
    let code = take(errors, OffenceCode::parse(&input.offence_code));
    let description = take(
        errors,
        required_text(
            "description",
            "a description of the offence",
            &input.description,
            500,
        ),
    );
    let offence_date = take(
        errors,
        input.offence_date.required("offence_date", "Offence date"),
    )
    .and_then(|d| {
        take(
            errors,
            check_not_future("offence_date", "Offence date", d, today),
        )?;
        take(
            errors,
            check_not_before(
                "offence_date",
                d,
                date_of_birth,
                "Offence date must be after the person's date of birth",
            ),
        )?;
        Some(d)
    });
    let conviction = take(
        errors,
        input
            .conviction_date
            .optional("conviction_date", "Conviction date"),
    );
    if let Some(Some(c)) = conviction {
        take(
            errors,
            check_not_future("conviction_date", "Conviction date", c, today),
        );
        if let Some(o) = offence_date {
            take(
                errors,
                check_not_before(
                    "conviction_date",
                    c,
                    o,
                    "Conviction date must be the same as or after the offence date",
                ),
            );
        }
    }
    let disposal = if input.disposal.trim().is_empty() {
        Some(None)
    } else {
        code_of(
            errors,
            "disposal",
            "the disposal",
            &input.disposal,
            Disposal::from_code,
        )
        .map(Some)
    };
    Some(Offence {
        code: code?,
        description: description?,
        offence_date: offence_date?,
        conviction_date: conviction?,
        disposal: disposal?,
    })
}

pub(crate) struct Sentence {
    pub kind: SentenceKind,
    pub description: Option<String>,
    pub dates: SentenceDates,
    /// The length as imposed, when given.
    pub term: Option<concord_domain::Term>,
}

pub(crate) fn sentence(input: &SentenceInput, errors: &mut ValidationErrors) -> Option<Sentence> {
    let kind = code_of(
        errors,
        "kind",
        "the type of sentence or order",
        &input.kind,
        SentenceKind::from_code,
    );
    let description = take(
        errors,
        optional_text("description", "the description", &input.description, 500),
    );
    let start = take(
        errors,
        input.start_date.required("start_date", "Start date"),
    );
    let end = take(errors, input.end_date.optional("end_date", "End date"));
    let release = take(
        errors,
        input.release_date.optional("release_date", "Release date"),
    );
    let licence_end = take(
        errors,
        input
            .licence_end_date
            .optional("licence_end_date", "Licence end date"),
    );
    // The length as the court imposed it: optional, and never for an indeterminate
    // sentence (life and IPP have no term to state).
    let term = if input.term.trim().is_empty() {
        Some(None)
    } else if kind == Some(SentenceKind::LifeOrIpp) {
        errors.push(FieldError::new(
            "term",
            "indeterminate",
            "Life and IPP have no length: leave it blank",
        ));
        None
    } else {
        take(
            errors,
            concord_domain::Term::parse("term", &input.term).map(Some),
        )
    };
    let dates = match (start, end, release, licence_end) {
        (Some(s), Some(e), Some(r), Some(l)) => match SentenceDates::new(s, e, r, l) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.errors.extend(e.errors);
                None
            }
        },
        _ => None,
    };
    Some(Sentence {
        kind: kind?,
        description: description?,
        dates: dates?,
        term: term?,
    })
}

pub(crate) struct Marker {
    pub kind: MarkerKind,
    pub note: String,
}

pub(crate) fn marker(input: &MarkerInput, errors: &mut ValidationErrors) -> Option<Marker> {
    let kind = code_of(
        errors,
        "kind",
        "the type of warning",
        &input.kind,
        MarkerKind::from_code,
    );
    let note = take(
        errors,
        required_text("note", "what staff need to know", &input.note, 1000),
    );
    Some(Marker {
        kind: kind?,
        note: note?,
    })
}

pub(crate) struct Event {
    pub event_type: EventType,
    pub occurred_on: NaiveDate,
    pub summary: String,
    pub section: Section,
    pub withheld_from_person: bool,
}

/// The section an entry goes in: asked first, because it decides who may write it.
fn event_section(input: &EventInput) -> Result<Section, FieldError> {
    let code = input.section.trim();
    if code.is_empty() {
        return Ok(Section::Chronology);
    }
    Section::from_code(code)
        .filter(|s| concord_store::ENTRY_SECTIONS.contains(s))
        .ok_or_else(|| {
            FieldError::new(
                "section",
                "section_unknown",
                "Choose where the entry belongs: chronology, victim, health or intelligence",
            )
        })
}

/// The sections writing this entry touches, for the access decision.
pub(crate) fn event_sections(input: &EventInput) -> Result<SectionSet, AppError> {
    let section = event_section(input).map_err(|e| {
        let mut errors = ValidationErrors::new();
        errors.push(e);
        AppError::Validation(errors)
    })?;
    let mut sections = SectionSet::one(section);
    if input.withheld_from_person {
        sections.insert(Section::DoNotDisclose);
    }
    Ok(sections)
}

pub(crate) fn event(
    input: &EventInput,
    today: NaiveDate,
    errors: &mut ValidationErrors,
) -> Option<Event> {
    let event_type = code_of(
        errors,
        "event_type",
        "the type of event",
        &input.event_type,
        |code| EventType::from_code(code).filter(|t| t.is_recordable()),
    );
    let occurred_on = take(
        errors,
        input
            .occurred_on
            .required("occurred_on", "Date of the event"),
    )
    .and_then(|d| {
        take(
            errors,
            check_not_future("occurred_on", "Date of the event", d, today),
        )
        .map(|_| d)
    });
    let summary = take(
        errors,
        concord_domain::required_multiline_text("summary", "a summary", &input.summary, 4000),
    );
    let section = take(errors, event_section(input));
    Some(Event {
        event_type: event_type?,
        occurred_on: occurred_on?,
        summary: summary?,
        section: section?,
        withheld_from_person: input.withheld_from_person,
    })
}
