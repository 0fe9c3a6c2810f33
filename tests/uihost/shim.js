// The page's Tauri IPC under pizhu-uihost: commands are answered by the real
// core over HTTP; events and file dialogs, which need a window, are answered
// here and scripted by the tests through window.__uihost.
(() => {
  const callbacks = new Map();
  const listeners = new Map(); // event name -> Set of callback ids
  let next = 1;
  const dialogs = { answers: [], calls: [] };
  function transformCallback(cb, once) {
    const id = next++;
    callbacks.set(id, (payload) => {
      if (once) callbacks.delete(id);
      if (cb) cb(payload);
    });
    return id;
  }
  const invoked = []; // command names, in order, for tests that check what the UI asked for
  async function invoke(cmd, args = {}) {
    invoked.push(cmd);
    if (cmd === "plugin:event|listen") {
      let set = listeners.get(args.event);
      if (!set) listeners.set(args.event, (set = new Set()));
      set.add(args.handler);
      return args.handler;
    }
    if (cmd === "plugin:event|unlisten") {
      for (const set of listeners.values()) set.delete(args.eventId);
      return null;
    }
    if (cmd.startsWith("plugin:dialog|")) {
      dialogs.calls.push({ cmd, args });
      // An answer of undefined means "cancelled".
      return dialogs.answers.length ? dialogs.answers.shift() ?? null : null;
    }
    const res = await fetch("/__ipc", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ cmd, args }) });
    const body = await res.json();
    if (!res.ok) throw body;
    return body;
  }
  window.__TAURI_INTERNALS__ = {
    invoke,
    transformCallback,
    unregisterCallback: (id) => callbacks.delete(id),
    convertFileSrc: (p) => p,
    metadata: { currentWindow: { label: "main" }, currentWebview: { windowLabel: "main", label: "main" } },
    plugins: {},
  };
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = { unregisterListener: (event, id) => listeners.get(event)?.delete(id) };
  window.__uihost = {
    dialogs,
    invoked,
    /** Delivers an app event to the page, as the shell would. */
    emit(event, payload) {
      for (const id of listeners.get(event) ?? []) callbacks.get(id)?.({ event, id, payload });
    },
  };
})();
