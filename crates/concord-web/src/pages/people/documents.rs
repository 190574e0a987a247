//! The Documents tab: list, attach (a multipart form: the file, its title and the part
//! of the record it is filed under) and open. The CSRF token travels in the multipart
//! body, so it is checked here rather than by `CheckedForm`; a post that is not
//! multipart at all is refused as a post without its token, and audited.

use std::collections::HashMap;

use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use concord_app::{AppError, AttachmentUpload, DocumentsPage as Page, MAX_ATTACHMENT_BYTES};
use concord_domain::{AttachmentId, PersonId};
use concord_ui::views::{DocumentLine, DocumentsPage};
use concord_ui::{FormErrors, SelectOption};

use crate::error::PageError;
use crate::format::{instant, person_href};
use crate::forms::form_errors;
use crate::pages::{parse_id, render_checked};
use crate::session::PageUser;
use crate::AppState;

fn documents_href(person: PersonId) -> String {
    format!("{}/documents", person_href(person))
}

fn size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

fn kind_label(media_type: &str) -> &'static str {
    match media_type {
        "application/pdf" => "PDF document",
        "image/jpeg" => "JPEG photograph",
        "image/png" => "PNG image",
        t if t.starts_with("text/plain") => "Text file",
        _ => "Word document",
    }
}

fn view(
    user: &PageUser,
    person: PersonId,
    p: &Page,
    notice: &str,
    errors: FormErrors,
    entered: (&str, &str),
) -> DocumentsPage {
    let (title, section) = entered;
    DocumentsPage {
        shell: user.record_shell("Documents", &p.key_facts),
        person_name: p.person_name.clone(),
        base: person_href(person),
        notice: notice.into(),
        errors,
        documents: p
            .documents
            .iter()
            .map(|d| DocumentLine {
                id: d.id.to_string(),
                href: format!("{}/{}", documents_href(person), d.id),
                title: d.title.clone(),
                file_name: d.file_name.clone(),
                kind: format!("{}, {}", kind_label(&d.media_type), size(d.size_bytes)),
                filed_under: d.section.label().into(),
                uploaded: format!("{} by {}", instant(d.uploaded_at), d.uploaded_by),
            })
            .collect(),
        upload_action: if p.may_attach_to.is_empty() {
            String::new()
        } else {
            documents_href(person)
        },
        upload_unavailable: if p.scanner_configured {
            String::new()
        } else {
            "Documents cannot be attached here yet: every file is checked for viruses before it is kept, and no virus scanner is set up. Ask your system administrator.".into()
        },
        section_options: p
            .may_attach_to
            .iter()
            .map(|s| SelectOption::new(s.code(), s.label(), s.code() == section))
            .collect(),
        title_value: title.into(),
        max_megabytes: MAX_ATTACHMENT_BYTES / (1024 * 1024),
    }
}

pub async fn show(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let p = state
        .app
        .documents()
        .documents_page(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let notice = if q.contains_key("notice") {
        "The document was checked for viruses and attached."
    } else {
        ""
    };
    render_checked(
        &view(&user, person, &p, notice, FormErrors::new(), ("", "")),
        false,
    )
}

pub async fn attach(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let Ok(mut multipart) = Multipart::from_request(request, &state).await else {
        // Not a multipart form: no token came with it.
        user.check_csrf(&state.app, None).await?;
        return Err(PageError::not_found());
    };
    let (mut token, mut upload, mut unreadable) = (None, AttachmentUpload::default(), false);
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_string();
                if name == "file" {
                    upload.file_name = field.file_name().unwrap_or_default().to_string();
                    match field.bytes().await {
                        Ok(b) => upload.content = b.to_vec(),
                        Err(_) => unreadable = true,
                    }
                } else {
                    let text = field.text().await.unwrap_or_default();
                    match name.as_str() {
                        "csrf_token" => token = Some(text),
                        "title" => upload.title = text,
                        "section" => upload.section = text,
                        _ => {}
                    }
                }
            }
            Ok(None) => break,
            Err(_) => {
                unreadable = true;
                break;
            }
        }
    }
    user.check_csrf(&state.app, token.as_ref()).await?;
    let result = if unreadable {
        Err(AppError::Validation(
            concord_domain::ValidationErrors::from(concord_domain::FieldError::new(
                "file",
                "unreadable",
                format!(
                    "The file could not be read: it must be smaller than {} MB",
                    MAX_ATTACHMENT_BYTES / (1024 * 1024)
                ),
            )),
        ))
    } else {
        state
            .app
            .documents()
            .attach_document(&user.0.actor, person, &upload)
            .await
    };
    // A refusal shows the form again with the reason by the file: 422 for the file or its
    // fields, 503 when the scanner did not answer or none is configured.
    let (errors, status) = match result {
        Ok(doc) => {
            return Ok(Redirect::to(&format!(
                "{}?notice=attached#document-{doc}",
                documents_href(person)
            ))
            .into_response())
        }
        Err(AppError::Validation(v)) => (form_errors(&v, &[], &[]), None),
        Err(AppError::Unavailable(message)) => {
            let mut e = FormErrors::new();
            e.push("file", message);
            (e, Some(axum::http::StatusCode::SERVICE_UNAVAILABLE))
        }
        Err(e) => return Err(user.error(e)),
    };
    let p = state
        .app
        .documents()
        .documents_page(&user.0.actor, person)
        .await
        .map_err(|e| user.error(e))?;
    let page = view(
        &user,
        person,
        &p,
        "",
        errors,
        (&upload.title, &upload.section),
    );
    let mut response = render_checked(&page, true)?;
    if let Some(status) = status {
        *response.status_mut() = status;
    }
    Ok(response)
}

/// The file itself, offered as a download only: never shown inline, never sniffed into
/// something else, and sandboxed should a browser render it anyway.
pub async fn open(
    State(state): State<AppState>,
    user: PageUser,
    Path((id, document)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let person = PersonId(parse_id(&id)?);
    let document = AttachmentId(parse_id(&document)?);
    let d = state
        .app
        .documents()
        .open_document(&user.0.actor, person, document)
        .await
        .map_err(|e| user.error(e))?;
    // An ASCII name for every browser, and the name as kept (UTF-8, percent-encoded,
    // RFC 6266) for those that read it.
    let ascii: String = d
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect::<String>()
        .replace('"', "_");
    let encoded: String = d
        .file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    Ok((
        [
            (header::CONTENT_TYPE, d.media_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (header::CACHE_CONTROL, "no-store".to_string()),
            (
                header::CONTENT_SECURITY_POLICY,
                "sandbox; default-src 'none'".to_string(),
            ),
        ],
        d.content,
    )
        .into_response())
}
