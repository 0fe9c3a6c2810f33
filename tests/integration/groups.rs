//! Study groups (issue 8, step S4) over a real WebDAV server on loopback
//! (`rclone serve webdav`): three members' libraries (the real binary,
//! real SQLite files) share what each chose, and see the others' notes
//! under their names, read-only, searchable, never sent on as their own.

use std::path::Path;
use std::process::{Command, Output};

use pizhu_sync::container::{decode, FileKind};
use serde_json::Value;

use crate::servers::{Kind, Server};
use crate::sync::write_text;
use crate::util::{bin, ok, tempdir};

fn run(dir: &Path, args: &[&str], env: &[(&str, String)]) -> Output {
    let mut cmd = Command::new(bin());
    cmd.arg("--data-dir").arg(dir).args(args).env("PIZHU_LANG", "en").env("PIZHU_KEYCHAIN", "off");
    for k in ["PIZHU_SYNC_USER", "PIZHU_SYNC_PASSWORD", "PIZHU_SYNC_PASSPHRASE"] {
        cmd.env_remove(k);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run pizhu")
}

/// `pizhu share URL ARGS… --json`, which must work.
fn share(dir: &Path, server: &Server, url: &str, args: &[&str]) -> Value {
    let mut all = vec!["share", url, "--json"];
    all.extend_from_slice(args);
    let out = run(dir, &all, &server.env());
    assert!(
        out.status.success(),
        "share {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

fn notes(dir: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["notes", "--json"];
    args.extend_from_slice(extra);
    serde_json::from_str::<Value>(ok(dir, &args).trim()).expect("JSON").as_array().expect("notes").clone()
}

fn highlight(dir: &Path, doc: &str, quote: &str, color: &str, note: &str) -> String {
    let out = ok(dir, &["highlight", doc, "--quote", quote, "--color", color, "--note", note]);
    serde_json::from_str::<Value>(out.trim()).expect("JSON")["id"].as_str().expect("id").to_owned()
}

fn find<'a>(notes: &'a [Value], id: &str) -> Option<&'a Value> {
    notes.iter().find(|n| n["id"] == id)
}

/// Every record body of every snapshot on the target, decoded: what a
/// member's device can read there.
fn target_text(root: &Path) -> String {
    let mut out = String::new();
    let snap = root.join("snap");
    for device in std::fs::read_dir(&snap).expect("snap").flatten() {
        let name = device.file_name().to_string_lossy().into_owned();
        for file in std::fs::read_dir(device.path()).expect("device").flatten() {
            let seq: u64 = file.file_name().to_string_lossy().trim_end_matches(".pzs").parse().expect("seq");
            let bytes = std::fs::read(file.path()).expect("read");
            let (_, body) = decode("snap", &bytes, FileKind::Snap, &name, Some(seq)).expect("decodes");
            out.push_str(&String::from_utf8_lossy(&body));
        }
    }
    out
}

#[test]
fn three_members_share_in_a_group_and_see_each_other_read_only_by_name() {
    let (a, b, c, d, files, root, own) = (tempdir(), tempdir(), tempdir(), tempdir(), tempdir(), tempdir(), tempdir());
    let (a, b, c, d) = (a.path(), b.path(), c.path(), d.path());
    let server = Server::start(Kind::Webdav, &root.path().join("dav"));
    let url = server.url("小组/第一支部");

    // 张三 shares all his notes on the speech; a note on his own document stays private.
    let doc = ok(
        a,
        &["import", &write_text(files.path(), "札记.txt", "我的札记\n\n只给自己看的一段话。\n").to_string_lossy()],
    )
    .trim()
    .to_owned();
    let shared_a = highlight(a, "speech", "政法铁军", "green", "张三：铁军要忠诚");
    let private_a = highlight(a, &doc, "只给自己看", "yellow", "张三的私房话");
    ok(a, &["rename-color", "green", "张三的必背"]);
    // 李四 shares one note of two.
    let shared_b = highlight(b, "speech", "提高政治站位", "red", "李四：根本原则");
    let private_b = highlight(b, "speech", "切实增强政治责任感", "blue", "李四不想给人看的");
    // 王五 has nothing of his own yet.
    let r = share(a, &server, &url, &["--as", "张三", "--doc", "speech"]);
    assert_eq!((r["sent"].as_u64(), r["members"].as_u64()), (Some(1), Some(0)), "{r}");
    share(b, &server, &url, &["--as", "李四", "--note", &shared_b]);
    let r = share(c, &server, &url, &["--as", "王五"]);
    assert_eq!(r["members"].as_u64(), Some(2), "{r}");
    assert_eq!(r["received"].as_u64(), Some(2), "{r}");
    share(a, &server, &url, &[]);
    share(b, &server, &url, &[]);

    // Each sees the others' shared notes under their names, never the private ones.
    let seen = notes(c, &[]);
    let za = find(&seen, &shared_a).expect("张三's shared note at 王五's");
    assert_eq!((za["author"].as_str(), za["mine"].as_bool()), (Some("张三"), Some(false)), "{za}");
    assert_eq!(za["note"], "张三：铁军要忠诚");
    assert_eq!(find(&seen, &shared_b).expect("李四's")["author"], "李四");
    for private in [&private_a, &private_b] {
        assert!(find(&seen, private).is_none(), "a private note reached 王五");
        assert!(find(&notes(a, &[]), &private_b).is_none() && find(&notes(b, &[]), &private_a).is_none());
    }
    let on_target = target_text(&server.files("小组/第一支部"));
    assert!(on_target.contains("张三：铁军要忠诚") && on_target.contains("李四：根本原则"));
    for private in ["张三的私房话", "李四不想给人看的", "只给自己看的一段话"] {
        assert!(!on_target.contains(private), "{private} was sent to the group");
    }
    let at_a = notes(a, &[]);
    assert_eq!(find(&at_a, &shared_b).expect("李四's at 张三's")["author"], "李四");
    assert_eq!(find(&at_a, &shared_a).expect("mine")["author"], "张三");
    assert!(find(&at_a, &shared_a).expect("mine")["mine"].as_bool().expect("mine"));
    // Filters: mine only, one member only.
    assert_eq!(notes(c, &["--mine"]).len(), 0);
    let by_li = notes(c, &["--member", "李四"]);
    assert_eq!(by_li.len(), 1);
    assert_eq!(by_li[0]["id"], shared_b.as_str());

    // Searchable; never editable as mine; a copy is.
    assert!(ok(c, &["search", "铁军要忠诚"]).contains(&shared_a), "the member's note is in 王五's index");
    let refused = run(c, &["edit", &shared_a, "--note", "王五改的"], &[]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("张三"), "the refusal names the member");
    assert!(!run(c, &["delete", &shared_a], &[]).status.success());
    let copy: Value = serde_json::from_str(ok(c, &["copy", &shared_a]).trim()).expect("copy");
    let copy_id = copy["id"].as_str().expect("id").to_owned();
    assert!(copy["author"].is_null(), "{copy}");
    assert_eq!((copy["exact"].as_str(), copy["note"].as_str()), (Some("政法铁军"), Some("张三：铁军要忠诚")));
    ok(c, &["edit", &copy_id, "--note", "王五：抄来再改"]);
    // A member's colour names never replace mine.
    let colors: Value = serde_json::from_str(ok(c, &["colors", "--json"]).trim()).expect("colors");
    let green = colors.as_array().expect("colors").iter().find(|k| k["key"] == "green").expect("green").clone();
    assert_ne!(green["label"], "张三的必背");
    // Review cards are my highlights only: the copy (green), not 张三's note.
    let review = ok(c, &["review"]);
    assert!(review.contains(&copy_id) && !review.contains(&shared_a), "{review}");

    // What I hand in is mine; the secretary's export collects everyone's by member.
    let out = files.path().join("mine.md");
    ok(c, &["export", "--format", "md", "-o", &out.to_string_lossy()]);
    let mine = std::fs::read_to_string(&out).expect("md");
    assert!(mine.contains("王五：抄来再改") && !mine.contains("李四：根本原则"), "{mine}");
    ok(c, &["export", "--format", "md", "--members", "-o", &out.to_string_lossy()]);
    let all = std::fs::read_to_string(&out).expect("md");
    let (wang, zhang, li) = (
        all.find("## 王五的批注 ·《").expect("王五's part first"),
        all.find("## 张三的批注 ·《").expect("张三's part"),
        all.find("## 李四的批注 ·《").expect("李四's part"),
    );
    assert!(wang < zhang && zhang < li, "{all}");
    assert!(all[li..].contains("李四：根本原则") && all[zhang..li].contains("张三：铁军要忠诚"), "{all}");
    let w3c = files.path().join("all.json");
    ok(c, &["export", "--format", "w3c", "--members", "-o", &w3c.to_string_lossy()]);
    let w3c: Value = serde_json::from_str(&std::fs::read_to_string(&w3c).expect("json")).expect("json");
    let items = w3c["first"]["items"].as_array().expect("items");
    let by_li = items.iter().find(|i| i["id"] == format!("urn:uuid:{shared_b}")).expect("李四's note");
    assert_eq!(by_li["creator"]["name"], "李四");

    // Nothing new: nothing sent, nothing received, a few requests.
    let idle = share(c, &server, &url, &[]);
    assert_eq!((idle["sent"].as_u64(), idle["received"].as_u64()), (Some(0), Some(0)), "{idle}");
    assert!(idle["requests"].as_u64().expect("requests") <= 4, "{idle}");

    // 张三 stops sharing: his note leaves the others' libraries, 王五's copy stays.
    share(a, &server, &url, &["--unshare", "--doc", "speech"]);
    let r = share(c, &server, &url, &[]);
    assert_eq!(r["received"].as_u64(), Some(1), "{r}");
    let seen = notes(c, &[]);
    assert!(find(&seen, &shared_a).is_none(), "an unshared note stays at 王五's");
    assert_eq!(find(&seen, &copy_id).expect("the copy")["note"], "王五：抄来再改");

    // 王五's own library sync carries his notes, never a member's.
    let mine_url = own.path().to_string_lossy().into_owned();
    ok(c, &["sync", &mine_url]);
    ok(d, &["sync", &mine_url]);
    let at_d = notes(d, &[]);
    assert!(find(&at_d, &copy_id).is_some());
    assert!(find(&at_d, &shared_b).is_none(), "a member's note went out with a library sync");
    // Neither kind of target is taken for the other.
    let wrong = run(c, &["sync", &url], &server.env());
    assert!(!wrong.status.success());
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("study group"),
        "{}",
        String::from_utf8_lossy(&wrong.stderr)
    );
    let wrong = run(c, &["share", &mine_url], &[]);
    assert!(!wrong.status.success());

    // Leaving the group removes the members' notes, keeps the copy.
    ok(c, &["share", "--leave"]);
    let seen = notes(c, &[]);
    assert!(find(&seen, &shared_b).is_none());
    assert!(find(&seen, &copy_id).is_some());
}
