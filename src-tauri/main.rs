//! `pizhu`: with a subcommand, the headless command line; without one, the
//! desktop window.

// Release builds on Windows are GUI programs (no console window); the CLI
// re-attaches to the parent console itself.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    std::process::exit(pizhu_app::main_entry());
}
