//! Jaro–Winkler similarity, fast: linkage computes it for every name and address of every
//! pair compared (tens of millions), and a general char-by-char version spent most of
//! the run allocating and re-walking strings. Folded text is ASCII, so this works on
//! bytes with fixed flag arrays; anything longer or wider goes to `strsim`.

const MAX: usize = 64;

pub(crate) fn jaro_winkler(a: &str, b: &str) -> f64 {
    if !a.is_ascii() || !b.is_ascii() || a.len() > MAX || b.len() > MAX {
        return strsim::jaro_winkler(a, b);
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let jaro = jaro(a, b);
    // As in the usual definition (and strsim): the prefix bonus only for similar strings.
    if jaro <= 0.7 {
        return jaro;
    }
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
    jaro + 0.1 * prefix as f64 * (1.0 - jaro)
}

/// Jaro–Winkler when it could reach `floor`; 0 when a cheap bound proves it cannot
/// (most pairs compared are strangers, whose names share few letters). Callers only ask
/// whether the similarity reaches thresholds at or above `floor`, which this answers
/// exactly.
pub(crate) fn jaro_winkler_from(a: &str, b: &str, floor: f64) -> f64 {
    if a.is_ascii() && b.is_ascii() && !a.is_empty() && !b.is_empty() {
        let (x, y) = (a.as_bytes(), b.as_bytes());
        let mut counts = [0i16; 128];
        for &c in x {
            counts[c as usize] += 1;
        }
        let mut common = 0usize;
        for &c in y {
            if counts[c as usize] > 0 {
                counts[c as usize] -= 1;
                common += 1;
            }
        }
        // Matches can be no more than the letters in common, and transpositions only
        // lower the score; then the most the prefix bonus can add.
        let m = common as f64;
        let jaro_max = (m / x.len() as f64 + m / y.len() as f64 + 1.0) / 3.0;
        let prefix = x.iter().zip(y).take(4).take_while(|(p, q)| p == q).count();
        let bound = if jaro_max > 0.7 {
            jaro_max + 0.1 * prefix as f64 * (1.0 - jaro_max)
        } else {
            jaro_max
        };
        if bound < floor {
            return 0.0;
        }
    }
    jaro_winkler(a, b)
}

fn jaro(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut a_hit = [false; MAX];
    let mut b_hit = [false; MAX];
    let mut matches = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !b_hit[j] && b[j] == ca {
                a_hit[i] = true;
                b_hit[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut j = 0usize;
    for (i, &ca) in a.iter().enumerate() {
        if !a_hit[i] {
            continue;
        }
        while !b_hit[j] {
            j += 1;
        }
        if ca != b[j] {
            transpositions += 1;
        }
        j += 1;
    }
    let m = matches as f64;
    (m / a.len() as f64 + m / b.len() as f64 + (m - (transpositions / 2) as f64) / m) / 3.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Typos, transpositions, near and far names, addresses, empty and repeated text.
    const WORDS: [&str; 23] = [
        "",
        "a",
        "aa",
        "aaaa",
        "martha",
        "marhta",
        "dixon",
        "dicksonx",
        "jonathan",
        "jonahtan",
        "smith",
        "smyth",
        "harley",
        "mitchell",
        "kowalczyk",
        "kovalchik",
        "14 high street",
        "14 hihg street",
        "16 high street",
        "bedford s treet",
        "abcdefghijklmnopqrstuvwxyz",
        "zyxwvutsrqponmlkjihgfedcba",
        "moulsham drive",
    ];

    fn every_pair() -> impl Iterator<Item = (&'static str, &'static str)> {
        WORDS
            .into_iter()
            .flat_map(|a| WORDS.into_iter().map(move |b| (a, b)))
    }

    #[test]
    fn agrees_with_the_reference_implementation() {
        for (a, b) in every_pair() {
            let (ours, theirs) = (jaro_winkler(a, b), strsim::jaro_winkler(a, b));
            assert!(
                (ours - theirs).abs() < 1e-12,
                "{a:?} {b:?}: {ours} vs {theirs}"
            );
        }
    }

    #[test]
    fn the_bound_never_hides_a_similarity_at_or_above_the_floor() {
        for (a, b) in every_pair() {
            let full = jaro_winkler(a, b);
            let bounded = jaro_winkler_from(a, b, 0.8);
            if full >= 0.8 {
                assert_eq!(bounded, full, "{a} {b}");
            } else {
                assert!(bounded < 0.8, "{a} {b}");
            }
        }
    }
}
