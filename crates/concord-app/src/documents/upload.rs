//! Attaching a document to a record: filed under a section the uploader may add to,
//! checked for kind and size, scanned for viruses, then kept — or refused with the field
//! and the reason, nothing kept. The decision is made (and a refusal audited) before the
//! file is looked at; the scan runs outside any transaction; an infected file is audited
//! as refused with the signature the scanner matched.

use concord_authz::{Action, Actor, SectionSet};
use concord_domain::{AttachmentId, FieldError, PersonId, ValidationErrors};
use concord_store::audit::AuditKind;
use concord_store::AttachmentRow;
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::kind::{clean_file_name, sniff};
use super::scanner::{Scanner, Verdict};
use super::FILING_SECTIONS;
use crate::access::Note;
use crate::{AppError, Documents};

/// The largest file kept: a scanned letter or a phone photograph is well under it.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;

/// A document as uploaded.
#[derive(Debug, Clone, Default)]
pub struct AttachmentUpload {
    /// A [`Section`] code: who may see it.
    pub section: String,
    pub title: String,
    /// As the browser sent it.
    pub file_name: String,
    pub content: Vec<u8>,
}

impl Documents<'_> {
    pub async fn attach_document(
        &self,
        actor: &Actor,
        person: PersonId,
        upload: &AttachmentUpload,
    ) -> Result<AttachmentId, AppError> {
        let section = FILING_SECTIONS
            .into_iter()
            .find(|s| s.code() == upload.section.trim())
            .ok_or_else(|| {
                invalid(
                    "section",
                    "invalid",
                    "Choose who may see the document: the part of the record it belongs to",
                )
            })?;
        // May this person add to that part of the record? Decided and audited first.
        self.run(actor, async |w| {
            w.person(Action::Change, person, SectionSet::one(section))
                .await
                .map(|_| ())
        })
        .await?;
        let (title, file_name, kind) = check(upload)?;
        let scanner =
            Scanner::parse(&self.settings.attachment_scanner).map_err(AppError::Unavailable)?;
        if !scanner.is_configured() {
            return Err(AppError::Unavailable(
                "Documents cannot be attached: no virus scanner is configured (attachment_scanner). Nothing was kept.".into(),
            ));
        }
        let verdict = scanner.scan(&upload.content).await.map_err(|e| {
            AppError::Unavailable(format!(
                "The virus scanner did not check the file ({e}). Nothing was kept; try again later."
            ))
        })?;
        let scanned_by = match verdict {
            Verdict::Clean { scanned_by } => scanned_by,
            Verdict::Infected { signature } => {
                self.run(actor, async |w| {
                    w.audit(
                        AuditKind::Denied,
                        Action::Create,
                        Some(person.0),
                        "refused a document: the virus scanner found malware in it",
                        Note {
                            sections: Some(SectionSet::one(section)),
                            detail: Some(json!({"signature": signature, "file_name": file_name})),
                            ..Note::default()
                        },
                    );
                    Ok(())
                })
                .await?;
                return Err(invalid(
                    "file",
                    "infected",
                    format!("The virus scanner found {signature} in the file. It has not been kept; tell your IT service desk."),
                ));
            }
        };
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Change, person, SectionSet::one(section))
                .await?;
            let id = AttachmentId(Uuid::now_v7());
            let row = AttachmentRow {
                id,
                person_id: person,
                agency_id: w.actor().agency_id,
                section: section.code().into(),
                title: title.clone(),
                file_name: file_name.clone(),
                media_type: kind.media_type.into(),
                size_bytes: i64::try_from(upload.content.len()).unwrap_or(i64::MAX),
                sha256: hex::encode(Sha256::digest(&upload.content)),
                scanned_by: scanned_by.clone(),
                uploaded_by: w.actor().user_id,
                uploaded_at: self.clock.now(),
            };
            concord_store::insert_attachment(w.tx(), &cap, &row, &upload.content).await?;
            w.audit(
                AuditKind::Collection,
                Action::Create,
                Some(person.0),
                "attached a document",
                Note {
                    sections: Some(SectionSet::one(section)),
                    detail: Some(json!({"attachment": id, "kind": kind.label, "bytes": upload.content.len(), "scanned_by": scanned_by})),
                    ..Note::default()
                },
            );
            Ok(id)
        })
        .await
    }
}

/// The title, the cleaned file name and the kind, or every field at fault.
fn check(upload: &AttachmentUpload) -> Result<(String, String, super::kind::FileKind), AppError> {
    let mut errors = ValidationErrors::new();
    let title = upload.title.trim();
    if title.is_empty() {
        errors.push(FieldError::new(
            "title",
            "required",
            "Give the document a title, e.g. Letter from the housing officer",
        ));
    } else if title.chars().count() > 200 {
        errors.push(FieldError::new(
            "title",
            "too_long",
            "The title must be 200 characters or fewer",
        ));
    }
    let mut kind = None;
    if upload.content.is_empty() {
        errors.push(FieldError::new(
            "file",
            "required",
            "Choose a file to attach",
        ));
    } else if upload.content.len() > MAX_ATTACHMENT_BYTES {
        errors.push(FieldError::new(
            "file",
            "too_large",
            format!(
                "The file must be smaller than {} MB",
                MAX_ATTACHMENT_BYTES / (1024 * 1024)
            ),
        ));
    } else {
        kind = sniff(&upload.file_name, &upload.content);
        if kind.is_none() {
            errors.push(FieldError::new(
                "file",
                "kind",
                "The file must be a PDF, a Word document (.docx), a JPEG or PNG picture, or a text file (.txt)",
            ));
        }
    }
    match kind {
        Some(kind) if errors.is_empty() => {
            Ok((title.to_string(), clean_file_name(&upload.file_name), kind))
        }
        _ => Err(AppError::Validation(errors)),
    }
}

fn invalid(field: &str, code: &'static str, message: impl Into<String>) -> AppError {
    AppError::Validation(ValidationErrors::from(FieldError::new(
        field, code, message,
    )))
}
