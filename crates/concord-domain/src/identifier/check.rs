//! The mod-23 check letter shared by PNC IDs, CRO numbers (and ASNs), rules.md §9.1–9.2.

/// 23 letters: I, O and S are left out because they are easily misread as 1, 0 and 5.
const VALID_LETTERS: &[u8; 23] = b"ZABCDEFGHJKLMNPQRTUVWXY";

/// The check letter for the number spelled by the digits the rules concatenate.
pub(super) fn check_letter(number: u64) -> char {
    // The modulus is 23, so the index always fits.
    char::from(VALID_LETTERS[(number % 23) as usize])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_maps_to_the_first_letter_and_22_to_the_last() {
        assert_eq!(check_letter(0), 'Z');
        assert_eq!(check_letter(1), 'A');
        assert_eq!(check_letter(22), 'Y');
        assert_eq!(check_letter(23), 'Z');
    }

    #[test]
    fn the_letters_never_include_i_o_or_s() {
        for n in 0..23 {
            assert!(!matches!(check_letter(n), 'I' | 'O' | 'S'));
        }
    }
}
