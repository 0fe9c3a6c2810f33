// A tiny, safe Markdown renderer for note text. It builds DOM nodes with
// createElement/textContent only: user text never reaches innerHTML, no
// attribute is ever taken from user text except as text content, and links
// are shown as text followed by their URL (no href at all, so no
// `javascript:` can run).
//
// Supported: paragraphs (blank-line separated, single newlines become <br>),
// **bold**, *italic* / _italic_, `code`, - / * / 1. lists, > quotes,
// [text](url) links and ``` fenced code blocks.

type Inline = Node;

const WORD = /[\p{L}\p{N}]/u;

/**
 * Index of the delimiter `d` closing the one at `i`, or -1. Underscores, as in
 * CommonMark, do not open or close inside a word (snake_case, __init__x).
 */
function closing(src: string, d: string, i: number): number {
  if (d[0] !== "_") return src.indexOf(d, i + d.length);
  if (i > 0 && WORD.test(src[i - 1]!)) return -1;
  let j = src.indexOf(d, i + d.length);
  while (j !== -1 && j + d.length < src.length && WORD.test(src[j + d.length]!)) j = src.indexOf(d, j + 1);
  return j;
}

function inline(doc: Document, src: string): Inline[] {
  const out: Inline[] = [];
  let buf = "";
  const flush = () => {
    if (buf) out.push(doc.createTextNode(buf));
    buf = "";
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === "\\" && i + 1 < src.length && /[\\`*_[\]()>#-]/.test(src[i + 1]!)) {
      buf += src[i + 1];
      i += 2;
      continue;
    }
    if (c === "`") {
      const j = src.indexOf("`", i + 1);
      if (j > i + 1) {
        flush();
        const code = doc.createElement("code");
        code.textContent = src.slice(i + 1, j);
        out.push(code);
        i = j + 1;
        continue;
      }
    }
    if ((c === "*" || c === "_") && src[i + 1] === c) {
      const j = closing(src, c + c, i);
      if (j > i + 2) {
        flush();
        const b = doc.createElement("strong");
        b.append(...inline(doc, src.slice(i + 2, j)));
        out.push(b);
        i = j + 2;
        continue;
      }
    }
    if ((c === "*" || c === "_") && src[i + 1] !== c && src[i - 1] !== c) {
      const j = closing(src, c, i);
      if (j > i + 1 && src[i + 1] !== " ") {
        flush();
        const em = doc.createElement("em");
        em.append(...inline(doc, src.slice(i + 1, j)));
        out.push(em);
        i = j + 1;
        continue;
      }
    }
    if (c === "[") {
      const m = /^\[([^\]\n]*)\]\(([^)\s]*)\)/.exec(src.slice(i));
      if (m) {
        flush();
        const span = doc.createElement("span");
        span.className = "md-link";
        span.append(...inline(doc, m[1]!));
        const url = doc.createElement("span");
        url.className = "md-url";
        url.textContent = ` (${m[2]!})`;
        span.appendChild(url);
        out.push(span);
        i += m[0].length;
        continue;
      }
    }
    if (c === "\n") {
      flush();
      out.push(doc.createElement("br"));
      i++;
      continue;
    }
    buf += c;
    i++;
  }
  flush();
  return out;
}

const LIST_RE = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/;

/** Renders Markdown `src` into a DocumentFragment of safe nodes. */
export function renderMarkdown(src: string, doc: Document = document): DocumentFragment {
  const frag = doc.createDocumentFragment();
  const lines = src.replace(/\r\n?/g, "\n").split("\n");
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === "") {
      i++;
      continue;
    }
    if (/^\s*```/.test(line)) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !/^\s*```/.test(lines[i]!)) body.push(lines[i++]!);
      i++;
      const pre = doc.createElement("pre");
      const code = doc.createElement("code");
      code.textContent = body.join("\n");
      pre.appendChild(code);
      frag.appendChild(pre);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const p = doc.createElement("p");
      p.className = "md-h";
      const b = doc.createElement("strong");
      b.append(...inline(doc, heading[2]!));
      p.appendChild(b);
      frag.appendChild(p);
      i++;
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i]!)) body.push(lines[i++]!.replace(/^\s{0,3}>\s?/, ""));
      const q = doc.createElement("blockquote");
      q.appendChild(renderMarkdown(body.join("\n"), doc));
      frag.appendChild(q);
      continue;
    }
    const lm = LIST_RE.exec(line);
    if (lm) {
      const ordered = /\d/.test(lm[1]!);
      const list = doc.createElement(ordered ? "ol" : "ul");
      while (i < lines.length) {
        const m = LIST_RE.exec(lines[i]!);
        if (!m || /\d/.test(m[1]!) !== ordered) break;
        const li = doc.createElement("li");
        li.append(...inline(doc, m[2]!));
        list.appendChild(li);
        i++;
      }
      frag.appendChild(list);
      continue;
    }
    const para: string[] = [];
    while (
      i < lines.length &&
      lines[i]!.trim() !== "" &&
      !/^\s*```/.test(lines[i]!) &&
      !/^\s{0,3}>/.test(lines[i]!) &&
      !LIST_RE.test(lines[i]!) &&
      !/^#{1,6}\s/.test(lines[i]!)
    ) {
      para.push(lines[i++]!);
    }
    const p = doc.createElement("p");
    p.append(...inline(doc, para.join("\n")));
    frag.appendChild(p);
  }
  return frag;
}

/** Plain-text preview of a note (Markdown markers removed). */
export function markdownPreview(src: string, max = 120): string {
  const text = src
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/\[([^\]]*)\]\(([^)]*)\)/g, "$1")
    .replace(/[*_`>#]/g, "")
    .replace(/^\s*([-+]|\d+[.)])\s+/gm, "")
    .replace(/\s+/g, " ")
    .trim();
  const cps = Array.from(text);
  return cps.length > max ? cps.slice(0, max).join("") + "…" : text;
}
