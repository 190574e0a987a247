//! A cross-check with wrk, when it is installed (`apt-get install wrk`): the same two
//! closed-loop measurements by an independent, C-written load generator. The bench never
//! depends on it; without wrk this step is skipped and said so.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// wrk on the PATH, if any.
pub fn find() -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| PathBuf::from(dir).join("wrk"))
        .find(|p| p.is_file())
}

/// Run `wrk -t2 -cN -dS --latency` against the hello server and against Concord's record
/// page (each request for a person picked at random from `person_ids` by a Lua script,
/// signed in with the session cookie). Returns each run's command line and output.
pub async fn run(
    wrk: &PathBuf,
    hello: SocketAddr,
    concord: SocketAddr,
    token: &str,
    person_ids: &[String],
    connections: usize,
    duration: Duration,
) -> anyhow::Result<Vec<(String, String)>> {
    let script = std::env::temp_dir().join(format!("concord-bench-{}.lua", std::process::id()));
    let ids = person_ids
        .iter()
        .map(|id| format!("\"{id}\""))
        .collect::<Vec<_>>()
        .join(",");
    std::fs::write(
        &script,
        format!(
            "local ids = {{{ids}}}\n\
             request = function()\n  \
               return wrk.format(\"GET\", \"/persons/\" .. ids[math.random(#ids)])\n\
             end\n"
        ),
    )?;
    let seconds = format!("{}s", duration.as_secs().max(1));
    let conns = connections.to_string();
    let cookie = format!("Cookie: concord_session={token}");
    let runs: [(Vec<String>, String); 2] = [
        (vec![], format!("http://{hello}/")),
        (
            vec![
                "-s".into(),
                script.display().to_string(),
                "-H".into(),
                cookie,
            ],
            format!("http://{concord}/"),
        ),
    ];
    let mut out = vec![];
    for (extra, url) in runs {
        let mut args: Vec<String> = vec![
            "-t2".into(),
            format!("-c{conns}"),
            format!("-d{seconds}"),
            "--latency".into(),
        ];
        args.extend(extra);
        args.push(url);
        let output = tokio::process::Command::new(wrk)
            .args(&args)
            .output()
            .await?;
        let shown: Vec<String> = args
            .iter()
            .map(|a| {
                if a.starts_with("Cookie:") {
                    "'Cookie: concord_session=…'".to_string()
                } else if a.ends_with(".lua") {
                    "record-pages.lua".to_string()
                } else {
                    a.clone()
                }
            })
            .collect();
        out.push((
            format!("wrk {}", shown.join(" ")),
            format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ),
        ));
    }
    std::fs::remove_file(&script).ok();
    Ok(out)
}
