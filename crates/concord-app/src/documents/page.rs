//! The Documents tab: the documents filed under the sections the reader reaches (one
//! filed under any other section is neither listed nor counted, so nothing hints at
//! it), and the sections the reader may attach to. Opening one reads its bytes under a
//! decision on its own section, audited.

use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{AttachmentId, PersonId};
use concord_store::audit::AuditKind;
use serde_json::json;

use super::FILING_SECTIONS;
use crate::access::Note;
use crate::{AppError, Documents};

/// One document as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentView {
    pub id: AttachmentId,
    pub section: Section,
    pub title: String,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub uploaded_by: String,
    pub uploaded_at: chrono::DateTime<chrono::Utc>,
    pub scanned_by: String,
}

#[derive(Debug, Clone)]
pub struct DocumentsPage {
    pub key_facts: crate::KeyFacts,
    pub person_name: String,
    pub documents: Vec<DocumentView>,
    /// The sections the reader may file a document under (empty: no upload form).
    pub may_attach_to: Vec<Section>,
    /// Whether a virus scanner is configured (without one, no upload is accepted).
    pub scanner_configured: bool,
}

/// A document's bytes, to send.
#[derive(Debug, Clone)]
pub struct OpenedDocument {
    pub file_name: String,
    pub media_type: String,
    pub content: Vec<u8>,
}

impl Documents<'_> {
    pub async fn documents_page(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<DocumentsPage, AppError> {
        self.run_page(actor, async |w| {
            let readable = w.readable(person).await?;
            let listed: Vec<Section> = FILING_SECTIONS
                .into_iter()
                .filter(|s| readable.contains(*s))
                .collect();
            let person_name = self.people().record_header_in(w, person).await?.full_name();
            let rows = if listed.is_empty() {
                vec![]
            } else {
                let cap = w
                    .person(Action::Read, person, SectionSet::of(&listed))
                    .await?;
                concord_store::attachments_of(w.tx(), &cap, person, &listed).await?
            };
            let uploaders: Vec<_> = rows.iter().map(|r| r.uploaded_by).collect();
            let names = crate::person::Names::load(w.tx(), &uploaders).await?;
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "viewed the list of documents",
                Note::sections(SectionSet::of(&listed)),
            );
            let resource = w.resource(person).await?;
            let may_attach_to = FILING_SECTIONS
                .into_iter()
                .filter(|s| {
                    let d = concord_authz::decide(
                        w.actor(),
                        Action::Change,
                        &resource.clone().sections(SectionSet::one(*s)),
                    );
                    d.allowed && d.sections.contains(*s)
                })
                .collect();
            Ok(DocumentsPage {
                key_facts: crate::KeyFacts::read(w, person).await?,
                person_name,
                documents: rows
                    .into_iter()
                    .filter_map(|r| {
                        Some(DocumentView {
                            id: r.id,
                            section: Section::from_code(&r.section)?,
                            uploaded_by: names.user(Some(r.uploaded_by)),
                            title: r.title,
                            file_name: r.file_name,
                            media_type: r.media_type,
                            size_bytes: r.size_bytes,
                            uploaded_at: r.uploaded_at,
                            scanned_by: r.scanned_by,
                        })
                    })
                    .collect(),
                may_attach_to,
                scanner_configured: super::scanner::Scanner::parse(
                    &self.settings.attachment_scanner,
                )
                .is_ok_and(|s| s.is_configured()),
            })
        })
        .await
    }

    /// A document's bytes: `NotFound` when the person has no such document or the reader
    /// does not reach its section (the same answer, so nothing says it exists).
    pub async fn open_document(
        &self,
        actor: &Actor,
        person: PersonId,
        id: AttachmentId,
    ) -> Result<OpenedDocument, AppError> {
        self.run_page(actor, async |w| {
            let section = concord_store::attachment_section(w.tx(), person, id)
                .await?
                .ok_or(AppError::NotFound)?;
            if !w.readable(person).await?.contains(section) {
                // Decided, so the refusal is audited; answered as if there were no such
                // document, since its section is not the reader's to know of.
                return Err(
                    match w
                        .person(Action::Read, person, SectionSet::one(section))
                        .await
                    {
                        Err(AppError::Denied { reason, audit, .. }) => AppError::Denied {
                            reason,
                            audit,
                            conceal: true,
                        },
                        Err(e) => e,
                        Ok(_) => AppError::NotFound,
                    },
                );
            }
            let cap = w
                .person(Action::Read, person, SectionSet::one(section))
                .await?;
            let (row, content) = concord_store::attachment_with_content(w.tx(), &cap, person, id)
                .await?
                .ok_or(AppError::NotFound)?;
            w.audit(
                AuditKind::Consultation,
                Action::Read,
                Some(person.0),
                "opened a document",
                Note {
                    sections: Some(SectionSet::one(section)),
                    detail: Some(json!({"attachment": id})),
                    ..Note::default()
                },
            );
            Ok(OpenedDocument {
                file_name: row.file_name,
                media_type: row.media_type,
                content,
            })
        })
        .await
    }
}
