//! Placing an address by its postcode: the centre the postcode directory gives. A
//! postcode covers about fifteen addresses, so its centre is usually within 100 metres
//! of the door; what is placed this way says so wherever it is shown.

use std::collections::HashMap;

use concord_domain::Postcode;

use crate::kernel::Work;
use crate::AppError;

/// The centre of the postcode at the end of `text` (an address as typed, or a postcode
/// alone), as (the postcode, latitude, longitude); `None` when the text ends in no
/// postcode or the directory does not hold it.
pub(crate) async fn postcode_centre(
    w: &mut Work<'_>,
    text: &str,
) -> Result<Option<(String, f64, f64)>, AppError> {
    let Some(postcode) = trailing_postcode(text) else {
        return Ok(None);
    };
    let found = concord_store::postcode_centres(w.tx(), std::slice::from_ref(&postcode)).await?;
    Ok(found
        .get(&postcode)
        .map(|&(lat, lon)| (postcode.clone(), lat, lon)))
}

/// The centres of many postcodes at once (a person's addresses), keyed as written by
/// [`Postcode`] (`CM1 1AA`); those not held are absent.
pub(crate) async fn postcode_centres(
    w: &mut Work<'_>,
    postcodes: &[String],
) -> Result<HashMap<String, (f64, f64)>, AppError> {
    let wanted: Vec<String> = postcodes
        .iter()
        .filter_map(|p| Postcode::parse(p).ok().map(|p| p.to_string()))
        .collect();
    Ok(concord_store::postcode_centres(w.tx(), &wanted).await?)
}

/// The postcode an address ends with: the last two words (`CM1 1AA`), or the last word
/// when it is written without its space (`CM11AA`).
pub(crate) fn trailing_postcode(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let n = words.len();
    let two = (n >= 2).then(|| format!("{} {}", words[n - 2], words[n - 1]));
    two.iter()
        .map(String::as_str)
        .chain(words.last().copied())
        .find_map(|candidate| Postcode::parse(candidate).ok())
        .map(|p| p.to_string())
}

#[cfg(test)]
mod tests {
    use super::trailing_postcode;

    #[test]
    fn the_postcode_is_read_off_the_end_of_an_address() {
        for (text, wanted) in [
            ("12 Writtle Road, Chelmsford CM1 3BL", Some("CM1 3BL")),
            ("12 Writtle Road, Chelmsford, cm13bl", Some("CM1 3BL")),
            ("CM1 3BL", Some("CM1 3BL")),
            ("  so16 0as ", Some("SO16 0AS")),
            ("12 Writtle Road, Chelmsford", None),
            ("", None),
        ] {
            assert_eq!(trailing_postcode(text).as_deref(), wanted, "{text}");
        }
    }
}
