//! The commands. Start-up failures say exactly what is wrong: an unreadable
//! configuration, a bad database URL, an unreachable database, a port in use.

use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;

use anyhow::Context;
use concord_app::{App, AppSettings, Clock, NewUser};

use crate::config::Config;
use crate::{AgencyCommand, AuditCommand, Cli, Command, PartnersCommand, UserCommand};

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Demo(args) => demo(args).await,
        Command::Bench(args) => concord_bench::run(args).await,
        Command::Match(cmd) => crate::linking::run(cmd),
        Command::Risk(cmd) => crate::risk::run_command(cmd),
        Command::Em(cmd) => crate::em::run(cmd).await,
        command => {
            let config = Config::load(cli.config.as_deref())?;
            match command {
                Command::Serve(args) => {
                    let anchor = config.serving_anchor()?;
                    let app = if args.no_migrate {
                        App::open_migrated(
                            &config.database_url,
                            Clock::system(),
                            config.app_settings(),
                        )
                        .await
                        .map_err(|e| anyhow::anyhow!("{e}"))?
                    } else {
                        open(&config).await?
                    };
                    let bind = args.bind.unwrap_or_else(|| config.bind.clone());
                    let port = args.port.unwrap_or(config.port);
                    let metrics_bind = args
                        .metrics_bind
                        .unwrap_or_else(|| config.metrics_bind.clone());
                    let metrics_bind = if metrics_bind.is_empty() {
                        None
                    } else {
                        Some(metrics_bind.parse::<SocketAddr>().with_context(|| {
                            format!("--metrics-bind `{metrics_bind}` is not an address and port (e.g. 127.0.0.1:9464)")
                        })?)
                    };
                    let sso = crate::sso::providers(&config.sso_providers, &config.public_url)?;
                    crate::sso::check_against_database(&app, &config.sso_providers).await?;
                    serve(
                        app,
                        anchor,
                        concord_web::WebConfig {
                            secure_cookies: config.secure_cookies,
                            training_clock: None,
                            hsts_max_age: config.hsts_max_age(),
                            trust_forwarded_for: config.trust_forwarded_for,
                            max_in_flight: config.max_in_flight,
                            sso,
                            ..Default::default()
                        },
                        (&bind, port),
                        metrics_bind,
                    )
                    .await
                }
                Command::Backup(args) => crate::backup::backup(&config.database_url, &args).await,
                Command::Restore(args) => crate::backup::restore(&config.database_url, &args).await,
                Command::Migrate => {
                    let report = concord_app::migrate_database(&config.database_url)
                        .await
                        .context("migrating the database")?;
                    if report.applied.is_empty() {
                        println!(
                            "The database is up to date (schema version {}).",
                            report.version
                        );
                    }
                    for (version, name) in report.applied {
                        println!("Applied migration {version}: {name}");
                    }
                    Ok(())
                }
                Command::User(cmd) => user(&config, cmd).await,
                Command::Import(args) => {
                    let app = open(&config).await?;
                    crate::import::import(&app, args).await
                }
                Command::Duplicates(args) => {
                    let app = open(&config).await?;
                    crate::import::duplicates(&app, args).await
                }
                Command::Agency(cmd) => agency(&config, cmd).await,
                Command::Audit(AuditCommand::Verify { anchor }) => {
                    let app = open(&config).await?;
                    let result = crate::audit::verify(&app, &config, anchor).await;
                    app.close().await;
                    result
                }
                Command::Audit(AuditCommand::Anchor { anchor }) => {
                    let app = open(&config).await?;
                    let result = crate::audit::anchor(&app, &config, anchor).await;
                    app.close().await;
                    result
                }
                Command::Audit(AuditCommand::Export {
                    person,
                    as_user,
                    purpose,
                    output,
                }) => {
                    let app = open(&config).await?;
                    let person = uuid::Uuid::parse_str(person.trim()).map_err(|_| {
                        anyhow::anyhow!("--person: `{person}` is not a person id (a UUID)")
                    })?;
                    let mut actor = app
                        .accounts()
                        .actor_for_username(&as_user)
                        .await
                        .map_err(|e| anyhow::anyhow!("--as {as_user}: {e}"))?;
                    actor.request_id = Some(format!("cli-{}", uuid::Uuid::now_v7()));
                    let (csv, n) = app
                        .sharing()
                        .export_audit_trail(&actor, concord_domain::PersonId(person), &purpose)
                        .await
                        .map_err(|e| anyhow::anyhow!("{}", export_error(e)))?;
                    match output {
                        Some(path) => {
                            std::fs::write(&path, csv)
                                .with_context(|| format!("writing {}", path.display()))?;
                            eprintln!("Wrote {n} audit events to {}.", path.display());
                        }
                        None => print!("{csv}"),
                    }
                    Ok(())
                }
                Command::Partners(PartnersCommand::EndOrders { as_user }) => {
                    let app = open(&config).await?;
                    let mut actor = app
                        .accounts()
                        .actor_for_username(&as_user)
                        .await
                        .map_err(|e| anyhow::anyhow!("--as {as_user}: {e}"))?;
                    actor.request_id = Some(format!("cli-{}", uuid::Uuid::now_v7()));
                    let r = app
                        .partners()
                        .end_referrals_after_orders(&actor)
                        .await
                        .map_err(|e| anyhow::anyhow!("{}", app_error(e)))?;
                    println!(
                        "Cancelled {} referral(s) of {} people whose order or licence has ended; {} people's records are for another agency to sweep.",
                        r.referrals, r.people, r.left_for_others
                    );
                    app.close().await;
                    Ok(())
                }
                Command::Board(cmd) => crate::board::run(open(&config).await?, cmd).await,
                Command::Postcodes(cmd) => crate::postcodes::run(open(&config).await?, cmd).await,
                Command::Notify(cmd) => crate::notify::run(open(&config).await?, cmd).await,
                Command::Demo(_)
                | Command::Bench(_)
                | Command::Match(_)
                | Command::Risk(_)
                | Command::Em(_) => {
                    unreachable!("handled above")
                }
            }
        }
    }
}

/// What an operator needs to hear about a refused or failed command.
pub(crate) fn app_error(e: concord_app::AppError) -> String {
    match e {
        concord_app::AppError::Denied { reason, .. } => {
            format!("refused: {reason} (the refusal is recorded in the audit chain)")
        }
        other => other.to_string(),
    }
}

/// What an operator needs to hear about a refused or failed export.
fn export_error(e: concord_app::AppError) -> String {
    match e {
        concord_app::AppError::Denied { reason, .. } => {
            format!("refused: {reason} (the refusal is recorded in the audit chain)")
        }
        concord_app::AppError::NotFound => "--person: there is no such person".into(),
        other => other.to_string(),
    }
}

/// The application on the configured database, connected and migrated: the server never
/// runs on an old schema.
pub(crate) async fn open(config: &Config) -> anyhow::Result<App> {
    open_with(&config.database_url, Clock::system(), config.app_settings()).await
}

async fn open_with(url: &str, clock: Clock, settings: AppSettings) -> anyhow::Result<App> {
    let (app, report) = App::open(url, clock, settings)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    for (version, name) in report.applied {
        tracing::info!(version, name, "applied migration");
    }
    Ok(app)
}

async fn serve(
    app: App,
    anchor: Option<(concord_app::AnchorFile, std::time::Duration)>,
    config: concord_web::WebConfig,
    (bind, port): (&str, u16),
    metrics_bind: Option<SocketAddr>,
) -> anyhow::Result<()> {
    let ip: std::net::IpAddr = bind
        .parse()
        .with_context(|| format!("`{bind}` is not an IP address to listen on"))?;
    let addr = SocketAddr::new(ip, port);
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => anyhow::anyhow!("port {port} on {bind} is already in use: stop the other program or choose another port (--port or CONCORD_PORT)"),
        std::io::ErrorKind::PermissionDenied => anyhow::anyhow!("not allowed to listen on {addr}: use a port above 1023"),
        _ => anyhow::anyhow!("cannot listen on {addr}: {e}"),
    })?;
    let shutdown = shutdown_signal();
    let local = listener.local_addr()?;
    let host = if ip.is_loopback() {
        "localhost".to_string()
    } else {
        local.ip().to_string()
    };
    println!(
        "Concord is running at http://{host}:{}/ (press Ctrl+C to stop)",
        local.port()
    );
    let anchoring = anchor
        .as_ref()
        .map(|(file, every)| crate::audit::anchor_periodically(app.clone(), file.clone(), *every));
    // The operators' endpoints on their own address, stopped with the node.
    let operators = match metrics_bind {
        Some(at) => {
            let listener = tokio::net::TcpListener::bind(at)
                .await
                .with_context(|| format!("cannot listen for metrics on {at}"))?;
            println!("Metrics at http://{at}/metrics");
            let router = concord_web::metrics_router(app.clone(), config.metrics.clone());
            Some(tokio::spawn(async move {
                axum::serve(listener, router).await.ok();
            }))
        }
        None => None,
    };
    let router = concord_web::router(app.clone(), config);
    app.start_background_work();
    let summaries = crate::notify::send_periodically(app.clone());
    app.monitoring().start_feed();
    // The peer's address reaches the handlers: sign-in is throttled per address.
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
    .context("serving")?;
    if let Some(task) = anchoring {
        task.abort();
    }
    if let Some(task) = operators {
        task.abort();
    }
    if let Some(task) = summaries {
        task.abort();
    }
    // In-flight requests are done: seal what they left waiting, so a node stopped
    // cleanly leaves no audit event for another to seal, and anchor the final head.
    match &anchor {
        Some((file, _)) => {
            app.anchor_audit(file)
                .await
                .context("anchoring the audit chain")?;
        }
        None => {
            app.settle_audit()
                .await
                .context("sealing the audit chain")?;
        }
    }
    // And send the domain events they raised, if NATS is there to take them; if it is
    // not, they wait in the outbox for the next node to start (or another one running).
    let publish = tokio::time::timeout(std::time::Duration::from_secs(5), app.publish_events());
    match publish.await {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => tracing::warn!(error = %e, "domain events left waiting in the outbox"),
        Err(_) => tracing::warn!("domain events left waiting in the outbox: NATS too slow"),
    }
    app.close().await;
    Ok(())
}

/// Ctrl-C, or SIGTERM from a service manager or an orchestrator: stop accepting, let
/// in-flight requests finish, then close the database. The SIGTERM handler is installed
/// when this is called, not when the future is first polled, so a signal sent as soon as
/// the node says it is running is not lost (and does not kill it outright).
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
    async move {
        #[cfg(unix)]
        match term {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM; Ctrl-C still stops");
                tokio::signal::ctrl_c().await.ok();
            }
        }
        #[cfg(not(unix))]
        tokio::signal::ctrl_c().await.ok();
        tracing::info!("shutting down: finishing in-flight requests");
    }
}

async fn demo(args: crate::DemoArgs) -> anyhow::Result<()> {
    if let Some(dir) = &args.feeds {
        return write_feeds(dir, args.size);
    }
    let path = args.database.to_string_lossy().to_string();
    // The demo runs on a training clock an administrator can move forward, so a session
    // can follow a case through months; `concord serve` never has one.
    let training = concord_app::TrainingClock::new();
    let nats = args.nats.clone().filter(|u| !u.trim().is_empty());
    if !crate::config::is_subject_prefix(&args.em_prefix) {
        anyhow::bail!(
            "--em-prefix {:?} {}",
            args.em_prefix,
            crate::config::SUBJECT_PREFIX_RULE
        );
    }
    concord_app::Scanner::parse(&args.attachment_scanner)
        .map_err(|e| anyhow::anyhow!("--attachment-scanner: {e}"))?;
    let settings = AppSettings {
        attachment_scanner: args.attachment_scanner.clone(),
        // With NATS, the demo's monitoring provider account feeds the tags' fixes.
        em: concord_app::EmSettings {
            feed_account: nats.as_ref().map(|_| "em.provider".to_string()),
            subject_prefix: args.em_prefix.trim().to_string(),
            ..concord_app::EmSettings::default()
        },
        nats_url: nats,
        ..AppSettings::default()
    };
    let app = open_with(&path, training.clock(), settings).await?;
    if concord_demo::demo_is_loaded(&app).await? {
        println!("Reusing the demo data in {path}.");
        let days = app.accounts().resume_training_clock(&training).await?;
        if days > 0 {
            println!(
                "The training clock is {days} days ahead: today is {}.",
                app.clock().today()
            );
        }
    } else {
        let bar = indicatif::ProgressBar::new(args.size as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "Loading demo people {bar:40} {pos}/{len} ({per_sec}, {eta} left)",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        let started = std::time::Instant::now();
        let summary = concord_demo::load_demo(&app, args.size, &|done, total| {
            bar.set_length(total);
            bar.set_position(done);
        })
        .await?;
        bar.finish_and_clear();
        println!(
            "Loaded {} people into {path} in {:.1} s.",
            summary.persons,
            started.elapsed().as_secs_f64()
        );
    }
    println!(
        "\nDemo accounts (password for all: {}):",
        concord_demo::DEMO_PASSWORD
    );
    for account in app.accounts().users().await? {
        println!(
            "  {:<22} {:<30} {}",
            account.username,
            account.roles.join(", "),
            account.display_name
        );
    }
    println!();
    if args.no_serve {
        return Ok(());
    }
    let sso = match &args.sso_config {
        Some(path) => {
            let c = Config::load(Some(path))?;
            crate::sso::check_against_database(&app, &c.sso_providers).await?;
            crate::sso::providers(&c.sso_providers, &c.public_url)?
        }
        None => Default::default(),
    };
    let config = concord_web::WebConfig {
        sso,
        secure_cookies: true,
        training_clock: Some(training),
        // The demo is served over plain HTTP on a developer's machine.
        hsts_max_age: None,
        trust_forwarded_for: false,
        ..Default::default()
    };
    serve(app, None, config, (&args.bind, args.port), None).await
}

/// The demo population as the police and probation systems would export it, with the
/// mapping to load both: `concord import --source essex-police --mapping
/// <dir>/feed-mapping.toml --as data.quality <dir>/police.csv`.
fn write_feeds(dir: &std::path::Path, size: usize) -> anyhow::Result<()> {
    use concord_demo::{feed_csv, Feed, FEED_MAPPING};
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let today = concord_app::london_date(chrono::Utc::now());
    for (feed, name) in [
        (Feed::Police, "police.csv"),
        (Feed::Probation, "probation.csv"),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, feed_csv(feed, size, today))
            .with_context(|| format!("writing {}", path.display()))?;
        println!("Wrote {} (agency {}).", path.display(), feed.agency_code());
    }
    let mapping = dir.join("feed-mapping.toml");
    std::fs::write(&mapping, FEED_MAPPING)
        .with_context(|| format!("writing {}", mapping.display()))?;
    println!("Wrote {}.", mapping.display());
    Ok(())
}

async fn user(config: &Config, cmd: UserCommand) -> anyhow::Result<()> {
    let app = open(config).await?;
    match cmd {
        UserCommand::Add {
            username,
            name,
            agency,
            roles,
            team,
            email,
            password_stdin,
        } => {
            let password = if password_stdin || !std::io::stdin().is_terminal() {
                let mut line = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut line)
                    .context("reading the password from standard input")?;
                line.trim_end_matches(['\r', '\n']).to_string()
            } else {
                let first = rpassword::prompt_password(
                    "Password (at least 12 characters; three random words work well): ",
                )?;
                let again = rpassword::prompt_password("Password again: ")?;
                anyhow::ensure!(first == again, "the passwords do not match");
                first
            };
            let new = NewUser {
                username: username.clone(),
                display_name: name,
                email,
                password,
                agency_code: agency,
                team_name: team,
                roles,
            };
            match app.accounts().add_user(new).await {
                Ok(_) => {
                    println!("Added user {username}.");
                    Ok(())
                }
                Err(concord_app::AppError::Validation(v)) => {
                    let lines: Vec<String> = v
                        .errors
                        .iter()
                        .map(|e| format!("{}: {}", e.field, e.message))
                        .collect();
                    anyhow::bail!("the user was not added:\n  {}", lines.join("\n  "))
                }
                Err(e) => Err(anyhow::anyhow!("{e}")),
            }
        }
        UserCommand::Activate { username } => crate::sso::activate(&app, &username).await,
        UserCommand::List => {
            for u in app.accounts().users().await? {
                println!(
                    "{:<24} {:<30} {:<10} {}",
                    u.username,
                    u.display_name,
                    u.agency_code,
                    u.roles.join(", ")
                );
            }
            Ok(())
        }
    }
}

async fn agency(config: &Config, cmd: AgencyCommand) -> anyhow::Result<()> {
    let app = open(config).await?;
    match cmd {
        AgencyCommand::Add {
            code,
            name,
            kind,
            area,
        } => {
            let Some(kind) = concord_domain::AgencyKind::from_code(&kind) else {
                let kinds: Vec<&str> = concord_domain::AgencyKind::ALL
                    .iter()
                    .map(|k| k.code())
                    .collect();
                anyhow::bail!(
                    "--kind `{kind}` is not an agency kind: use one of {}",
                    kinds.join(", ")
                );
            };
            app.accounts()
                .add_agency(&code, &name, kind, &area)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("Added agency {code}.");
        }
        AgencyCommand::List => {
            for a in app.accounts().agencies().await? {
                println!("{:<18} {:<22} {}", a.code, a.kind.code(), a.name);
            }
        }
        AgencyCommand::Remit { agency, remit } => {
            app.accounts()
                .set_probation_remit(&agency, &remit)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("Agency {agency} manages: {remit}.");
        }
        AgencyCommand::AddTeam { agency, name, town } => {
            app.accounts()
                .add_team(&agency, &name, town.as_deref())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("Added team {name} to {agency}.");
        }
    }
    Ok(())
}
