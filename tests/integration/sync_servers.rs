//! Sync over real servers on loopback (issue 8, step S2): `rclone serve
//! webdav` and `rclone serve s3`, started here; the real binary on real
//! SQLite files, each data directory a device. Cuts are made by a proxy in
//! front of the server and by killing the server.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use crate::servers::{Cut, Keyring, Kind, Proxy, Server, DAV_PASS, DAV_USER};
use crate::sync::{add_notes, highlight, json, library_bytes, state, write_text};
use crate::util::{bin, ok, tempdir};

/// Runs `pizhu --data-dir DIR ARGS…` with `env` (credentials, a clock).
fn run(dir: &Path, args: &[&str], env: &[(&str, String)]) -> Output {
    let mut cmd = Command::new(bin());
    cmd.arg("--data-dir").arg(dir).args(args).env("PIZHU_LANG", "en");
    // Credentials only from what the test gives: not the environment's, nor
    // the keychain of the user running the tests.
    for k in [
        "PIZHU_SYNC_USER",
        "PIZHU_SYNC_PASSWORD",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "PIZHU_SYNC_PASSPHRASE",
    ] {
        cmd.env_remove(k);
    }
    cmd.env("PIZHU_KEYCHAIN", "off");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run pizhu")
}

/// `pizhu sync URL --json` with the server's credentials, which must work.
fn sync(dir: &Path, server: &Server, url: &str) -> Value {
    sync_env(dir, url, &server.env())
}

fn sync_env(dir: &Path, url: &str, env: &[(&str, String)]) -> Value {
    let out = run(dir, &["sync", url, "--json"], env);
    assert!(
        out.status.success(),
        "sync {url} failed: {}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

fn n(v: &Value, key: &str) -> u64 {
    v[key].as_u64().unwrap_or_else(|| panic!("{key} in {v}"))
}

fn ids(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = json(dir, &["notes", "--json"])
        .as_array()
        .expect("notes")
        .iter()
        .map(|n| n["id"].as_str().expect("id").to_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn two_libraries_converge_over_webdav_within_the_request_budget() {
    let (a, b, files, root) = (tempdir(), tempdir(), tempdir(), tempdir());
    let (a, b) = (a.path(), b.path());
    let server = Server::start(Kind::Webdav, &root.path().join("dav"));
    let url = server.url("学习/笔记");
    let text = "学习心得\n\n一、坚持党的绝对领导\n\n政法队伍要坚持党的绝对领导，锻造忠诚干净担当的政法铁军。\n";
    let doc = ok(a, &["import", &write_text(files.path(), "心得.txt", text).to_string_lossy()]).trim().to_owned();
    let mine = highlight(a, &doc, "忠诚干净担当", "甲：三个关键词", "政法");
    highlight(a, "speech", "政法铁军", "甲：铁军", "心得");
    ok(a, &["rename-color", "yellow", "必背"]);
    highlight(b, "speech", "党史", "乙：家里写的", "心得");

    let first = sync(a, &server, &url);
    assert!(n(&first, "sent") >= 4, "{first}");
    let second = sync(b, &server, &url);
    assert!(n(&second, "received") >= 4, "{second}");
    sync(a, &server, &url);
    assert_eq!(state(a), state(b));
    assert_eq!(json(b, &["show", &doc, "--json"])["title"], "学习心得");
    // The files lie where the URL says, each device under its own id.
    let heads = std::fs::read_dir(server.files("学习/笔记/heads")).expect("heads").count();
    assert_eq!(heads, 2);

    // The remembered target: `pizhu sync` alone. Nothing new: two requests
    // (list the heads, read the one that is not mine).
    let idle = json_sync_remembered(b, &server);
    assert_eq!((n(&idle, "sent"), n(&idle, "received")), (0, 0), "{idle}");
    assert!(n(&idle, "requests") <= 3, "{idle}");
    // One change: at most five requests to send it, five to receive it.
    ok(a, &["edit", &mine, "--note", "甲：改过的"]);
    let one = json_sync_remembered(a, &server);
    assert_eq!(n(&one, "sent"), 1, "{one}");
    assert!(n(&one, "requests") <= 5, "{one}");
    let got = json_sync_remembered(b, &server);
    assert_eq!(n(&got, "received"), 1, "{got}");
    assert!(n(&got, "requests") <= 5, "{got}");
    assert_eq!(state(a), state(b));
    assert!(ok(b, &["search", "改过的"]).contains(&mine), "B's index has A's edit");

    // A wrong password is refused in words, and nothing here changes.
    let before = library_bytes(b);
    let out = run(
        b,
        &["sync", &url],
        &[
            ("PIZHU_SYNC_USER", DAV_USER.into()),
            ("PIZHU_SYNC_PASSWORD", "wrong".into()),
            ("PIZHU_LANG", "zh-CN".into()),
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("拒绝了用户名或密码"), "{err}");
    assert!(!err.contains("wrong"), "a password is never printed: {err}");
    assert_eq!(library_bytes(b), before);
    // A password in the address is refused before anything is sent.
    let out = run(b, &["sync", &format!("webdav://u:p@127.0.0.1:{}/x", server.port)], &[]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("password"), "{out:?}");
}

fn json_sync_remembered(dir: &Path, server: &Server) -> Value {
    let out = run(dir, &["sync", "--json"], &server.env());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[test]
fn three_devices_converge_over_s3_with_concurrent_edits_and_a_delete() {
    let (a, b, c, root) = (tempdir(), tempdir(), tempdir(), tempdir());
    let (a, b, c) = (a.path(), b.path(), c.path());
    let server = Server::start(Kind::S3, &root.path().join("s3"));
    let url = server.url("library");
    let shared = highlight(a, "speech", "政法铁军", "原来的批注", "心得");
    let doomed = highlight(a, "speech", "党史", "要删的", "心得");
    for d in [a, b, c, a] {
        sync(d, &server, &url);
    }
    assert_eq!(state(a), state(b));
    assert_eq!(state(b), state(c));
    // A and B edit the same note at once; C deletes a note B edits.
    ok(a, &["edit", &shared, "--note", "甲改的"]);
    ok(b, &["edit", &shared, "--note", "乙改的"]);
    ok(c, &["delete", &doomed]);
    ok(b, &["edit", &doomed, "--note", "乙补充"]);
    let mut conflicts = 0;
    for d in [a, b, c, a, b, c] {
        conflicts += n(&sync(d, &server, &url), "conflicts");
    }
    assert_eq!(state(a), state(b));
    assert_eq!(state(b), state(c));
    assert!(conflicts >= 2, "every device that had a text learns of the conflict: {conflicts}");
    // Both words kept: one as the note, the other in the conflicts list, everywhere.
    for d in [a, b, c] {
        let list = json(d, &["conflicts", "--json"]);
        let list = list.as_array().expect("conflicts");
        assert_eq!(list.len(), 1, "{list:?}");
        let mut both = vec![list[0]["current"].as_str().expect("current"), list[0]["other"].as_str().expect("other")];
        both.sort();
        assert_eq!(both, ["乙改的", "甲改的"]);
    }
    // Delete against edit: in the trash with the edit, restorable.
    let trash = json(c, &["notes", "--trash", "--json"]);
    let t = trash.as_array().expect("trash").iter().find(|n| n["id"] == doomed.as_str()).expect("in the trash");
    assert_eq!(t["note"], "乙补充");
    // Wrong keys: refused in words, nothing changed.
    let before = library_bytes(c);
    let out = run(
        c,
        &["sync", &url],
        &[("AWS_ACCESS_KEY_ID", "PIZHUTESTKEY".into()), ("AWS_SECRET_ACCESS_KEY", "nope".into())],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("refused"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(library_bytes(c), before);
}

#[test]
fn a_server_killed_mid_upload_loses_nothing_and_doubles_nothing() {
    let (a, b, root) = (tempdir(), tempdir(), tempdir());
    let (a, b) = (a.path(), b.path());
    let mut server = Server::start(Kind::Webdav, &root.path().join("dav"));
    highlight(a, "speech", "政法铁军", "先有的一条", "心得");
    sync(a, &server, &server.url("lib"));
    sync(b, &server, &server.url("lib"));
    add_notes(a, 1000, "cut");
    // The network drops 40 KB into the upload of the 1,000 notes, and the
    // server dies with it.
    let proxy = Proxy::start(server.port, Cut::AfterBytes(40_000));
    let via = server.url_via(proxy.port, "lib");
    let out = run(a, &["sync", &via, "--json"], &server.env());
    assert!(!out.status.success(), "the cut must show");
    assert!(proxy.has_cut());
    server.kill();
    let out = run(a, &["sync", &server.url("lib")], &server.env());
    assert!(!out.status.success(), "a dead server is an error, not a success");
    server.restart();
    // Again, whole: everything arrives once.
    sync(a, &server, &server.url("lib"));
    let got = sync(b, &server, &server.url("lib"));
    assert!(n(&got, "received") >= 1000, "{got}");
    assert_eq!(ids(a), ids(b));
    assert_eq!(ids(b).len(), 1001);
    assert_eq!(state(a), state(b));
}

/// A WebDAV server, two libraries synced through it (`lib`), then a second
/// note on `a` not yet sent.
fn two_devices_and_a_change(a: &Path, b: &Path, root: &Path) -> (Server, String) {
    let server = Server::start(Kind::Webdav, &root.join("dav"));
    let url = server.url("lib");
    highlight(a, "speech", "政法铁军", "第一条", "心得");
    sync(a, &server, &url);
    sync(b, &server, &url);
    highlight(a, "speech", "党史", "第二条", "心得");
    (server, url)
}

#[test]
fn a_push_whose_answer_never_came_is_not_reused_under_its_number() {
    // The head reaches the server but the answer is lost: this library does
    // not know its push went through, while a peer may already have read it.
    let (a, b, root) = (tempdir(), tempdir(), tempdir());
    let (a, b) = (a.path(), b.path());
    let (server, url) = two_devices_and_a_change(a, b, root.path());
    let proxy = Proxy::start(server.port, Cut::AnswerOf("PUT /lib/heads/".into()));
    let out = run(a, &["sync", &server.url_via(proxy.port, "lib")], &server.env());
    assert!(!out.status.success(), "the lost answer must show: {}", String::from_utf8_lossy(&out.stdout));
    assert!(proxy.has_cut());
    // B reads what did arrive, then A writes more and syncs again.
    let got = sync(b, &server, &url);
    assert_eq!(n(&got, "received"), 1, "{got}");
    let third = highlight(a, "speech", "人民", "第三条", "心得");
    sync(a, &server, &url);
    let got = sync(b, &server, &url);
    assert!(n(&got, "received") >= 1, "{got}");
    assert!(ids(b).contains(&third), "the note written after the lost answer reaches B");
    assert_eq!(state(a), state(b));
}

#[test]
fn a_device_offline_for_a_thousand_changes_catches_up_in_a_few_requests() {
    let (a, b, root) = (tempdir(), tempdir(), tempdir());
    let (a, b) = (a.path(), b.path());
    let server = Server::start(Kind::Webdav, &root.path().join("dav"));
    let url = server.url("lib");
    add_notes(a, 200, "off");
    sync(a, &server, &url);
    sync(b, &server, &url);
    // B offline: 1,000 edits through the store (each its own write and stamp).
    {
        let mut store = pizhu_store::Store::open(&b.join(pizhu_core::DB_FILE)).expect("store");
        for i in 0..1000u32 {
            let patch = pizhu_core::model::AnnotationPatch {
                note: Some(format!("离线第 {i} 次修改")),
                ..Default::default()
            };
            store.update_annotation(&format!("off-{:04}", i % 200), &patch).expect("edit");
        }
    }
    // Meanwhile A edits ten other things.
    for i in 0..10 {
        ok(a, &["edit", &format!("off-{:04}", 100 + i), "--tag", "在办公室"]);
    }
    let up = sync(b, &server, &url);
    assert_eq!(n(&up, "sent"), 200, "one record per note changed, not per change: {up}");
    assert!(n(&up, "requests") <= 6, "{up}");
    // A receives B's one segment and sends its own: the heads listed, both
    // heads read, B's segment read, A's segment and head written.
    let down = sync(a, &server, &url);
    assert!(n(&down, "requests") <= 7, "{down}");
    sync(b, &server, &url);
    assert_eq!(state(a), state(b));
    // The tags A added and the text B wrote last both hold.
    let note = json(a, &["notes", "--json"]);
    let n105 = note.as_array().expect("notes").iter().find(|n| n["id"] == "off-0105").expect("note");
    assert_eq!(n105["note"], "离线第 905 次修改");
    assert_eq!(n105["tags"], serde_json::json!(["在办公室"]));
}

#[test]
fn a_clock_a_day_behind_still_orders_edits_it_has_seen() {
    let (a, b, root) = (tempdir(), tempdir(), tempdir());
    let (a, b) = (a.path(), b.path());
    let server = Server::start(Kind::S3, &root.path().join("s3"));
    let url = server.url("lib");
    let mut slow = server.env();
    slow.push(("PIZHU_CLOCK_OFFSET_SECONDS", "-86400".into()));
    let id = highlight(a, "speech", "政法铁军", "甲写的", "心得");
    sync(a, &server, &url);
    sync_env(b, &url, &slow);
    // A edits; B (its clock a day behind) syncs, then edits on top of A's text.
    ok(a, &["edit", &id, "--note", "甲改的"]);
    sync(a, &server, &url);
    sync_env(b, &url, &slow);
    let out = run(b, &["edit", &id, "--note", "乙在甲之后改的"], &slow);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let up = sync_env(b, &url, &slow);
    assert_eq!(n(&up, "conflicts"), 0, "{up}");
    let down = sync(a, &server, &url);
    assert_eq!(n(&down, "conflicts"), 0, "an edit made after seeing the other is no conflict: {down}");
    // The later edit wins although its wall clock says a day earlier.
    let notes = json(a, &["notes", "--json"]);
    let note = notes.as_array().expect("notes").iter().find(|n| n["id"] == id.as_str()).expect("the note");
    assert_eq!(note["note"], "乙在甲之后改的");
    assert_eq!(state(a), state(b));
}

#[test]
fn a_garbled_file_on_a_webdav_target_is_refused_and_the_library_is_untouched() {
    let (a, b, root) = (tempdir(), tempdir(), tempdir());
    let (a, b) = (a.path(), b.path());
    let (server, url) = two_devices_and_a_change(a, b, root.path());
    sync(a, &server, &url);
    // Cut A's newest segment short on the server.
    let log = server.files("lib/log");
    let seg = std::fs::read_dir(&log)
        .expect("log")
        .flatten()
        .map(|d| d.path().join("0000000002.pzs"))
        .find(|p| p.exists())
        .expect("A's second segment");
    let bytes = std::fs::read(&seg).expect("segment");
    std::fs::write(&seg, &bytes[..bytes.len() / 2]).expect("cut");
    // The server's directory cache lives 100 ms (servers.rs).
    std::thread::sleep(std::time::Duration::from_millis(300));
    let before = library_bytes(b);
    let out = run(b, &["sync", &url], &{
        let mut e = server.env();
        e.push(("PIZHU_LANG", "zh-CN".into()));
        e
    });
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("已损坏") && err.contains("本地书库没有任何改动"), "{err}");
    assert_eq!(library_bytes(b), before);
}

/// Every file under `dir` with its bytes, for "nothing was written".
fn snapshot(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn an_encrypted_target_is_noise_to_the_provider_and_refuses_a_wrong_passphrase() {
    let (a, b, c, root) = (tempdir(), tempdir(), tempdir(), tempdir());
    let (a, b, c) = (a.path(), b.path(), c.path());
    let server = Server::start(Kind::S3, &root.path().join("s3"));
    let url = server.url("secret");
    let with = |pass: &str| {
        let mut e = server.env();
        e.push(("PIZHU_SYNC_PASSPHRASE", pass.to_owned()));
        e.push(("PIZHU_LANG", "zh-CN".to_owned()));
        e
    };
    let id = highlight(a, "speech", "政法铁军", "甲：只给小组看的批注", "心得");
    sync_env(a, &url, &with("支部 学习 2026"));
    let mut plain = server.env();
    plain.push(("PIZHU_LANG", "zh-CN".to_owned()));
    // The only device so far, without the passphrase (a script that lost
    // it): refused before anything is sent, not a plaintext upload.
    let first = snapshot(&server.files("secret"));
    highlight(a, "speech", "党史", "甲：第二条", "心得");
    let out = run(a, &["sync", "--json"], &plain);
    assert!(String::from_utf8_lossy(&out.stderr).contains("已加密"), "{out:?}");
    assert_eq!(snapshot(&server.files("secret")), first, "nothing written without the passphrase");
    sync_env(a, &url, &with("支部 学习 2026"));
    // What the provider holds: the marker (no key in the clear) and age files.
    let files = snapshot(&server.files("secret"));
    assert!(files.len() >= 3, "{files:?}");
    for (path, bytes) in &files {
        if path.ends_with("pizhu-sync.json") {
            let text = String::from_utf8_lossy(bytes);
            assert!(text.contains("BEGIN AGE ENCRYPTED FILE") && !text.contains("AGE-SECRET-KEY"), "{text}");
        } else {
            assert!(bytes.starts_with(b"age-encryption.org/v1"), "{path:?} is not encrypted");
        }
    }
    // A wrong passphrase: refused in words; not a byte written there or here.
    let out = run(b, &["sync", &url], &with("支部 学习 2025"));
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("密码短语不对"), "{err}");
    assert_eq!(snapshot(&server.files("secret")), files);
    assert!(json(b, &["notes", "--json"]).as_array().expect("notes").is_empty());
    // No passphrase: told the target is encrypted.
    let out = run(b, &["sync", &url], &plain);
    assert!(String::from_utf8_lossy(&out.stderr).contains("已加密"), "{out:?}");
    // The right one: the note arrives, and it is searchable here.
    sync_env(b, &url, &with("支部 学习 2026"));
    assert_eq!(ids(b), ids(a));
    assert!(ids(b).contains(&id));
    assert!(ok(b, &["search", "只给小组看"]).contains(&id));
    // Once known, a sync without the passphrase is refused, not garbled.
    let out = run(a, &["sync", "--json"], &plain);
    assert!(String::from_utf8_lossy(&out.stderr).contains("已加密"), "{out:?}");
    // A passphrase for a plain target is refused rather than ignored.
    sync(c, &server, &server.url("plain"));
    let out = run(c, &["sync", &server.url("plain")], &with("随便"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("没有加密"), "{out:?}");
    // A file altered on the server is refused; the library is untouched.
    ok(a, &["edit", &id, "--note", "甲：改过"]);
    let known = snapshot(&server.files("secret/log"));
    sync_env(a, &url, &with("支部 学习 2026"));
    let seg = snapshot(&server.files("secret/log"))
        .into_iter()
        .map(|(p, _)| p)
        .find(|p| !known.iter().any(|(k, _)| k == p))
        .expect("the segment of the edit");
    let mut bytes = std::fs::read(&seg).expect("seg");
    let at = bytes.len() - 20;
    bytes[at] ^= 0x55;
    std::fs::write(&seg, &bytes).expect("tamper");
    std::thread::sleep(std::time::Duration::from_millis(300)); // a WebDAV server's directory cache
    let before = library_bytes(b);
    let out = run(b, &["sync", &url], &with("支部 学习 2026"));
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("无法用此目标的密钥解密"), "{err}");
    assert_eq!(library_bytes(b), before);
}

#[cfg(target_os = "linux")]
#[test]
fn credentials_saved_in_the_system_keychain_never_reach_the_library_file() {
    let keyring = Keyring::start();
    let (a, root) = (tempdir(), tempdir());
    let a = a.path();
    let server = Server::start(Kind::Webdav, &root.path().join("dav"));
    let url = server.url("kc");
    let in_keyring = keyring.env();
    highlight(a, "speech", "政法铁军", "钥匙串", "心得");

    // The first sync takes them from the environment and keeps them.
    let with_env: Vec<(&str, String)> = server.env().into_iter().chain(in_keyring.clone()).collect();
    let out = run(a, &["sync", &url, "--save-credentials"], &with_env);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Later syncs need no variables: the keychain gives them.
    highlight(a, "speech", "党史", "第二条", "心得");
    let out = run(a, &["sync", "--json"], &in_keyring);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(n(&report, "sent") >= 1, "{report}");
    // In the keychain, never in the library's files.
    let bytes = library_bytes(a);
    assert!(!bytes.windows(DAV_PASS.len()).any(|w| w == DAV_PASS.as_bytes()), "the password is in the library's files");
    // Without the keychain the same sync is refused: it was the keychain's doing.
    let out = run(a, &["sync"], &[]);
    assert!(!out.status.success(), "a sync without credentials worked");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("refused the user name or password"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Forgetting the target removes them; a sync then has none.
    let out = run(a, &["sync", "--forget"], &in_keyring);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(a, &["sync", &url], &in_keyring);
    assert!(!out.status.success(), "the credentials outlived --forget");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("refused the user name or password"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_sync_waiting_on_a_slow_server_does_not_hold_up_the_library() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let (dir, other, root) = (tempdir(), tempdir(), tempdir());
    let server = Server::start(Kind::Webdav, &root.path().join("dav"));
    // Every piece of every request waits 400 ms on its way: a sync takes seconds.
    let slow = Proxy::start(server.port, Cut::Slow(std::time::Duration::from_millis(400)));
    let (lib, _) = pizhu_core::Library::open(dir.path(), &|_| {}).expect("open");
    let lib = Arc::new(lib);
    let credentials =
        pizhu_core::Credentials { user: Some(DAV_USER.into()), password: Some(DAV_PASS.into()), passphrase: None };
    let done = Arc::new(AtomicBool::new(false));
    let syncing = {
        let (lib, done, url, credentials) =
            (lib.clone(), done.clone(), server.url_via(slow.port, "slow"), credentials.clone());
        std::thread::spawn(move || {
            let r = lib.sync_as(Some(&url), Path::new("."), Some(credentials));
            done.store(true, Ordering::SeqCst);
            r
        })
    };
    // While it waits on the network, the reader highlights and searches.
    std::thread::sleep(std::time::Duration::from_millis(600));
    lib.create_annotation(&pizhu_core::model::NewAnnotation {
        doc_id: "speech".into(),
        start: 40,
        end: 44,
        color: "yellow".into(),
        note: "同步时写的".into(),
        tags: vec![],
    })
    .expect("create while syncing");
    assert!(!lib.search("同步时写的", 10).expect("search").hits.is_empty(), "the note is searchable at once");
    assert!(
        !done.load(Ordering::SeqCst),
        "the write waited for the whole sync (the library's lock was held across the network)"
    );
    syncing.join().expect("sync thread").expect("sync");
    // Nothing written meanwhile is lost: after the next sync, another
    // computer has the note.
    lib.sync_as(Some(&server.url("slow")), Path::new("."), Some(credentials)).expect("second sync");
    sync(other.path(), &server, &server.url("slow"));
    let notes = json(other.path(), &["notes", "--json"]);
    assert!(notes.as_array().expect("notes").iter().any(|n| n["note"] == "同步时写的"), "{notes}");
}
