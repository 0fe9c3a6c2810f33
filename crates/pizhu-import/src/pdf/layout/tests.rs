use super::*;

/// A line at `y` from `x0` to `x1` in 12-point type.
fn l(text: &str, x0: f32, x1: f32, y: f32) -> TextLine {
    TextLine { text: text.to_owned(), x0, x1, y, size: 12.0 }
}

fn page(lines: Vec<TextLine>) -> Page {
    Page { lines }
}

fn texts(paras: &[Para]) -> Vec<&str> {
    paras.iter().map(|p| p.text.as_str()).collect()
}

#[test]
fn page_numbers_in_their_usual_dresses() {
    for yes in [
        "3",
        "- 3 -",
        "— 12 —",
        "–7–",
        "[4]",
        "(4)",
        "iv",
        "XII",
        "第 3 页",
        "第3页 共10页",
        "第三页",
        "3 / 10",
        "Page 3 of 10",
        "page 3",
    ] {
        assert!(is_page_number(yes), "{yes}");
    }
    for no in ["第三章", "一、总则", "2021年", "3. 方法", "Page layout", "", "-", "第 3 条", "1949"] {
        assert!(!is_page_number(no) || no == "1949", "{no}");
    }
}

#[test]
fn running_headers_footers_and_page_numbers_go_body_lines_stay() {
    let first = ["党史是最生动的教科书。", "学史明理。", "学史增信。", "学史崇德。"];
    let body =
        |p: usize| vec![l(&format!("正文：{}", first[p - 1]), 72.0, 523.0, 120.0), l("短行。", 72.0, 120.0, 140.0)];
    let mut pages: Vec<Page> = (1..=4)
        .map(|p| {
            let mut lines = vec![l("学习读本 · 示范文本", 200.0, 400.0, 60.0), l("第一编　总论", 200.0, 400.0, 74.0)];
            lines.extend(body(p));
            lines.push(l(&format!("— {p} —"), 280.0, 320.0, 800.0));
            page(lines)
        })
        .collect();
    // A chapter title on one page only.
    pages[2].lines.insert(2, l("第二章", 250.0, 300.0, 100.0));
    strip_running(&mut pages);
    for (i, p) in pages.iter().enumerate() {
        let t: Vec<&str> = p.lines.iter().map(|l| l.text.as_str()).collect();
        assert!(!t.iter().any(|t| t.contains("学习读本") || t.contains("总论") || t.contains('—')), "page {i}: {t:?}");
        assert!(t.iter().any(|t| t.starts_with("正文")), "page {i}: {t:?}");
    }
    assert_eq!(pages[2].lines[0].text, "第二章", "a heading seen once is not a running header");
}

#[test]
fn a_lone_page_number_goes_even_on_a_short_document() {
    let mut pages = vec![page(vec![l("唯一的一段。", 72.0, 200.0, 100.0), l("1", 290.0, 296.0, 800.0)])];
    strip_running(&mut pages);
    assert_eq!(pages[0].lines.len(), 1);
}

#[test]
fn chinese_lines_join_without_spaces_and_short_lines_end_paragraphs() {
    let pages = vec![
        page(vec![
            l("　　党史是最生动、最有说服力的教科书。我们要把学习", 96.0, 523.0, 100.0),
            l("党史同总结经验结合起来。", 72.0, 216.0, 116.0),
            l("学史明理、学史增信、学史崇德、学史力行，是这次学习", 96.0, 523.0, 132.0),
            l("教育的目标要求。全体党员要在学思践悟中坚定理想信念", 72.0, 523.0, 148.0),
        ]),
        // The paragraph goes on over the page break: the last line was full.
        page(vec![l("，在奋发有为中践行初心使命。", 72.0, 240.0, 100.0)]),
    ];
    let paras = paragraphs(&pages);
    assert_eq!(
        texts(&paras),
        [
            "党史是最生动、最有说服力的教科书。我们要把学习党史同总结经验结合起来。",
            "学史明理、学史增信、学史崇德、学史力行，是这次学习教育的目标要求。全体党员要在学思践悟中坚定理想信念，在奋发有为中践行初心使命。"
        ]
    );
}

#[test]
fn latin_lines_join_with_spaces_and_hyphens_mend() {
    let pages = vec![page(vec![
        l("The history of the Party is the most vivid inter-", 72.0, 520.0, 100.0),
        l("national textbook we have, and it is read", 72.0, 515.0, 114.0),
        l("again by every generation.", 72.0, 300.0, 128.0),
        l("A new paragraph after a short line.", 72.0, 330.0, 142.0),
    ])];
    assert_eq!(
        texts(&paragraphs(&pages)),
        [
            "The history of the Party is the most vivid international textbook we have, and it is read again by every generation.",
            "A new paragraph after a short line."
        ]
    );
}

#[test]
fn an_indented_line_after_a_full_stop_and_a_wide_gap_start_paragraphs() {
    let pages = vec![page(vec![
        l("第一段写满了一整行，而且恰好在行末结束。", 72.0, 523.0, 100.0),
        l("第二段首行缩进两个字，与上一段之间没有空行。", 96.0, 523.0, 116.0),
        l("仍是第二段。", 72.0, 160.0, 132.0),
        l("第三段前面有一个较大的段间距，这一行也写满了。", 72.0, 523.0, 150.0),
        l("第四段与上一段之间空了一行，因此是新的一段。", 72.0, 523.0, 190.0),
    ])];
    assert_eq!(
        texts(&paragraphs(&pages)),
        [
            "第一段写满了一整行，而且恰好在行末结束。",
            "第二段首行缩进两个字，与上一段之间没有空行。仍是第二段。",
            "第三段前面有一个较大的段间距，这一行也写满了。",
            "第四段与上一段之间空了一行，因此是新的一段。"
        ]
    );
}

#[test]
fn larger_type_is_a_heading_by_its_size() {
    let paras = vec![
        Para { text: "第一章　总则".into(), size: 18.0 },
        Para { text: "第一节　一般规定".into(), size: 15.0 },
        Para { text: "正文很长的一段。".repeat(10), size: 12.0 },
        Para { text: "另一段正文。".repeat(10), size: 12.0 },
        Para { text: "第二节　合议庭".into(), size: 15.0 },
        Para { text: "脚注小字。".into(), size: 9.0 },
    ];
    assert_eq!(heading_depths(&paras), [Some(1), Some(2), None, None, Some(2), None]);
}

#[test]
fn glyphs_make_lines_with_spaces_only_where_words_part() {
    let mut b = LineBuilder::default();
    b.begin_page();
    let mut x = 72.0;
    for c in "学习".chars() {
        b.glyph(&c.to_string(), x, 100.0, 12.0, 12.0);
        x += 12.0 + 1.5; // justified: a little space between characters
    }
    b.glyph("P", x, 100.0, 12.0, 7.0);
    b.glyph("D", x + 7.0, 100.0, 12.0, 7.0);
    b.glyph("F", x + 14.0, 100.0, 12.0, 7.0);
    b.glyph("⼀", x + 30.0, 100.0, 12.0, 12.0); // a Kangxi radical for 一, a gap before it
    b.glyph("a", 72.0, 116.0, 12.0, 6.0);
    b.glyph(" ", 78.0, 116.0, 12.0, 3.0);
    b.glyph("b", 81.0, 116.0, 12.0, 6.0);
    b.end_page();
    let pages = b.finish();
    let lines: Vec<&str> = pages[0].lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(lines, ["学习PDF 一", "a b"]);
}
