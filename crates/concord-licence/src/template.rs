//! The wording templates of the catalogue: `{name}` placeholders and `[optional segments]`.
//!
//! Parsing is a single pass over the template, and parameter values are copied in as
//! plain text, so a value that itself contains `{victim}` or `[` is never expanded.

/// One piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Literal(&'a str),
    Param(&'a str),
    /// Dropped when any parameter inside it is blank.
    Optional(Vec<Piece<'a>>),
}

/// Splits a template into pieces; `None` if brackets or braces are unbalanced or nested
/// (a catalogue test checks every spec parses).
pub(crate) fn parse(text: &str) -> Option<Vec<Piece<'_>>> {
    let mut top: Vec<Piece<'_>> = Vec::new();
    let mut optional: Option<Vec<Piece<'_>>> = None;
    let mut rest = text;
    while let Some(at) = rest.find(['{', '[', ']', '}']) {
        let target = optional.as_mut().unwrap_or(&mut top);
        if at > 0 {
            target.push(Piece::Literal(&rest[..at]));
        }
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix('{') {
            let close = after.find('}')?;
            let name = &after[..close];
            if name.is_empty() || name.contains(['{', '[', ']']) {
                return None;
            }
            target.push(Piece::Param(name));
            rest = &after[close + 1..];
        } else if let Some(after) = tail.strip_prefix('[') {
            if optional.is_some() {
                return None;
            }
            optional = Some(Vec::new());
            rest = after;
        } else if let Some(after) = tail.strip_prefix(']') {
            top.push(Piece::Optional(optional.take()?));
            rest = after;
        } else {
            return None;
        }
    }
    if optional.is_some() {
        return None;
    }
    if !rest.is_empty() {
        top.push(Piece::Literal(rest));
    }
    Some(top)
}

/// Every placeholder with whether it sits inside an optional segment (the catalogue test
/// checks these against each spec's parameters).
#[cfg(test)]
pub(crate) fn placeholders<'a>(pieces: &[Piece<'a>]) -> Vec<(&'a str, bool)> {
    let mut out = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Literal(_) => {}
            Piece::Param(name) => out.push((*name, false)),
            Piece::Optional(inner) => {
                for p in inner {
                    if let Piece::Param(name) = p {
                        out.push((*name, true));
                    }
                }
            }
        }
    }
    out
}

/// Fills the template. `value` returns the display text of a parameter, or `None` when it
/// is blank; a blank parameter outside an optional segment is reported by name.
pub(crate) fn fill<'a>(
    pieces: &[Piece<'a>],
    value: &dyn Fn(&str) -> Option<String>,
) -> Result<String, &'a str> {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Literal(text) => out.push_str(text),
            Piece::Param(name) => out.push_str(&value(name).ok_or(*name)?),
            Piece::Optional(inner) => {
                let mut segment = String::new();
                let mut complete = true;
                for p in inner {
                    match p {
                        Piece::Literal(text) => segment.push_str(text),
                        Piece::Param(name) => match value(name) {
                            Some(v) => segment.push_str(&v),
                            None => complete = false,
                        },
                        Piece::Optional(_) => complete = false,
                    }
                }
                if complete {
                    out.push_str(&segment);
                }
            }
        }
    }
    Ok(out)
}
