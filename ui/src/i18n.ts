// UI strings. Simplified Chinese first, English available. Every visible
// string goes through t().

import type { ErrorCode } from "./bindings";

export type Lang = "zh-CN" | "en";

const zh = {
  appName: "批注",
  docs: "文档",
  addDocument: "添加文档…",
  renameDoc: "重命名",
  removeDoc: "移除",
  docRemoved: "已将《{t}》连同 {n} 条批注移入回收站",
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
  errNotFound: "找不到",
  errInvalid: "无法这样做",
  errBadFile: "文件无法读取",
  errInUse: "正被另一个批注程序使用",
  errTooNew: "来自更新版本的批注",
  errIo: "读写文件失败",
  errStarting: "文库尚未打开",
  errInternal: "出错了",
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
  exportBackup: "导出与备份",
  exportSection: "导出学习笔记",
  exportFormat: "格式",
  fmtDocx: "Word 学习笔记",
  fmtDocxHint: ".docx · 可打印上交",
  fmtMd: "Markdown",
  fmtMdHint: ".md · 纯文本",
  fmtW3c: "W3C 标注",
  fmtW3cHint: ".jsonld · 通用交换格式",
  exportScope: "范围",
  exportStyle: "版式",
  styleGbt: "公文格式 GB/T 9704",
  stylePlain: "简洁",
  exportReader: "学习人",
  exportReaderPlaceholder: "学习人姓名（可不填）",
  exportTitle: "标题",
  exportTitleAll: "学习笔记",
  exportW3cNote: "W3C 标注不含版式、标题和署名。",
  exportFilePrefix: "学习笔记",
  exportFileAs: "默认文件名：",
  exportAction: "导出…",
  exporting: "正在导出…",
  exported: "已导出到 {p}",
  backupSection: "备份与恢复",
  backupBlurb: "备份会把全部文档和批注（含回收站）保存为一个 .zip 文件。",
  backupAction: "备份…",
  backingUp: "正在备份…",
  backedUp: "已备份 {d} 篇文档、{n} 条批注到 {p}",
  restoreAction: "从备份恢复…",
  restoreConfirmTitle: "从备份“{f}”恢复？",
  restoreConfirm: "将合并备份中的批注，较新的版本优先；不会删除现有批注。",
  restoreGo: "恢复",
  restoring: "正在恢复…",
  restoredSummary: "已从备份恢复：新增 {i} 条，更新 {u} 条，未变 {c} 条",
  restoredDocs: "新增文档 {n} 篇",
  restoredReanchored: "重新定位 {n} 条",
  restoredSkipped: "跳过 {n} 条",
  skippedHead: "以下批注未能恢复（原文中已找不到）：",
  printNotes: "打印批注…",
  printHint: "打印“我的批注”中列出的批注及其原文。",
  organize: "颜色与标签",
  organizeHint: "修改颜色含义、整理标签",
  colorMeanings: "颜色含义",
  colorMeaningsHint: "点击名称修改：回车保存，Esc 取消。",
  colorMeaningEdit: "{c}的含义",
  colorLabelEmpty: "名称不能为空",
  colorRenamed: "{c}现在表示「{l}」",
  col_yellow: "黄色",
  col_red: "红色",
  col_green: "绿色",
  col_blue: "蓝色",
  col_purple: "紫色",
  tagsHint: "按使用次数排列。点击标签查看相关批注。",
  tagsNone: "还没有标签。写批注时添加标签，就会列在这里。",
  tagNotes: "{n} 条批注",
  tagFilter: "查看标签「{t}」的批注",
  tagRename: "重命名",
  tagRenameOf: "重命名标签「{t}」",
  tagNewName: "新名称",
  tagEmpty: "标签不能为空",
  tagMergeInto: "将合并到已有标签「{t}」",
  tagMergeConfirm: "「{f}」的 {n} 条批注将并入已有标签「{t}」（{m} 条），此操作无法撤销。",
  tagMerge: "合并",
  tagRenamed: "已将标签「{f}」改为「{t}」",
  tagMerged: "已将标签「{f}」合并到「{t}」",
} as const;

export type Key = keyof typeof zh;

const en: Record<Key, string> = {
  appName: "Pizhu",
  docs: "Documents",
  addDocument: "Add document…",
  renameDoc: "Rename",
  removeDoc: "Remove",
  docRemoved: "Moved “{t}” and its {n} notes to the trash",
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
  errNotFound: "Not found",
  errInvalid: "Cannot do that",
  errBadFile: "Cannot read the file",
  errInUse: "In use by another Pizhu",
  errTooNew: "From a newer Pizhu",
  errIo: "Could not read or write a file",
  errStarting: "The library is not open yet",
  errInternal: "Error",
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
  exportBackup: "Export & backup",
  exportSection: "Export study notes",
  exportFormat: "Format",
  fmtDocx: "Word study notes",
  fmtDocxHint: ".docx · to print",
  fmtMd: "Markdown",
  fmtMdHint: ".md · plain text",
  fmtW3c: "W3C annotations",
  fmtW3cHint: ".jsonld · interchange",
  exportScope: "Scope",
  exportStyle: "Layout",
  styleGbt: "Official (GB/T 9704)",
  stylePlain: "Plain",
  exportReader: "Studied by",
  exportReaderPlaceholder: "Your name (optional)",
  exportTitle: "Title",
  exportTitleAll: "Study notes",
  exportW3cNote: "W3C annotations have no layout, title or name.",
  exportFilePrefix: "Study notes",
  exportFileAs: "File name: ",
  exportAction: "Export…",
  exporting: "Exporting…",
  exported: "Exported to {p}",
  backupSection: "Backup & restore",
  backupBlurb: "A backup saves every document and note (trash included) in one .zip file.",
  backupAction: "Back up…",
  backingUp: "Backing up…",
  backedUp: "Backed up {d} documents and {n} notes to {p}",
  restoreAction: "Restore from backup…",
  restoreConfirmTitle: "Restore from “{f}”?",
  restoreConfirm: "The backup's notes are merged in, the newer version wins; no existing note is deleted.",
  restoreGo: "Restore",
  restoring: "Restoring…",
  restoredSummary: "Restored from backup: {i} added, {u} updated, {c} unchanged",
  restoredDocs: "{n} documents added",
  restoredReanchored: "{n} re-anchored",
  restoredSkipped: "{n} skipped",
  skippedHead: "These notes could not be restored (their passage is gone):",
  printNotes: "Print notes…",
  printHint: "Prints the notes listed in “My notes” with their passages.",
  organize: "Colours & tags",
  organizeHint: "Rename colour meanings, tidy up tags",
  colorMeanings: "Colour meanings",
  colorMeaningsHint: "Click a meaning to change it: Enter saves, Esc cancels.",
  colorMeaningEdit: "Meaning of {c}",
  colorLabelEmpty: "The meaning cannot be empty",
  colorRenamed: "{c} now means “{l}”",
  col_yellow: "Yellow",
  col_red: "Red",
  col_green: "Green",
  col_blue: "Blue",
  col_purple: "Purple",
  tagsHint: "Most used first. Click a tag to see its notes.",
  tagsNone: "No tags yet. Tags you add to notes are listed here.",
  tagNotes: "{n} notes",
  tagFilter: "Show notes tagged “{t}”",
  tagRename: "Rename",
  tagRenameOf: "Rename tag “{t}”",
  tagNewName: "New name",
  tagEmpty: "A tag cannot be empty",
  tagMergeInto: "Will merge into the existing tag “{t}”",
  tagMergeConfirm: "The {n} notes tagged “{f}” will join the existing tag “{t}” ({m} notes). This cannot be undone.",
  tagMerge: "Merge",
  tagRenamed: "Tag “{f}” renamed to “{t}”",
  tagMerged: "Tag “{f}” merged into “{t}”",
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

/**
 * The headline of an error, by its code. Exhaustive on purpose: a code added
 * in Rust (`ErrorCode`, generated into the bindings) fails the type check
 * here until it has words.
 */
export function errorTitle(code: ErrorCode): string {
  switch (code) {
    case "not_found":
      return t("errNotFound");
    case "invalid":
      return t("errInvalid");
    case "bad_file":
      return t("errBadFile");
    case "in_use":
      return t("errInUse");
    case "too_new":
      return t("errTooNew");
    case "io":
      return t("errIo");
    case "starting":
      return t("errStarting");
    case "internal":
      return t("errInternal");
    default: {
      const unknown: never = code;
      return String(unknown);
    }
  }
}
