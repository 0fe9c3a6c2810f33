// Tag chips with an input that autocompletes from list_tags (a <datalist>).
import { h } from "../dom";
import { t } from "../i18n";

let seq = 0;

export function splitTags(s: string): string[] {
  return s
    .split(/[,，、;；\s]+/)
    .map((x) => x.trim().replace(/^#/, ""))
    .filter(Boolean);
}

export function tagEditor(initial: string[], known: string[], onChange: () => void): { el: HTMLElement; value(): string[] } {
  const tags = [...initial];
  const listId = `tags-dl-${++seq}`;
  const chips = h("span", { class: "chips" });
  const input = h("input", { class: "tag-input", "data-testid": "tag-input", list: listId, placeholder: t("addTag"), "aria-label": t("tags") });
  const dl = h("datalist", { id: listId }, known.map((k) => h("option", { value: k })));
  const draw = () => {
    chips.replaceChildren(
      ...tags.map((tg, i) => {
        const x = h("button", { class: "chip-x", type: "button", "aria-label": `${t("delete")} ${tg}` }, "×");
        x.addEventListener("click", () => {
          tags.splice(i, 1);
          draw();
        });
        return h("span", { class: "tag chip" }, tg, x);
      }),
    );
    onChange();
  };
  const commit = () => {
    for (const tg of splitTags(input.value)) if (!tags.includes(tg)) tags.push(tg);
    input.value = "";
    draw();
  };
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === "," || e.key === "，") {
      e.preventDefault();
      e.stopPropagation();
      commit();
    } else if (e.key === "Backspace" && input.value === "" && tags.length) {
      tags.pop();
      draw();
    }
  });
  input.addEventListener("change", () => {
    if (known.includes(input.value.trim())) commit();
  });
  draw();
  const el = h("div", { class: "tag-editor" }, chips, input, dl);
  return {
    el,
    value: () => {
      commit();
      return [...tags];
    },
  };
}
