//! The virus scanner every attachment passes before it is kept: ClamAV's daemon (clamd),
//! spoken to over its INSTREAM protocol on a TCP port or a Unix socket. Configured by
//! `attachment_scanner` (`clamd://127.0.0.1:3310` or `clamd:///run/clamav/clamd.ctl`);
//! with none configured, no file is accepted, since an unscanned file must never reach
//! another agency's screen. A scan runs before the use case's transaction opens, so a
//! slow scan holds no database lock.

use std::path::PathBuf;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// Where the scanner is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scanner {
    /// None configured: every upload is refused with the reason.
    None,
    ClamdTcp(String),
    ClamdUnix(PathBuf),
}

/// What the scanner said of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Passed, by this scanner and signature version (kept with the file).
    Clean { scanned_by: String },
    /// The signature it matched.
    Infected { signature: String },
}

/// How long a scan may take before the upload is refused as "the scanner did not answer".
const SCAN_TIMEOUT: Duration = Duration::from_secs(60);
/// INSTREAM chunks.
const CHUNK: usize = 64 * 1024;

impl Scanner {
    /// Read the `attachment_scanner` setting; the error says what is wrong with it.
    pub fn parse(setting: &str) -> Result<Scanner, String> {
        let s = setting.trim();
        if s.is_empty() {
            return Ok(Scanner::None);
        }
        let Some(rest) = s.strip_prefix("clamd://") else {
            return Err(format!(
                "attachment_scanner `{s}` is not clamd://HOST:PORT or clamd:///PATH/TO/SOCKET"
            ));
        };
        if rest.starts_with('/') {
            return Ok(Scanner::ClamdUnix(PathBuf::from(rest)));
        }
        match rest.rsplit_once(':') {
            Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok() => {
                Ok(Scanner::ClamdTcp(rest.to_string()))
            }
            _ => Err(format!(
                "attachment_scanner `{s}` needs a host and port (clamd://127.0.0.1:3310)"
            )),
        }
    }

    pub fn is_configured(&self) -> bool {
        *self != Scanner::None
    }

    /// Scan `bytes`: the scanner's version, then the file streamed through INSTREAM.
    pub async fn scan(&self, bytes: &[u8]) -> Result<Verdict, String> {
        let work = async {
            let version = String::from_utf8_lossy(&self.ask(b"zVERSION\0", &[]).await?)
                .trim_end_matches('\0')
                .trim()
                .to_string();
            let answer = self.ask(b"zINSTREAM\0", bytes).await?;
            verdict(&String::from_utf8_lossy(&answer), &version)
        };
        tokio::time::timeout(SCAN_TIMEOUT, work)
            .await
            .map_err(|_| format!("no answer within {} seconds", SCAN_TIMEOUT.as_secs()))?
    }

    /// One command on a fresh connection (clamd answers each and closes).
    async fn ask(&self, command: &[u8], stream: &[u8]) -> Result<Vec<u8>, String> {
        match self {
            Scanner::None => Err("no virus scanner is configured".into()),
            Scanner::ClamdTcp(addr) => {
                let c = tokio::net::TcpStream::connect(addr)
                    .await
                    .map_err(|e| format!("{addr}: {e}"))?;
                converse(c, command, stream).await
            }
            Scanner::ClamdUnix(path) => {
                let c = tokio::net::UnixStream::connect(path)
                    .await
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                converse(c, command, stream).await
            }
        }
    }
}

async fn converse<C: AsyncRead + AsyncWrite + Unpin>(
    mut c: C,
    command: &[u8],
    stream: &[u8],
) -> Result<Vec<u8>, String> {
    let io = |e: std::io::Error| format!("talking to the scanner: {e}");
    c.write_all(command).await.map_err(io)?;
    if command.starts_with(b"zINSTREAM") {
        for chunk in stream.chunks(CHUNK) {
            let len = u32::try_from(chunk.len()).map_err(|_| "chunk too large".to_string())?;
            c.write_all(&len.to_be_bytes()).await.map_err(io)?;
            c.write_all(chunk).await.map_err(io)?;
        }
        c.write_all(&0u32.to_be_bytes()).await.map_err(io)?;
    }
    c.flush().await.map_err(io)?;
    let mut answer = Vec::new();
    c.read_to_end(&mut answer).await.map_err(io)?;
    Ok(answer)
}

/// clamd's answer to INSTREAM: `stream: OK`, `stream: <signature> FOUND`, or an error
/// (`INSTREAM size limit exceeded. ERROR`).
fn verdict(answer: &str, version: &str) -> Result<Verdict, String> {
    let a = answer.trim_end_matches('\0').trim();
    let body = a.strip_prefix("stream:").map_or(a, str::trim);
    if body == "OK" {
        Ok(Verdict::Clean {
            scanned_by: version.to_string(),
        })
    } else if let Some(signature) = body.strip_suffix(" FOUND") {
        Ok(Verdict::Infected {
            signature: signature.trim().to_string(),
        })
    } else {
        Err(format!("the scanner answered `{a}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_names_a_socket_or_a_port_or_nothing() {
        assert_eq!(Scanner::parse(""), Ok(Scanner::None));
        assert_eq!(
            Scanner::parse("clamd://127.0.0.1:3310"),
            Ok(Scanner::ClamdTcp("127.0.0.1:3310".into()))
        );
        assert_eq!(
            Scanner::parse("clamd:///run/clamav/clamd.ctl"),
            Ok(Scanner::ClamdUnix("/run/clamav/clamd.ctl".into()))
        );
        assert!(Scanner::parse("http://scanner")
            .unwrap_err()
            .contains("not clamd://"));
        assert!(Scanner::parse("clamd://scanner")
            .unwrap_err()
            .contains("host and port"));
    }

    #[test]
    fn clamd_answers_are_read_as_a_verdict_or_an_error() {
        assert_eq!(
            verdict("stream: OK\0", "ClamAV 1.4.6"),
            Ok(Verdict::Clean {
                scanned_by: "ClamAV 1.4.6".into()
            })
        );
        assert_eq!(
            verdict("stream: Eicar-Test-Signature FOUND\0", "v"),
            Ok(Verdict::Infected {
                signature: "Eicar-Test-Signature".into()
            })
        );
        assert!(verdict("INSTREAM size limit exceeded. ERROR\0", "v").is_err());
    }
}
