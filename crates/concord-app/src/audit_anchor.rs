//! Anchors of the audit chain's head kept outside the database (ADR 0008).
//!
//! The chain shows that no event was edited, removed or inserted, unless someone with
//! write access to the database rewrites every event from the changed one onwards and the
//! head with them, which the hashes alone cannot catch. An anchor file, kept where the
//! database's administrators cannot write (another host, write-once storage), records the
//! head from time to time: `seq hash at mac`, one line per anchor. `audit verify` checks
//! that every anchored event still has the anchored hash and that the chain still reaches
//! it. With a key (`CONCORD_AUDIT_ANCHOR_KEY`, held by neither the database nor its
//! administrators) each line carries an HMAC-SHA256, so lines cannot be forged to match a
//! rewritten chain either.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::database::DatabaseError;

/// Where anchors are written and read, and the key that signs them, if any.
#[derive(Debug, Clone)]
pub struct AnchorFile {
    path: PathBuf,
    key: Option<Vec<u8>>,
}

/// One anchor as written: the head at `at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditAnchor {
    pub seq: i64,
    pub hash: String,
    pub at: DateTime<Utc>,
}

impl AnchorFile {
    /// The anchor file at `path`; lines are signed and checked with `key` when one is
    /// given (an empty key is refused: it would sign nothing).
    pub fn new(path: impl Into<PathBuf>, key: Option<&str>) -> Result<Self, DatabaseError> {
        let key = match key {
            Some(k) if k.trim().is_empty() => {
                return Err(DatabaseError::new(
                    "CONCORD_AUDIT_ANCHOR_KEY is set but empty: give a secret or unset it",
                ))
            }
            Some(k) => Some(k.as_bytes().to_vec()),
            None => None,
        };
        Ok(Self {
            path: path.into(),
            key,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn mac(&self, seq: i64, hash: &str, at: &str) -> Option<String> {
        let key = self.key.as_ref()?;
        let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
        mac.update(format!("{seq} {hash} {at}").as_bytes());
        Some(hex::encode(mac.finalize().into_bytes()))
    }

    pub(crate) fn append(&self, anchor: &AuditAnchor) -> Result<(), DatabaseError> {
        let at = anchor
            .at
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let mac = self
            .mac(anchor.seq, &anchor.hash, &at)
            .unwrap_or_else(|| "-".into());
        let line = format!("{} {} {at} {mac}\n", anchor.seq, anchor.hash);
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| self.io_error("cannot be written", &e))?;
        file.write_all(line.as_bytes())
            .and_then(|()| file.sync_data())
            .map_err(|e| self.io_error("cannot be written", &e))
    }

    /// Every anchor in the file, oldest first. A line that is malformed, or whose
    /// signature does not match, is an error naming the line: a tampered anchor file must
    /// not pass as an empty one.
    pub fn read(&self) -> Result<Vec<AuditAnchor>, DatabaseError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.io_error("cannot be read", &e)),
        };
        let mut anchors = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            anchors.push(self.parse(line).map_err(|why| {
                DatabaseError::new(format!(
                    "audit anchor file {} line {}: {why}",
                    self.path.display(),
                    i + 1
                ))
            })?);
        }
        Ok(anchors)
    }

    fn parse(&self, line: &str) -> Result<AuditAnchor, String> {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [seq, hash, at, mac] = parts[..] else {
            return Err("expected `seq hash instant signature`".into());
        };
        let seq: i64 = seq
            .parse()
            .ok()
            .filter(|s| *s > 0)
            .ok_or("the sequence number is not a positive whole number")?;
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err("the hash is not 64 hexadecimal digits".into());
        }
        let at = DateTime::parse_from_rfc3339(at)
            .map_err(|_| "the instant is not an RFC 3339 date and time")?
            .with_timezone(&Utc);
        let at_text = at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        if let Some(expected) = self.mac(seq, hash, &at_text) {
            if mac != expected {
                return Err("the signature does not match: the line was altered or forged".into());
            }
        }
        Ok(AuditAnchor {
            seq,
            hash: hash.to_string(),
            at,
        })
    }

    fn io_error(&self, what: &str, e: &std::io::Error) -> DatabaseError {
        DatabaseError::new(format!(
            "audit anchor file {} {what}: {e}",
            self.path.display()
        ))
    }
}
