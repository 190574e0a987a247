//! Handing a message to the mail relay over SMTP (RFC 5321): greeting, EHLO, MAIL FROM,
//! RCPT TO, DATA with dot-stuffing, QUIT. Concord speaks plain SMTP to a relay on its own
//! network — typically the host's MTA (postfix), which queues, retries and carries the
//! mail onward over TLS to the secure email service — so a slow or unreachable mail
//! system never holds Concord's work, and no mail credentials live in Concord.

use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// The relay, from `mail_relay` (`smtp://HOST:PORT`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relay {
    pub address: String,
}

/// One message: plain text, UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub date: chrono::DateTime<chrono::Utc>,
    pub from: String,
    pub to: String,
    pub subject: String,
    pub body: String,
}

const STEP_TIMEOUT: Duration = Duration::from_secs(30);

impl Relay {
    /// `smtp://HOST:PORT`; the error says what is wrong.
    pub fn parse(setting: &str) -> Result<Option<Relay>, String> {
        let s = setting.trim();
        if s.is_empty() {
            return Ok(None);
        }
        let rest = s
            .strip_prefix("smtp://")
            .ok_or_else(|| format!("mail_relay `{s}` is not smtp://HOST:PORT"))?;
        match rest.rsplit_once(':') {
            Some((host, port))
                if !host.is_empty() && !host.contains('@') && port.parse::<u16>().is_ok() =>
            {
                Ok(Some(Relay {
                    address: rest.to_string(),
                }))
            }
            _ => Err(format!(
                "mail_relay `{s}` needs a host and port and no credentials (smtp://127.0.0.1:25)"
            )),
        }
    }

    /// Send one message; the error names the step the relay refused or the failure.
    pub async fn send(&self, mail: &Mail) -> Result<(), String> {
        for address in [&mail.from, &mail.to] {
            if !plausible_address(address) {
                return Err(format!("`{address}` is not an email address"));
            }
        }
        tokio::time::timeout(STEP_TIMEOUT * 4, self.converse(mail))
            .await
            .map_err(|_| "the mail relay did not finish in time".to_string())?
    }

    async fn converse(&self, mail: &Mail) -> Result<(), String> {
        let stream = TcpStream::connect(&self.address)
            .await
            .map_err(|e| format!("{}: {e}", self.address))?;
        let (read, mut write) = stream.into_split();
        let mut read = BufReader::new(read);
        expect(&mut read, 220, "greeting").await?;
        command(&mut write, "EHLO concord\r\n").await?;
        expect(&mut read, 250, "EHLO").await?;
        command(&mut write, &format!("MAIL FROM:<{}>\r\n", mail.from)).await?;
        expect(&mut read, 250, "MAIL FROM").await?;
        command(&mut write, &format!("RCPT TO:<{}>\r\n", mail.to)).await?;
        // 251: not local, but the relay will forward it — accepted too.
        expect_any(&mut read, &[250, 251], "RCPT TO").await?;
        command(&mut write, "DATA\r\n").await?;
        expect(&mut read, 354, "DATA").await?;
        command(&mut write, &message(mail)).await?;
        expect(&mut read, 250, "the message").await?;
        command(&mut write, "QUIT\r\n").await?;
        // The relay has taken the message; its goodbye is a courtesy.
        let _ = expect(&mut read, 221, "QUIT").await;
        Ok(())
    }
}

async fn command(write: &mut tokio::net::tcp::OwnedWriteHalf, text: &str) -> Result<(), String> {
    tokio::time::timeout(STEP_TIMEOUT, write.write_all(text.as_bytes()))
        .await
        .map_err(|_| "the mail relay stopped reading".to_string())?
        .map_err(|e| format!("writing to the mail relay: {e}"))
}

/// Read one reply (its continuation lines `250-…` included) and require `code`.
async fn expect(
    read: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
    code: u16,
    step: &str,
) -> Result<(), String> {
    expect_any(read, &[code], step).await
}

/// As [`expect`], for a step with more than one success code.
async fn expect_any(
    read: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
    codes: &[u16],
    step: &str,
) -> Result<(), String> {
    loop {
        let mut line = String::new();
        let n = tokio::time::timeout(STEP_TIMEOUT, read.read_line(&mut line))
            .await
            .map_err(|_| format!("the mail relay did not answer {step}"))?
            .map_err(|e| format!("reading from the mail relay: {e}"))?;
        if n == 0 {
            return Err(format!("the mail relay closed the connection at {step}"));
        }
        let got: u16 = line.get(..3).and_then(|c| c.parse().ok()).unwrap_or(0);
        if !codes.contains(&got) {
            return Err(format!(
                "the mail relay refused {step}: {}",
                line.trim_end()
            ));
        }
        if line.as_bytes().get(3) != Some(&b'-') {
            return Ok(());
        }
    }
}

/// The message as DATA carries it: headers, a blank line, the body with CRLF line ends
/// and any line starting with a dot doubled (RFC 5321 §4.5.2), then the lone dot.
pub fn message(mail: &Mail) -> String {
    let mut out = format!(
        "Date: {}\r\nMessage-ID: <{}@concord>\r\nFrom: Concord <{}>\r\nTo: <{}>\r\nSubject: {}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\nAuto-Submitted: auto-generated\r\n\r\n",
        mail.date.to_rfc2822(),
        uuid::Uuid::now_v7().simple(),
        mail.from,
        mail.to,
        header_text(&mail.subject)
    );
    for line in mail.body.lines() {
        if line.starts_with('.') {
            out.push('.');
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str(".\r\n");
    out
}

/// A subject as a header may carry it: one line; non-ASCII as an RFC 2047 encoded word.
fn header_text(text: &str) -> String {
    let one_line: String = text.chars().filter(|c| !c.is_control()).collect();
    if one_line.is_ascii() {
        one_line
    } else {
        use base64::Engine as _;
        format!(
            "=?utf-8?B?{}?=",
            base64::engine::general_purpose::STANDARD.encode(one_line.as_bytes())
        )
    }
}

/// `local@domain`, with nothing that could break out of an SMTP command or a header.
fn plausible_address(a: &str) -> bool {
    let Some((local, domain)) = a.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && a.chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | ',' | ';' | '"' | '\\'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relay_is_a_host_and_port_without_credentials() {
        assert_eq!(Relay::parse(""), Ok(None));
        assert_eq!(
            Relay::parse("smtp://127.0.0.1:25"),
            Ok(Some(Relay {
                address: "127.0.0.1:25".into()
            }))
        );
        assert!(Relay::parse("smtps://mail:465")
            .unwrap_err()
            .contains("not smtp://"));
        assert!(Relay::parse("smtp://user:pw@mail:25")
            .unwrap_err()
            .contains("no credentials"));
        assert!(Relay::parse("smtp://mail")
            .unwrap_err()
            .contains("host and port"));
    }

    #[test]
    fn a_message_is_dot_stuffed_with_crlf_and_one_line_headers() {
        let m = message(&Mail {
            date: "2026-12-07T07:00:00Z".parse().unwrap(),
            from: "concord@essex.example".into(),
            to: "om@essex.example".into(),
            subject: "Two lines\r\nBcc: evil@x.example".into(),
            body: "Hello\n.hidden\nBye".into(),
        });
        assert!(
            m.contains("Subject: Two linesBcc: evil@x.example\r\n"),
            "{m}"
        );
        assert!(m.ends_with("Hello\r\n..hidden\r\nBye\r\n.\r\n"), "{m}");
        assert!(header_text("Café").starts_with("=?utf-8?B?"));
        assert!(plausible_address("om.chelmsford@probation.example"));
        for bad in [
            "om",
            "om@local",
            "a b@c.example",
            "a@b.example>\r\nRCPT",
            "<a@b.example>",
        ] {
            assert!(!plausible_address(bad), "{bad}");
        }
    }
}
