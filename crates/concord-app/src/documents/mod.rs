//! Documents attached to a record (issue 24 point 10): letters, photographs, OASys
//! documents, filed under a section of the record that decides who may see them, each
//! checked for kind and scanned for viruses before it is kept.

mod kind;
mod page;
mod scanner;
mod upload;

use concord_authz::Section;

pub use page::{DocumentView, DocumentsPage, OpenedDocument};
pub use scanner::{Scanner, Verdict};
pub use upload::{AttachmentUpload, MAX_ATTACHMENT_BYTES};

/// The sections a document may be filed under: a photograph with identity, a letter
/// with the chronology, an OASys document with risk, and the restricted sections for
/// what only their holders may see.
pub const FILING_SECTIONS: [Section; 9] = [
    Section::Chronology,
    Section::Identity,
    Section::Risk,
    Section::Licence,
    Section::Interventions,
    Section::Health,
    Section::Intelligence,
    Section::Victim,
    Section::DoNotDisclose,
];
