//! The Pizhu application: the command line and the Tauri desktop shell over
//! [`pizhu_core::Library`]. This crate is the only one that knows Tauri.
//!
//! * [`cli`]: argument parsing and the headless subcommands.
//! * [`commands`]: the IPC commands, each a short call into the library, and
//!   the one list of them from which the UI's bindings are generated.
//! * `desktop`: building and running the window.
//! * [`syncer`]: sync in the app: status, one sync at a time, the
//!   background loop.
//! * [`bindings`]: the TypeScript types the UI imports, generated from Rust.

#![warn(missing_docs)]

pub mod bindings;
pub mod cli;
pub mod commands;
mod desktop;
pub mod paths;
pub mod syncer;

/// Runs `pizhu` with the process arguments; returns the exit code.
pub fn main_entry() -> i32 {
    cli::main()
}
