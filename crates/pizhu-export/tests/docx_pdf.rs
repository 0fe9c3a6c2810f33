//! The DOCX exports opened by LibreOffice: converted to PDF, the notes'
//! text holds every quote and every note, and Markdown in notes and essays
//! prints as formatting, never as `**`. Requires `libreoffice` and `pdftotext`
//! (required when `PIZHU_REQUIRE_TOOLS` is set, as scripts/test.sh does;
//! skipped with a note otherwise). Set
//! `PIZHU_KEEP_PDF=DIR` to keep the DOCX and PDF files for a look.

use std::path::Path;
use std::process::Command;

use std::io::Read;

use pizhu_export::docx::{to_docx, DocxStyle};
use pizhu_export::{essay_docx, DocNotes, EssayOptions, NotesOptions};
use pizhu_model::{count_chars, default_colors, Annotation, CpText, Document, Essay, NewAnnotation};

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
            to_docx(&[DocNotes { doc: &doc, annotations: &notes, by: None }], &default_colors(), &options, style)
                .expect("docx");
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

/// `word/document.xml` of a `.docx` file.
fn document_xml(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml").expect("document.xml").read_to_string(&mut xml).expect("utf-8");
    xml
}

/// Whether the run whose whole text is `text` is bold.
fn bold_run(xml: &str, text: &str) -> bool {
    let Some(at) = xml.find(&format!(">{text}</w:t>")) else { return false };
    xml[..at].rfind("<w:r>").is_some_and(|start| xml[start..at].contains("<w:b />"))
}

const QUOTE_1: &str = "我们要建设一支忠诚干净担当的政法铁军。";
const CITE_1: &str = "——《讲话》·三、强化组织领导";
const QUOTE_2: &str = "要把学习习近平新时代中国特色社会主义思想作为主题主线。";
const CITE_2: &str = "——《讲话》·二、聚焦目标任务";

fn essay() -> Essay {
    let body = format!(
        "我们要做**忠诚干净担当**的政法干警。学习讲话以后，我深受教育。\n\
         \n\
         > {QUOTE_1}\n\
         >\n\
         > {CITE_1}\n\
         \n\
         *队伍建设*是根本，必须坚持**党对政法工作的绝对领导**。\n\
         \n\
         > {QUOTE_2}\n\
         >\n\
         > {CITE_2}\n\
         \n\
         总之，我们要学以致用。"
    );
    Essay {
        id: "e1".into(),
        doc_id: Some(Document::speech().id),
        title: "做忠诚干净担当的政法干警".into(),
        chars: count_chars(&body),
        body,
        target: 1500,
        created: "2026-11-28T00:00:00Z".into(),
        updated: "2026-11-28T00:00:00Z".into(),
        deleted: None,
    }
}

#[test]
fn libreoffice_prints_an_essay_with_its_quotations_bold_words_and_length() {
    let essay = essay();
    let options = EssayOptions {
        author: Some("张三".into()),
        unit: Some("某某区人民法院".into()),
        date: "2026年11月28日".into(),
        doc_title: Some("党史学习教育和政法队伍教育整顿专题讲话".into()),
    };
    let words = ["忠诚干净担当", "党对政法工作的绝对领导"];
    let tools = tools();
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, style) in [("essay-gbt", DocxStyle::Gbt), ("essay-plain", DocxStyle::Plain)] {
        let bytes = essay_docx(&essay, &options, style).expect("docx");
        let xml = document_xml(&bytes);
        for w in words {
            assert!(bold_run(&xml, w), "{name}: {w:?} is not a bold run:\n{xml}");
        }
        if !tools {
            continue;
        }
        let text = squash(&convert(dir.path(), name, &bytes));
        assert!(
            text.contains("做忠诚干净担当的政法干警") && text.contains("某某区人民法院张三"),
            "{name}: head:\n{text}"
        );
        for line in [QUOTE_1, CITE_1, QUOTE_2, CITE_2] {
            assert!(text.contains(&squash(line)), "{name}: {line:?} missing:\n{text}");
        }
        for w in words {
            assert!(text.contains(w), "{name}: {w:?} missing:\n{text}");
        }
        assert!(!text.contains('*') && !text.contains('>'), "{name}: Markdown printed literally:\n{text}");
        assert!(text.contains("2026年11月28日"), "{name}: date missing:\n{text}");
        let length = format!("（全文共{}字）", count_chars(&essay.body));
        assert!(text.contains(&length), "{name}: {length} missing:\n{text}");
        assert!(text.contains("—1—"), "{name}: page number missing:\n{text}");
    }
}

#[test]
fn libreoffice_prints_note_markdown_as_formatting() {
    if !tools() {
        return;
    }
    let doc = Document::speech();
    let text = doc.text();
    let t = CpText::new(&text);
    let quote: String = doc.blocks[3].text.chars().take(18).collect();
    let (start, end) = t.find_all(&quote).first().copied().expect("quote in the speech");
    let note = "我们要做**铁军**，*忠诚*为先，见[讲话](https://example.org/jh)。\n\n1. 学习\n2. 实践\n\n> 学而不思则罔\n> ——《论语》";
    let input =
        NewAnnotation { doc_id: doc.id.clone(), start, end, color: "yellow".into(), note: note.into(), tags: vec![] };
    let a = Annotation::quoting("m1".into(), &input, &t, "2024-05-01T00:00:00Z").expect("range");
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, style) in [("note-md-gbt", DocxStyle::Gbt), ("note-md-plain", DocxStyle::Plain)] {
        let bytes = to_docx(
            &[DocNotes { doc: &doc, annotations: std::slice::from_ref(&a), by: None }],
            &default_colors(),
            &NotesOptions::default(),
            style,
        )
        .expect("docx");
        assert!(bold_run(&document_xml(&bytes), "铁军"), "{name}: 铁军 is not bold");
        let text = squash(&convert(dir.path(), name, &bytes));
        assert!(text.contains("批注：我们要做铁军，忠诚为先，见讲话（https://example.org/jh）。"), "{name}:\n{text}");
        assert!(!text.contains('*'), "{name}: asterisks printed:\n{text}");
        for line in ["1.学习", "2.实践", "学而不思则罔", "——《论语》"] {
            assert!(text.contains(line), "{name}: {line:?} missing:\n{text}");
        }
    }
}
