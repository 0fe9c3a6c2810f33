// The sync status in words (no DOM, no backend): the toolbar's label and
// tooltip, the dialog's result line, how long ago the last sync was, and
// which field of the dialog an error concerns. When to sync, what is
// pending and what counts as a conflict are the core's (SyncStatus).
import type { ApiError, ErrorCode, SyncState, SyncStatus } from "../bindings";
import { errorTitle, t } from "../i18n";

/** "刚刚", "3 分钟前", "2 小时前", "5 天前" for an RFC 3339 time at `now` (ms); a time ahead of the clock is 刚刚. */
export function ago(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const min = Math.floor(Math.max(0, now - at) / 60000);
  if (min < 1) return t("agoNow");
  if (min < 60) return t("agoMinutes", { n: min });
  const hours = Math.floor(min / 60);
  if (hours < 24) return t("agoHours", { n: hours });
  return t("agoDays", { n: Math.floor(hours / 24) });
}

/** The headline and message of an error, as the dialog and the tooltip show it. */
export function errorLine(e: ApiError): string {
  return t("errorLine", { t: errorTitle(e.code), m: e.message });
}

export interface SyncLabel {
  /** What the button shows as its state (data-state): syncing while a sync the window asked for runs. */
  state: SyncState;
  /** The button's words: 未同步, 同步中…, 已同步 · 3 分钟前, 待同步 2 条, 同步出错. */
  text: string;
  /** Tooltip and aria-label: the words, when the last sync was, the error, the conflicts. */
  title: string;
  /** Conflicts waiting (the badge: 冲突 N; 0 hides it). */
  conflicts: number;
  /** The badge's words. */
  badge: string;
}

/** The toolbar's status for `s`; `busy`: a sync the window asked for is running (the test host sends no status events meanwhile). */
export function syncLabel(s: SyncStatus, busy: boolean, now: number): SyncLabel {
  const { pending, last_sync: last, conflicts } = s.info;
  const state: SyncState = busy ? "syncing" : s.state;
  const extra: string[] = [];
  let text: string;
  if (state === "syncing") text = t("syncSyncing");
  else if (state === "error") {
    text = t("syncError");
    if (s.error) extra.push(errorLine(s.error));
  } else if (state === "off") text = t("syncOff");
  else if (pending > 0) {
    text = t("syncPending", { n: pending });
    if (last) extra.push(t("syncLast", { t: ago(last, now) }));
  } else text = last ? t("syncSyncedAgo", { t: ago(last, now) }) : t("syncSynced");
  if (state === "off") extra.push(t("syncOffHint"));
  if (conflicts > 0) extra.push(t("syncConflictsWaiting", { n: conflicts }));
  return { state, text, title: t("syncTitle", { s: [text, ...extra].join(t("listSep")) }), conflicts, badge: t("syncConflictsBadge", { n: conflicts }) };
}

/** The dialog's line after a sync that worked: 已同步（刚刚）, with what is still pending and the conflicts. */
export function syncedLine(s: SyncStatus, now: number): string {
  const parts = [s.info.last_sync ? t("syncDoneAt", { t: ago(s.info.last_sync, now) }) : t("syncSynced")];
  if (s.info.pending > 0) parts.push(t("syncPending", { n: s.info.pending }));
  if (s.info.conflicts > 0) parts.push(t("syncConflictsWaiting", { n: s.info.conflicts }));
  return parts.join(t("listSep"));
}

export type SyncField = "url" | "password" | "passphrase";

/** The dialog's field an error is about: the user name or password refused, the passphrase, the address. */
export function fieldFor(code: ErrorCode): SyncField | null {
  switch (code) {
    case "denied":
      return "password";
    case "passphrase":
      return "passphrase";
    case "invalid":
      return "url";
    default:
      return null;
  }
}
