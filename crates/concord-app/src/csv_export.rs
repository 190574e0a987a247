//! Every CSV Concord writes for people to open in a spreadsheet (the audit trail, the
//! MAPPA and board figures, the approved premises' occupancy): one writer, the `csv`
//! crate (RFC 4180 quoting), and one guard against formula injection.
//!
//! A cell a spreadsheet would read as a formula — one starting with `=`, `+`, `-` or `@`,
//! or with a tab or carriage return, which some spreadsheets skip before reading the
//! rest — is written with a leading apostrophe, so a name typed as `=HYPERLINK(…)` is
//! shown as text, never run. A number (`-3`, `-0.5`) is left as it is: it is not a
//! formula, and the figures must stay numbers.

use std::borrow::Cow;

/// `cell` as a spreadsheet will show it as text.
pub fn formula_guard(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.trim().parse::<f64>().is_err() {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// `rows` as CSV text, every cell guarded.
pub fn csv_text<R, C>(rows: impl IntoIterator<Item = R>) -> String
where
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(vec![]);
    for row in rows {
        let cells: Vec<String> = row
            .into_iter()
            .map(|c| formula_guard(c.as_ref()).into_owned())
            .collect();
        // Writing to memory cannot fail.
        w.write_record(&cells).ok();
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_numbers_kept() {
        for (cell, shown) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1+1", "'+1+1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-1+2", "'-1+2"),
            ("\t=1+2", "'\t=1+2"),
            ("\r=1+2", "'\r=1+2"),
            ("-3", "-3"),
            ("-0.5", "-0.5"),
            ("Smith", "Smith"),
            ("", ""),
        ] {
            assert_eq!(formula_guard(cell), shown, "{cell:?}");
        }
    }

    #[test]
    fn cells_are_quoted_as_rfc_4180_says() {
        let text = csv_text([
            vec!["name", "note"],
            vec!["O'Brien, Sean", "said \"no\""],
            vec!["=1+2", "two\nlines"],
        ]);
        assert_eq!(
            text,
            "name,note\n\"O'Brien, Sean\",\"said \"\"no\"\"\"\n'=1+2,\"two\nlines\"\n"
        );
    }
}
