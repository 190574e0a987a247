//! Additional conditions about where the person lives, whom they see, what they take part
//! in, what they hold and what they must tell their supervising officer.

use super::{
    add, optional, quoted, required, ConditionSpec, ConditionTag, ParamKind, CONTACT, DISCLOSURE,
    ITEMS, PROGRAMME, RESIDENCE, RESTRICTION_OF_RESIDENCY,
};
use ConditionTag::{DiscloseRelationships, DiscloseVehicles, NonContact, Residence};
use ParamKind::{Address, Choice, Number, Person, Text};

pub(super) const COUNT: usize = 15;

const CHILDREN: &[&str] = &["any child", "any female child", "any male child"];
const PRACTITIONERS: &[&str] = &["a psychiatrist", "a psychologist", "a medical practitioner"];
const BEHAVIOURS: &[&str] = &[
    "sexual behaviour",
    "violent behaviour",
    "gambling",
    "offending behaviour",
];

pub(super) const SPECS: [ConditionSpec; COUNT] = [
    add(
        "ADD-RESIDE-APPROVED-PREMISES",
        RESIDENCE,
        "Live at {address}, an approved premises, keep to its rules, and do not move until your supervising officer has approved your next address.",
        &[required("address", "Approved premises", Address)],
        Some(Residence),
        false,
    ),
    add(
        "ADD-RESIDE-PROBATION-REGION",
        RESIDENCE,
        "While you have no fixed address, stay overnight only within the {region} probation region, and tell your supervising officer where you are staying.",
        &[required("region", "Probation region", Text)],
        Some(Residence),
        false,
    ),
    add(
        "ADD-NO-RESIDE-WITH-CHILDREN",
        RESTRICTION_OF_RESIDENCY,
        "Do not live, or stay for even one night, in the same household as {children} under the age of {age}, without the prior approval of your supervising officer.",
        &[
            required("children", "Which children", Choice(CHILDREN)),
            required("age", "Age", Number),
        ],
        None,
        false,
    ),
    add(
        "ADD-NO-CONTACT-VICTIM",
        CONTACT,
        "Do not approach or communicate with {victim}[ or {family}], directly or indirectly (including through another person or online), without the prior approval of your supervising officer.",
        &[
            required("victim", "Victim's name", Person),
            optional("family", "Members of the victim's family", Text),
        ],
        Some(NonContact),
        true,
    ),
    add(
        "ADD-NO-CONTACT-NAMED",
        CONTACT,
        "Do not approach, communicate or associate with {person}, directly or indirectly, without the prior approval of your supervising officer.",
        &[required("person", "Person's name", Person)],
        Some(NonContact),
        false,
    ),
    add(
        "ADD-NO-UNSUPERVISED-CONTACT-CHILDREN",
        CONTACT,
        "Do not have unsupervised contact with any child under the age of {age}, other than contact that is part of everyday life, without the prior approval of your supervising officer.",
        &[required("age", "Age", Number)],
        Some(NonContact),
        false,
    ),
    add(
        "ADD-NO-CONTACT-SEX-OFFENDERS",
        CONTACT,
        "Do not contact or associate with anyone you know or believe has been charged with or convicted of a sexual offence, without the prior approval of your supervising officer.",
        &[],
        Some(NonContact),
        false,
    ),
    add(
        "ADD-MEDICAL-APPOINTMENTS",
        CONTACT,
        "Go to every appointment arranged for you with {practitioner}, and co-operate fully with your care and treatment.",
        &[required("practitioner", "Practitioner", Choice(PRACTITIONERS))],
        None,
        false,
    ),
    quoted(add(
        "ADD-ENGAGE-IOM",
        PROGRAMME,
        "To engage with the Integrated Offender Management Team, and follow their instructions.",
        &[],
        None,
        false,
    )),
    add(
        "ADD-ADDRESS-BEHAVIOUR",
        PROGRAMME,
        "Take part in any work your supervising officer arranges to address your {behaviour}.",
        &[required("behaviour", "Behaviour", Choice(BEHAVIOURS))],
        None,
        false,
    ),
    add(
        "ADD-SURRENDER-PASSPORT",
        ITEMS,
        "Give any passport you hold to your supervising officer, and do not apply for a passport or other travel document without their prior approval.",
        &[],
        None,
        false,
    ),
    add(
        "ADD-ONE-MOBILE-PHONE",
        ITEMS,
        "Have no more than one mobile phone and one SIM card (including an e-SIM), and give your supervising officer the phone number and the phone's IMEI number.",
        &[],
        None,
        false,
    ),
    add(
        "ADD-DISCLOSE-RELATIONSHIPS",
        DISCLOSURE,
        "Tell your supervising officer about any developing intimate or sexual relationship, including any engagement, marriage or pregnancy, and tell them when such a relationship ends.",
        &[],
        Some(DiscloseRelationships),
        false,
    ),
    add(
        "ADD-DISCLOSE-VEHICLES",
        DISCLOSURE,
        "Give your supervising officer the make, model, colour and registration number of any vehicle you own, hire or regularly use, before you use it.",
        &[],
        Some(DiscloseVehicles),
        false,
    ),
    add(
        "ADD-DISCLOSE-ACCOUNTS",
        DISCLOSURE,
        "Tell your supervising officer about every bank, credit card and cryptocurrency account you hold or open.",
        &[],
        None,
        false,
    ),
];
