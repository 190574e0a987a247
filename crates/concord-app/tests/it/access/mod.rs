//! Need-to-know: partner agencies and board members are refused, the refusal is concealed
//! where a record's existence must not leak, and every refusal is in the audit chain even
//! though the use case itself rolled back.

use concord_app::*;
use concord_domain::PersonId;

use crate::support::*;

mod break_glass;
mod refusals;
mod sections;
mod shares;

async fn police_case(w: &World) -> PersonId {
    let mut input = person("Dan", "Reed", ymd(1988, 8, 8));
    input.identifiers = vec![identifier("pnc", &example_pnc())];
    w.app
        .people()
        .register_person(&w.ppo, &input)
        .await
        .unwrap()
}

fn assert_concealed(err: &AppError, label: &str) {
    assert!(
        matches!(err, AppError::Denied { conceal: true, .. }),
        "{label}: {err:?}"
    );
    assert_eq!(
        (err.status(), err.code()),
        (404, "not_found"),
        "{label}: a partner learnt the record exists"
    );
}

/// Refused in the open: a list or a new record has no existence to hide.
fn assert_forbidden(err: &AppError, label: &str) {
    assert!(
        matches!(err, AppError::Denied { conceal: false, .. }),
        "{label}: {err:?}"
    );
    assert_eq!((err.status(), err.code()), (403, "forbidden"), "{label}");
}

/// A police record with something in every unrestricted section.
async fn full_police_case(w: &World, given: &str, family: &str) -> PersonId {
    let mut input = person(given, family, ymd(1988, 8, 8));
    input.addresses = vec![home(
        "3 Duke Street",
        "Chelmsford",
        "CM1 1AA",
        ymd(2024, 1, 15),
    )];
    input.markers = vec![marker("violence", "Assaulted staff")];
    input.offences = vec![OffenceInput {
        offence_code: "00100".into(),
        description: "Assault".into(),
        offence_date: DateInput::text("2015-06-01"),
        conviction_date: DateInput::text("2015-09-01"),
        disposal: "community_order".into(),
    }];
    input.events = vec![event("arrest", ymd(2015, 6, 2), "Arrested outside a pub")];
    w.app
        .people()
        .register_person(&w.ppo, &input)
        .await
        .unwrap()
}
