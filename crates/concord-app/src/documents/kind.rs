//! What kind of file an upload is, from its own first bytes, never from its name or what
//! the browser claimed: a file named `letter.pdf` that is really a program is refused.
//! Only the kinds practitioners attach are accepted — letters and reports (PDF, Word),
//! photographs (JPEG, PNG) and plain text — so nothing that runs is stored.

/// An accepted kind: (media type, label).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileKind {
    pub media_type: &'static str,
    pub label: &'static str,
}

pub const PDF: FileKind = FileKind {
    media_type: "application/pdf",
    label: "PDF document",
};
pub const DOCX: FileKind = FileKind {
    media_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    label: "Word document",
};
pub const JPEG: FileKind = FileKind {
    media_type: "image/jpeg",
    label: "JPEG photograph",
};
pub const PNG: FileKind = FileKind {
    media_type: "image/png",
    label: "PNG image",
};
pub const TEXT: FileKind = FileKind {
    media_type: "text/plain; charset=utf-8",
    label: "Text file",
};

/// The kind of `bytes`, or `None` when it is not one Concord keeps.
pub fn sniff(file_name: &str, bytes: &[u8]) -> Option<FileKind> {
    if bytes.starts_with(b"%PDF-") {
        Some(PDF)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(PNG)
    } else if bytes.starts_with(b"\xff\xd8\xff") {
        Some(JPEG)
    } else if bytes.starts_with(b"PK\x03\x04") && contains(bytes, b"word/") {
        // A Word document is a zip whose parts live under word/.
        Some(DOCX)
    } else if file_name.to_ascii_lowercase().ends_with(".txt")
        && !bytes.contains(&0)
        && std::str::from_utf8(bytes).is_ok()
    {
        Some(TEXT)
    } else {
        None
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The file's name as it will be offered on download: its last path part, with anything
/// but letters, digits, spaces, dots, dashes and underscores replaced, at most 120
/// characters; "document" when nothing is left.
pub fn clean_file_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect();
    let trimmed = cleaned.trim_matches(|c| c == '.' || c == ' ');
    if trimmed.is_empty() {
        "document".into()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_comes_from_the_bytes() {
        assert_eq!(sniff("x.bin", b"%PDF-1.7\n..."), Some(PDF));
        assert_eq!(sniff("photo", b"\xff\xd8\xff\xe0rest"), Some(JPEG));
        assert_eq!(sniff("a.png", b"\x89PNG\r\n\x1a\nrest"), Some(PNG));
        assert_eq!(
            sniff("a.docx", b"PK\x03\x04....word/document.xml"),
            Some(DOCX)
        );
        assert_eq!(sniff("a.zip", b"PK\x03\x04....other.xml"), None);
        assert_eq!(sniff("notes.txt", "Seen at home.".as_bytes()), Some(TEXT));
        assert_eq!(
            sniff("notes.pdf", b"Seen at home."),
            None,
            "a name is not a kind"
        );
        assert_eq!(
            sniff("a.txt", b"MZ\x90\x00\x03"),
            None,
            "a program is not text"
        );
    }

    #[test]
    fn file_names_lose_paths_and_odd_characters() {
        assert_eq!(
            clean_file_name("C:\\Users\\om\\Letter to Mr D.pdf"),
            "Letter to Mr D.pdf"
        );
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\"b<script>.pdf"), "a_b_script_.pdf");
        assert_eq!(clean_file_name("..."), "document");
    }
}
