// Preferences and reading positions, in localStorage.
const P = "pizhu.";

export function getPref(key: string): string | null {
  try {
    return localStorage.getItem(P + key);
  } catch {
    return null;
  }
}

export function setPref(key: string, value: string): void {
  try {
    localStorage.setItem(P + key, value);
  } catch {
    /* storage full or disabled: preferences are best effort */
  }
}

export interface ReadingPos {
  block: number;
  offset: number; // px from the top of that block
}

export function getReadingPos(docId: string): ReadingPos | null {
  const s = getPref(`pos.${docId}`);
  if (!s) return null;
  try {
    const v = JSON.parse(s) as ReadingPos;
    return typeof v.block === "number" && typeof v.offset === "number" ? v : null;
  } catch {
    return null;
  }
}

export function setReadingPos(docId: string, pos: ReadingPos): void {
  setPref(`pos.${docId}`, JSON.stringify(pos));
}
