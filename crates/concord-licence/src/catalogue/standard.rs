//! Standard licence conditions and post-sentence supervision requirements (rules.md §6.1).
//!
//! Policy 1.0 AP wording is the statutory wording quoted in rules.md (CJA 2003 s.250; the
//! Licence Conditions Order 2015). rules.md summarises the policy 4.0 list and the PSS
//! requirements rather than quoting them, so that wording is Concord's, except the eighth
//! PSS requirement, which rules.md quotes.

use super::{ConditionKind, ConditionSpec, PolicyVersion, WordingSource};

const fn standard(
    code: &'static str,
    policy: PolicyVersion,
    text: &'static str,
    wording: WordingSource,
) -> ConditionSpec {
    ConditionSpec {
        code,
        policy,
        category: "Standard",
        text,
        params: &[],
        victim_related: false,
        kind: ConditionKind::Standard,
        tag: None,
        wording,
    }
}

const V1: PolicyVersion = PolicyVersion::V1_0;
const V4: PolicyVersion = PolicyVersion::V4_0;
const STATUTORY: WordingSource = WordingSource::Statutory;
const CONCORD: WordingSource = WordingSource::Concord;

/// Policy 1.0: the seven statutory conditions, word for word.
pub(super) static AP_V1: [ConditionSpec; 7] = [
    standard("AP-STD-GOOD-BEHAVIOUR-V1", V1, "Be of good behaviour and not behave in a way which undermines the purpose of the licence period.", STATUTORY),
    standard("AP-STD-NO-OFFENCE-V1", V1, "Not commit any offence.", STATUTORY),
    standard("AP-STD-KEEP-IN-TOUCH-V1", V1, "Keep in touch with the supervising officer in accordance with instructions given by the supervising officer.", STATUTORY),
    standard("AP-STD-RECEIVE-VISITS-V1", V1, "Receive visits from the supervising officer in accordance with any instructions given by the supervising officer.", STATUTORY),
    standard("AP-STD-RESIDE-V1", V1, "Reside permanently at an address approved by the supervising officer and obtain prior permission for any stay of one or more nights at a different address.", STATUTORY),
    standard("AP-STD-WORK-V1", V1, "Not undertake work, or a particular type of work, unless approved by the supervising officer, and notify in advance of any proposal to undertake work or a particular type of work.", STATUTORY),
    standard("AP-STD-TRAVEL-V1", V1, "Not travel outside the United Kingdom, the Channel Islands or the Isle of Man except with prior permission of the supervising officer or for the purposes of immigration deportation or removal.", STATUTORY),
];

/// Policy 4.0: the eight plain-English conditions, in the order rules.md lists them.
pub(super) static AP_V4: [ConditionSpec; 8] = [
    standard("AP-STD-GOOD-BEHAVIOUR", V4, "Be of good behaviour, do not commit any crime and do not behave in a way that undermines the purpose of your licence.", CONCORD),
    standard("AP-STD-ADDRESS", V4, "Live only at an address your supervising officer has approved, and get their permission before any overnight stay at another address.", CONCORD),
    standard("AP-STD-KEEP-IN-TOUCH", V4, "Keep in touch with your supervising officer and meet them when and where they tell you to, including where you live.", CONCORD),
    standard("AP-STD-OTHER-NAMES", V4, "Tell your supervising officer about any name you use that is different from the name on this licence.", CONCORD),
    standard("AP-STD-CONTACT-DETAILS", V4, "Tell your supervising officer if your phone number or email address changes.", CONCORD),
    standard("AP-STD-WORK", V4, "Get your supervising officer's approval before you start any work or a new type of work.", CONCORD),
    standard("AP-STD-TRAVEL", V4, "Get your supervising officer's permission before you leave the United Kingdom, the Isle of Man or the Channel Islands, unless you are being deported or removed.", CONCORD),
    standard("AP-STD-PASSPORT", V4, "Get your supervising officer's permission before you apply for a new passport, and tell them about any passport you already have if they ask.", CONCORD),
];

/// The PSS requirements in rules.md's order; the last is quoted there, the rest are
/// Concord's wording of the summary.
const PSS_TEXT: [&str; 8] = [
    "Be of good behaviour and not behave in a way which undermines the rehabilitative purpose of the supervision period.",
    "Not commit any offence.",
    "Keep in touch with your supervisor in accordance with instructions given by your supervisor.",
    "Receive visits from your supervisor in accordance with instructions given by your supervisor.",
    "Reside permanently at an address approved by your supervisor and obtain the prior permission of your supervisor for any stay of one or more nights at a different address.",
    "Not undertake work, or a particular type of work, unless it is approved by your supervisor, and notify your supervisor in advance of any proposal to undertake work or a particular type of work.",
    "Not travel outside the United Kingdom, the Channel Islands or the Isle of Man except with the prior permission of your supervisor or in order to comply with a legal obligation.",
    "Participate in activities in accordance with any instructions given by your supervisor.",
];

const fn pss(code: &'static str, policy: PolicyVersion, index: usize) -> ConditionSpec {
    let wording = if index == 7 {
        WordingSource::Published
    } else {
        CONCORD
    };
    standard(code, policy, PSS_TEXT[index], wording)
}

/// PSS requirements: the same wording under both policies (rules.md has one list, set by
/// statute), each under its own policy's code.
pub(super) static PSS_V1: [ConditionSpec; 8] = [
    pss("PSS-STD-GOOD-BEHAVIOUR-V1", V1, 0),
    pss("PSS-STD-NO-OFFENCE-V1", V1, 1),
    pss("PSS-STD-KEEP-IN-TOUCH-V1", V1, 2),
    pss("PSS-STD-RECEIVE-VISITS-V1", V1, 3),
    pss("PSS-STD-RESIDE-V1", V1, 4),
    pss("PSS-STD-WORK-V1", V1, 5),
    pss("PSS-STD-TRAVEL-V1", V1, 6),
    pss("PSS-STD-PARTICIPATE-V1", V1, 7),
];

pub(super) static PSS_V4: [ConditionSpec; 8] = [
    pss("PSS-STD-GOOD-BEHAVIOUR", V4, 0),
    pss("PSS-STD-NO-OFFENCE", V4, 1),
    pss("PSS-STD-KEEP-IN-TOUCH", V4, 2),
    pss("PSS-STD-RECEIVE-VISITS", V4, 3),
    pss("PSS-STD-RESIDE", V4, 4),
    pss("PSS-STD-WORK", V4, 5),
    pss("PSS-STD-TRAVEL", V4, 6),
    pss("PSS-STD-PARTICIPATE", V4, 7),
];
