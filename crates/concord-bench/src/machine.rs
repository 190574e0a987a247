//! What the numbers were measured on: processor, cores, memory, operating system, and
//! the database's version and the settings that bear on it.

use concord_store::Db;

/// The 1-, 5- and 15-minute load averages: how busy the machine was with other work
/// (a compile beside the bench takes a core from it).
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").ok().map_or_else(
        || "unknown".into(),
        |s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    )
}

#[derive(Debug, Clone)]
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub memory: String,
    pub os: String,
    pub database: String,
    pub database_settings: Vec<(String, String)>,
}

impl Machine {
    pub async fn describe(db: &Db) -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name"))
            .map_or_else(
                || "unknown".into(),
                |l| l.trim_start_matches([' ', '\t', ':']).to_string(),
            );
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let memory = meminfo
            .lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|kb| kb.trim().trim_end_matches(" kB").parse::<f64>().ok())
            .map_or_else(
                || "unknown".into(),
                |kb| format!("{:.1} GiB", kb / 1024.0 / 1024.0),
            );
        let os = std::fs::read_to_string("/etc/os-release")
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("PRETTY_NAME="))
            .map_or_else(
                || std::env::consts::OS.into(),
                |v| v.trim_matches('"').to_string(),
            );
        let (database, database_settings) = match db {
            Db::Postgres(pool) => {
                let version: String = sqlx::query_scalar("SHOW server_version")
                    .fetch_one(pool)
                    .await
                    .unwrap_or_default();
                let mut settings = vec![];
                for name in [
                    "shared_buffers",
                    "work_mem",
                    "effective_cache_size",
                    "synchronous_commit",
                    "max_connections",
                    "autovacuum",
                ] {
                    let value: String = sqlx::query_scalar(&format!("SHOW {name}"))
                        .fetch_one(pool)
                        .await
                        .unwrap_or_default();
                    settings.push((name.to_string(), value));
                }
                (format!("PostgreSQL {version}"), settings)
            }
            Db::Sqlite(pool) => {
                let version: String = sqlx::query_scalar("SELECT sqlite_version()")
                    .fetch_one(pool)
                    .await
                    .unwrap_or_default();
                (format!("SQLite {version}"), vec![])
            }
        };
        Machine {
            cpu,
            cores: std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
            memory,
            os,
            database,
            database_settings,
        }
    }
}
