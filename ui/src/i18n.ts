// UI strings. Simplified Chinese first, English available. Every visible
// string goes through t().

export type Lang = "zh-CN" | "en";

const zh = {
  appName: "批注",
  docs: "文档",
  addDocument: "添加文档…",
  builtin: "内置",
  chars: "{n} 字",
  outline: "目录",
  search: "搜索",
  searchPlaceholder: "搜索原文和批注(Ctrl+F)",
  searchPassages: "原文",
  searchNotes: "我的批注",
  searchNone: "没有找到“{q}”",
  searchMore: "共 {n} 条结果,显示前 {m} 条",
  notes: "我的批注",
  notesToggle: "我的批注",
  fontSmaller: "缩小字号",
  fontLarger: "放大字号",
  themeLight: "浅色",
  themeDark: "深色",
  themeToggle: "切换浅色/深色主题",
  langToggle: "切换语言 / Switch language",
  about: "关于",
  close: "关闭",
  version: "版本",
  dataDir: "数据目录",
  license: "许可证",
  licenseValue: "MIT",
  aboutBlurb: "细读文档、划线批注、随时查找的学习笔记工具。",
  highlight: "划线",
  annotate: "批注",
  tagPlaceholder: "标签,回车确认",
  addTag: "添加标签",
  notePlaceholder: "写下你的批注(支持 Markdown)…",
  emptyNote: "添加批注…",
  edit: "编辑",
  save: "保存",
  cancel: "取消",
  delete: "删除",
  color: "颜色",
  tags: "标签",
  deleted: "已删除批注",
  undo: "撤销",
  restored: "已恢复批注",
  restore: "恢复",
  trash: "回收站",
  emptyTrash: "清空回收站",
  emptyTrashConfirm: "永久删除回收站中的 {n} 条批注?此操作无法撤销。",
  trashEmptied: "已永久删除 {n} 条批注",
  trashEmpty: "回收站是空的",
  scopeDoc: "本文档",
  scopeAll: "全部文档",
  sortDoc: "按原文顺序",
  sortDate: "按时间",
  allColors: "全部颜色",
  allTags: "全部标签",
  filterText: "筛选批注…",
  noNotes: "还没有批注。选中原文即可划线、写批注。",
  noMatch: "没有符合条件的批注",
  showMore: "显示更多({n})",
  print: "打印",
  count: "{n} 条",
  imported: "已添加文档《{t}》",
  indexing: "正在重建索引 {d}/{n}",
  error: "出错了",
  dropHint: "松开鼠标即可添加文档",
  loading: "正在加载…",
  shortcuts: "快捷键:H 划线 · N 批注 · 1–5 选颜色 · / 搜索 · Ctrl+Z 撤销删除",
  jumpToPassage: "跳到原文",
  updated: "更新于 {d}",
  unknownDoc: "(已删除的文档)",
  subtitleLabel: "副标题",
  docTitle: "标题",
  notesOf: "批注 · {t}",
  printedAt: "打印于 {d}",
  textSize: "字号",
} as const;

export type Key = keyof typeof zh;

const en: Record<Key, string> = {
  appName: "Pizhu",
  docs: "Documents",
  addDocument: "Add document…",
  builtin: "Built-in",
  chars: "{n} chars",
  outline: "Contents",
  search: "Search",
  searchPlaceholder: "Search text and notes (Ctrl+F)",
  searchPassages: "Text",
  searchNotes: "My notes",
  searchNone: "Nothing found for “{q}”",
  searchMore: "{n} results, showing the first {m}",
  notes: "My notes",
  notesToggle: "My notes",
  fontSmaller: "Smaller text",
  fontLarger: "Larger text",
  themeLight: "Light",
  themeDark: "Dark",
  themeToggle: "Switch light/dark theme",
  langToggle: "切换语言 / Switch language",
  about: "About",
  close: "Close",
  version: "Version",
  dataDir: "Data directory",
  license: "Licence",
  licenseValue: "MIT",
  aboutBlurb: "Read closely, highlight, annotate and find your notes again.",
  highlight: "Highlight",
  annotate: "Note",
  tagPlaceholder: "Tags, press Enter",
  addTag: "Add tag",
  notePlaceholder: "Write your note (Markdown)…",
  emptyNote: "Add a note…",
  edit: "Edit",
  save: "Save",
  cancel: "Cancel",
  delete: "Delete",
  color: "Colour",
  tags: "Tags",
  deleted: "Note deleted",
  undo: "Undo",
  restored: "Note restored",
  restore: "Restore",
  trash: "Trash",
  emptyTrash: "Empty trash",
  emptyTrashConfirm: "Permanently delete {n} notes in the trash? This cannot be undone.",
  trashEmptied: "{n} notes permanently deleted",
  trashEmpty: "The trash is empty",
  scopeDoc: "This document",
  scopeAll: "All documents",
  sortDoc: "Text order",
  sortDate: "Date",
  allColors: "All colours",
  allTags: "All tags",
  filterText: "Filter notes…",
  noNotes: "No notes yet. Select some text to highlight and annotate it.",
  noMatch: "No notes match",
  showMore: "Show more ({n})",
  print: "Print",
  count: "{n}",
  imported: "Added “{t}”",
  indexing: "Rebuilding index {d}/{n}",
  error: "Error",
  dropHint: "Drop to add the document",
  loading: "Loading…",
  shortcuts: "Keys: H highlight · N note · 1–5 colour · / search · Ctrl+Z undo delete",
  jumpToPassage: "Go to passage",
  updated: "Updated {d}",
  unknownDoc: "(deleted document)",
  subtitleLabel: "Subtitle",
  docTitle: "Title",
  notesOf: "Notes · {t}",
  printedAt: "Printed {d}",
  textSize: "Text size",
};

const dicts: Record<Lang, Record<Key, string>> = { "zh-CN": zh, en };

let current: Lang = "zh-CN";

export function detectLang(nav: string | undefined, stored: string | null): Lang {
  if (stored === "zh-CN" || stored === "en") return stored;
  if (!nav) return "zh-CN";
  return nav.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

export function setLang(l: Lang): void {
  current = l;
}

export function lang(): Lang {
  return current;
}

export function t(key: Key, params?: Record<string, string | number>): string {
  let s = dicts[current][key] ?? zh[key];
  if (params) for (const [k, v] of Object.entries(params)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(current === "en" ? "en-GB" : "zh-CN", {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  });
}

/** Dictionaries, for the completeness test. */
export const _dicts = dicts;
