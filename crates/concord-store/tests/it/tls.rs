//! Issue 25 item 2: PostgreSQL over TLS. With `sslmode=verify-full` and the CA that signed
//! the server's certificate (`sslrootcert`), Concord connects over TLS, by name and by
//! address; with a CA that did not sign it, it is refused. `scripts/pg-test-tls` makes
//! the CA and the server's certificate and points the local test server at them (CI runs
//! it and sets `CONCORD_TEST_PG_CA`).

use concord_store::Db;

fn with_params(url: &str, params: &str) -> String {
    if url.contains('?') {
        format!("{url}&{params}")
    } else {
        format!("{url}?{params}")
    }
}

#[tokio::test]
async fn postgres_over_tls_verifies_the_servers_certificate() {
    let (Some(admin), Ok(ca)) = (
        concord_testkit::postgres_url(),
        std::env::var("CONCORD_TEST_PG_CA"),
    ) else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must set CONCORD_TEST_PG_CA (scripts/pg-test-tls)"
        );
        eprintln!(
            "skipped: set CONCORD_TEST_PG_CA (scripts/pg-test-tls) to test TLS to PostgreSQL"
        );
        return;
    };
    let by_name = with_params(
        &admin.replace("@127.0.0.1", "@localhost"),
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    );
    let by_address = with_params(&admin, &format!("sslmode=verify-full&sslrootcert={ca}"));
    for url in [&by_name, &by_address] {
        let db = Db::connect(url)
            .await
            .unwrap_or_else(|e| panic!("verify-full to {url}: {e}"));
        let ssl = concord_testkit::scalar_i64(
            &db,
            "SELECT CASE WHEN ssl THEN 1::bigint ELSE 0::bigint END FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
        )
        .await;
        assert_eq!(ssl, 1, "{url}: the connection is not encrypted");
        db.close().await;
    }

    // A CA of its own, which did not sign the server's certificate: refused.
    let dir = std::env::temp_dir().join(format!("concord-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let other = dir.join("other-ca.crt");
    let made = std::process::Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        ])
        .args(["-subj", "/CN=Not the server's CA", "-keyout"])
        .arg(dir.join("other-ca.key"))
        .arg("-out")
        .arg(&other)
        .output()
        .expect("openssl runs");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let wrong = with_params(
        &admin.replace("@127.0.0.1", "@localhost"),
        &format!("sslmode=verify-full&sslrootcert={}", other.display()),
    );
    let refused = Db::connect(&wrong).await;
    assert!(
        refused.is_err(),
        "a server certificate the CA did not sign was accepted"
    );
    std::fs::remove_dir_all(&dir).ok();
}
