use super::*;

fn texts(lines: &[Line]) -> Vec<(&str, Option<u8>)> {
    lines.iter().map(|l| (l.text.as_str(), l.heading)).collect()
}

#[test]
fn charsets_from_meta_http_equiv_xml_or_the_bytes() {
    let (gbk, _, _) =
        encoding_rs::GBK.encode("<html><head><meta charset=\"GBK\"></head><body><p>学习</p></body></html>");
    assert!(decode(&gbk).contains("学习"));
    let (gb, _, _) = encoding_rs::GBK.encode(
        "<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=gb2312\"></head><p>党史</p>",
    );
    assert!(decode(&gb).contains("党史"));
    let (x, _, _) = encoding_rs::GBK.encode("<?xml version='1.0' encoding='gbk'?><html><p>明理</p></html>");
    assert!(decode(&x).contains("明理"));
    let (undeclared, _, _) = encoding_rs::GB18030.encode("<p>增信</p>");
    assert!(decode(&undeclared).contains("增信"), "not UTF-8 and undeclared: GB18030");
    assert!(decode("<meta charset=utf-8><p>崇德</p>".as_bytes()).contains("崇德"));
    assert!(decode(b"\xEF\xBB\xBF<p>ok</p>").starts_with("<p>"));
}

#[test]
fn the_busiest_paragraph_parent_is_the_article_without_a_tag_for_it() {
    let page = "<html><body><div id=\"menu\"><p>首页 新闻 关于我们 联系我们</p></div>\
        <div class=\"content\"><p>第一段正文，足够长的文字。</p><p>第二段正文，同样足够长。</p><br>\
        <p>第三段<br>换行之后是另一段。</p><div class=\"comments\"><p>网友评论：说得好，说得很好。</p></div></div>\
        <div class=\"footer-links\"><p>友情链接：示范网 示范网 示范网</p></div></body></html>";
    let (title, lines) = read(page.as_bytes()).expect("read");
    assert_eq!(title, None);
    assert_eq!(
        texts(&lines),
        [
            ("第一段正文，足够长的文字。", None),
            ("第二段正文，同样足够长。", None),
            ("第三段", None),
            ("换行之后是另一段。", None)
        ]
    );
}

#[test]
fn headings_keep_their_levels_and_a_single_opening_h1_is_the_title() {
    let page = "<title>站点 - 文章</title><main><h1>学习 体会</h1><p>导语。</p><h2>一、读</h2><p>正文。</p>\
        <h4>小标题</h4><ul><li>要点一</li><li>要点<em>二</em></li></ul><table><tr><td>甲</td><td>乙</td></tr></table></main>";
    let (title, lines) = read(page.as_bytes()).expect("read");
    assert_eq!(title.as_deref(), Some("学习体会"));
    assert_eq!(
        texts(&lines),
        [
            ("学习体会", None),
            ("导语。", None),
            ("一、读", Some(2)),
            ("正文。", None),
            ("小标题", Some(4)),
            ("要点一", None),
            ("要点二", None),
            ("甲", None),
            ("乙", None)
        ]
    );
}

#[test]
fn pages_without_text_or_not_html_are_refused() {
    assert_eq!(read(b"<html><body><nav>menu</nav></body></html>"), Err(ImportError::Empty(RichKind::Html)));
    assert_eq!(read(b"just some words"), Err(ImportError::NotThisFormat(RichKind::Html)));
    assert_eq!(read(b"<p>\0\0\0</p>"), Err(ImportError::NotThisFormat(RichKind::Html)));
}

#[test]
fn a_deeply_nested_page_reads_and_an_absurdly_nested_one_is_refused_at_once() {
    let nested =
        |n: usize| format!("<html><body>{}<p>深处的文字。</p>{}</body></html>", "<div>".repeat(n), "</div>".repeat(n));
    let (_, lines) = read(nested(1000).as_bytes()).expect("read");
    assert_eq!(texts(&lines), [("深处的文字。", None)]);
    assert_eq!(read(nested(100_000).as_bytes()), Err(ImportError::Damaged(RichKind::Html)));
    let sloppy = format!("<body>{}", "<p>一段<li>一项<br>".repeat(20_000));
    assert_eq!(nesting(&sloppy), 1, "elements closed by the parser do not count");
    assert_eq!(nesting("<a><b/><c></c></a><img src=x>"), 2);
}

#[test]
fn white_space_as_a_browser_shows_it() {
    assert_eq!(squash("  党史\n  学习 \t a\n b　c "), "党史学习 a b　c");
}
