//! The API's request and response shapes. Separate from the use-case types so the
//! published contract changes only on purpose.

use chrono::NaiveDate;
use concord_app::{
    AddressInput, AliasInput, DateInput, EventInput, IdentifierInput, MarkerInput, OffenceInput,
    PersonDetailsInput, PersonRecord, RegisterPersonInput, SearchResults, SentenceInput,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
pub struct SessionRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedResponse {
    pub id: Uuid,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IdentifierDto {
    /// `pnc`, `cro`, `prison_number`, `crn` or `nino`.
    pub kind: String,
    /// Canonical form, e.g. `2001/0123456F`.
    pub value: String,
    pub recorded_by: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AliasDto {
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub recorded_by: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AddressDto {
    pub id: Uuid,
    pub version: i64,
    pub kind: String,
    pub line1: String,
    pub line2: Option<String>,
    pub town: String,
    pub postcode: Option<String>,
    pub from_date: NaiveDate,
    pub to_date: Option<NaiveDate>,
    pub recorded_by: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OffenceDto {
    pub offence_code: String,
    pub category: String,
    pub description: String,
    pub offence_date: NaiveDate,
    pub conviction_date: Option<NaiveDate>,
    pub disposal: Option<String>,
    pub recorded_by: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SentenceDto {
    pub kind: String,
    pub description: Option<String>,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub release_date: Option<NaiveDate>,
    pub licence_end_date: Option<NaiveDate>,
    pub recorded_by: String,
    /// The length as the court imposed it ("2 years"), when recorded.
    pub term: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MarkerDto {
    pub kind: String,
    pub label: String,
    pub note: String,
    pub raised_on: NaiveDate,
    pub recorded_by: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonResponse {
    pub id: Uuid,
    /// Send back as `version` when changing the details (optimistic locking).
    pub version: i64,
    pub given_name: String,
    pub middle_names: Option<String>,
    pub family_name: String,
    pub date_of_birth: NaiveDate,
    pub age: u32,
    pub gender: String,
    pub owning_agency: String,
    pub identifiers: Vec<IdentifierDto>,
    pub aliases: Vec<AliasDto>,
    pub addresses: Vec<AddressDto>,
    pub offences: Vec<OffenceDto>,
    pub sentences: Vec<SentenceDto>,
    /// Active warning markers only.
    pub warning_markers: Vec<MarkerDto>,
    /// The sections of the record this caller may see (`identity`, `markers`,
    /// `addresses`, `convictions`, `management`, `chronology`, `history`, and the
    /// restricted `victim`, `health`, `intelligence`, `do_not_disclose`). A list above is
    /// empty either because nothing is recorded or because its section is not here.
    pub visible_sections: Vec<String>,
    /// Why the caller sees the record: `allocated`, `team`, `owning_agency`,
    /// `panel_member`, `referral`, `share`, `break_glass`.
    pub access_basis: Vec<String>,
}

impl From<PersonRecord> for PersonResponse {
    fn from(r: PersonRecord) -> Self {
        let warning_markers = r
            .active_markers()
            .map(|m| MarkerDto {
                kind: m.kind.code().into(),
                label: m.kind.label().into(),
                note: m.note.clone(),
                raised_on: m.raised_on,
                recorded_by: m.agency.clone(),
            })
            .collect();
        let visible_sections = r.sections.codes().into_iter().map(String::from).collect();
        let mut access_basis: Vec<String> = r
            .relationships
            .iter()
            .map(|x| x.code().to_string())
            .collect();
        access_basis.dedup();
        PersonResponse {
            visible_sections,
            access_basis,
            id: r.id.0,
            version: r.version,
            given_name: r.given_name,
            middle_names: r.middle_names,
            family_name: r.family_name,
            date_of_birth: r.date_of_birth,
            age: r.age,
            gender: r.gender.code().into(),
            owning_agency: r.owning_agency,
            identifiers: r
                .identifiers
                .into_iter()
                .map(|i| IdentifierDto {
                    kind: i.kind.code().into(),
                    value: i.value,
                    recorded_by: i.agency,
                })
                .collect(),
            aliases: r
                .aliases
                .into_iter()
                .map(|a| AliasDto {
                    name: a.name,
                    date_of_birth: a.date_of_birth,
                    recorded_by: a.agency,
                })
                .collect(),
            addresses: r
                .addresses
                .into_iter()
                .map(|a| AddressDto {
                    id: a.id.as_uuid(),
                    version: a.version,
                    kind: a.kind.code().into(),
                    line1: a.line1,
                    line2: a.line2,
                    town: a.town,
                    postcode: a.postcode,
                    from_date: a.from_date,
                    to_date: a.to_date,
                    recorded_by: a.agency,
                })
                .collect(),
            offences: r
                .offences
                .into_iter()
                .map(|o| OffenceDto {
                    offence_code: o.offence_code,
                    category: o.category,
                    description: o.description,
                    offence_date: o.offence_date,
                    conviction_date: o.conviction_date,
                    disposal: o.disposal.map(|d| d.code().into()),
                    recorded_by: o.agency,
                })
                .collect(),
            sentences: r
                .sentences
                .into_iter()
                .map(|s| SentenceDto {
                    kind: s.kind.code().into(),
                    description: s.description,
                    start_date: s.start_date,
                    end_date: s.end_date,
                    release_date: s.release_date,
                    licence_end_date: s.licence_end_date,
                    recorded_by: s.agency,
                    term: s.term.map(|t| t.to_string()),
                })
                .collect(),
            warning_markers,
        }
    }
}

/// Core details. Dates are `YYYY-MM-DD` (other common formats such as `31/03/1980` are
/// accepted too).
#[derive(Debug, Deserialize, ToSchema)]
pub struct DetailsRequest {
    pub given_name: String,
    #[serde(default)]
    pub middle_names: String,
    pub family_name: String,
    pub date_of_birth: String,
    /// `male`, `female`, `not_known` or `not_specified`.
    pub gender: String,
}

impl DetailsRequest {
    pub fn input(&self) -> PersonDetailsInput {
        PersonDetailsInput {
            given_name: self.given_name.clone(),
            middle_names: self.middle_names.clone(),
            family_name: self.family_name.clone(),
            date_of_birth: DateInput::text(&self.date_of_birth),
            gender: self.gender.clone(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct IdentifierRequest {
    /// `pnc`, `cro`, `prison_number`, `crn` or `nino`.
    pub kind: String,
    /// Any common formatting, e.g. `01/123456f` for PNC 2001/0123456F.
    pub value: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AddressRequest {
    /// `home`, `approved_premises`, `temporary`, `prison`, `no_fixed_abode` or `other`.
    pub kind: String,
    pub line1: String,
    #[serde(default)]
    pub line2: String,
    pub town: String,
    #[serde(default)]
    pub postcode: String,
    pub from_date: String,
    #[serde(default)]
    pub to_date: String,
}

impl AddressRequest {
    pub fn input(&self) -> AddressInput {
        AddressInput {
            kind: self.kind.clone(),
            line1: self.line1.clone(),
            line2: self.line2.clone(),
            town: self.town.clone(),
            postcode: self.postcode.clone(),
            from_date: DateInput::text(&self.from_date),
            to_date: DateInput::text(&self.to_date),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AliasRequest {
    pub given_name: String,
    #[serde(default)]
    pub middle_names: String,
    pub family_name: String,
    #[serde(default)]
    pub date_of_birth: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct OffenceRequest {
    /// Home Office offence code, e.g. `02800`.
    pub offence_code: String,
    pub description: String,
    pub offence_date: String,
    #[serde(default)]
    pub conviction_date: String,
    /// e.g. `immediate_custody`, `community_order`; empty if not yet disposed.
    #[serde(default)]
    pub disposal: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SentenceRequest {
    /// e.g. `custody`, `community_order`, `sexual_harm_prevention_order`.
    pub kind: String,
    #[serde(default)]
    pub description: String,
    pub start_date: String,
    #[serde(default)]
    pub end_date: String,
    #[serde(default)]
    pub release_date: String,
    #[serde(default)]
    pub licence_end_date: String,
    /// The length as the court imposed it: `2 years`, `18 months`, `26 weeks`, `90 days`.
    #[serde(default)]
    pub term: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MarkerRequest {
    /// e.g. `risk_to_staff`, `weapons`, `violence`, `self_harm`.
    pub kind: String,
    pub note: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EventRequest {
    /// e.g. `contact`, `home_visit`, `arrest`, `intelligence`, `note`.
    pub event_type: String,
    pub occurred_on: String,
    pub summary: String,
    /// `chronology` (the default) or a restricted section: `victim`, `health`,
    /// `intelligence`.
    #[serde(default)]
    pub section: String,
    /// "Do not disclose to the person".
    #[serde(default)]
    pub withheld_from_person: bool,
}

/// A whole record. Every part is validated before anything is written; errors name the
/// part by position, e.g. `addresses[0].postcode`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterPersonRequest {
    pub details: DetailsRequest,
    #[serde(default)]
    pub identifiers: Vec<IdentifierRequest>,
    #[serde(default)]
    pub aliases: Vec<AliasRequest>,
    #[serde(default)]
    pub addresses: Vec<AddressRequest>,
    #[serde(default)]
    pub offences: Vec<OffenceRequest>,
    #[serde(default)]
    pub sentences: Vec<SentenceRequest>,
    #[serde(default)]
    pub markers: Vec<MarkerRequest>,
    #[serde(default)]
    pub events: Vec<EventRequest>,
}

impl RegisterPersonRequest {
    pub fn input(&self) -> RegisterPersonInput {
        let d = |s: &str| DateInput::text(s);
        RegisterPersonInput {
            details: self.details.input(),
            identifiers: self
                .identifiers
                .iter()
                .map(|i| IdentifierInput {
                    kind: i.kind.clone(),
                    value: i.value.clone(),
                })
                .collect(),
            aliases: self
                .aliases
                .iter()
                .map(|a| AliasInput {
                    given_name: a.given_name.clone(),
                    middle_names: a.middle_names.clone(),
                    family_name: a.family_name.clone(),
                    date_of_birth: d(&a.date_of_birth),
                })
                .collect(),
            addresses: self.addresses.iter().map(AddressRequest::input).collect(),
            offences: self
                .offences
                .iter()
                .map(|o| OffenceInput {
                    offence_code: o.offence_code.clone(),
                    description: o.description.clone(),
                    offence_date: d(&o.offence_date),
                    conviction_date: d(&o.conviction_date),
                    disposal: o.disposal.clone(),
                })
                .collect(),
            sentences: self
                .sentences
                .iter()
                .map(|s| SentenceInput {
                    kind: s.kind.clone(),
                    description: s.description.clone(),
                    start_date: d(&s.start_date),
                    end_date: d(&s.end_date),
                    release_date: d(&s.release_date),
                    licence_end_date: d(&s.licence_end_date),
                    term: s.term.clone(),
                })
                .collect(),
            markers: self
                .markers
                .iter()
                .map(|m| MarkerInput {
                    kind: m.kind.clone(),
                    note: m.note.clone(),
                })
                .collect(),
            events: self
                .events
                .iter()
                .map(|e| EventInput {
                    event_type: e.event_type.clone(),
                    occurred_on: d(&e.occurred_on),
                    summary: e.summary.clone(),
                    section: e.section.clone(),
                    withheld_from_person: e.withheld_from_person,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ChangeDetailsRequest {
    /// The `version` of the record as last read.
    pub version: i64,
    pub details: DetailsRequest,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHitDto {
    pub id: Uuid,
    pub name: String,
    pub date_of_birth: NaiveDate,
    pub crn: Option<String>,
    pub pnc: Option<String>,
    pub prison_number: Option<String>,
    pub town: Option<String>,
    pub warning_markers: Vec<String>,
    /// Why this person matched.
    pub reasons: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResponse {
    pub understood_as: String,
    pub truncated: bool,
    pub results: Vec<SearchHitDto>,
}

impl From<SearchResults> for SearchResponse {
    fn from(r: SearchResults) -> Self {
        SearchResponse {
            understood_as: r.understood_as,
            truncated: r.truncated,
            results: r
                .hits
                .into_iter()
                .map(|h| SearchHitDto {
                    id: h.person_id.0,
                    name: h.name,
                    date_of_birth: h.date_of_birth,
                    crn: h.crn,
                    pnc: h.pnc,
                    prison_number: h.prison_number,
                    town: h.town,
                    warning_markers: h.markers.iter().map(|m| m.code().to_string()).collect(),
                    reasons: h.reasons,
                })
                .collect(),
        }
    }
}
