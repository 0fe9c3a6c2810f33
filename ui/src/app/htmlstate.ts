// Mirrors document-wide view state onto <html>: language, theme, the
// reader's font size, whether the notes panel replaces the margin, the
// outline toggled from its default. Runs
// before other views so that what they measure is already laid out so.
import { t } from "../i18n";
import type { Store, Unsubscribe } from "../state/store";

export function installHtmlState(store: Store): Unsubscribe {
  const apply = () => {
    const s = store.state;
    const html = document.documentElement;
    html.lang = s.lang;
    html.dataset.theme = s.theme;
    html.style.setProperty("--reader-size", `${s.fontSize}px`);
    html.classList.toggle("notes-open", s.notesOpen);
    html.classList.toggle("outline-toggled", s.outlineToggled);
    document.title = t("appName");
  };
  apply();
  return store.watch(["lang", "theme", "fontSize", "notesOpen", "outlineToggled"], apply, { first: true });
}
