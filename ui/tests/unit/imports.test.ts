// Guards of the UI's structure, read from the sources' import statements:
// no import cycles (app.ts once sat in a loop with five views), and only the
// actions module (and the entry point that picks the backend) uses the
// backend, so that replacing it stays a one-file change.
import { describe, expect, it } from "vitest";

const sources = import.meta.glob("../../src/**/*.ts", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

const PREFIX = "../../src/";

interface Edge {
  to: string;
  typeOnly: boolean;
}

/** Import / re-export / dynamic import targets of a module, resolved to source paths ("app/shell.ts"). */
function importsOf(file: string, text: string): Edge[] {
  const edges: Edge[] = [];
  const re = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^;]*?\bfrom\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s+["']([^"']+)["']/g;
  for (const m of text.matchAll(re)) {
    const spec = m[3] ?? m[4] ?? m[5]!;
    if (!spec.startsWith(".")) continue; // packages
    const to = resolve(file, spec);
    if (to) edges.push({ to, typeOnly: !!m[2] });
  }
  return edges;
}

function resolve(from: string, spec: string): string | null {
  const parts = from.split("/").slice(0, -1);
  for (const p of spec.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== ".") parts.push(p);
  }
  const base = parts.join("/");
  for (const cand of [base, `${base}.ts`, `${base}/index.ts`]) if (cand in files) return cand;
  return null; // not a TypeScript source (styles.css)
}

const files: Record<string, string> = Object.fromEntries(Object.entries(sources).map(([k, v]) => [k.slice(PREFIX.length), v]));
const graph = new Map(Object.entries(files).map(([f, text]) => [f, importsOf(f, text)]));

/** Every cycle's files, found by depth-first search (each cycle once per entry point). */
function findCycles(): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, "open");
    stack.push(f);
    for (const { to } of graph.get(f) ?? []) {
      if (state.get(to) === "open") cycles.push([...stack.slice(stack.indexOf(to)), to]);
      else if (!state.has(to)) visit(to);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return cycles;
}

describe("UI module structure", () => {
  it("reads the sources", () => {
    expect(Object.keys(files)).toContain("main.ts");
    expect(graph.get("main.ts")!.map((e) => e.to)).toContain("state/actions.ts");
  });

  it("has no import cycles (type-only imports included)", () => {
    expect(findCycles().map((c) => c.join(" → "))).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    graph.set("x/a.ts", [{ to: "x/b.ts", typeOnly: true }]);
    graph.set("x/b.ts", [{ to: "x/a.ts", typeOnly: false }]);
    try {
      expect(findCycles().map((c) => c.join(" → "))).toEqual(["x/a.ts → x/b.ts → x/a.ts"]);
    } finally {
      graph.delete("x/a.ts");
      graph.delete("x/b.ts");
    }
  });

  it("lets only the actions module and the entry point use the backend (types aside)", () => {
    const users = [...graph]
      .filter(([f]) => !f.startsWith("backend/"))
      .filter(([, edges]) => edges.some((e) => e.to.startsWith("backend/") && !e.typeOnly))
      .map(([f]) => f)
      .sort();
    expect(users).toEqual(["main.ts", "state/actions.ts"]);
  });

  it("keeps the store free of views and of the backend", () => {
    const store = graph.get("state/store.ts")!.filter((e) => !e.typeOnly).map((e) => e.to);
    expect(store).toEqual([]);
    const state = [...graph].filter(([f]) => f.startsWith("state/")).flatMap(([f, edges]) => edges.filter((e) => e.to.startsWith("app/")).map((e) => `${f} → ${e.to}`));
    expect(state).toEqual([]);
  });
});
