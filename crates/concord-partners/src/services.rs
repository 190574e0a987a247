//! The services of the directory, the needs screening finds and whom a contract takes.

concord_domain::closed_codes! {
    /// A kind of service probation contracts: the sixteen of seed 000, then mentoring on
    /// release and the Women's Project of seed 001.
    pub enum ServiceType {
        DrugAndAlcohol = "drug_and_alcohol", "Drug and alcohol services",
        Housing = "housing", "Housing search and provision",
        BasicSkills = "basic_skills", "Basic skills courses",
        Employment = "employment", "Employment search and advice",
        GeneralAdvice = "general_advice", "General advice and information",
        TherapeuticOneToOne = "therapeutic_one_to_one", "One-to-one therapeutic work",
        Counselling = "counselling", "Counselling",
        AlternativeTherapies = "alternative_therapies",
            "Alternative therapies for people coming off drugs",
        FinanceAndDebt = "finance_and_debt", "Finance and debt counselling",
        VictimVolunteers = "victim_volunteers", "Volunteers to work with victims",
        SmallBusiness = "small_business", "Small business advice and guidance",
        PsychometricTesting = "psychometric_testing", "Psychometric testing",
        ProgrammeTutors = "programme_tutors", "Tutors for specific programmes",
        PracticalHelpVolunteers = "practical_help_volunteers",
            "Volunteers for practical help",
        MinorityMentoring = "minority_mentoring", "Mentoring for minority-group offenders",
        SexOffenderPsychology = "sex_offender_psychology",
            "Psychologist consultancy for sex-offender work",
        ReleaseMentoring = "release_mentoring", "Mentoring on release from prison",
        WomensProject = "womens_project", "The Women's Project",
    }
}

concord_domain::closed_codes! {
    /// A criminogenic need, as the OASys sections name them (screening's rows).
    pub enum Need {
        Accommodation = "accommodation", "Accommodation",
        Ete = "ete", "Education, training and employment",
        Finance = "finance", "Finance and income",
        Relationships = "relationships", "Relationships",
        Lifestyle = "lifestyle", "Lifestyle and associates",
        Drugs = "drugs", "Drug misuse",
        Alcohol = "alcohol", "Alcohol misuse",
        EmotionalWellbeing = "emotional_wellbeing", "Emotional well-being",
        ThinkingAndBehaviour = "thinking_and_behaviour", "Thinking and behaviour",
        Attitudes = "attitudes", "Attitudes",
    }
}

concord_domain::closed_codes! {
    /// How much of a need screening found (OASys's no need, standard and severe).
    pub enum NeedLevel {
        None = "none", "No need",
        Standard = "standard", "Standard need",
        Severe = "severe", "Severe need",
    }
}

impl NeedLevel {
    /// The level for a review's severity code (`NO_NEED`, `STANDARD`, `SEVERE`).
    pub fn from_oasys(code: &str) -> Option<NeedLevel> {
        match code {
            "NO_NEED" => Some(NeedLevel::None),
            "STANDARD" => Some(NeedLevel::Standard),
            "SEVERE" => Some(NeedLevel::Severe),
            _ => None,
        }
    }
}

concord_domain::closed_codes! {
    /// Whom a contract may take, beyond its area.
    pub enum Eligibility {
        Anyone = "anyone", "Anyone on the caseload",
        WomenOnly = "women_only", "Women only",
        MenOnly = "men_only", "Men only",
        SexOffenderWork = "sex_offender_work", "Sex-offender work only",
        MinorityGroup = "minority_group", "People from minority groups",
        LeavingPrison = "leaving_prison", "People leaving prison (up to a year after release)",
        VictimWork = "victim_work", "Works with victims, not with people who offend",
    }
}

impl Need {
    /// The need for an OASys section code as a risk review stores it
    /// (`concord-app`'s `NEEDS`), e.g. `DRUG_MISUSE`.
    pub fn from_oasys(code: &str) -> Option<Need> {
        Some(match code {
            "ACCOMMODATION" => Need::Accommodation,
            "EDUCATION_TRAINING_EMPLOYABILITY" => Need::Ete,
            "FINANCIAL_MANAGEMENT_AND_INCOME" => Need::Finance,
            "RELATIONSHIPS" => Need::Relationships,
            "LIFESTYLE_AND_ASSOCIATES" => Need::Lifestyle,
            "DRUG_MISUSE" => Need::Drugs,
            "ALCOHOL_MISUSE" => Need::Alcohol,
            "EMOTIONAL_WELLBEING" => Need::EmotionalWellbeing,
            "THINKING_AND_BEHAVIOUR" => Need::ThinkingAndBehaviour,
            "ATTITUDES" => Need::Attitudes,
            _ => return None,
        })
    }

    /// The OASys section number, for "from OASys 8" in the reasons.
    pub fn oasys_section(self) -> u8 {
        match self {
            Need::Accommodation => 3,
            Need::Ete => 4,
            Need::Finance => 5,
            Need::Relationships => 6,
            Need::Lifestyle => 7,
            Need::Drugs => 8,
            Need::Alcohol => 9,
            Need::EmotionalWellbeing => 10,
            Need::ThinkingAndBehaviour => 11,
            Need::Attitudes => 12,
        }
    }
}

impl ServiceType {
    /// The needs the service works on, first the one it is for. Empty for services that
    /// answer no criminogenic need of the person (testing, victim work): they are chosen
    /// by hand, never suggested.
    pub fn meets(self) -> &'static [Need] {
        use Need as N;
        match self {
            ServiceType::DrugAndAlcohol => &[N::Drugs, N::Alcohol],
            ServiceType::Housing => &[N::Accommodation],
            ServiceType::BasicSkills => &[N::Ete],
            ServiceType::Employment => &[N::Ete],
            ServiceType::GeneralAdvice => &[N::Finance, N::Accommodation],
            ServiceType::TherapeuticOneToOne => &[N::EmotionalWellbeing, N::ThinkingAndBehaviour],
            ServiceType::Counselling => &[N::EmotionalWellbeing, N::Relationships],
            ServiceType::AlternativeTherapies => &[N::Drugs],
            ServiceType::FinanceAndDebt => &[N::Finance],
            ServiceType::SmallBusiness => &[N::Ete, N::Finance],
            ServiceType::ProgrammeTutors => &[N::ThinkingAndBehaviour, N::Attitudes],
            ServiceType::PracticalHelpVolunteers => &[N::Lifestyle, N::Accommodation],
            ServiceType::MinorityMentoring | ServiceType::ReleaseMentoring => {
                &[N::Lifestyle, N::Attitudes]
            }
            ServiceType::SexOffenderPsychology => &[N::ThinkingAndBehaviour],
            ServiceType::WomensProject => &[N::Relationships, N::EmotionalWellbeing, N::Lifestyle],
            ServiceType::VictimVolunteers | ServiceType::PsychometricTesting => &[],
        }
    }

    /// Whom the service is for by its nature, whatever its contract says (a contract may
    /// narrow it further).
    pub fn inherent_eligibility(self) -> Eligibility {
        match self {
            ServiceType::WomensProject => Eligibility::WomenOnly,
            ServiceType::SexOffenderPsychology => Eligibility::SexOffenderWork,
            ServiceType::MinorityMentoring => Eligibility::MinorityGroup,
            ServiceType::ReleaseMentoring => Eligibility::LeavingPrison,
            ServiceType::VictimVolunteers => Eligibility::VictimWork,
            _ => Eligibility::Anyone,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_directory_holds_the_sixteen_services_of_seed_000_and_the_two_of_seed_001() {
        assert_eq!(ServiceType::ALL.len(), 18);
        for s in ServiceType::ALL {
            assert_eq!(ServiceType::from_code(s.code()), Some(*s));
        }
    }

    #[test]
    fn every_oasys_need_section_maps_to_a_need_and_back_to_its_section() {
        let codes = [
            "ACCOMMODATION",
            "EDUCATION_TRAINING_EMPLOYABILITY",
            "FINANCIAL_MANAGEMENT_AND_INCOME",
            "RELATIONSHIPS",
            "LIFESTYLE_AND_ASSOCIATES",
            "DRUG_MISUSE",
            "ALCOHOL_MISUSE",
            "EMOTIONAL_WELLBEING",
            "THINKING_AND_BEHAVIOUR",
            "ATTITUDES",
        ];
        let needs: Vec<Need> = codes.iter().filter_map(|c| Need::from_oasys(c)).collect();
        assert_eq!(needs.len(), Need::ALL.len());
        assert_eq!(Need::Drugs.oasys_section(), 8);
        assert_eq!(Need::from_oasys("HEALTH"), None);
    }

    #[test]
    fn every_need_is_met_by_some_service() {
        for need in Need::ALL {
            assert!(
                ServiceType::ALL.iter().any(|s| s.meets().contains(need)),
                "{need:?}"
            );
        }
    }
}
