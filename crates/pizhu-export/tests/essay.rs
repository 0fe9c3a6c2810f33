//! An essay as Markdown, through the public API.

use pizhu_export::{essay_markdown, EssayOptions};
use pizhu_model::{count_chars, Essay};

#[test]
fn essay_as_markdown() {
    let body = "我们要做**铁军**。\n\n> 我们要建设一支忠诚干净担当的政法铁军。\n>\n> ——《讲话》·三、强化组织领导\n";
    let essay = Essay {
        id: "e1".into(),
        doc_id: None,
        title: "学习心得".into(),
        body: body.into(),
        target: 0,
        chars: count_chars(body),
        created: "2026-11-28T00:00:00Z".into(),
        updated: "2026-11-28T00:00:00Z".into(),
        deleted: None,
    };
    let options = EssayOptions {
        author: Some("张三".into()),
        unit: Some("某某区人民法院".into()),
        date: "2026年11月28日".into(),
        doc_title: None,
    };
    let md = essay_markdown(&essay, &options);
    assert_eq!(
        md,
        format!(
            "# 学习心得\n\n某某区人民法院\u{3000}张三\n\n{}\n\n2026年11月28日\n\n（全文共 {} 字）\n",
            body.trim_end(),
            count_chars(body)
        )
    );
    // The body is kept as written: its quotation and bold stay Markdown.
    assert!(md.contains("**铁军**") && md.contains("> ——《讲话》·三、强化组织领导"));
}
