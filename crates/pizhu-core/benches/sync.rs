//! Sync over real servers on loopback (`rclone serve webdav` / `serve s3`,
//! as the integration tests start them): the first sync of a library with
//! 10,000 notes to an empty target, the same onto a second, empty library,
//! then one change sent and received, and nothing new, over WebDAV, S3, and
//! S3 end-to-end encrypted; then, on WebDAV, a study group: all those notes
//! shared, taken in by a new member, one change shared again (a group push
//! is a whole snapshot) and taken in, and nothing new. Time and the HTTP
//! requests made (free WebDAV plans ration requests: 坚果云 allows 600 per
//! 30 minutes). Prints a Markdown table.
//!
//! `cargo bench -p pizhu-core --bench sync [-- NOTES]`

#[path = "../../../tests/integration/servers.rs"]
mod servers;

use std::path::Path;
use std::time::Instant;

use pizhu_core::model::{AnnotationPatch, NewAnnotation};
use pizhu_core::{Credentials, Library, ShareEdits};
use servers::{Kind, Server};

fn notes(lib: &Library, n: u32) {
    let doc = lib.document("speech").expect("speech");
    let len = doc.text().chars().count() as u32;
    let inputs: Vec<NewAnnotation> = (0..n)
        .map(|i| {
            let start = (i * 7) % (len - 20);
            NewAnnotation {
                doc_id: "speech".into(),
                start,
                end: start + 4 + i % 8,
                color: "yellow".into(),
                note: format!("第 {i} 条批注：学习体会，联系工作实际。"),
                tags: vec![format!("标签{}", i % 20)],
            }
        })
        .collect();
    for chunk in inputs.chunks(1000) {
        lib.add_annotations(chunk).expect("notes");
    }
}

fn main() {
    let n: u32 = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let root = tempfile::tempdir().expect("tempdir");
    let cwd = Path::new("/");
    let mut rows: Vec<(String, String, String)> = Vec::new();
    for (kind, encrypted) in [(Kind::Webdav, false), (Kind::S3, false), (Kind::S3, true)] {
        let server = Server::start(kind, &root.path().join(format!("{kind:?}-{encrypted}")));
        let env: std::collections::HashMap<_, _> = server.env().into_iter().collect();
        let credentials = || Credentials {
            user: env.get("PIZHU_SYNC_USER").or(env.get("AWS_ACCESS_KEY_ID")).cloned(),
            password: env.get("PIZHU_SYNC_PASSWORD").or(env.get("AWS_SECRET_ACCESS_KEY")).cloned(),
            passphrase: encrypted.then(|| "学习小组 2026".to_owned()),
        };
        let url = server.url("bench");
        let (a_dir, b_dir) =
            (root.path().join(format!("{kind:?}-{encrypted}-a")), root.path().join(format!("{kind:?}-{encrypted}-b")));
        let (a, _) = Library::open(&a_dir, &|_| {}).expect("open a");
        let (b, _) = Library::open(&b_dir, &|_| {}).expect("open b");
        notes(&a, n);
        let name = match (kind, encrypted) {
            (Kind::Webdav, _) => "WebDAV",
            (Kind::S3, false) => "S3",
            (Kind::S3, true) => "S3, encrypted",
        };
        let mut row = |what: String, t: Instant, requests: u32| {
            rows.push((format!("{name}: {what}"), format!("{:.2} s", t.elapsed().as_secs_f64()), requests.to_string()));
        };
        let t = Instant::now();
        let r = a.sync_as(Some(&url), cwd, Some(credentials())).expect("first sync");
        row(format!("first sync of {n} notes to an empty target ({} records)", r.sent), t, r.requests);
        let t = Instant::now();
        let r = b.sync_as(Some(&url), cwd, Some(credentials())).expect("onto b");
        row(format!("onto a second, empty library ({} records)", r.received), t, r.requests);
        let t = Instant::now();
        let r = a.sync_as(None, cwd, Some(credentials())).expect("a again");
        row(format!("the first device takes in the second ({} records)", r.received), t, r.requests);
        let id = a.annotations(&Default::default()).expect("list")[0].id.clone();
        a.update_annotation(&id, &AnnotationPatch { note: Some("改一条".into()), ..Default::default() }).expect("edit");
        let t = Instant::now();
        let r = a.sync_as(None, cwd, Some(credentials())).expect("send one");
        row(format!("send one change ({} record)", r.sent), t, r.requests);
        let t = Instant::now();
        let r = b.sync_as(None, cwd, Some(credentials())).expect("receive one");
        row(format!("receive one change ({} record)", r.received), t, r.requests);
        let t = Instant::now();
        let r = b.sync_as(None, cwd, Some(credentials())).expect("idle");
        row("nothing new".into(), t, r.requests);
        if kind != Kind::Webdav {
            continue;
        }
        // A study group: a shares all their notes on the speech, a new member c fetches them.
        let group = server.url("group");
        let (c, _) = Library::open(&root.path().join("group-c"), &|_| {}).expect("open c");
        let speech = ShareEdits { docs: vec!["speech".into()], ..Default::default() };
        let t = Instant::now();
        let r = a.share(Some(&group), cwd, Some("张三"), &speech, Some(credentials())).expect("share");
        row(format!("group: share {} notes", r.sent), t, r.requests);
        let t = Instant::now();
        let r = c.share(Some(&group), cwd, Some("李四"), &ShareEdits::default(), Some(credentials())).expect("join");
        row(format!("group: a member joins and takes them in ({} notes)", r.received), t, r.requests);
        a.update_annotation(&id, &AnnotationPatch { note: Some("再改一条".into()), ..Default::default() })
            .expect("edit");
        let t = Instant::now();
        let r = a.share(None, cwd, None, &ShareEdits::default(), Some(credentials())).expect("share one");
        row(format!("group: share again after one change ({} notes: a snapshot)", r.sent), t, r.requests);
        let t = Instant::now();
        let r = c.share(None, cwd, None, &ShareEdits::default(), Some(credentials())).expect("take one");
        row(format!("group: the member takes the change ({} note changed)", r.received), t, r.requests);
        let t = Instant::now();
        let r = c.share(None, cwd, None, &ShareEdits::default(), Some(credentials())).expect("idle");
        row("group: nothing new".into(), t, r.requests);
    }
    println!("| operation | time | requests |\n|---|---|---|");
    for (what, t, r) in rows {
        println!("| {what} | {t} | {r} |");
    }
}
