// Shows the dialog the store names (export & backup, colours & tags,
// sync, About) and tells the store when the reader closes it.
import type { Actions } from "../state/actions";
import type { DialogName, Store, Unsubscribe } from "../state/store";
import { openAbout } from "./about";
import { ExportDialog } from "./exportdialog";
import { OrganizeDialog } from "./organize";
import { SyncDialog } from "./syncdialog";

export class Dialogs {
  private shown: { name: DialogName; close(): void } | null = null;
  private off: Unsubscribe;

  constructor(
    private readonly root: HTMLElement,
    private readonly store: Store,
    private readonly actions: Actions,
  ) {
    this.off = store.watch(["dialog"], (s) => void this.show(s.dialog));
  }

  destroy(): void {
    this.off();
    this.shown?.close();
  }

  private async show(name: DialogName | null): Promise<void> {
    if (this.shown?.name === name) return;
    const prev = this.shown;
    this.shown = null;
    prev?.close();
    if (!name) return;
    const onClose = () => {
      if (this.shown?.name !== name) return;
      this.shown = null;
      this.actions.closeDialog();
    };
    const placeholder = { name, close: () => undefined };
    this.shown = placeholder;
    let handle: { close(): void };
    if (name === "export") handle = new ExportDialog(this.root, this.store, this.actions, onClose);
    else if (name === "organize") handle = new OrganizeDialog(this.root, this.store, this.actions, onClose);
    else if (name === "sync") handle = new SyncDialog(this.root, this.store, this.actions, onClose);
    else {
      // About shows the version: ask first, then open
      const info = await this.actions.appInfo();
      if (this.shown !== placeholder) return; // closed or replaced meanwhile
      handle = openAbout(this.root, info, onClose);
    }
    this.shown = { name, close: () => handle.close() };
  }
}
