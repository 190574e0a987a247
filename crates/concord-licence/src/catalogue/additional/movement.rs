//! Additional conditions about when and where the person may go, what they may do, and
//! how they are monitored and tested.

use super::{
    add, optional, quoted, required, ConditionSpec, ConditionTag, ParamKind, ParamSpec, CONDUCT,
    CURFEW, DRUGS, ELECTRONIC_MONITORING, EXTREMISM, MOVEMENT, ORGANISED_CRIME, POLYGRAPH,
    SUPERVISION, TERRORIST_SEARCH,
};
use ConditionTag::{
    Curfew, DrugTesting, ElectronicMonitoring, ExclusionZone, InclusionZone, PoliceVisits,
};
use ParamKind::{Address, Choice, Date, LongText, Number, Text, Time, Zone};

pub(super) const COUNT: usize = 22;

const SUBSTANCES: &[&str] = &["drugs", "alcohol", "solvents", "drugs and alcohol"];

/// An optional time window ("between {start} and {end}") on a zone.
const ZONE_PARAMS: [ParamSpec; 4] = [
    required("zone", "Map reference", Zone),
    required("description", "Description of the area", LongText),
    optional("start", "Start time", Time),
    optional("end", "End time", Time),
];

const MONITORING_UNTIL: [ParamSpec; 1] = [required("end_date", "End date", Date)];

pub(super) const SPECS: [ConditionSpec; COUNT] = [
    add(
        "ADD-CURFEW",
        CURFEW,
        "Stay at {address} from {start} until {end}[ on {days}], unless your supervising officer has given you permission to be elsewhere.",
        &[
            required("address", "Curfew address", Address),
            required("start", "Start time", Time),
            required("end", "End time", Time),
            optional("days", "Days", Text),
        ],
        Some(Curfew),
        false,
    ),
    add(
        "ADD-EXCLUSION-ZONE",
        MOVEMENT,
        "Do not enter {description}, the area shown on map {zone}[, between {start} and {end}], without the prior approval of your supervising officer.",
        &ZONE_PARAMS,
        Some(ExclusionZone),
        true,
    ),
    add(
        "ADD-INCLUSION-ZONE",
        MOVEMENT,
        "Do not leave {description}, the area shown on map {zone}[, between {start} and {end}], without the prior approval of your supervising officer.",
        &ZONE_PARAMS,
        Some(InclusionZone),
        false,
    ),
    add(
        "ADD-NOT-ENTER-PREMISES",
        MOVEMENT,
        "Do not enter {place} without the prior approval of your supervising officer.",
        &[required("place", "Premises or road", Address)],
        None,
        true,
    ),
    add(
        "ADD-NO-CHILDREN-PLACES",
        MOVEMENT,
        "Do not go into, or stay where you can see, any children's play area, school, swimming pool or similar place, without the prior approval of your supervising officer.",
        &[],
        None,
        false,
    ),
    add(
        "ADD-NO-DRINKING-ESTABLISHMENTS",
        MOVEMENT,
        "Do not go into any pub, bar or other place whose main business is selling alcohol to drink on the premises, without the prior approval of your supervising officer.",
        &[],
        None,
        false,
    ),
    add(
        "ADD-REPORT-POLICE-STATION",
        SUPERVISION,
        "Report to staff at {station} at {time}[ on {days}], unless your supervising officer tells you otherwise. Your supervising officer will review this arrangement regularly.",
        &[
            required("station", "Police station", Address),
            required("time", "Reporting time", Time),
            optional("days", "Days", Text),
        ],
        None,
        false,
    ),
    quoted(add(
        "ADD-POLICE-MONITORING-VISITS",
        SUPERVISION,
        "To comply with Police monitoring visits.",
        &[],
        Some(PoliceVisits),
        false,
    )),
    add(
        "ADD-REPORT-AP-STAFF",
        SUPERVISION,
        "Report to staff at {address} at {time} every day, unless they or your supervising officer tell you otherwise.",
        &[
            required("address", "Approved premises", Address),
            required("time", "Reporting time", Time),
        ],
        None,
        false,
    ),
    add(
        "ADD-NO-GAMBLING",
        CONDUCT,
        "Do not gamble, in person or online, without the prior approval of your supervising officer.",
        &[],
        None,
        false,
    ),
    add(
        "ADD-NO-VEHICLE-TYPE",
        CONDUCT,
        "Do not drive or ride {vehicle} without the prior approval of your supervising officer.",
        &[required("vehicle", "Type of vehicle", Text)],
        None,
        false,
    ),
    add(
        "ADD-NO-EXTREMIST-MATERIAL",
        EXTREMISM,
        "Do not have, look at, download or share any material that promotes terrorism or violent extremism.",
        &[],
        None,
        false,
    ),
    add(
        "ADD-POLYGRAPH",
        POLYGRAPH,
        "Go to polygraph test sessions when your supervising officer tells you to, and take part in them.",
        &[],
        None,
        false,
    ),
    add(
        "ADD-DRUG-TESTING",
        DRUGS,
        "Give a sample of oral fluid or urine when your supervising officer, or someone they authorise, asks you to, so that it can be tested for Class A and specified Class B drugs.",
        &[],
        Some(DrugTesting),
        false,
    ),
    add(
        "ADD-ADDRESS-DEPENDENCY",
        DRUGS,
        "Go to appointments arranged for you to address your dependency on, or misuse of, {substance}.",
        &[required("substance", "Substance", Choice(SUBSTANCES))],
        None,
        false,
    ),
    add(
        "ADD-CURFEW-TAG",
        ELECTRONIC_MONITORING,
        "Wear an electronic tag to monitor your curfew, and let it be fitted, charged, checked and repaired when you are told.",
        &[],
        Some(ElectronicMonitoring),
        false,
    ),
    add(
        "ADD-GPS-TRAIL",
        ELECTRONIC_MONITORING,
        "Wear an electronic tag that records where you go (trail monitoring) until {end_date}, and let it be fitted, charged, checked and repaired when you are told.",
        &MONITORING_UNTIL,
        Some(ElectronicMonitoring),
        false,
    ),
    add(
        "ADD-ALCOHOL-MONITORING",
        ELECTRONIC_MONITORING,
        "Wear an alcohol monitoring tag until {end_date}, and let it be fitted, checked and repaired when you are told.",
        &MONITORING_UNTIL,
        Some(ElectronicMonitoring),
        false,
    ),
    add(
        "ADD-ALCOHOL-ABSTINENCE",
        ELECTRONIC_MONITORING,
        "Do not drink any alcohol until {end_date}, and wear an alcohol monitoring tag until then.",
        &MONITORING_UNTIL,
        Some(ElectronicMonitoring),
        false,
    ),
    add(
        "ADD-TERRORIST-SEARCH",
        TERRORIST_SEARCH,
        "Let a police officer search you, and any vehicle you are in, to check that you are keeping to the conditions of this licence.",
        &[],
        None,
        false,
    ),
    add(
        "ADD-CASH-LIMIT",
        ORGANISED_CRIME,
        "Do not carry or keep more than £{amount} in cash without the prior approval of your supervising officer.",
        &[required("amount", "Amount in pounds", Number)],
        None,
        false,
    ),
    add(
        "ADD-DECLARE-PREMISES",
        ORGANISED_CRIME,
        "Tell your supervising officer the address of any premises or storage space you own, rent or use.",
        &[],
        None,
        false,
    ),
];
