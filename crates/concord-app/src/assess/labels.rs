//! The words a practitioner reads for what the risk calculations name in code: the
//! review's questions and the record's facts a predictor asks for, the factors it weighs,
//! and why it could not be computed. One place, so the review page, the history and the
//! print all say the same thing.

use super::questions::question;

/// A predictor's input, as the review asks it or the record holds it.
pub fn input_label(field: &str) -> String {
    if let Some(q) = question(field) {
        return q.text.to_string();
    }
    let known = match field {
        "previous_convictions" => "Previous convictions for homicide, wounding, kidnapping, firearms, robbery, aggravated burglary, weapons, criminal damage or arson",
        "ogrs3_two_year" => "The OGRS3 two-year score",
        "gender" => "Sex",
        "date_of_birth" => "Date of birth",
        "assessment_date" => "Date of the assessment",
        "date_of_current_conviction" => "Date of the current conviction",
        "date_at_start_of_follow_up" => "Date he was (or will be) released or the sentence began",
        "total_number_of_sanctions" | "total_number_of_sanctions_for_all_offences" => {
            "Number of previous sanctions (convictions, cautions, reprimands)"
        }
        "age_at_first_sanction" => "Age at first sanction",
        "current_offence_code" | "current_offence" => "The current offence",
        "current_sexual_offence" => "Whether the current offence is sexual",
        "total_violent_offences" => "Number of violent offences",
        _ => "",
    };
    if known.is_empty() {
        plain(field)
    } else {
        known.to_string()
    }
}

/// A factor a predictor weighs: its name in words and what it stands for.
pub fn factor(key: &str) -> (String, &'static str) {
    let (name, what) = match key {
        "age_gender_score" | "age_gender_polynomial_weight" => (
            "Age and sex",
            "Younger people, and men, reoffend more often",
        ),
        "conviction_status_score" => (
            "First conviction or not",
            "Whether this is his first conviction",
        ),
        "copas_score" => (
            "Rate of offending (Copas rate)",
            "How many sanctions he has had over the years since his first",
        ),
        "offence_group_parameter" => (
            "Type of current offence",
            "How often people convicted of offences of this kind reoffend",
        ),
        "two_year_intercept_weight" => (
            "Starting point",
            "The model's baseline, the same for everyone",
        ),
        "gender_weight" => ("Sex", "The model's adjustment for women"),
        "snsv_weighting" => (
            "Current offence",
            "How strongly the current offence predicts serious violence",
        ),
        "snsv_vatp_weight" => (
            "Violence against the person",
            "Previous violence against the person",
        ),
        "violence_rate_weight" => (
            "Rate of violent offending",
            "How often violent offences have come",
        ),
        "violent_history_weight" => ("Violent history", "Any violent offence before"),
        "violent_sanctions_weight" => ("Violent sanctions", "Number of sanctions for violence"),
        "number_of_sanctions_weight" | "total_number_of_sanctions_for_all_offences_weight" => (
            "Number of sanctions",
            "How many convictions and cautions he has had",
        ),
        "months_since_last_sanction_weight" => (
            "Time since last sanction",
            "How long he has gone without a sanction",
        ),
        "second_sanction_cases_only_weight" => (
            "Second sanction",
            "An adjustment for people with exactly two sanctions",
        ),
        "three_plus_sanction_weight" => (
            "Three or more sanctions",
            "An adjustment for people with three or more sanctions",
        ),
        _ => ("", ""),
    };
    if !name.is_empty() {
        return (name.to_string(), what);
    }
    // Dynamic factors are the review's answers ("temper_control_weight").
    let base = key
        .trim_end_matches("_weight")
        .trim_end_matches("_score")
        .trim_end_matches("_parameter");
    (input_label(base), "An answer in this review")
}

/// Why a predictor could not be computed (or was computed from the record alone), from
/// the calculation's problem type, with the inputs named in words.
pub fn problem(code: &str, message: &str, fields: &[String]) -> String {
    let named: Vec<String> = fields.iter().map(|f| input_label(f)).collect();
    let lead = match code {
        "MISSING_MANDATORY_INPUT" => "Answer these to compute it",
        "MISSING_DYNAMIC_INPUT" => {
            "Computed from the record alone; answer these for the fuller (dynamic) score"
        }
        _ => message,
    };
    if named.is_empty() {
        lead.to_string()
    } else {
        format!("{lead}: {}", named.join("; "))
    }
}

/// "static" → what the score reads, in words.
pub fn score_type(code: &str) -> &'static str {
    match code.to_ascii_uppercase().as_str() {
        "STATIC" => "Static: from the record alone",
        "DYNAMIC" => "Dynamic: from the record and this review's answers",
        "COMBINED" => "Combined: from other predictors",
        _ => "",
    }
}

/// A code in words when nothing better is known: "is_unemployed" → "Is unemployed".
fn plain(code: &str) -> String {
    let text = code.replace('_', " ");
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_a_reader_meets_is_plain() {
        for key in [
            "copas_score",
            "temper_control_weight",
            "total_number_of_sanctions_for_all_offences_weight",
            "is_currently_of_no_fixed_abode_or_transient_accommodation",
        ] {
            let (name, _) = factor(key);
            assert!(!name.contains('_') && !name.is_empty(), "{key}: {name}");
        }
        assert_eq!(factor("copas_score").0, "Rate of offending (Copas rate)");
        let p = problem(
            "MISSING_MANDATORY_INPUT",
            "Mandatory input field(s) missing",
            &["temper_control".into(), "previous_convictions".into()],
        );
        assert!(
            p.starts_with("Answer these to compute it: Temper control"),
            "{p}"
        );
        assert!(!p.contains('_'), "{p}");
    }
}
