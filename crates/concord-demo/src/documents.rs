//! Mr D's documents: the approved premises' placement letter (a PDF, filed with the
//! licence) and the police's intelligence report on his associates (text, in the
//! restricted intelligence section, so the offender manager never sees it listed). They
//! are attached through the same use case as any upload, so they are scanned: the demo
//! attaches them only when it runs with a virus scanner (`--attachment-scanner`).

use concord_app::{App, AppError, AttachmentUpload};
use concord_domain::PersonId;

use super::seed_cases::find;
use super::staff::Staff;

pub(super) async fn seed(app: &App, staff: &[Staff], mr_d: PersonId) -> Result<(), AppError> {
    if app.settings().attachment_scanner.trim().is_empty() {
        return Ok(());
    }
    let om = find(staff, "om.chelmsford")?;
    let ppo = find(staff, "ppo.chelmsford")?;
    let letter = AttachmentUpload {
        section: "licence".into(),
        title: "Placement letter from Braemar House approved premises".into(),
        file_name: "Braemar House placement letter.pdf".into(),
        content: pdf(&[
            "Braemar House Approved Premises, 14 Broomfield Road, Chelmsford CM1 2NQ",
            "Placement confirmed from the day of release.",
            "Curfew 23:00 to 07:00. Sign in with staff on arrival.",
        ]),
    };
    app.documents()
        .attach_document(&om.actor, mr_d, &letter)
        .await
        .map_err(|e| super::explain(e, "Mr D's placement letter"))?;
    let report = AttachmentUpload {
        section: "intelligence".into(),
        title: "Intelligence report: associates in Chelmsford".into(),
        file_name: "intelligence-report.txt".into(),
        content: "Graded B2. Seen twice with a known associate near the town centre. Not to be disclosed to the subject.\n"
            .as_bytes()
            .to_vec(),
    };
    app.documents()
        .attach_document(&ppo.actor, mr_d, &report)
        .await
        .map_err(|e| super::explain(e, "Mr D's intelligence report"))?;
    Ok(())
}

/// A one-page PDF holding `lines` of text: the objects, then the cross-reference table
/// with each object's byte offset, as the format requires.
fn pdf(lines: &[&str]) -> Vec<u8> {
    let mut text = String::from("BT /F1 12 Tf 50 780 Td 16 TL\n");
    for l in lines {
        let escaped = l
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        text.push_str(&format!("({escaped}) Tj T*\n"));
    }
    text.push_str("ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = vec![];
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{o}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for o in offsets {
        out.push_str(&format!("{o:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_letter_is_a_pdf_whose_cross_references_point_at_its_objects() {
        let bytes = super::pdf(&["Hello (world)"]);
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("%PDF-1.4"));
        let start: usize = text
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(text[start..].starts_with("xref"));
        for line in text[start..].lines().skip(3).take(5) {
            let at: usize = line[..10].parse().unwrap();
            assert!(text[at..].split_once(" 0 obj").is_some(), "{line}");
        }
        assert!(text.contains("(Hello \\(world\\)) Tj"));
    }
}
