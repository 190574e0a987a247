//! The concentration of offending: shares and curves by volume and by harm, per town and
//! for the area; small areas show nothing; an offence that cannot be weighed withholds
//! the harm figures, by name; never a person.

use concord_authz::Actor;
use concord_domain::PersonId;

use crate::support::*;

/// Register someone living in `town` with `offences` (code, date).
async fn offender(
    w: &World,
    by: &Actor,
    n: usize,
    town: &str,
    offences: &[(&str, (i32, u32, u32))],
) -> PersonId {
    // Names are letters only: the nth letter of the alphabet ends the surname.
    let surname = format!("Offender{}", char::from(b'a' + (n % 26) as u8));
    let mut input = person("Test", &surname, ymd(1985, 1, 1 + (n % 28) as u32));
    input.addresses = vec![home(
        &format!("{n} High Street"),
        town,
        "CM1 1AA",
        ymd(2020, 1, 1),
    )];
    input.offences = offences
        .iter()
        .map(|(code, on)| offence(code, "An offence", *on, (on.0, on.1, on.2)))
        .collect();
    w.app
        .people()
        .register_person(by, &input)
        .await
        .unwrap_or_else(|e| panic!("{}: register {n}: {e}", w.label))
}

#[tokio::test]
async fn ten_percent_of_offenders_and_their_share_measured_on_the_register() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let l = t.label;
        // Chelmsford: one domestic burglar with 9 burglaries, nine shoplifters with one
        // each (and an old offence before the period, not counted).
        let mut n = 0;
        offender(&w, &w.om, n, "Chelmsford", &[("02800", (2025, 5, 1)); 9]).await;
        for _ in 0..9 {
            n += 1;
            offender(
                &w,
                &w.om,
                n,
                "Chelmsford",
                &[("03800", (2025, 6, 1)), ("03800", (2019, 1, 1))],
            )
            .await;
        }
        // Basildon: three offenders, too few to show.
        for _ in 0..3 {
            n += 1;
            offender(&w, &w.om, n, "Basildon", &[("03800", (2025, 7, 1))]).await;
        }
        let f = w.app.iom().concentration(&w.board, 3).await.unwrap();
        assert_eq!(
            f.areas.iter().map(|a| a.area.as_str()).collect::<Vec<_>>(),
            ["Essex", "Basildon", "Chelmsford"],
            "{l}"
        );
        let chelmsford = &f.areas[2];
        assert_eq!(
            (chelmsford.offenders, chelmsford.offences),
            (Some(10), Some(18)),
            "{l}"
        );
        let v = chelmsford.volume.as_ref().unwrap();
        assert!(
            (v.top_decile_share - 0.5).abs() < 1e-9,
            "{l}: {}",
            v.top_decile_share
        );
        let h = chelmsford.harm.as_ref().unwrap();
        assert!(
            (h.top_decile_share - 3285.0 / 3348.0).abs() < 1e-9,
            "{l}: {}",
            h.top_decile_share
        );
        let basildon = &f.areas[1];
        assert!(
            basildon.offenders.is_none() && basildon.volume.is_none(),
            "{l}"
        );
        assert!(
            basildon.withheld[0].starts_with("Fewer than 10 offenders"),
            "{l}"
        );
        let essex = &f.areas[0];
        assert_eq!(
            (essex.offenders, essex.offences),
            (Some(13), Some(21)),
            "{l}"
        );
        // The table never names anyone, and the CSV has a row per area.
        let csv = f.csv();
        assert!(!csv.contains("Offendera") && !csv.contains("Test"), "{l}");
        assert_eq!(csv.lines().count(), 4, "{l}");
        assert!(csv.contains("Chelmsford,10,18,50%"), "{l}: {csv}");

        // An offence with no harm weight: harm withheld, by name; volume still shown.
        n += 1;
        offender(&w, &w.om, n, "Chelmsford", &[("08800", (2025, 8, 1))]).await;
        let f = w.app.iom().concentration(&w.board, 3).await.unwrap();
        let chelmsford = f.areas.iter().find(|a| a.area == "Chelmsford").unwrap();
        assert!(
            chelmsford.harm.is_none() && chelmsford.volume.is_some(),
            "{l}"
        );
        assert!(
            chelmsford
                .withheld
                .iter()
                .any(|m| m.contains("1 offence(s) have no harm weight (Missing description)")),
            "{l}: {:?}",
            chelmsford.withheld
        );

        // A period outside 1 to 10 years is refused by field.
        let e = w.app.iom().concentration(&w.board, 0).await.unwrap_err();
        assert_eq!(field_codes(&e), [("years".into(), "out_of_range")], "{l}");
    }
}
