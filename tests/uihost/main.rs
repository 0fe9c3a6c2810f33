//! `pizhu-uihost`: serves the built UI (`ui/dist`) to a browser and answers
//! its IPC with the real app: the same commands (`commands::specta_builder`),
//! the same `Library`, SQLite file and Tantivy index as the desktop, run by
//! Tauri's mock runtime instead of a window. The Chromium UI tests drive it,
//! so they test the UI against the rules the app has, not copies of them.
//!
//! ```text
//! pizhu-uihost [--dist ui/dist] [--port 0]      prints "listening on http://127.0.0.1:PORT"
//!   GET  /…                 ui/dist, with the app's CSP; index.html loads /__uihost.js first
//!   POST /__ipc             {"cmd", "args"} → the command's JSON, or its {code, message} with status 500
//!   POST /__test/reset      {"seed": N, "files": {"name": "text"}, "colors": [Color…]} → a fresh library,
//!                            N notes on the speech, colours added after the built-in ones;
//!                            answers {"dir": DATA_DIR, "files": {"name": PATH}}
//! ```
//!
//! Test-only: built with `--features uihost`, never shipped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use pizhu_app::commands::{specta_builder, AppState};
use pizhu_core::model::NewAnnotation;
use pizhu_core::Library;
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tiny_http::{Header, Method, Request, Response, Server};

/// The CSP of the app (tauri.conf.json) minus its ipc: sources.
const CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: asset:; connect-src 'self'";

/// The page's Tauri IPC: commands go to /__ipc; events and dialogs, which
/// need a window, are answered in the page and scripted by the tests
/// through `window.__uihost`.
const SHIM: &str = include_str!("shim.js");

fn main() {
    // A test host: never the keychain of whoever runs the tests (before
    // any thread starts, so setting the environment is sound).
    std::env::set_var("PIZHU_KEYCHAIN", "off");
    if let Err(e) = run() {
        eprintln!("pizhu-uihost: {e}");
        std::process::exit(1);
    }
}

struct Host {
    dist: PathBuf,
    state: Arc<AppState>,
    webview: tauri::WebviewWindow<MockRuntime>,
    /// The current library's folder (removed when replaced).
    dir: tempfile::TempDir,
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut dist = PathBuf::from("ui/dist");
    let mut port = 0u16;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--dist" => dist = args.next().map(PathBuf::from).ok_or("--dist needs a folder")?,
            "--port" => port = args.next().and_then(|p| p.parse().ok()).ok_or("--port needs a number")?,
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    if !dist.join("index.html").is_file() {
        return Err(format!("{} has no index.html: build the UI first (npm --prefix ui run build)", dist.display()));
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let state = Arc::new(AppState::new(dir.path().to_owned()));
    state.set_library(Library::open(dir.path(), &|_| {}).map(|(l, _)| l).map_err(Into::into));
    let specta = specta_builder::<MockRuntime>();
    let app = mock_builder()
        .manage(Arc::clone(&state))
        .invoke_handler(specta.invoke_handler())
        .build(mock_context(noop_assets()))
        .map_err(|e| e.to_string())?;
    specta.mount_events(&app);
    let webview =
        tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().map_err(|e| e.to_string())?;
    let server = Server::http(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    let addr = server.server_addr().to_ip().ok_or("no address")?;
    println!("listening on http://{addr}");
    let mut host = Host { dist, state, webview, dir };
    for request in server.incoming_requests() {
        host.handle(request);
    }
    Ok(())
}

fn header(name: &str, value: &str) -> Header {
    // Our own constant names and values: always valid.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|()| unreachable!())
}

fn json(status: u16, body: String) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string(body).with_status_code(status).with_header(header("content-type", "application/json"))
}

impl Host {
    fn handle(&mut self, mut request: Request) {
        let mut body = String::new();
        let _ = request.as_reader().read_to_string(&mut body);
        let url = request.url().split('?').next().unwrap_or("/").to_owned();
        let response = match (request.method(), url.as_str()) {
            (Method::Post, "/__ipc") => self.ipc(&body),
            (Method::Post, "/__test/reset") => self.reset(&body),
            (Method::Get, path) => self.file(path),
            _ => json(405, "{}".into()),
        };
        let _ = request.respond(response);
    }

    fn ipc(&self, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
        #[derive(serde::Deserialize)]
        struct Call {
            cmd: String,
            #[serde(default)]
            args: serde_json::Value,
        }
        let call: Call = match serde_json::from_str(body) {
            Ok(c) => c,
            Err(e) => return json(400, serde_json::json!({ "code": "invalid", "message": e.to_string() }).to_string()),
        };
        let request = InvokeRequest {
            cmd: call.cmd,
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            // The app's own origin, as the window's pages have it.
            url: if cfg!(windows) { "http://tauri.localhost" } else { "tauri://localhost" }
                .parse()
                .unwrap_or_else(|_| unreachable!()),
            body: tauri::ipc::InvokeBody::Json(call.args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        match get_ipc_response(&self.webview, request) {
            Ok(tauri::ipc::InvokeResponseBody::Json(s)) => json(200, s),
            Ok(tauri::ipc::InvokeResponseBody::Raw(bytes)) => {
                json(200, serde_json::to_string(&bytes).unwrap_or_default())
            }
            Err(e) => json(500, e.to_string()),
        }
    }

    /// A fresh library: `seed` notes spread over the speech, and `files`
    /// written to disk for the test to import or restore.
    fn reset(&mut self, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
        #[derive(serde::Deserialize, Default)]
        struct Reset {
            #[serde(default)]
            seed: u32,
            #[serde(default)]
            files: BTreeMap<String, String>,
            /// Colours besides the built-in five, as a library restored
            /// from another machine may have.
            #[serde(default)]
            colors: Vec<pizhu_core::model::Color>,
            /// One of `files` imported into the library (a book for tests
            /// at scale), with `book_notes` notes on it.
            #[serde(default)]
            book: Option<String>,
            #[serde(default)]
            book_notes: u32,
        }
        let spec: Reset =
            if body.trim().is_empty() { Reset::default() } else { serde_json::from_str(body).unwrap_or_default() };
        let result = (|| -> Result<serde_json::Value, String> {
            let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
            let (lib, _) = Library::open(dir.path(), &|_| {}).map_err(|e| e.to_string())?;
            if spec.seed > 0 {
                lib.add_annotations(&seed_notes(&lib, spec.seed)?).map_err(|e| e.to_string())?;
            }
            if !spec.colors.is_empty() {
                add_colors(&lib, &spec.colors)?;
            }
            let mut files = BTreeMap::new();
            let folder = dir.path().join("files");
            std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
            for (name, text) in &spec.files {
                let path = folder.join(Path::new(name).file_name().ok_or("bad file name")?);
                std::fs::write(&path, text).map_err(|e| e.to_string())?;
                files.insert(name.clone(), path.display().to_string());
            }
            let mut book_id = None;
            if let Some(name) = &spec.book {
                let path = files.get(name).ok_or("book: not one of files")?;
                let info = lib.import_file(Path::new(path), None).map_err(|e| e.to_string())?;
                if spec.book_notes > 0 {
                    lib.add_annotations(&book_notes(&lib, &info.id, spec.book_notes)?).map_err(|e| e.to_string())?;
                }
                book_id = Some(info.id);
            }
            self.state.sync.reset();
            self.state.set_library(Ok(lib));
            let out = serde_json::json!({ "dir": dir.path().display().to_string(), "files": files, "book": book_id });
            self.dir = dir; // the old library's folder goes
            Ok(out)
        })();
        match result {
            Ok(v) => json(200, v.to_string()),
            Err(e) => json(500, serde_json::json!({ "code": "internal", "message": e }).to_string()),
        }
    }

    fn file(&self, path: &str) -> Response<std::io::Cursor<Vec<u8>>> {
        if path == "/__uihost.js" {
            return Response::from_string(SHIM).with_header(header("content-type", "text/javascript; charset=utf-8"));
        }
        let rel = path.trim_start_matches('/');
        let rel = if rel.is_empty() { "index.html" } else { rel };
        if rel.split('/').any(|p| p == ".." || p.is_empty()) {
            return json(404, "{}".into());
        }
        let file = self.dist.join(rel);
        let Ok(mut bytes) = std::fs::read(&file) else {
            return Response::from_string("not found").with_status_code(404);
        };
        let kind = match file.extension().and_then(|e| e.to_str()).unwrap_or_default() {
            "html" => "text/html; charset=utf-8",
            "js" => "text/javascript; charset=utf-8",
            "css" => "text/css; charset=utf-8",
            "svg" => "image/svg+xml",
            "png" => "image/png",
            "json" => "application/json",
            _ => "application/octet-stream",
        };
        if rel == "index.html" {
            // The shim must run before the app's module scripts.
            let html =
                String::from_utf8_lossy(&bytes).replacen("<head>", "<head><script src=\"/__uihost.js\"></script>", 1);
            bytes = html.into_bytes();
        }
        Response::from_data(bytes)
            .with_header(header("content-type", kind))
            .with_header(header("content-security-policy", CSP))
            .with_header(header("cache-control", "no-store"))
    }
}

/// Adds colours to the library's table. The app has no command that adds
/// one (only a restore brings new keys), so the test host writes them the
/// way the store keeps them, after the defaults.
fn add_colors(lib: &Library, colors: &[pizhu_core::model::Color]) -> Result<(), String> {
    let db = lib.db_path().ok_or("the library has no database file")?;
    let conn = rusqlite::Connection::open(db).map_err(|e| e.to_string())?;
    for c in colors {
        conn.execute(
            "INSERT INTO colors (key, label, label_en, position, rgb)
             VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), -1) + 1 FROM colors), ?4)",
            rusqlite::params![c.key, c.label, c.label_en, c.rgb],
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `n` notes on the speech, spread over its paragraphs, deterministic: the
/// colours in turn, a note on most, a tag on every third.
/**
 * `n` notes on document `id`: three in ten packed two to a paragraph from a
 * third of the way in (dense enough to stack), the rest spread evenly over
 * the whole text. Two in three have a note (a card).
 */
fn book_notes(lib: &Library, id: &str, n: u32) -> Result<Vec<NewAnnotation>, String> {
    let doc = lib.document(id).map_err(|e| e.to_string())?;
    let paras: Vec<_> = doc.blocks.iter().filter(|b| b.len > 40).collect();
    if paras.is_empty() {
        return Err("book: no paragraphs".into());
    }
    let colors = lib.colors().map_err(|e| e.to_string())?;
    let n = n as usize;
    let dense = n * 3 / 10;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (b, off) = if i < dense {
            (paras[(paras.len() / 3 + i / 2).min(paras.len() - 1)], if i % 2 == 0 { 3 } else { 30 })
        } else {
            (paras[(i - dense) * paras.len() / (n - dense)], 3 + (i % 4) * 8)
        };
        let start = b.start + off as u32;
        out.push(NewAnnotation {
            doc_id: doc.id.clone(),
            start,
            end: (start + 6).min(b.start + b.len),
            color: colors[i % colors.len()].key.clone(),
            note: if i % 3 == 0 { String::new() } else { format!("第{}条批注", i + 1) },
            tags: vec![],
        });
    }
    Ok(out)
}

fn seed_notes(lib: &Library, n: u32) -> Result<Vec<NewAnnotation>, String> {
    let doc = lib.document("speech").map_err(|e| e.to_string())?;
    let paras: Vec<_> = doc.blocks.iter().filter(|b| b.len > 20).collect();
    let colors = lib.colors().map_err(|e| e.to_string())?;
    let tags = ["党史", "政法", "教育整顿", "理论", "实践", "作风", "纪律", "待讨论"];
    let notes = [
        "这一段讲得很透彻,值得**反复读**。",
        "与本单位实际结合:\n- 学习计划\n- 专题研讨",
        "这里的提法需要再核对原文出处。",
        "> 以史为鉴,开创未来\n\n可作为发言的开头。",
        "",
        "小组讨论时重点展开 `三严三实` 的内容。",
    ];
    // xorshift: a fixed sequence without a dependency.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15 ^ u64::from(n);
    let mut next = move |m: u32| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % u64::from(m.max(1))) as u32
    };
    let mut out = Vec::with_capacity(n as usize);
    for i in 0..n as usize {
        let b = paras[next(paras.len() as u32) as usize];
        let len = 4 + next(24);
        let off = next(b.len.saturating_sub(len).max(1));
        let start = b.start + off;
        let end = (start + len).min(b.start + b.len);
        let note = notes[i % notes.len()];
        out.push(NewAnnotation {
            doc_id: doc.id.clone(),
            start,
            end,
            color: colors[i % colors.len()].key.clone(),
            note: if note.is_empty() { String::new() } else { format!("{note}(#{})", i + 1) },
            tags: if i % 3 == 0 { vec![tags[i % tags.len()].to_owned()] } else { vec![] },
        });
    }
    Ok(out)
}
