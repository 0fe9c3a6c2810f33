import { describe, expect, it } from "vitest";
import { markdownPreview, renderMarkdown } from "../../src/markdown";

function render(src: string): HTMLElement {
  const div = document.createElement("div");
  div.appendChild(renderMarkdown(src));
  return div;
}

function noActiveContent(el: HTMLElement): void {
  expect(el.querySelectorAll("script, img, iframe, object, embed, style, a, svg, link").length).toBe(0);
  for (const node of el.querySelectorAll("*")) {
    for (const attr of node.attributes) {
      expect(attr.name.startsWith("on")).toBe(false);
      expect(["href", "src", "style", "srcdoc", "action"]).not.toContain(attr.name);
    }
  }
}

describe("renderMarkdown", () => {
  it("renders paragraphs, bold, italic and code", () => {
    const el = render("第一段 **重点** 和 *强调* 以及 `code`\n换行\n\n第二段");
    const ps = el.querySelectorAll("p");
    expect(ps).toHaveLength(2);
    expect(ps[0]!.querySelector("strong")!.textContent).toBe("重点");
    expect(ps[0]!.querySelector("em")!.textContent).toBe("强调");
    expect(ps[0]!.querySelector("code")!.textContent).toBe("code");
    expect(ps[0]!.querySelector("br")).not.toBeNull();
    expect(ps[1]!.textContent).toBe("第二段");
  });

  it("renders lists and quotes", () => {
    const el = render("- 一\n- **二**\n\n1. 甲\n2. 乙\n\n> 引用\n> 第二行");
    expect(el.querySelectorAll("ul > li")).toHaveLength(2);
    expect(el.querySelector("ul li strong")!.textContent).toBe("二");
    expect(el.querySelectorAll("ol > li")).toHaveLength(2);
    expect(el.querySelector("blockquote")!.textContent).toBe("引用第二行");
  });

  it("shows links as text with the URL, never as anchors", () => {
    const el = render("见 [原文](https://example.com/a?b=1)");
    expect(el.querySelector("a")).toBeNull();
    expect(el.textContent).toBe("见 原文 (https://example.com/a?b=1)");
  });

  it("keeps <script> as text", () => {
    const el = render("<script>window.__pwned=1</script>");
    noActiveContent(el);
    expect(el.textContent).toBe("<script>window.__pwned=1</script>");
  });

  it("keeps <img onerror> as text", () => {
    const el = render('<img src=x onerror="window.__pwned=1">');
    noActiveContent(el);
    expect(el.textContent).toBe('<img src=x onerror="window.__pwned=1">');
  });

  it("renders javascript: links as inert text", () => {
    const el = render("[x](javascript:window.__pwned=1) and [y](JaVaScRiPt:alert(1))");
    noActiveContent(el);
    expect(el.textContent).toContain("javascript:window.__pwned=1");
  });

  it("keeps HTML inside code, bold and fenced blocks as text", () => {
    const el = render('`<b onclick="x">` **<svg onload=alert(1)>**\n\n```\n<iframe src="javascript:1">\n```');
    noActiveContent(el);
    expect(el.querySelector("pre code")!.textContent).toBe('<iframe src="javascript:1">');
  });

  it("treats backslash escapes and unclosed markers as text", () => {
    expect(render("\\*不是斜体\\*").textContent).toBe("*不是斜体*");
    expect(render("**未闭合").textContent).toBe("**未闭合");
    expect(render("a * b * c").querySelector("em")).toBeNull();
  });

  it("makes plain previews", () => {
    expect(markdownPreview("**重点** [链接](http://x)\n- 项")).toBe("重点 链接 项");
    expect(markdownPreview("一二三四五", 3)).toBe("一二三…");
  });
});

describe("underscores inside words", () => {
  it("are text, not emphasis", () => {
    const root = render("snake_case_x and window.__pwned__x");
    expect(root.querySelector("em, strong")).toBeNull();
    expect(root.textContent).toContain("snake_case_x");
    expect(root.textContent).toContain("__pwned__x");
  });
  it("still emphasise whole words", () => {
    const root = render("a _word_ and __strong__ here");
    expect(root.querySelector("em")?.textContent).toBe("word");
    expect(root.querySelector("strong")?.textContent).toBe("strong");
  });
});
