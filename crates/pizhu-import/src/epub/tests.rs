use super::*;

fn line(text: &str, heading: Option<u8>) -> Line {
    Line { text: text.into(), heading }
}

#[test]
fn a_chapter_is_a_section_under_its_heading_or_its_title() {
    // Its own h2 opens it: depth 1, an h3 below it depth 2.
    let own = section(vec![line("第一回", Some(2)), line("正文", None), line("小节", Some(3))], Some("目录里的名字"));
    assert_eq!(own, [line("第一回", Some(1)), line("正文", None), line("小节", Some(2))]);
    // No heading: the table of contents gives one, its headings go under it.
    let titled = section(vec![line("正文", None), line("小节", Some(1))], Some("第二回　标题"));
    assert_eq!(titled, [line("第二回　标题", Some(1)), line("正文", None), line("小节", Some(2))]);
    // Its first paragraph is its title (a styled <p>): that paragraph is the heading.
    let styled = section(vec![line("第三回", None), line("正文", None)], Some("第三回"));
    assert_eq!(styled, [line("第三回", Some(1)), line("正文", None)]);
    // Neither: it goes on the section before.
    assert_eq!(section(vec![line("正文", None)], None), [line("正文", None)]);
}

#[test]
fn links_resolve_inside_the_zip() {
    assert_eq!(resolve("OEBPS/", "text/c%201.xhtml"), "OEBPS/text/c 1.xhtml");
    assert_eq!(resolve("OEBPS/text/", "../nav.xhtml"), "OEBPS/nav.xhtml");
    assert_eq!(resolve("", "/a/./b.xhtml"), "a/b.xhtml");
    assert_eq!(percent_decode("%E7%BA%A2%zz%"), "红%zz%");
}

#[test]
fn obfuscated_fonts_are_not_drm() {
    let font = r#"<encryption><EncryptedData><CipherData><CipherReference URI="OEBPS/fonts/song.otf"/></CipherData></EncryptedData></encryption>"#;
    assert_eq!(encrypts_content(font), Ok(false));
    let drm = font.replace("fonts/song.otf", "text/c1.xhtml");
    assert_eq!(encrypts_content(&drm), Ok(true));
}

#[test]
fn the_package_gives_title_items_and_reading_order() {
    let opf = r#"<opf:package xmlns:opf="http://www.idpf.org/2007/opf" xmlns:dc="http://purl.org/dc/elements/1.1/"><opf:metadata><dc:title>书&#x540D;</dc:title></opf:metadata>
        <opf:manifest><opf:item id="a" href="a.html" media-type="application/xhtml+xml"/><opf:item id="n" href="toc.ncx" media-type="application/x-dtbncx+xml"/></opf:manifest>
        <opf:spine toc="n"><opf:itemref idref="a"/><opf:itemref idref="b" linear="no"/></opf:spine></opf:package>"#;
    let p = package(opf).expect("package");
    assert_eq!(p.title.as_deref(), Some("书名"));
    assert_eq!(p.spine, [("a".to_owned(), true), ("b".to_owned(), false)]);
    assert_eq!(p.toc.as_deref(), Some("n"));
    assert_eq!(package("<html/>").err(), Some(ImportError::NotThisFormat(RichKind::Epub)));
    let ncx = r#"<ncx><navMap><navPoint><navLabel><text>第一章</text></navLabel><content src="text/a.html#p1"/></navPoint></navMap></ncx>"#;
    assert_eq!(ncx_titles(ncx, "OEBPS/").get("OEBPS/text/a.html").map(String::as_str), Some("第一章"));
}
