//! Annotations as a W3C Web Annotation `AnnotationCollection` (JSON-LD).
//!
//! The collection embeds its one page (`first`, an `AnnotationPage` with
//! `items`). Each annotation is `urn:uuid:<id>`, with `created`/`modified`,
//! a `TextualBody` for the note (`format: text/markdown`, `purpose:
//! commenting`; left out for a bare highlight), one `TextualBody` per tag
//! (`purpose: tagging`), and a target on `urn:pizhu:doc:<doc id>` with a
//! `TextQuoteSelector` (exact, prefix, suffix) and a `TextPositionSelector`
//! (code points, as the model defines them).
//!
//! # The colour extension
//!
//! The highlight colour and its meaning are given as `pizhu:color`:
//! `{"key": "yellow", "label": "重点", "labelEn": "Key point"}`. The
//! `@context` is the Web Annotation context followed by [`pizhu_context`],
//! which maps the prefix `pizhu` to the namespace `urn:pizhu:ns:` and the
//! terms `key` and `labelEn` into it (`label` is the model's `rdfs:label`).
//! Consumers that do not know the extension ignore it, as JSON-LD allows.

use pizhu_model::{Annotation, Color};
use serde_json::{json, Value};

use crate::notes::{DocNotes, NotesExport, NotesOptions};
use crate::ExportError;

/// The Web Annotation JSON-LD context.
pub const ANNO_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// The namespace of Pizhu's extension terms.
pub const PIZHU_NS: &str = "urn:pizhu:ns:";

/// The local context that defines Pizhu's extension terms.
pub fn pizhu_context() -> Value {
    json!({ "pizhu": PIZHU_NS, "key": "pizhu:key", "labelEn": "pizhu:labelEn" })
}

fn context() -> Value {
    json!([ANNO_CONTEXT, pizhu_context()])
}

/// The `urn:pizhu:doc:` IRI of a document.
pub fn doc_iri(doc_id: &str) -> String {
    format!("urn:pizhu:doc:{}", urn_escape(doc_id))
}

/// The annotations of `docs` (those not in the trash) as one `AnnotationCollection`.
/// `label` names the collection; by default it is the document title followed by `批注`.
pub fn to_w3c(docs: &[DocNotes<'_>], colors: &[Color], label: Option<&str>) -> Value {
    let options = NotesOptions::default();
    let notes = NotesExport::new(docs, colors, &options);
    let id = match docs {
        [one] => format!("urn:pizhu:collection:{}", urn_escape(&one.doc.id)),
        _ => "urn:pizhu:collection:all".to_owned(),
    };
    let label = label.map(str::to_owned).unwrap_or_else(|| format!("《{}》批注", notes.title));
    let items: Vec<Value> = notes
        .docs
        .iter()
        .flat_map(|(_, entries)| entries)
        .map(|e| annotation(e.annotation, colors.iter().find(|c| c.key == e.annotation.color)))
        .collect();
    json!({
        "@context": context(),
        "id": id,
        "type": "AnnotationCollection",
        "label": label,
        "total": items.len(),
        "first": {
            "id": format!("{id}:page:0"),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    })
}

/// [`to_w3c`], pretty-printed.
pub fn to_w3c_string(docs: &[DocNotes<'_>], colors: &[Color], label: Option<&str>) -> Result<String, ExportError> {
    Ok(serde_json::to_string_pretty(&to_w3c(docs, colors, label))?)
}

/// One annotation as a Web Annotation (with its own `@context`, so it stands alone).
pub fn annotation(a: &Annotation, color: Option<&Color>) -> Value {
    let mut body = Vec::new();
    if !a.note.trim().is_empty() {
        body.push(json!({
            "type": "TextualBody",
            "value": a.note,
            "format": "text/markdown",
            "purpose": "commenting",
        }));
    }
    for t in &a.tags {
        body.push(json!({ "type": "TextualBody", "value": t, "purpose": "tagging" }));
    }
    let color = match color {
        Some(c) => json!({ "key": c.key, "label": c.label, "labelEn": c.label_en }),
        None => json!({ "key": a.color }),
    };
    let mut v = json!({
        "@context": context(),
        "id": format!("urn:uuid:{}", a.id),
        "type": "Annotation",
        "motivation": if a.note.trim().is_empty() { "highlighting" } else { "commenting" },
        "created": a.created,
        "modified": a.updated,
        "target": {
            "source": doc_iri(&a.doc_id),
            "selector": [
                { "type": "TextQuoteSelector", "exact": a.exact, "prefix": a.prefix, "suffix": a.suffix },
                { "type": "TextPositionSelector", "start": a.start, "end": a.end },
            ],
        },
        "pizhu:color": color,
    });
    if let Some(author) = &a.author {
        // A study-group member's note, collected by the group's secretary.
        v["creator"] = json!({ "type": "Person", "name": author.name });
    }
    if a.orphaned {
        // Its position counts in an older version of the text; the quote
        // and its context still say what was highlighted.
        if let Some(sel) = v["target"]["selector"].as_array_mut() {
            sel.truncate(1);
        }
        v["pizhu:orphaned"] = Value::Bool(true);
    }
    if !body.is_empty() {
        v["body"] = Value::Array(body);
    }
    v
}

/// Percent-encodes everything but unreserved characters (RFC 3986), so any id makes a valid URN.
fn urn_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pizhu_model::{default_colors, Document};

    fn sample() -> (Document, Vec<Annotation>) {
        let doc = Document::from_text("doc-1", "标题", "一、甲\n正文😀𠀀<&>\"引号\"");
        let a = Annotation {
            id: "7f0c0d1e-0000-4000-8000-000000000001".into(),
            doc_id: doc.id.clone(),
            start: 4,
            end: 8,
            exact: "正文😀𠀀".into(),
            prefix: "一、甲\n".into(),
            suffix: "<&>\"引号\"".into(),
            color: "red".into(),
            note: "疑问 <b>&".into(),
            tags: vec!["甲 乙".into()],
            created: "2024-05-01T10:00:00.000Z".into(),
            updated: "2024-05-02T10:00:00.000Z".into(),
            deleted: None,
            orphaned: false,
            author: None,
        };
        let bare = Annotation {
            id: "7f0c0d1e-0000-4000-8000-000000000002".into(),
            note: String::new(),
            tags: vec![],
            ..a.clone()
        };
        (doc, vec![a, bare])
    }

    /// The model's required fields, checked without a JSON Schema.
    #[test]
    fn required_fields_are_there() {
        let (doc, notes) = sample();
        let v = to_w3c(&[DocNotes { doc: &doc, annotations: &notes, by: None }], &default_colors(), None);
        assert_eq!(v["@context"][0], ANNO_CONTEXT);
        assert_eq!(v["type"], "AnnotationCollection");
        assert_eq!(v["id"], "urn:pizhu:collection:doc-1");
        assert_eq!(v["total"], 2);
        assert_eq!(v["first"]["type"], "AnnotationPage");
        let items = v["first"]["items"].as_array().expect("items");
        assert_eq!(items.len(), 2);
        let a = &items[0];
        assert_eq!(a["id"], "urn:uuid:7f0c0d1e-0000-4000-8000-000000000001");
        assert_eq!(a["type"], "Annotation");
        assert_eq!(a["created"], "2024-05-01T10:00:00.000Z");
        assert_eq!(a["modified"], "2024-05-02T10:00:00.000Z");
        assert_eq!(a["body"][0]["type"], "TextualBody");
        assert_eq!(a["body"][0]["value"], "疑问 <b>&");
        assert_eq!(a["body"][0]["format"], "text/markdown");
        assert_eq!(a["body"][0]["purpose"], "commenting");
        assert_eq!(a["body"][1]["purpose"], "tagging");
        assert_eq!(a["body"][1]["value"], "甲 乙");
        assert_eq!(a["target"]["source"], "urn:pizhu:doc:doc-1");
        let sel = &a["target"]["selector"];
        assert_eq!(sel[0]["type"], "TextQuoteSelector");
        assert_eq!(sel[0]["exact"], "正文😀𠀀");
        assert_eq!(sel[0]["prefix"], "一、甲\n");
        assert_eq!(sel[1]["type"], "TextPositionSelector");
        assert_eq!((sel[1]["start"].as_u64(), sel[1]["end"].as_u64()), (Some(4), Some(8)));
        assert_eq!(a["pizhu:color"]["key"], "red");
        assert_eq!(a["pizhu:color"]["label"], "存疑");
        let bare = &items[1];
        assert!(bare.get("body").is_none(), "a bare highlight has no body");
        assert_eq!(bare["motivation"], "highlighting");
    }

    #[test]
    fn odd_ids_make_valid_urns() {
        assert_eq!(doc_iri("a b/中"), "urn:pizhu:doc:a%20b%2F%E4%B8%AD");
    }
}
