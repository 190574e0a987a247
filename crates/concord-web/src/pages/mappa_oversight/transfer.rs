//! Transfer of a MAPPA case to another area (the bundle offered as a JSON download) and
//! the orders and breaches recorded for the annual report.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use concord_app::{AppError, TransferForm, VICTIM_INFORMATION_BY_VLO};
use concord_domain::{PersonId, TransferId};
use concord_ui::views::{MappaTransferPage, TransferDone};
use concord_ui::FormErrors;

use super::sfo::base;
use crate::checked_form::{CheckedForm, PostedForm};
use crate::error::PageError;
use crate::format::{date, person_href};
use crate::forms::{form_errors, text, Values};
use crate::pages::{parse_id, render, render_checked};
use crate::session::PageUser;
use crate::AppState;

/// Standard base64, for the bundle's `data:` download link: after the transfer the
/// sender no longer runs the case, so the bundle is handed over in the answer itself.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

async fn transfer_page(
    state: &AppState,
    user: &PageUser,
    person: PersonId,
    errors: FormErrors,
    values: Values,
) -> Result<Response, PageError> {
    let actor = &user.0.actor;
    let concord_app::TransferPage {
        header,
        transfers,
        with_victims,
    } = state
        .app
        .oversight()
        .transfer_page(actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let name = header.full_name();
    let failed = !errors.is_empty();
    render_checked(
        &MappaTransferPage {
            shell: user.shell("Transfer to another MAPPA area", ""),
            person_name: name,
            person_href: person_href(person),
            base: person_href(person),
            errors,
            action: format!("{}/transfer", base(person)),
            transfers: transfers
                .iter()
                .map(|t| {
                    (
                        format!(
                            "{}: {} to {}",
                            date(t.transferred_on),
                            t.from_area,
                            t.to_area
                        ),
                        vec![
                            ("Reason".to_string(), t.reason.clone()),
                            ("Bundle SHA-256".into(), t.bundle_sha256.clone()),
                        ],
                    )
                })
                .collect(),
            victim_note: if with_victims {
                "You may read the victim section: the victims' details will be in the bundle."
                    .into()
            } else {
                format!("You may not read the victim section. {VICTIM_INFORMATION_BY_VLO}")
            },
            done: None,
            values,
        },
        failed,
    )
}

pub async fn transfer_form(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    transfer_page(&state, &user, person, FormErrors::new(), Values::new()).await
}

/// A transfer of the MAPPA case to another area, and why.
pub struct TransferPost {
    pub transfer: TransferForm,
    /// As typed, to fill the form in again if it is refused.
    pub entered: Values,
}

impl PostedForm for TransferPost {
    fn from_values(values: &Values) -> Self {
        Self {
            transfer: TransferForm {
                to_area: text(values, "to_area"),
                reason: text(values, "reason"),
            },
            entered: values.clone(),
        }
    }
}

pub async fn transfer(
    State(state): State<AppState>,
    Path(id): Path<String>,
    CheckedForm { user, form }: CheckedForm<TransferPost>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    match state
        .app
        .oversight()
        .transfer_mappa_case(&user.0.actor, person, &form.transfer)
        .await
    {
        Ok(out) => render(&MappaTransferPage {
            shell: user.shell("Case transferred", ""),
            person_name: String::new(),
            person_href: person_href(person),
            base: person_href(person),
            errors: FormErrors::new(),
            action: String::new(),
            transfers: vec![],
            victim_note: String::new(),
            done: Some(TransferDone {
                to_area: out.to_area,
                sha256: out.bundle_sha256,
                download_href: format!(
                    "data:application/json;base64,{}",
                    base64(out.bundle_json.as_bytes())
                ),
                file_name: format!("mappa-transfer-{}.json", out.id),
                victim_information: out.victim_information,
                victim_included: out.victim_information_included,
            }),
            values: Values::new(),
        }),
        Err(AppError::Validation(errors)) => {
            transfer_page(
                &state,
                &user,
                person,
                form_errors(&errors, &[], &[]),
                form.entered,
            )
            .await
        }
        Err(e) => Err(user.error(e)),
    }
}

/// A past transfer's bundle, as sent (for whoever still reads the case).
pub async fn bundle(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, transfer)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let transfer = TransferId(parse_id(&transfer)?);
    let json = state
        .app
        .oversight()
        .transfer_bundle(&user.0.actor, person, transfer)
        .await
        .map_err(|e| user.error(e))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"mappa-transfer-{transfer}.json\""),
            ),
        ],
        json,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_pads_as_the_standard_says() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }
}
