// What the UI needs around the generated bindings (ui/src/bindings, from
// src-tauri/commands.rs): the backend's type, dialog filters, and turning
// whatever a command rejects with into an ApiError.
import type { ApiError, ErrorCode } from "../bindings";

/** The UI's backend: the app's commands (see tauri.ts). */
export type { TauriBackend as Backend } from "./tauri";

export type Unlisten = () => void;

/** A file type choice of the open/save dialogs. */
export interface FileFilter {
  name: string;
  extensions: string[];
}

// Every ErrorCode, checked both ways by the compiler against the generated
// type: a code added in Rust fails the UI build until it is listed here.
const CODES: Readonly<Record<ErrorCode, true>> = {
  not_found: true,
  invalid: true,
  bad_file: true,
  in_use: true,
  too_new: true,
  io: true,
  starting: true,
  internal: true,
};

export function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && Object.hasOwn(CODES, (e as ApiError).code) && typeof (e as ApiError).message === "string";
}

/** Normalises anything a command may reject with into an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return { code: e.code, message: e.message };
  if (typeof e === "string") return { code: "internal", message: e };
  if (e instanceof Error) return { code: "internal", message: e.message };
  return { code: "internal", message: String(e) };
}
