//! The W3C export checked by the Web Annotation MUSTs validator: the W3C
//! test suite's assertions and `validate.py`, kept in
//! `tests/data/w3c-annotation-model` (a copy of the shared material).

use std::path::{Path, PathBuf};
use std::process::Command;

use pizhu_export::w3c::to_w3c_string;
use pizhu_export::DocNotes;
use pizhu_model::{default_colors, Annotation, CpText, Document, NewAnnotation};

fn validator() -> Option<PathBuf> {
    let v = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/w3c-annotation-model/validate.py");
    assert!(v.exists(), "the validator is missing: {}", v.display());
    Some(v)
}

fn note(doc: &Document, id: &str, start: u32, end: u32, note: &str, tags: &[&str], color: &str) -> Annotation {
    let tags = tags.iter().map(|t| t.to_string()).collect();
    let input = NewAnnotation { doc_id: doc.id.clone(), start, end, color: color.into(), note: note.into(), tags };
    let text = doc.text();
    let a = Annotation::quoting(id.into(), &input, &CpText::new(&text), "2024-05-01T10:15:30.250Z").expect("range");
    Annotation { updated: "2024-05-02T06:00:00Z".into(), ..a }
}

fn validate(json: &str) {
    let Some(v) = validator() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("export.jsonld");
    std::fs::write(&file, json).expect("write");
    let python = if cfg!(windows) { "python" } else { "python3" };
    let out = Command::new(python).arg(&v).arg(&file).output().expect("run python3");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "validator failed:\n{stdout}\n{}\n{json}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains(", 0 failed"), "{stdout}");
    println!("{}", stdout.lines().last().unwrap_or_default());
}

#[test]
fn export_with_odd_unicode_passes_the_validator() {
    let doc = Document::from_text(
        "doc-1",
        "标题 \"<&>\"",
        "一、开头\n😀𠀀党史\u{200b}学习\"引号\"<tag>&amp;\n\u{3000}第二行 e\u{301}",
    );
    let notes = vec![
        note(
            &doc,
            "0c7b1a52-9f0e-4f55-9a57-8d2f6b5b2e01",
            5,
            12,
            "疑问：<b>&</b>\n\n😀𠀀 \\ \"",
            &["党 史", "#x"],
            "red",
        ),
        note(&doc, "0c7b1a52-9f0e-4f55-9a57-8d2f6b5b2e02", 0, 4, "", &[], "yellow"),
        note(&doc, "0c7b1a52-9f0e-4f55-9a57-8d2f6b5b2e03", 21, 28, "", &["只有标签"], "no-such-colour"),
    ];
    let json =
        to_w3c_string(&[DocNotes { doc: &doc, annotations: &notes, by: None }], &default_colors(), None).expect("json");
    validate(&json);
}

#[test]
fn empty_and_multi_document_exports_pass_the_validator() {
    let d1 = Document::from_text("a b", "甲", "正文");
    let d2 = Document::from_text("speech", "乙", "正文二");
    let n2 = vec![note(&d2, "0c7b1a52-9f0e-4f55-9a57-8d2f6b5b2e09", 0, 2, "x", &[], "blue")];
    validate(
        &to_w3c_string(&[DocNotes { doc: &d1, annotations: &[], by: None }], &default_colors(), None).expect("json"),
    );
    let both = [DocNotes { doc: &d1, annotations: &[], by: None }, DocNotes { doc: &d2, annotations: &n2, by: None }];
    validate(&to_w3c_string(&both, &default_colors(), Some("全部批注")).expect("json"));
}
