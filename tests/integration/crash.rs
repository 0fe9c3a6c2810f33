//! A process killed (SIGKILL) in the middle of a stream of writes loses no
//! committed note and leaves a consistent store and index.
//!
//! The test binary re-runs itself as the writer: `crash_writer_child` is
//! ignored in normal runs and does its work only when `PIZHU_CRASH_DIR` is set.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use pizhu_core::model::{NewAnnotation, NoteFilter};
use pizhu_core::Library;

use crate::util::tempdir;

#[test]
#[ignore = "child process of killed_writer_loses_no_committed_note"]
fn crash_writer_child() {
    let Ok(dir) = std::env::var("PIZHU_CRASH_DIR") else { return };
    let (lib, _) = Library::open(std::path::Path::new(&dir), &|_| {}).expect("open");
    for i in 0u32.. {
        let a = lib
            .create_annotation(&NewAnnotation {
                doc_id: "speech".into(),
                start: (i * 7) % 3000,
                end: (i * 7) % 3000 + 3,
                color: "yellow".into(),
                note: format!("崩溃测试第{i}条批注"),
                tags: vec![format!("批次{}", i % 5)],
            })
            .expect("create");
        // Printed only after the write returned, i.e. after SQLite committed it.
        println!("COMMITTED {}", a.id);
        if i % 3 == 0 {
            let _ = lib.update_annotation(&a.id, &Default::default());
        }
    }
}

#[test]
fn killed_writer_loses_no_committed_note() {
    let dir = tempdir();
    let mut committed: Vec<String> = Vec::new();
    for (round, kill_after) in [3usize, 11, 26].into_iter().enumerate() {
        let mut child = Command::new(std::env::current_exe().expect("test binary"))
            .args(["crash::crash_writer_child", "--ignored", "--exact", "--nocapture", "--test-threads=1"])
            .env("PIZHU_CRASH_DIR", dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn writer");
        let stdout = child.stdout.take().expect("stdout");
        let mut seen = 0;
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("line");
            if let Some(id) = line.strip_prefix("COMMITTED ") {
                committed.push(id.to_owned());
                seen += 1;
                if seen == kill_after {
                    child.kill().expect("SIGKILL"); // std sends SIGKILL on Unix
                    break;
                }
            }
        }
        let status = child.wait().expect("wait");
        assert!(!status.success(), "round {round}: the writer was killed");

        let (lib, _) = Library::open(dir.path(), &|_| {}).expect("reopen after kill");
        lib.check().expect("store sound and index in step");
        let ids: Vec<String> =
            lib.annotations(&NoteFilter::default()).expect("list").into_iter().map(|a| a.id).collect();
        for id in &committed {
            assert!(ids.contains(id), "round {round}: committed note {id} lost");
        }
        let found = lib.search("崩溃测试", 10_000).expect("search");
        assert_eq!(found.total as usize, ids.len(), "round {round}: index holds exactly the stored notes");
    }
}
