//! The DOCX export opened by LibreOffice: converted to PDF, its text holds
//! every quote and every note. Requires `libreoffice` and `pdftotext`
//! (required when `PIZHU_REQUIRE_TOOLS` is set, as scripts/test.sh does;
//! skipped with a note otherwise). Set
//! `PIZHU_KEEP_PDF=DIR` to keep the DOCX and PDF files for a look.

use std::path::Path;
use std::process::Command;

use pizhu_export::docx::{to_docx, DocxStyle};
use pizhu_export::{DocNotes, NotesOptions};
use pizhu_model::{default_colors, Annotation, CpText, Document, NewAnnotation};

/// Whether `tool` can be started (`pdftotext -v` exits non-zero, so only spawning counts).
fn have(tool: &str, arg: &str) -> bool {
    Command::new(tool).arg(arg).output().is_ok()
}

fn tools() -> bool {
    let ok = have("libreoffice", "--version") && have("pdftotext", "-v");
    if !ok {
        assert!(
            std::env::var_os("PIZHU_REQUIRE_TOOLS").is_none(),
            "PIZHU_REQUIRE_TOOLS is set but libreoffice or pdftotext is missing"
        );
        println!("note: skipped, libreoffice or pdftotext not installed");
    }
    ok
}

fn notes(doc: &Document) -> Vec<Annotation> {
    let text = doc.text();
    let t = CpText::new(&text);
    let mk = |id: &str, quote: &str, color: &str, note: &str, tags: &[&str]| {
        let (start, end) = t.find_all(quote).first().copied().expect("quote in the speech");
        let tags = tags.iter().map(|s| s.to_string()).collect();
        let input = NewAnnotation { doc_id: doc.id.clone(), start, end, color: color.into(), note: note.into(), tags };
        Annotation::quoting(id.into(), &input, &t, "2024-05-01T00:00:00Z").expect("range")
    };
    let b = |i: usize| doc.blocks[i].text.chars().take(18).collect::<String>();
    vec![
        mk(
            "n1",
            &b(3),
            "yellow",
            "这一段讲为什么要学党史。\n\n要联系本单位实际 <b>&amp; 的情况。",
            &["党史", "重点 内容"],
        ),
        mk("n2", &b(9), "red", "学习主题是什么？A&B < C", &[]),
        mk("n3", &b(10), "green", "", &["金句"]),
        mk("n4", &b(19), "blue", "总结：学史明理、学史增信、学史崇德、学史力行。𠀀", &["总结"]),
        mk("n5", &b(13), "purple", "分三步：\n- 读原文\n- 写心得\n\n> 学而不思则罔", &[]),
    ]
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn convert(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let docx = dir.join(format!("{name}.docx"));
    std::fs::write(&docx, bytes).expect("write docx");
    let profile = format!("-env:UserInstallation=file://{}", dir.join("lo-profile").display());
    let out = Command::new("libreoffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(&docx)
        .output()
        .expect("run libreoffice");
    let pdf = dir.join(format!("{name}.pdf"));
    assert!(pdf.exists(), "no PDF: {}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let txt = Command::new("pdftotext").arg("-enc").arg("UTF-8").arg(&pdf).arg("-").output().expect("pdftotext");
    if let Some(keep) = std::env::var_os("PIZHU_KEEP_PDF") {
        let keep = Path::new(&keep);
        std::fs::create_dir_all(keep).expect("keep dir");
        std::fs::copy(&pdf, keep.join(format!("{name}.pdf"))).expect("keep pdf");
        std::fs::copy(&docx, keep.join(format!("{name}.docx"))).expect("keep docx");
    }
    String::from_utf8(txt.stdout).expect("utf-8 text")
}

#[test]
fn libreoffice_renders_every_quote_and_note() {
    if !tools() {
        return;
    }
    let doc = Document::speech();
    let notes = notes(&doc);
    let options = NotesOptions { reader: Some("张三".into()), date: "2024年5月1日".into(), ..Default::default() };
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, style) in [("gbt", DocxStyle::Gbt), ("plain", DocxStyle::Plain)] {
        let bytes =
            to_docx(&[DocNotes { doc: &doc, annotations: &notes }], &default_colors(), &options, style).expect("docx");
        let text = squash(&convert(dir.path(), name, &bytes));
        assert!(text.contains(&squash(&format!("《{}》学习笔记", doc.title))), "{name}: title missing:\n{text}");
        assert!(text.contains("学习人：张三") && text.contains("共划线5处"), "{name}: title block:\n{text}");
        // GB/T 9704 page numbers: — 1 — in the footer, a field Word fills in.
        assert!(text.contains("—1—"), "{name}: page number missing:\n{text}");
        for a in &notes {
            assert!(text.contains(&squash(&a.exact)), "{name}: quote {:?} missing:\n{text}", a.exact);
            for line in a.note.lines().filter(|l| !l.trim().is_empty()) {
                // pdftotext may not map 𠀀 back from every font; compare the rest.
                // List items print with a bullet, quotes without their `>`.
                let line = squash(line).replace('𠀀', "");
                let line = match (line.strip_prefix('-'), line.strip_prefix('>')) {
                    (Some(item), _) => format!("•{item}"),
                    (_, Some(quoted)) => quoted.to_owned(),
                    _ => line,
                };
                assert!(text.contains(&line), "{name}: note {line:?} missing:\n{text}");
            }
            for t in &a.tags {
                assert!(text.contains(&squash(&format!("#{t}"))), "{name}: tag {t:?} missing");
            }
        }
        for heading in ["一、", "二、", "三、"] {
            assert!(text.contains(heading), "{name}: section heading {heading} missing");
        }
    }
}
