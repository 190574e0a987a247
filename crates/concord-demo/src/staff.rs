//! The demo's agencies, their teams in the six towns, and one or more staff accounts for
//! every role, with fictional names. Every account shares [`super::DEMO_PASSWORD`].

use concord_authz::Actor;
use concord_domain::{AgencyKind, UserId};

use super::places::TOWNS;
use super::responsibility::TRANSFER_CASE_NAME;
use super::seed_cases::{IOM_CASE_NAME, MAPPA_CASE_NAME};
use concord_app::{App, AppError, NewUser};

pub(super) const POLICE: &str = "essex-police";
pub(super) const PROBATION: &str = "probation-essex";
/// A Community Rehabilitation Company (Transforming Rehabilitation): low and medium risk
/// cases; the Probation Service manages high risk (seed 001).
pub(super) const CRC: &str = "essex-crc";
pub(super) const PRISON: &str = "hmp-chelmsford";
const MAPPA_UNIT: &str = "essex-mappa";
const SOCIAL_CARE: &str = "ecc-social-care";
const HEALTH: &str = "eput-cjmh";
pub(super) const HOUSING: &str = "ccc-housing";
pub(super) const JOBCENTRE: &str = "jcp-essex";
pub(super) const DRUG_SERVICE: &str = "open-road";
pub(super) const VICTIM_SUPPORT: &str = "vs-essex";
pub(super) const MENTORING: &str = "beacon-mentoring";
pub(super) const VOLUNTEERS: &str = "essex-volunteers";
pub(super) const WOMENS_PROJECT: &str = "essex-womens-project";
pub(super) const ADVICE: &str = "citizens-advice-essex";
pub(super) const LEARNING: &str = "essex-adult-learning";
pub(super) const THERAPY: &str = "mind-essex";
pub(super) const PSYCHOLOGY: &str = "essex-forensic-psychology";
/// The electronic-monitoring provider (contracted by HMPPS): sends the tags' fixes.
const EM_SERVICE: &str = "em-service";

pub(super) const AGENCIES: [(&str, &str, AgencyKind); 19] = [
    (POLICE, "Essex Police", AgencyKind::Police),
    (
        PROBATION,
        "Probation Service – Essex",
        AgencyKind::Probation,
    ),
    (
        CRC,
        "Essex Community Rehabilitation Company",
        AgencyKind::Probation,
    ),
    (PRISON, "HMP Chelmsford", AgencyKind::Prison),
    (
        MAPPA_UNIT,
        "Essex MAPPA Unit",
        AgencyKind::ResponsibleAuthority,
    ),
    (
        SOCIAL_CARE,
        "Essex County Council Social Care",
        AgencyKind::SocialServices,
    ),
    (
        HEALTH,
        "Essex Partnership University NHS FT – Criminal Justice Mental Health",
        AgencyKind::Health,
    ),
    (
        HOUSING,
        "Chelmsford City Council Housing",
        AgencyKind::Housing,
    ),
    (JOBCENTRE, "Jobcentre Plus Essex", AgencyKind::Jobcentre),
    (
        DRUG_SERVICE,
        "Open Road drug & alcohol service",
        AgencyKind::DrugAndAlcohol,
    ),
    (
        VICTIM_SUPPORT,
        "Victim Support Essex",
        AgencyKind::VoluntarySector,
    ),
    (
        MENTORING,
        "Beacon Mentoring Essex",
        AgencyKind::VoluntarySector,
    ),
    // The contracted providers of seed 000's list that the agencies above do not cover.
    (
        VOLUNTEERS,
        "Essex Community Volunteers",
        AgencyKind::VoluntarySector,
    ),
    (
        WOMENS_PROJECT,
        "Essex Probation Women's Project",
        AgencyKind::VoluntarySector,
    ),
    (ADVICE, "Citizens Advice Essex", AgencyKind::VoluntarySector),
    (
        LEARNING,
        "Essex Adult Community Learning",
        AgencyKind::VoluntarySector,
    ),
    (THERAPY, "Mind in Essex", AgencyKind::Health),
    // A contractor rather than a charity; it holds no person permission, so its kind
    // decides nothing here.
    (
        EM_SERVICE,
        "Electronic Monitoring Service (contracted)",
        AgencyKind::VoluntarySector,
    ),
    (
        PSYCHOLOGY,
        "Essex Forensic Psychology Service",
        AgencyKind::Health,
    ),
];

/// Teams: (name, town). Agencies working across the county have one team per town;
/// Southend-on-Sea is a unitary authority, so the county council's social care has none
/// there, and the city council's housing service only covers Chelmsford.
fn teams(agency: &str) -> Vec<(String, Option<&'static str>)> {
    let per_town = |suffix: &str, skip: &[&str]| -> Vec<(String, Option<&'static str>)> {
        TOWNS
            .iter()
            .filter(|t| !skip.contains(&t.slug))
            .map(|t| (format!("{} {suffix}", short(t.name)), Some(t.name)))
            .collect()
    };
    let one = |name: &str, town: Option<&'static str>| (name.to_string(), town);
    let mut out = match agency {
        POLICE => [
            per_town("public protection unit", &[]),
            per_town("IOM", &[]),
        ]
        .concat(),
        PROBATION => [per_town("offender management", &[]), per_town("IOM", &[])].concat(),
        SOCIAL_CARE => per_town("adult social care", &["southend"]),
        HEALTH => per_town("criminal justice mental health", &[]),
        JOBCENTRE => per_town("Jobcentre", &[]),
        DRUG_SERVICE => per_town("recovery hub", &[]),
        VICTIM_SUPPORT => per_town("victim care", &[]),
        MENTORING => per_town("mentoring", &[]),
        VOLUNTEERS => per_town("volunteers", &[]),
        WOMENS_PROJECT => per_town("women's centre", &[]),
        _ => vec![],
    };
    out.extend(match agency {
        POLICE => vec![one("Data quality", None)],
        PROBATION => vec![
            one("Victim contact unit", Some("Chelmsford")),
            one("Braemar House approved premises", Some("Chelmsford")),
            one("Lady Lane House approved premises", Some("Chelmsford")),
            one("Elm Lodge approved premises", Some("Colchester")),
            one("Westcliff House approved premises", Some("Southend-on-Sea")),
            one("Central referral unit", None),
            one("Public protection", None),
            one("Information governance", None),
        ],
        CRC => vec![one("Basildon offender management", Some("Basildon"))],
        PRISON => vec![
            one("Offender management unit", Some("Chelmsford")),
            one("Safer custody", Some("Chelmsford")),
        ],
        MAPPA_UNIT => vec![
            one("MAPPA coordination", Some("Chelmsford")),
            one("Strategic Management Board", None),
            one("Local Criminal Justice Board", None),
            one("System administration", None),
        ],
        HOUSING => vec![
            one("Housing options", Some("Chelmsford")),
            one("Homelessness prevention", Some("Chelmsford")),
        ],
        _ => vec![],
    });
    out
}

/// "Southend" in team names, as staff say it.
fn short(town: &str) -> &str {
    town.strip_suffix("-on-Sea").unwrap_or(town)
}

pub(super) struct AccountDef {
    pub username: String,
    pub display_name: &'static str,
    pub agency: &'static str,
    pub team: Option<String>,
    pub role: &'static str,
    pub description: String,
}

/// Every account, the Chelmsford offender manager (who holds the MAPPA case) first.
pub(super) fn accounts() -> Vec<AccountDef> {
    let def = |username: &str,
               display_name: &'static str,
               agency: &'static str,
               team: Option<String>,
               role: &'static str,
               description: String| AccountDef {
        username: username.into(),
        display_name,
        agency,
        team,
        role,
        description,
    };
    const OMS: [&str; 6] = [
        "Sarah Whitfield",
        "Marcus Adebayo",
        "Helen Kowalczyk",
        "Rachel O'Donnell",
        "Imran Qureshi",
        "Fiona Marchetti",
    ];
    const PPOS: [&str; 6] = [
        "Gareth Pryce",
        "Joanne Ellery",
        "Tom Haverley",
        "Priya Raman",
        "Neil Ashcroft",
        "Kerry Blake",
    ];
    let mut out = vec![];
    for (i, t) in TOWNS.iter().enumerate() {
        let extra = if i == 0 {
            format!("; holds the MAPPA case of {MAPPA_CASE_NAME} (\"Mr D\")")
        } else {
            String::new()
        };
        out.push(def(&format!("om.{}", t.slug), OMS[i], PROBATION, Some(format!("{} offender management", short(t.name))), "offender_manager", format!("Offender manager in {}: a caseload of people on licence and community orders{extra}", t.name)));
    }
    for (i, t) in TOWNS.iter().enumerate() {
        out.push(def(
            &format!("ppo.{}", t.slug),
            PPOS[i],
            POLICE,
            Some(format!("{} public protection unit", short(t.name))),
            "public_protection_officer",
            format!(
                "Police public protection officer in {}: violent and sexual offenders, home visits",
                t.name
            ),
        ));
    }
    out.extend([
        def("iom.southend", "Dan Mercer", POLICE, Some("Southend IOM".into()), "iom_officer", format!("Police IOM officer in Southend: the prolific offender cohort, including {IOM_CASE_NAME}")),
        def("iom.southend.probation", "Gemma Farrant", PROBATION, Some("Southend IOM".into()), "iom_officer", format!("Probation IOM officer co-located in Southend; supervises {IOM_CASE_NAME}'s community order")),
        def("iom.basildon", "Lucy Brand", POLICE, Some("Basildon IOM".into()), "iom_officer", "Police IOM officer in Basildon: the prolific offender cohort".into()),
        def("pom.chelmsford", "Adrian Okoro", PRISON, Some("Offender management unit".into()), "prison_offender_manager", "Prison offender manager at HMP Chelmsford: men in custody".into()),
        def("mappa.coordinator", "Janet Rowe", MAPPA_UNIT, Some("MAPPA coordination".into()), "mappa_coordinator", format!("MAPPA coordinator: referrals, meetings and minutes; MAPPA cases including {MAPPA_CASE_NAME}")),
        def("mappa.chair", "Richard Hale", PROBATION, Some("Public protection".into()), "mappa_chair", "Senior probation manager who chairs level 2 and 3 MAPP meetings".into()),
        def("spo.chelmsford", "Helen Marsh", PROBATION, Some("Chelmsford offender management".into()), "senior_probation_officer", format!("Senior probation officer in Chelmsford: approves the licences and variations her team drafts, including {MAPPA_CASE_NAME}'s; decides the cases proposed to move to the Probation Service, including {TRANSFER_CASE_NAME}'s")),
        def("da.chelmsford", "Sarah Whitlock", POLICE, Some("Chelmsford public protection unit".into()), "domestic_abuse_officer", format!("Police domestic abuse officer in Chelmsford: DASH checklists with victims and safety planning, including for {MAPPA_CASE_NAME}'s victim")),
        def("vlo.essex", "Bernadette Kelly", PROBATION, Some("Victim contact unit".into()), "victim_liaison_officer", format!("Victim liaison officer: victims of violent and sexual offenders, including {MAPPA_CASE_NAME}'s victim")),
        def("ap.manager", "Colin Ferris", PROBATION, Some("Braemar House approved premises".into()), "approved_premises_manager", format!("Manager of Braemar House approved premises, Chelmsford, where {MAPPA_CASE_NAME} lives")),
        def("cru.assessor", "Imogen Hart", PROBATION, Some("Central referral unit".into()), "ap_assessor", "Central referral unit assessor: decides applications for approved premises and books the beds".into()),
        def("housing.caseworker", "Aisha Rahman", HOUSING, Some("Housing options".into()), "partner_caseworker", "Housing options caseworker, Chelmsford City Council: sees only referred cases".into()),
        def("health.cjmh", "Naomi Fielding", HEALTH, Some("Chelmsford criminal justice mental health".into()), "partner_caseworker", "Criminal justice mental health nurse (EPUT): sees only referred cases".into()),
        def("drugs.worker", "Jamie Lockwood", DRUG_SERVICE, Some("Southend recovery hub".into()), "partner_caseworker", format!("Open Road recovery worker in Southend: drug rehabilitation requirements, including {IOM_CASE_NAME}'s")),
        def("jobcentre.adviser", "Paula Denton", JOBCENTRE, Some("Chelmsford Jobcentre".into()), "partner_caseworker", "Jobcentre Plus work coach for prison leavers: sees only referred cases".into()),
        def("social.worker", "Kwame Asare", SOCIAL_CARE, Some("Chelmsford adult social care".into()), "partner_caseworker", "County council social worker: sees only referred cases".into()),
        def("victim.support", "Linda Moss", VICTIM_SUPPORT, Some("Chelmsford victim care".into()), "partner_caseworker", "Victim Support caseworker: works with victims, so holds no offender cases".into()),
        def("mentor", "Errol Grant", MENTORING, Some("Southend mentoring".into()), "partner_caseworker", format!("Volunteer mentor co-ordinator, Beacon Mentoring: mentees referred by IOM, including {IOM_CASE_NAME}")),
        def("crc.basildon", "Nathan Cole", CRC, Some("Basildon offender management".into()), "offender_manager", format!("Community Rehabilitation Company offender manager in Basildon: low and medium risk cases; {TRANSFER_CASE_NAME}'s risk has just risen to high, so his case waits to move to the Probation Service")),
        def("partnerships", "Yvonne Castle", PROBATION, Some("Public protection".into()), "partnerships_manager", "Partnerships and commissioning manager: keeps the directory of contracted partner services".into()),
        def("volunteers", "Derek Amos", VOLUNTEERS, Some("Southend volunteers".into()), "partner_caseworker", format!("Volunteer co-ordinator, Essex Community Volunteers: practical help for people under supervision, including {IOM_CASE_NAME}")),
        def("womens.project", "Chloe Baptiste", WOMENS_PROJECT, Some("Colchester women's centre".into()), "partner_caseworker", "Caseworker at the Women's Project: sees only the women referred to it".into()),
        def("board.member", "Andrew Cottrell", MAPPA_UNIT, Some("Strategic Management Board".into()), "board_member", "Strategic Management Board member: aggregate figures only, never a name".into()),
        def("lcjb.performance", "Priya Shah", MAPPA_UNIT, Some("Local Criminal Justice Board".into()), "lcjb_performance_officer", "Local Criminal Justice Board performance officer: imports the measures the courts, police and youth offending service hold; figures only, never a name".into()),
        def("em.provider", "Monitoring feed", EM_SERVICE, None, "em_provider", format!("The monitoring provider's service account: sends the location fixes of the tags it has fitted, including {MAPPA_CASE_NAME}'s; reads nothing back")),
        def("lay.adviser", "Margaret Ellison", MAPPA_UNIT, Some("Strategic Management Board".into()), "lay_adviser", "Lay adviser on the Strategic Management Board: aggregate figures only".into()),
        def("ig.lead", "Deborah Sinclair", PROBATION, Some("Information governance".into()), "information_governance_lead", "Information governance lead: reviews access and exports the audit trail".into()),
        def("data.quality", "Owen Pritchard", POLICE, Some("Data quality".into()), "data_quality_officer", "Data quality officer: keeps the register accurate and resolves duplicates".into()),
        def("risk.service", "OASys bridge", PROBATION, Some("Information governance".into()), "risk_service", "Service account of a system calling the compute-only risk calculators: reads no record".into()),
        def("admin", "Hannah Webb", MAPPA_UNIT, Some("System administration".into()), "administrator", "Administrator: accounts, roles and reference data".into()),
    ]);
    out
}

/// A created account: its definition, id and the actor it acts as.
pub(super) struct Staff {
    pub def: AccountDef,
    pub user_id: UserId,
    pub actor: Actor,
}

pub(super) async fn create(app: &App) -> Result<Vec<Staff>, AppError> {
    for (code, name, kind) in AGENCIES {
        app.accounts().add_agency(code, name, kind, "Essex").await?;
        for (team, town) in teams(code) {
            app.accounts().add_team(code, &team, town).await?;
        }
    }
    let mut staff = vec![];
    for def in accounts() {
        let id = app
            .accounts()
            .add_user(NewUser {
                username: def.username.clone(),
                display_name: def.display_name.into(),
                email: Some(format!("{}@concord.example", def.username)),
                password: super::DEMO_PASSWORD.into(),
                agency_code: def.agency.into(),
                team_name: def.team.clone(),
                roles: vec![def.role.into()],
            })
            .await?;
        let actor = app.accounts().actor_for_username(&def.username).await?;
        staff.push(Staff {
            def,
            user_id: UserId(id),
            actor,
        });
    }
    Ok(staff)
}

pub(super) fn agency_name(code: &str) -> &'static str {
    AGENCIES
        .iter()
        .find(|(c, ..)| *c == code)
        .map_or("", |(_, n, _)| *n)
}
