//! A licence's reporting instructions (issue 24): the first appointment the person must
//! keep after release — with whom, on what day and at what time, where, and the number to
//! ring if something prevents it. The licence he signs says so; without them a man
//! released on a Friday afternoon does not know where to go. Set on a licence or
//! variation in progress; a variation starts with the instructions of the version it
//! varies.

use chrono::{NaiveDate, NaiveTime};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{FieldError, LicenceVersionId, PersonId, ValidationErrors};
use concord_store::audit::AuditKind;
use concord_store::LicenceAppointmentRow;
use serde::Serialize;
use serde_json::json;

use super::licence::is_editable;
use crate::access::Note;
use crate::{AppError, Manage};

/// The reporting instructions as a form posts them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AppointmentForm {
    pub with_whom: String,
    /// Day/month/year or ISO.
    pub date: String,
    /// `14:00`, `2pm`, `2.30pm`.
    pub time: String,
    pub address: String,
    pub phone: String,
}

/// A version's reporting instructions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppointmentView {
    pub with_whom: String,
    pub on: NaiveDate,
    /// `HH:MM`, 24-hour.
    pub time: String,
    pub address: String,
    pub phone: String,
}

impl From<&LicenceAppointmentRow> for AppointmentView {
    fn from(r: &LicenceAppointmentRow) -> Self {
        Self {
            with_whom: r.with_whom.clone(),
            on: r.on_date,
            time: r.at_time.clone(),
            address: r.address.clone(),
            phone: r.phone.clone(),
        }
    }
}

/// A time of day as people write it: `14:00`, `14.00`, `2pm`, `2:30 pm`.
pub(crate) fn parse_time(text: &str) -> Option<NaiveTime> {
    let t = text
        .trim()
        .to_lowercase()
        .replace(' ', "")
        .replace('.', ":");
    let (digits, offset) = if let Some(d) = t.strip_suffix("am") {
        (d, Some(0))
    } else if let Some(d) = t.strip_suffix("pm") {
        (d, Some(12))
    } else {
        (t.as_str(), None)
    };
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None => (digits.parse::<u32>().ok()?, 0),
    };
    let h = match offset {
        Some(add) if (1..=12).contains(&h) => h % 12 + add,
        Some(_) => return None,
        None => h,
    };
    NaiveTime::from_hms_opt(h, m, 0)
}

/// A UK telephone number: 10 or 11 digits (a leading +44 counts as the 0), with spaces,
/// hyphens and brackets allowed between them.
fn valid_phone(text: &str) -> bool {
    let t = text.trim();
    let t = t
        .strip_prefix("+44")
        .map_or(t.to_string(), |rest| format!("0{rest}"));
    let t = t.replace("(0)", "");
    t.chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')'))
        && t.chars().find(char::is_ascii_digit) == Some('0')
        && (10..=11).contains(&t.chars().filter(char::is_ascii_digit).count())
}

/// Check the form against the licence's release date; every problem at once.
pub(crate) fn check(
    form: &AppointmentForm,
    release: NaiveDate,
) -> Result<(String, NaiveDate, String, String, String), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let with_whom = errors.check(
        "with_whom",
        concord_domain::required_text("with_whom", "who he reports to", &form.with_whom, 100),
    );
    let on = match concord_domain::parse_date("date", "Appointment date", &form.date) {
        Ok(d) if d < release => {
            errors.push(FieldError::new(
                "date",
                "before_release",
                format!(
                    "The appointment must be on or after the release date, {}",
                    concord_domain::format_date(release)
                ),
            ));
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let time = if form.time.trim().is_empty() {
        errors.push(FieldError::new(
            "time",
            "required",
            "Enter the appointment time",
        ));
        None
    } else if let Some(t) = parse_time(&form.time) {
        Some(t.format("%H:%M").to_string())
    } else {
        errors.push(FieldError::new(
            "time",
            "invalid",
            "Enter the time like 14:00 or 2pm",
        ));
        None
    };
    let address = errors.check(
        "address",
        concord_domain::required_text("address", "where he reports", &form.address, 300),
    );
    let phone = if valid_phone(&form.phone) {
        Some(form.phone.trim().to_string())
    } else {
        errors.push(FieldError::new(
            "phone",
            "invalid",
            "Enter a UK telephone number, like 01245 123456",
        ));
        None
    };
    match (with_whom, on, time, address, phone) {
        (Some(w), Some(o), Some(t), Some(a), Some(p)) if errors.is_empty() => Ok((w, o, t, a, p)),
        _ => Err(errors),
    }
}

impl Manage<'_> {
    /// Set the reporting instructions of a licence or variation in progress.
    pub async fn set_licence_appointment(
        &self,
        actor: &Actor,
        person: PersonId,
        version: LicenceVersionId,
        form: &AppointmentForm,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let cap = self
                .licence_cap(w.tx(), actor, Action::Change, person)
                .await?;
            let (row, _) = self.licence_version(w.tx(), &cap, person, version).await?;
            if !is_editable(row.status) {
                return Err(AppError::field(
                    "status",
                    "not_a_draft",
                    format!(
                        "This licence is {}: only a licence or variation in progress can be changed. Start a variation to change it.",
                        row.status.words()
                    ),
                ));
            }
            let (with_whom, on_date, at_time, address, phone) =
                check(form, row.release_date).map_err(AppError::Validation)?;
            let appointment = LicenceAppointmentRow {
                licence_version_id: version,
                person_id: person,
                with_whom,
                on_date,
                at_time,
                address,
                phone,
                set_by: actor.user_id,
                set_at: self.clock.now(),
            };
            concord_store::set_licence_appointment(w.tx(), &cap, &appointment).await?;
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.as_uuid()),
                "licence: reporting instructions set",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"licence": row.licence_id, "version": version})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::{parse_time, valid_phone};

    #[test]
    fn times_are_read_as_people_write_them() {
        for (text, expected) in [
            ("14:00", "14:00"),
            ("14.30", "14:30"),
            ("2pm", "14:00"),
            ("2:30 PM", "14:30"),
            ("12pm", "12:00"),
            ("12am", "00:00"),
            ("9", "09:00"),
        ] {
            assert_eq!(
                parse_time(text)
                    .map(|t| t.format("%H:%M").to_string())
                    .as_deref(),
                Some(expected),
                "{text}"
            );
        }
        for bad in ["25:00", "13pm", "noon", "", "14:60"] {
            assert!(parse_time(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn uk_telephone_numbers_are_accepted_in_their_usual_shapes() {
        for ok in [
            "01245 123456",
            "+44 (0)1245 123456",
            "07700-900123",
            "(01245) 123456",
        ] {
            assert!(valid_phone(ok), "{ok}");
        }
        for bad in [
            "123",
            "call the office",
            "01245 123456 ext 4",
            "+1 202 555 0100",
        ] {
            assert!(!valid_phone(bad), "{bad}");
        }
    }
}
