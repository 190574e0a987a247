//! Free-text fields: trimmed, bounded, and free of characters that cannot be seen.
//!
//! `label` is the field's name as it reads after "Enter", e.g. `"a summary"` or
//! `"date of birth"`. Messages that start with the label drop a leading article and
//! capitalise it ("Summary must be 200 characters or fewer").

use crate::error::FieldError;

/// Trimmed, non-control-character text of at most `max` characters.
///
/// Codes: `required` ("Enter {label}"), `too_long` ("{Label} must be {max} characters or
/// fewer"), `invalid_characters`.
pub fn required_text(
    field: &str,
    label: &str,
    input: &str,
    max: usize,
) -> Result<String, FieldError> {
    optional_text(field, label, input, max)?.ok_or_else(|| required(field, label))
}

/// As [`required_text`], but blank input is `None`.
pub fn optional_text(
    field: &str,
    label: &str,
    input: &str,
    max: usize,
) -> Result<Option<String>, FieldError> {
    bounded(field, label, input.trim(), max, char::is_control)
}

/// As [`required_text`], but line breaks and tabs are allowed (notes, minutes). Windows and
/// old Mac line endings are normalised to `\n` so lengths and diffs are stable.
pub fn required_multiline_text(
    field: &str,
    label: &str,
    input: &str,
    max: usize,
) -> Result<String, FieldError> {
    optional_multiline_text(field, label, input, max)?.ok_or_else(|| required(field, label))
}

/// As [`required_multiline_text`], but blank input is `None`.
pub fn optional_multiline_text(
    field: &str,
    label: &str,
    input: &str,
    max: usize,
) -> Result<Option<String>, FieldError> {
    let normalised = input.replace("\r\n", "\n").replace('\r', "\n");
    bounded(field, label, normalised.trim(), max, |c| {
        c.is_control() && c != '\n' && c != '\t'
    })
}

fn bounded(
    field: &str,
    label: &str,
    text: &str,
    max: usize,
    forbidden: impl Fn(char) -> bool,
) -> Result<Option<String>, FieldError> {
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().any(|c| forbidden(c) || is_bidi_control(c)) {
        return Err(FieldError::new(
            field,
            "invalid_characters",
            format!(
                "{} must not include hidden characters such as control or text-direction characters",
                subject(label)
            ),
        ));
    }
    if text.chars().count() > max {
        return Err(FieldError::new(
            field,
            "too_long",
            format!("{} must be {max} characters or fewer", subject(label)),
        ));
    }
    Ok(Some(text.to_owned()))
}

/// Invisible characters that reorder how text is displayed. Records are read by other
/// agencies and quoted in court; text that displays differently from what is stored must
/// not get in ("Trojan Source", CVE-2021-42574).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn required(field: &str, label: &str) -> FieldError {
    FieldError::new(field, "required", format!("Enter {}", object(label)))
}

/// The label at the start of a sentence: leading article dropped, first letter capitalised.
pub(crate) fn subject(label: &str) -> String {
    let bare = ["a ", "an ", "the "]
        .iter()
        .find(|a| {
            label
                .get(..a.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(a))
        })
        .map_or(label, |a| &label[a.len()..]);
    let mut chars = bare.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The label after a verb: first letter lowercased, unless the label starts with an
/// acronym ("PNC ID", "MAPPA level").
pub(crate) fn object(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => first
            .to_lowercase()
            .chain(label[first.len_utf8()..].chars())
            .collect(),
        _ => label.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_blank_optional_text_is_none() {
        assert_eq!(
            required_text("f", "a summary", "  hello  ", 10),
            Ok("hello".to_owned())
        );
        assert_eq!(optional_text("f", "a summary", " \t ", 10), Ok(None));
        assert_eq!(
            optional_text("f", "a summary", " x ", 10),
            Ok(Some("x".to_owned()))
        );
    }

    #[test]
    fn errors_name_the_field_and_what_is_wrong() {
        let table = [
            ("", 10, "required", "Enter a summary"),
            ("   ", 10, "required", "Enter a summary"),
            ("eleven char", 10, "too_long", "Summary must be 10 characters or fewer"),
            (
                "bell\u{7}",
                10,
                "invalid_characters",
                "Summary must not include hidden characters such as control or text-direction characters",
            ),
            ("two\nlines", 20, "invalid_characters", ""),
            ("abc\u{202E}def", 20, "invalid_characters", ""),
        ];
        for (input, max, code, message) in table {
            let err = required_text("summary", "a summary", input, max).unwrap_err();
            assert_eq!(err.field, "summary");
            assert_eq!(err.code, code, "input {input:?}");
            if !message.is_empty() {
                assert_eq!(err.message, message);
            }
        }
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        assert_eq!(required_text("f", "name", "Zoë", 3), Ok("Zoë".to_owned()));
        assert_eq!(
            required_text("f", "name", "日本語", 3),
            Ok("日本語".to_owned())
        );
    }

    #[test]
    fn multiline_text_keeps_line_breaks_and_normalises_them() {
        assert_eq!(
            required_multiline_text("notes", "notes", " a\r\nb\rc\td \n", 100),
            Ok("a\nb\nc\td".to_owned())
        );
        let err = required_multiline_text("notes", "notes", "a\u{0}b", 100).unwrap_err();
        assert_eq!(err.code, "invalid_characters");
        assert_eq!(
            optional_multiline_text("notes", "notes", "\r\n", 100),
            Ok(None)
        );
    }

    #[test]
    fn labels_read_naturally_at_either_end_of_a_sentence() {
        let table = [
            ("a summary", "Summary", "a summary"),
            ("The reason", "Reason", "the reason"),
            ("Date of birth", "Date of birth", "date of birth"),
            ("PNC ID", "PNC ID", "PNC ID"),
            ("another thing", "Another thing", "another thing"),
        ];
        for (label, subj, obj) in table {
            assert_eq!(subject(label), subj);
            assert_eq!(object(label), obj);
        }
    }
}
