// 学习小组 without DOM or backend: whether a group is joined, what is shared
// (a document whole, a note alone), the notes panel's author choices, the
// field of the dialog an error concerns, and a member's line. Who may change
// a note, what an exchange sends and how members' layers merge are the
// core's (GroupInfo, Annotation.author, ErrorCode read_only).
import type { Annotation, ApiError, GroupInfo, Member, SyncStatus } from "../bindings";
import { t } from "../i18n";
import { ago } from "../sync/logic";

/** The group joined (null: none). A status without a group (an older app's event) counts as none. */
export function joinedGroup(s: SyncStatus | null | undefined): GroupInfo | null {
  const g = s?.group;
  return g && g.target ? g : null;
}

/** A group member's note (read-only here), as opposed to one of mine. */
export function isTheirs(a: Annotation): boolean {
  return !!a.author;
}

/** Whether all my notes on document `docId` are shared with the group. */
export function docShared(g: GroupInfo | null, docId: string): boolean {
  return !!g && g.shared_docs.includes(docId);
}

/**
 * How one of my notes is shared: `doc` with its whole document, `note` by
 * itself, `off` not at all; null when no group is joined or the note is a
 * member's (theirs to share).
 */
export function noteShare(g: GroupInfo | null, a: Annotation): "doc" | "note" | "off" | null {
  if (!g || isTheirs(a)) return null;
  if (g.shared_docs.includes(a.doc_id)) return "doc";
  return g.shared_notes.includes(a.id) ? "note" : "off";
}

/**
 * The notes panel's author choices as [value, label]: everyone (""), mine
 * ("local", NoteFilter's word for mine), then each member by name (a name
 * two members share gets the start of their id).
 */
export function authorOptions(members: ReadonlyArray<Member>): Array<[string, string]> {
  const count = new Map<string, number>();
  for (const m of members) count.set(m.name, (count.get(m.name) ?? 0) + 1);
  const seen = new Set<string>();
  const out: Array<[string, string]> = [
    ["", t("authorAll")],
    ["local", t("authorMine")],
  ];
  for (const m of members) {
    if (seen.has(m.id)) continue; // one member met in two groups: one choice
    seen.add(m.id);
    out.push([m.id, (count.get(m.name) ?? 0) > 1 ? `${m.name}（${m.id.slice(0, 6)}）` : m.name]);
  }
  return out;
}

/** NoteFilter.author for the panel's choice ("" = everyone's). */
export function authorFilter(value: string): string | null {
  return value === "" ? null : value;
}

export type GroupField = "url" | "name" | "password" | "passphrase";

/**
 * The group section's field an error is about. `invalid` is the core's word
 * both for an address it cannot use and for a name it refuses; which names
 * it refuses is the core's rule (its message says why), so only an empty
 * name field is marked as the name, anything else as the address.
 */
export function groupFieldFor(e: ApiError, name: string): GroupField | null {
  switch (e.code) {
    case "denied":
      return "password";
    case "passphrase":
      return "passphrase";
    case "invalid": {
      return name.trim() === "" ? "name" : "url";
    }
    default:
      return null;
  }
}

/** A member's line in the dialog: 3 条批注 · 最近交换：5 分钟前. */
export function memberLine(m: Member, now: number): string {
  return [t("groupMemberNotes", { n: m.notes }), t("groupMemberSeen", { t: ago(m.seen, now) })].join(" · ");
}

/** The dialog's line after an exchange that worked: 已交换（刚刚）. */
export function exchangedLine(g: GroupInfo | null, now: number): string {
  return t("groupExchanged", { t: g?.last_share ? ago(g.last_share, now) : t("agoNow") });
}

/** The members of the group joined (none when no group is joined). */
export function groupMembers(s: SyncStatus | null | undefined): ReadonlyArray<Member> {
  return joinedGroup(s)?.members ?? [];
}
