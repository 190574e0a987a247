//! The Documents tab: the documents filed under the parts of the record the reader
//! reaches, and the form that attaches one (scanned for viruses before it is kept).

use askama::Template;

use crate::{FormErrors, SelectOption, Shell};

/// One document as listed.
#[derive(Debug, Clone)]
pub struct DocumentLine {
    pub id: String,
    pub href: String,
    pub title: String,
    pub file_name: String,
    /// "PDF document, 182 KB".
    pub kind: String,
    /// The section it is filed under, which decides who sees it.
    pub filed_under: String,
    pub uploaded: String,
}

#[derive(Debug, Template)]
#[template(path = "people/documents.html")]
pub struct DocumentsPage {
    pub shell: Shell,
    pub person_name: String,
    pub base: String,
    pub notice: String,
    pub errors: FormErrors,
    pub documents: Vec<DocumentLine>,
    /// Where the form posts; empty when the reader may attach nothing.
    pub upload_action: String,
    /// Why no document can be attached (no scanner configured), or empty.
    pub upload_unavailable: String,
    pub section_options: Vec<SelectOption>,
    pub title_value: String,
    pub max_megabytes: usize,
}
