// Keeps the rules that paint the library's colours (colors.ts) in the
// document, following the store's colours. The CSP allows no inline <style>:
// the rules go into a constructed stylesheet (adoptedStyleSheets), or where
// that is missing into the app's own same-origin stylesheet (insertRule).
import { paletteRules } from "../colors";
import type { Store, Unsubscribe } from "../state/store";

type RuleSink = (rules: string[]) => void;

function constructedSheet(): RuleSink | null {
  if (typeof CSSStyleSheet === "undefined" || !("replaceSync" in CSSStyleSheet.prototype) || !("adoptedStyleSheets" in document)) return null;
  const sheet = new CSSStyleSheet();
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  return (rules) => {
    // a rule the engine cannot read (no ::highlight) is dropped, the others stay
    sheet.replaceSync(rules.join("\n"));
  };
}

function sameOriginSheet(): RuleSink | null {
  const sheet = [...document.styleSheets].find((s) => {
    try {
      return !!s.href && new URL(s.href).origin === location.origin && s.cssRules !== null;
    } catch {
      return false; // another origin: its rules are not ours to touch
    }
  });
  if (!sheet) return null;
  let ours: CSSRule[] = [];
  return (rules) => {
    for (const r of ours) {
      const i = [...sheet.cssRules].indexOf(r);
      if (i >= 0) sheet.deleteRule(i);
    }
    ours = [];
    for (const text of rules) {
      try {
        ours.push(sheet.cssRules[sheet.insertRule(text, sheet.cssRules.length)]!);
      } catch {
        /* not understood by this engine (e.g. ::highlight): the <mark> path does not need it */
      }
    }
  };
}

export function installColorSheet(store: Store): Unsubscribe {
  const sink = constructedSheet() ?? sameOriginSheet();
  if (!sink) return () => undefined;
  const apply = () => sink(paletteRules(store.state.colors));
  apply();
  return store.watch(["colors"], apply, { first: true });
}
