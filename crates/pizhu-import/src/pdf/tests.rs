use super::*;

/// A PDF of the given objects (numbered from 1; 1 is the catalog), with an exact cross-reference table.
fn pdf(objects: &[&str]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

fn stream(dict: &str, content: &str) -> String {
    format!("<< {dict} /Length {} >>\nstream\n{content}\nendstream", content.len())
}

const FONT: &str = "/Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >>";

#[test]
fn a_text_pdf_reads_and_a_form_that_draws_itself_is_refused_not_recursed() {
    let page = |resources: &str| {
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << {resources} >> /Contents 4 0 R >>")
    };
    let text = stream("", "BT /F1 12 Tf 72 700 Td (Hello from a form.) Tj ET");
    let ok = pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        &page(&format!("{FONT} /XObject << /X1 5 0 R >>")),
        &stream("", "/X1 Do"),
        &stream(
            &format!("/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << {FONT} >>"),
            "BT /F1 12 Tf 72 700 Td (Hello from a form.) Tj ET",
        ),
    ]);
    let paras = paragraphs(&ok).expect("reads");
    assert_eq!(paras[0].text, "Hello from a form.");
    let looped = pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        &page(&format!("{FONT} /XObject << /X1 5 0 R >>")),
        &stream("", "/X1 Do"),
        &stream("/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /X1 5 0 R >> >>", &text),
    ]);
    assert_eq!(paragraphs(&looped), Err(ImportError::Damaged(RichKind::Pdf)));
}

#[test]
fn a_page_whose_parents_loop_is_refused() {
    let looped = pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 5 0 R >>",
        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
        &stream("", "BT /F1 12 Tf (x) Tj ET"),
        "<< /Type /Pages /Kids [] /Count 0 /Parent 2 0 R >>",
    ]);
    assert_eq!(paragraphs(&looped), Err(ImportError::Damaged(RichKind::Pdf)));
}

#[test]
fn hostile_and_foreign_bytes_are_refused_without_a_panic() {
    assert_eq!(paragraphs(b"hello"), Err(ImportError::NotThisFormat(RichKind::Pdf)));
    assert_eq!(paragraphs(b"%PDF-1.7\n1 0 obj << >> endobj"), Err(ImportError::Damaged(RichKind::Pdf)));
    // A page drawing with a font it never defines: the reader panics, the file is damaged.
    let undefined = pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << >> /Contents 4 0 R >>",
        &stream("", "BT /F9 12 Tf 72 700 Td (x) Tj ET"),
    ]);
    assert_eq!(paragraphs(&undefined), Err(ImportError::Damaged(RichKind::Pdf)));
    let empty = pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        &stream("", "0 0 m 100 100 l S"),
    ]);
    assert_eq!(paragraphs(&empty), Err(ImportError::Empty(RichKind::Pdf)));
}
