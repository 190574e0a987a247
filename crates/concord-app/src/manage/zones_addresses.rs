//! The person's own addresses on the zones map: where he lives now is what his zones are
//! drawn about, so the map shows it beside them. Read under the addresses section (a
//! reader without it sees no address, and nothing says one was left out) and placed by
//! each address's postcode in the postcode directory.

use concord_authz::{Action, Section, SectionSet};
use concord_domain::{AddressKind, PersonId};
use concord_store::audit::AuditKind;

use crate::access::Note;
use crate::kernel::Work;
use crate::AppError;

/// One of the person's current addresses, placed on the map when its postcode is known.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedAddress {
    /// "Home", "Approved premises", …
    pub kind: String,
    /// The address on one line, as recorded.
    pub text: String,
    /// (latitude, longitude) of its postcode's centre; `None` when the address has no
    /// postcode or the directory does not hold it (listed, not drawn).
    pub location: Option<(f64, f64)>,
}

/// The person's current addresses (begun, and not ended before today), when the
/// reader reaches the addresses section; `None` otherwise, without reading them.
pub(crate) async fn current_addresses_in(
    w: &mut Work<'_>,
    person: PersonId,
    today: chrono::NaiveDate,
) -> Result<Option<Vec<PlacedAddress>>, AppError> {
    if !w.readable(person).await?.contains(Section::Addresses) {
        return Ok(None);
    }
    let cap = w
        .person(Action::Read, person, SectionSet::one(Section::Addresses))
        .await?;
    let rows: Vec<_> = concord_store::addresses(w.tx(), &cap, person)
        .await?
        .into_iter()
        .filter(|a| a.from_date <= today && a.to_date.is_none_or(|end| end >= today))
        .collect();
    w.audit(
        AuditKind::Consultation,
        Action::Read,
        Some(person.0),
        "viewed the current addresses on the zones map",
        Note::sections(SectionSet::one(Section::Addresses)),
    );
    let postcodes: Vec<String> = rows.iter().filter_map(|a| a.postcode.clone()).collect();
    let centres = crate::places::postcode_centres(w, &postcodes).await?;
    Ok(Some(
        rows.into_iter()
            .map(|a| {
                let location = a
                    .postcode
                    .as_deref()
                    .and_then(|p| concord_domain::Postcode::parse(p).ok())
                    .and_then(|p| centres.get(p.as_str()).copied());
                let text = concord_domain::address_one_line(
                    &a.line1,
                    a.line2.as_deref(),
                    &a.town,
                    a.postcode.as_deref(),
                );
                PlacedAddress {
                    kind: AddressKind::from_code(&a.kind)
                        .map_or_else(|| a.kind.clone(), |k| k.label().to_string()),
                    text,
                    location,
                }
            })
            .collect(),
    ))
}
