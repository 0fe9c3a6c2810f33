//! The one integration-test binary (ripgrep style): the real `pizhu` binary
//! and the real library on real files in temporary directories. Fixtures
//! live in `tests/data`. Test names say what they guard.

mod bindings;
mod cli;
mod cli_docs;
mod crash;
mod export;
mod groups;
mod import;
mod library;
mod migrations;
mod packaging;
mod servers;
mod study;
mod sync;
mod sync_servers;
mod util;
mod versions;
