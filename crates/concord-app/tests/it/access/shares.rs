//! Shares: their sections until expiry or revocation; a refused share audited.

use chrono::Duration;
use concord_app::*;
use concord_authz::{Section, SectionSet};

use super::{assert_concealed, assert_forbidden, full_police_case, police_case};
use crate::support::*;

fn share_of(
    sections: &[&str],
    kind: &str,
    recipient: &str,
    until: chrono::NaiveDate,
) -> ShareInput {
    ShareInput {
        sections: sections
            .iter()
            .map(std::string::ToString::to_string)
            .collect(),
        recipient_kind: kind.into(),
        recipient: recipient.into(),
        purpose: "Tenancy sign-up".into(),
        expires_on: DateInput::from_date(until),
    }
}

#[tokio::test]
async fn a_share_gives_its_sections_until_it_expires_or_is_revoked() {
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        let id = full_police_case(&w, "Dan", "Reed").await;
        assert_concealed(
            &w.app
                .people()
                .view_person(&w.housing, id)
                .await
                .unwrap_err(),
            t.label,
        );

        // Shared with the housing agency for a week (10 March to 17 March inclusive).
        w.app
            .sharing()
            .share_sections(
                &w.ppo,
                id,
                &share_of(&["addresses"], "agency", "HSG", ymd(2026, 3, 17)),
            )
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        let disclosed = last_audit(w.app.db()).await;
        assert_eq!(
            (disclosed.kind.as_str(), disclosed.action.as_str()),
            ("disclosure", "share"),
            "{}",
            t.label
        );
        let r = w.app.people().view_person(&w.housing, id).await.unwrap();
        assert_eq!(
            r.sections,
            SectionSet::of(&[Section::Identity, Section::Addresses]),
            "{}",
            t.label
        );
        assert_eq!(
            (r.addresses.len(), r.markers.len(), r.offences.len()),
            (1, 0, 0),
            "{}",
            t.label
        );
        clock.advance(Duration::days(7));
        w.app
            .people()
            .view_person(&w.housing, id)
            .await
            .unwrap_or_else(|e| panic!("{}: the last day of the share: {e}", t.label));

        // The day after, it has expired.
        clock.advance(Duration::days(1));
        assert_concealed(
            &w.app
                .people()
                .view_person(&w.housing, id)
                .await
                .unwrap_err(),
            t.label,
        );
        let owner = w.app.people().view_person(&w.ppo, id).await.unwrap();
        assert_eq!(owner.shares.len(), 1, "{}", t.label);
        assert!(!owner.shares[0].live, "{}", t.label);

        // Shared again, with the caseworker himself; then revoked.
        let share = w
            .app
            .sharing()
            .share_sections(
                &w.ppo,
                id,
                &share_of(&["markers"], "user", "housing.lee", ymd(2026, 4, 30)),
            )
            .await
            .unwrap();
        let r = w.app.people().view_person(&w.housing, id).await.unwrap();
        assert_eq!((r.markers.len(), r.addresses.len()), (1, 0), "{}", t.label);
        // Revoking needs a reason.
        let err = w
            .app
            .sharing()
            .revoke_share(&w.ppo, id, share, "")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("reason".to_string(), "required")],
            "{}",
            t.label
        );
        w.app
            .sharing()
            .revoke_share(&w.ppo, id, share, "Tenancy signed")
            .await
            .unwrap();
        assert_concealed(
            &w.app
                .people()
                .view_person(&w.housing, id)
                .await
                .unwrap_err(),
            t.label,
        );
        let err = w
            .app
            .sharing()
            .revoke_share(&w.ppo, id, share, "Again")
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::NotFound), "{}: {err:?}", t.label);
        let owner = w.app.people().view_person(&w.ppo, id).await.unwrap();
        let revoked = owner.shares.iter().find(|s| s.id == share).unwrap();
        assert!(
            !revoked.live
                && revoked
                    .revoked
                    .as_deref()
                    .is_some_and(|r| r.contains("Tenancy signed")),
            "{}: {revoked:?}",
            t.label
        );
        // Only the owning agency shares.
        allocate(&w, &w.ppo, id, &w.om, "offender_manager").await;
        let err = w
            .app
            .sharing()
            .share_sections(
                &w.om,
                id,
                &share_of(&["addresses"], "agency", "HSG", ymd(2026, 4, 30)),
            )
            .await
            .unwrap_err();
        assert_forbidden(&err, t.label);
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn a_refused_share_is_audited_without_waiting_on_its_own_transaction() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let id = police_case(&w).await;
        let before = audit_count(w.app.db()).await;
        // Restricted sections never leave the case team; the attempt is recorded.
        let started = std::time::Instant::now();
        let err = w
            .app
            .sharing()
            .share_sections(
                &w.ppo,
                id,
                &share_of(&["victim"], "agency", "HSG", ymd(2026, 4, 30)),
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("sections".to_string(), "section_restricted")],
            "{}",
            t.label
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{}: the refusal waited on the audit lock for {:?}",
            t.label,
            started.elapsed()
        );
        assert_eq!(audit_count(w.app.db()).await, before + 1, "{}", t.label);
        let refused = last_audit(w.app.db()).await;
        assert_eq!(
            (
                refused.kind.as_str(),
                refused.action.as_str(),
                refused.person_id,
                refused.reason.as_str()
            ),
            (
                "denied",
                "share",
                Some(id.0),
                "share refused: invalid sections"
            ),
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}
