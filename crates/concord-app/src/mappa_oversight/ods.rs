//! The annual tables as an OpenDocument spreadsheet: a zip of `mimetype` (stored, first,
//! as the format requires), `META-INF/manifest.xml` and `content.xml`. Every entry is
//! stored uncompressed, so the zip needs only a CRC-32, written here rather than adding
//! a dependency for eight lines.

use super::statistics::MappaStatistics;

/// CRC-32 (IEEE 802.3, as zip uses), bit by bit: the files are a few kilobytes.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

const MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn cell(value: &str) -> String {
    // Counts are numbers in the spreadsheet, so they add up there.
    match value.parse::<f64>() {
        Ok(n) if n.is_finite() => format!(
            r#"<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>"#
        ),
        _ => format!(
            r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
            xml(value)
        ),
    }
}

fn row(cells: &[&str]) -> String {
    let inner: String = cells.iter().map(|c| cell(c)).collect();
    format!("<table:table-row>{inner}</table:table-row>")
}

fn content(sheet: &str, rows: &[Vec<String>]) -> String {
    let rows: String = rows
        .iter()
        .map(|r| row(&r.iter().map(String::as_str).collect::<Vec<_>>()))
        .collect();
    let sheet = xml(sheet);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{sheet}">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
}

/// A stored (uncompressed) zip of the entries, in order.
fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    fn u16le(out: &mut Vec<u8>, v: u16) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    fn u32le(out: &mut Vec<u8>, v: u32) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    // 1 January 1980, 00:00 in MS-DOS form: the file carries no clock time.
    const DOS_DATE: u16 = (1 << 5) | 1;
    let mut out = vec![];
    let mut central = vec![];
    for (name, data) in entries {
        let crc = crc32(data);
        let size = u32::try_from(data.len()).unwrap_or(u32::MAX);
        let name_len = u16::try_from(name.len()).unwrap_or(u16::MAX);
        let offset = u32::try_from(out.len()).unwrap_or(u32::MAX);
        u32le(&mut out, 0x0403_4b50);
        for v in [10, 0, 0, 0, DOS_DATE] {
            u16le(&mut out, v);
        }
        for v in [crc, size, size] {
            u32le(&mut out, v);
        }
        u16le(&mut out, name_len);
        u16le(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);

        u32le(&mut central, 0x0201_4b50);
        for v in [20, 10, 0, 0, 0, DOS_DATE] {
            u16le(&mut central, v);
        }
        for v in [crc, size, size] {
            u32le(&mut central, v);
        }
        for v in [name_len, 0, 0, 0, 0] {
            u16le(&mut central, v);
        }
        u32le(&mut central, 0);
        u32le(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = u32::try_from(out.len()).unwrap_or(u32::MAX);
    let central_size = u32::try_from(central.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&central);
    let count = u16::try_from(entries.len()).unwrap_or(u16::MAX);
    u32le(&mut out, 0x0605_4b50);
    for v in [0, 0, count, count] {
        u16le(&mut out, v);
    }
    u32le(&mut out, central_size);
    u32le(&mut out, central_offset);
    u16le(&mut out, 0);
    out
}

/// The statistics as an .ods file.
pub fn statistics_ods(stats: &MappaStatistics) -> Vec<u8> {
    let title = format!("MAPPA annual statistics: {}", stats.area);
    let mut rows = vec![
        vec![title, stats.year_label(), "OFFICIAL".to_string()],
        vec!["Table".into(), "Figure".into(), "Value".into()],
    ];
    for l in stats.lines() {
        rows.push(vec![l.table, l.label, l.value]);
    }
    spreadsheet("MAPPA statistics", &rows)
}

/// Any table of figures as a one-sheet .ods file; numbers become numeric cells.
pub(crate) fn spreadsheet(sheet: &str, rows: &[Vec<String>]) -> Vec<u8> {
    let content = content(sheet, rows);
    stored_zip(&[
        ("mimetype", MIMETYPE.as_bytes()),
        ("META-INF/manifest.xml", MANIFEST.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

#[cfg(test)]
mod tests {
    use super::crc32;

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }
}
