use serde::{Deserialize, Serialize};

/// Which identifier a value is. `code()` is what the database stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    Pnc,
    Cro,
    PrisonNumber,
    Crn,
    Nino,
}

impl IdentifierKind {
    pub const ALL: [IdentifierKind; 5] = [
        Self::Pnc,
        Self::Cro,
        Self::PrisonNumber,
        Self::Crn,
        Self::Nino,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Pnc => "pnc",
            Self::Cro => "cro",
            Self::PrisonNumber => "prison_number",
            Self::Crn => "crn",
            Self::Nino => "nino",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    /// Label for the start of a sentence or a form label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pnc => "PNC ID",
            Self::Cro => "CRO number",
            Self::PrisonNumber => "Prison number",
            Self::Crn => "CRN",
            Self::Nino => "National Insurance number",
        }
    }

    /// The label as it reads in the middle of a sentence ("Enter a prison number").
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Self::PrisonNumber => "prison number",
            other => other.label(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{from_str, snake_case};

    #[test]
    fn every_code_round_trips_and_matches_the_serde_name() {
        for k in IdentifierKind::ALL {
            assert_eq!(IdentifierKind::from_code(k.code()), Some(k));
            assert_eq!(snake_case(&format!("{k:?}")), k.code());
            assert_eq!(from_str::<IdentifierKind>(k.code()), Ok(k));
        }
        assert_eq!(IdentifierKind::from_code("passport"), None);
    }

    #[test]
    fn labels_read_as_the_agencies_write_them() {
        let labels: Vec<_> = IdentifierKind::ALL.iter().map(|k| k.label()).collect();
        assert_eq!(
            labels,
            [
                "PNC ID",
                "CRO number",
                "Prison number",
                "CRN",
                "National Insurance number"
            ]
        );
    }
}
