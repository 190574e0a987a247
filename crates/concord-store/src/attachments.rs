//! Attachments: documents kept with a record, each filed under one of its sections. A
//! person's list is read only for the sections the capability covers (a document filed
//! under a section the reader does not reach is not listed, nor counted); its bytes are
//! read one document at a time, under a capability for its own section.

use chrono::{DateTime, Utc};
use concord_authz::{Capability, Section};
use concord_domain::{AgencyId, AttachmentId, PersonId, UserId};
use uuid::Uuid;

use crate::capability::{require_add, require_read};
use crate::{on_tx, StoreError, Tx};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AttachmentRow {
    #[sqlx(try_from = "Uuid")]
    pub id: AttachmentId,
    #[sqlx(try_from = "Uuid")]
    pub person_id: PersonId,
    #[sqlx(try_from = "Uuid")]
    pub agency_id: AgencyId,
    /// A [`Section`] code.
    pub section: String,
    pub title: String,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub scanned_by: String,
    #[sqlx(try_from = "Uuid")]
    pub uploaded_by: UserId,
    pub uploaded_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, person_id, agency_id, section, title, file_name, media_type, size_bytes, sha256, scanned_by, uploaded_by, uploaded_at";

fn section_of(row: &AttachmentRow) -> Result<Section, StoreError> {
    Section::from_code(&row.section).ok_or_else(|| StoreError::WrongCapability {
        needed: "a known section for the attachment",
    })
}

/// Keep a scanned document and its bytes.
pub async fn insert_attachment(
    tx: &mut Tx,
    cap: &Capability,
    a: &AttachmentRow,
    content: &[u8],
) -> Result<(), StoreError> {
    require_add(cap, a.person_id, section_of(a)?)?;
    on_tx!(tx, c => sqlx::query(&format!(
        "INSERT INTO attachment ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"))
        .bind(a.id.0).bind(a.person_id.as_uuid()).bind(a.agency_id.0).bind(&a.section)
        .bind(&a.title).bind(&a.file_name).bind(&a.media_type).bind(a.size_bytes)
        .bind(&a.sha256).bind(&a.scanned_by).bind(a.uploaded_by.0).bind(a.uploaded_at)
        .execute(c).await.map(|r| r.rows_affected()))?;
    on_tx!(tx, c => sqlx::query(
        "INSERT INTO attachment_content (attachment_id, content) VALUES ($1, $2)")
        .bind(a.id.0).bind(content)
        .execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The person's documents filed under the sections in `sections` (each of which the
/// capability must cover), newest first; their bytes are not read.
pub async fn attachments_of(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    sections: &[Section],
) -> Result<Vec<AttachmentRow>, StoreError> {
    for s in sections {
        require_read(cap, person, *s)?;
    }
    if sections.is_empty() {
        return Ok(vec![]);
    }
    let marks: Vec<String> = (2..sections.len() + 2).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT {COLUMNS} FROM attachment WHERE person_id = $1 AND section IN ({}) ORDER BY uploaded_at DESC, id DESC",
        marks.join(", ")
    );
    Ok(on_tx!(tx, c => {
        let mut q = sqlx::query_as::<_, AttachmentRow>(&sql).bind(person.as_uuid());
        for s in sections {
            q = q.bind(s.code());
        }
        q.fetch_all(c).await
    })?)
}

/// Which section a document of the person is filed under (to decide on opening it), or
/// `None` when the person has no such document. Only the section is read.
pub async fn attachment_section(
    tx: &mut Tx,
    person: PersonId,
    id: AttachmentId,
) -> Result<Option<Section>, StoreError> {
    let code: Option<String> = on_tx!(tx, c => sqlx::query_scalar::<_, String>(
        "SELECT section FROM attachment WHERE id = $1 AND person_id = $2")
        .bind(id.0).bind(person.as_uuid()).fetch_optional(c).await)?;
    Ok(code.and_then(|c| Section::from_code(&c)))
}

/// One document with its bytes, under a capability for its section.
pub async fn attachment_with_content(
    tx: &mut Tx,
    cap: &Capability,
    person: PersonId,
    id: AttachmentId,
) -> Result<Option<(AttachmentRow, Vec<u8>)>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM attachment WHERE id = $1 AND person_id = $2");
    let row: Option<AttachmentRow> = on_tx!(tx, c => sqlx::query_as::<_, AttachmentRow>(&sql)
        .bind(id.0).bind(person.as_uuid()).fetch_optional(c).await)?;
    let Some(row) = row else { return Ok(None) };
    require_read(cap, person, section_of(&row)?)?;
    let content: Vec<u8> = on_tx!(tx, c => sqlx::query_scalar::<_, Vec<u8>>(
        "SELECT content FROM attachment_content WHERE attachment_id = $1")
        .bind(id.0).fetch_one(c).await)?;
    Ok(Some((row, content)))
}
