//! [`Remote`]: a sync target through Apache OpenDAL, and [`TargetUrl`], the
//! forms a target can be given in: a folder (a USB stick, a network share,
//! a folder another tool already syncs), WebDAV (Nextcloud, 坚果云) or
//! S3-compatible storage (MinIO, 阿里云 OSS, 腾讯云 COS).
//!
//! OpenDAL is async; a `Remote` owns one current-thread Tokio runtime and
//! blocks on each call (it runs on the CLI's main thread or a sync worker,
//! never inside another runtime). Every HTTP request (retries and folder
//! creation included) goes through one counting transport: the `requests`
//! figure of a sync, which free WebDAV plans ration.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU16, AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use opendal::layers::{RetryLayer, TimeoutLayer};
use opendal::{Buffer, ErrorKind, HttpBody, HttpTransport, HttpTransporter, OperationContext, Operator};
use opendal_http_transport_reqwest::ReqwestTransport;

use crate::crypt::{Cipher, AGE_MAGIC};
use crate::error::SyncError;
use crate::secret::Credentials;

/// Where a target is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A folder on this machine (or a share mounted here).
    Folder(PathBuf),
    /// A WebDAV collection.
    Webdav {
        /// `http://host:port` or `https://host:port`.
        endpoint: String,
        /// The collection's path on the server (`/dav/pizhu`).
        root: String,
        /// A user name given in the URL (`webdav://me@host/…`).
        user: Option<String>,
    },
    /// A prefix in an S3-compatible bucket.
    S3 {
        /// The bucket.
        bucket: String,
        /// The prefix (`/pizhu`), `/` for the whole bucket.
        root: String,
        /// `https://oss-cn-hangzhou.aliyuncs.com`, `http://127.0.0.1:9000`, …
        endpoint: Option<String>,
        /// The region the requests are signed for.
        region: String,
        /// Bucket in the host name (OSS and COS want it) rather than the path.
        virtual_host: bool,
    },
}

/// Where a target is, in canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetUrl {
    /// The target.
    pub location: Location,
    /// What the library remembers: never a password.
    pub canonical: String,
}

impl TargetUrl {
    /// Reads a folder path (absolute or relative to `cwd`), a `file://` URL,
    /// `webdav://host[:port]/path` (`webdavs://` for TLS; an `http(s)://`
    /// address is taken as WebDAV too, as 坚果云 and Nextcloud show it), or
    /// `s3://bucket/prefix?endpoint=…&region=…[&style=virtual|path]`.
    pub fn parse(url: &str, cwd: &Path) -> Result<TargetUrl, SyncError> {
        let url = url.trim();
        let bad = || SyncError::BadUrl(url.to_owned());
        if url.is_empty() {
            return Err(bad());
        }
        let Some((scheme, _)) = url.split_once("://") else {
            return Ok(folder(&cwd.join(url)));
        };
        match scheme.to_ascii_lowercase().as_str() {
            "file" => {
                // `file:///C:/…` on Windows, `file:///home/…` elsewhere; a
                // host (`file://server/…`) is not a folder here.
                let u = url::Url::parse(url).map_err(|_| bad())?;
                if u.host_str().is_some_and(|h| !h.is_empty()) {
                    return Err(bad());
                }
                Ok(folder(&u.to_file_path().map_err(|()| bad())?))
            }
            "webdav" | "webdavs" | "http" | "https" => webdav(url),
            "s3" => s3(url),
            other => Err(SyncError::Unsupported(other.to_owned())),
        }
    }

    /// Whether the target is reached over HTTP.
    pub fn is_remote(&self) -> bool {
        !matches!(self.location, Location::Folder(_))
    }
}

fn folder(path: &Path) -> TargetUrl {
    let dir = normalize(path);
    // Percent-encoded, so that it reads back as the same folder on every
    // system (a `%` or a drive letter in the path included).
    let canonical = url::Url::from_directory_path(&dir)
        .map(|u| u.as_str().trim_end_matches('/').to_owned())
        .unwrap_or_else(|()| format!("file://{}", dir.display()));
    TargetUrl { location: Location::Folder(dir), canonical }
}

/// The path of a URL, decoded, without `.`/`..` or doubled or trailing
/// slashes: `/dav/pizhu` (`/` when empty).
fn clean_path(u: &url::Url) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for seg in u.path().split('/').filter(|s| !s.is_empty()) {
        let seg = percent_decode(seg)?;
        match seg.as_str() {
            "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(seg),
        }
    }
    Some(format!("/{}", parts.join("/")))
}

fn host_port(u: &url::Url) -> Option<String> {
    let host = u.host_str()?.to_ascii_lowercase();
    Some(match u.port() {
        Some(p) => format!("{host}:{p}"),
        None => host,
    })
}

fn webdav(raw: &str) -> Result<TargetUrl, SyncError> {
    let bad = || SyncError::BadUrl(raw.to_owned());
    let u = url::Url::parse(raw).map_err(|_| bad())?;
    if u.password().is_some() {
        return Err(SyncError::PasswordInUrl);
    }
    let tls = matches!(u.scheme(), "webdavs" | "https");
    // The url crate knows no default port for webdav://: keep what was given.
    let hp = host_port(&u).ok_or_else(bad)?;
    let root = clean_path(&u).ok_or_else(bad)?;
    let user = Some(u.username()).filter(|s| !s.is_empty()).map(|s| percent_decode(s).unwrap_or_else(|| s.to_owned()));
    let endpoint = format!("{}://{hp}", if tls { "https" } else { "http" });
    let at = user.as_ref().map(|u| format!("{}@", encode_component(u))).unwrap_or_default();
    let canonical = format!("{}://{at}{hp}{}", if tls { "webdavs" } else { "webdav" }, encode_path(&root));
    Ok(TargetUrl { location: Location::Webdav { endpoint, root, user }, canonical })
}

fn s3(raw: &str) -> Result<TargetUrl, SyncError> {
    let bad = || SyncError::BadUrl(raw.to_owned());
    let u = url::Url::parse(raw).map_err(|_| bad())?;
    if !u.username().is_empty() || u.password().is_some() {
        return Err(SyncError::PasswordInUrl);
    }
    let bucket = u.host_str().filter(|b| !b.is_empty()).ok_or_else(bad)?.to_ascii_lowercase();
    let root = clean_path(&u).ok_or_else(bad)?;
    let (mut endpoint, mut region, mut style) = (None, None, None);
    for (k, v) in u.query_pairs() {
        match k.as_ref() {
            "endpoint" => {
                let e = url::Url::parse(&v).map_err(|_| bad())?;
                if !matches!(e.scheme(), "http" | "https") || e.host_str().is_none() {
                    return Err(bad());
                }
                endpoint = Some(format!("{}://{}", e.scheme(), host_port(&e).ok_or_else(bad)?));
            }
            "region" if !v.is_empty() => region = Some(v.into_owned()),
            "style" if v == "virtual" || v == "path" => style = Some(v.into_owned()),
            _ => return Err(bad()),
        }
    }
    let host = endpoint.as_deref().unwrap_or_default();
    // 阿里云 OSS and 腾讯云 COS only answer with the bucket in the host name.
    let virtual_host = match style.as_deref() {
        Some(s) => s == "virtual",
        None => host.ends_with(".aliyuncs.com") || host.ends_with(".myqcloud.com"),
    };
    // MinIO and rclone accept any region in the signature.
    let region = region.unwrap_or_else(|| "us-east-1".to_owned());
    let mut query = Vec::new();
    if let Some(e) = &endpoint {
        query.push(format!("endpoint={e}"));
    }
    query.push(format!("region={}", encode_component(&region)));
    if let Some(s) = &style {
        query.push(format!("style={s}"));
    }
    let canonical = format!("s3://{bucket}{}?{}", encode_path(&root).trim_end_matches('/'), query.join("&"));
    Ok(TargetUrl { location: Location::S3 { bucket, root, endpoint, region, virtual_host }, canonical })
}

fn encode_component(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>().replace('+', "%20")
}

fn encode_path(path: &str) -> String {
    path.split('/').map(encode_component).collect::<Vec<_>>().join("/")
}

/// `a/./b/../c` → `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Counts every HTTP request and remembers the last status (401/403 become
/// "refused the credentials", whatever the service's error says).
struct Counting {
    inner: ReqwestTransport,
    requests: Arc<AtomicU32>,
    status: Arc<AtomicU16>,
}

impl HttpTransport for Counting {
    async fn fetch(&self, req: http::Request<Buffer>) -> opendal::Result<http::Response<HttpBody>> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let resp = self.inner.fetch(req).await;
        self.status.store(resp.as_ref().map_or(0, |r| r.status().as_u16()), Ordering::Relaxed);
        resp
    }
}

/// A target: an OpenDAL operator, its runtime and a request counter.
pub struct Remote {
    op: Operator,
    rt: tokio::runtime::Runtime,
    /// Operations on a folder (no HTTP there).
    ops: Cell<u32>,
    http: Option<(Arc<AtomicU32>, Arc<AtomicU16>)>,
    /// WebDAV has folders that must exist before a file goes in them.
    webdav: bool,
    /// The target's key when it is encrypted: every file but the marker.
    cipher: Option<Cipher>,
    /// Where the target is, for messages.
    shown: String,
}

impl Remote {
    /// Opens the target at `url` (creating a folder if needed).
    pub fn open(url: &TargetUrl, credentials: &Credentials) -> Result<Remote, SyncError> {
        let shown = url.canonical.clone();
        let unreachable = |e: &dyn std::fmt::Display| SyncError::Io { path: shown.clone(), message: e.to_string() };
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| unreachable(&e))?;
        let op = match &url.location {
            Location::Folder(dir) => {
                let root = dir.to_string_lossy().into_owned();
                std::fs::create_dir_all(dir).map_err(|e| unreachable(&e))?;
                let tmp = dir.join(".tmp");
                let builder = opendal::services::Fs::default().root(&root).atomic_write_dir(&tmp.to_string_lossy());
                Operator::new(builder).map_err(|e| unreachable(&e))?
            }
            Location::Webdav { endpoint, root, user } => {
                let mut b = opendal::services::Webdav::default().endpoint(endpoint).root(root);
                // The engine makes its folders once; OpenDAL would otherwise
                // ask for the parent folder before every upload.
                b = b.disable_create_dir(true);
                if let Some(u) = credentials.user.as_deref().or(user.as_deref()) {
                    b = b.username(u);
                }
                if let Some(p) = &credentials.password {
                    b = b.password(p);
                }
                Operator::new(b).map_err(|e| unreachable(&e))?
            }
            Location::S3 { bucket, root, endpoint, region, virtual_host } => {
                let mut b = opendal::services::S3::default().bucket(bucket).root(root).region(region);
                if let Some(e) = endpoint {
                    b = b.endpoint(e);
                }
                // Never read ~/.aws or the environment behind our back: the
                // credentials are the ones we were given.
                b = b.disable_config_load();
                match (&credentials.user, &credentials.password) {
                    (Some(k), Some(s)) => b = b.access_key_id(k).secret_access_key(s),
                    _ => b = b.skip_signature(),
                }
                if *virtual_host {
                    b = b.enable_virtual_host_style();
                }
                Operator::new(b).map_err(|e| unreachable(&e))?
            }
        };
        let op = op
            .layer(TimeoutLayer::new().with_timeout(Duration::from_secs(60)).with_io_timeout(Duration::from_secs(20)))
            .layer(RetryLayer::new().with_max_times(2).with_min_delay(Duration::from_millis(200)));
        let (op, http) = if url.is_remote() {
            // reqwest is built without a default crypto provider so that
            // aws-lc (a C build) stays out; ring is ours.
            let _ = rustls::crypto::ring::default_provider().install_default();
            let client = reqwest::Client::builder()
                .user_agent(concat!("Pizhu/", env!("CARGO_PKG_VERSION")))
                .connect_timeout(Duration::from_secs(15))
                .build()
                .map_err(|e| unreachable(&e))?;
            let requests = Arc::new(AtomicU32::new(0));
            let status = Arc::new(AtomicU16::new(0));
            let transport =
                Counting { inner: ReqwestTransport::new(client), requests: requests.clone(), status: status.clone() };
            let op = op.with_context(OperationContext::new().with_http_transport(HttpTransporter::new(transport)));
            (op, Some((requests, status)))
        } else {
            (op, None)
        };
        let webdav = matches!(url.location, Location::Webdav { .. });
        Ok(Remote { op, rt, ops: Cell::new(0), http, webdav, cipher: None, shown })
    }

    /// Requests made so far.
    pub fn requests(&self) -> u32 {
        match &self.http {
            Some((n, _)) => n.load(Ordering::Relaxed),
            None => self.ops.get(),
        }
    }

    fn count(&self) {
        self.ops.set(self.ops.get() + 1);
    }

    fn error(&self, path: &str, e: opendal::Error) -> SyncError {
        let status = self.http.as_ref().map_or(0, |(_, s)| s.load(Ordering::Relaxed));
        if status == 401 || status == 403 || e.kind() == ErrorKind::PermissionDenied {
            return SyncError::Denied { target: self.shown.clone() };
        }
        // No answer at all (offline, a wrong host name, a server that is
        // down): one plain sentence, not the HTTP client's chain of causes.
        if self.http.is_some() && e.to_string().contains("send http request") {
            return SyncError::Unreachable { target: self.shown.clone() };
        }
        SyncError::Io { path: format!("{}/{path}", self.shown.trim_end_matches('/')), message: e.to_string() }
    }

    /// From now on, files are encrypted with `cipher` (all but the marker,
    /// which goes through [`Remote::read_plain`] and [`Remote::write_plain`]).
    pub fn set_cipher(&mut self, cipher: Cipher) {
        self.cipher = Some(cipher);
    }

    /// The plaintext of `path`, `None` when there is no such file.
    pub fn read(&self, path: &str) -> Result<Option<Vec<u8>>, SyncError> {
        let Some(bytes) = self.read_plain(path)? else { return Ok(None) };
        match &self.cipher {
            Some(c) => c.open(path, &bytes).map(Some),
            None if bytes.starts_with(AGE_MAGIC) => Err(SyncError::NeedPassphrase),
            None => Ok(Some(bytes)),
        }
    }

    /// Writes `bytes` to `path`, encrypted when the target is.
    pub fn write(&self, path: &str, bytes: Vec<u8>) -> Result<(), SyncError> {
        match &self.cipher {
            Some(c) => self.write_plain(path, c.seal(&bytes)?),
            None => self.write_plain(path, bytes),
        }
    }

    /// The bytes of `path` as they lie, `None` when there is no such file.
    pub fn read_plain(&self, path: &str) -> Result<Option<Vec<u8>>, SyncError> {
        self.count();
        match self.rt.block_on(self.op.read(path)) {
            Ok(buf) => Ok(Some(buf.to_vec())),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.error(path, e)),
        }
    }

    /// Writes `bytes` to `path` as they are (whole; atomically on a folder,
    /// and an object store or WebDAV server never shows half a PUT).
    pub fn write_plain(&self, path: &str, bytes: Vec<u8>) -> Result<(), SyncError> {
        self.count();
        match self.rt.block_on(self.op.write(path, bytes.clone())) {
            Ok(_) => Ok(()),
            // A WebDAV folder gone (the target was emptied): make it, once.
            Err(e) if self.webdav && self.missing_folder(&e) => {
                let parent = path.rsplit_once('/').map(|(p, _)| format!("{p}/")).unwrap_or_default();
                self.make_folders(&[parent.as_str()])?;
                self.rt.block_on(self.op.write(path, bytes)).map(drop).map_err(|e| self.error(path, e))
            }
            Err(e) => Err(self.error(path, e)),
        }
    }

    /// Writes `path` only if no file is there yet where the storage can
    /// promise that (S3's `If-None-Match: *`, a folder's create-new);
    /// elsewhere (WebDAV) a plain write. Someone else's file already there
    /// is not an error: the caller reads what stayed.
    pub fn create_plain(&self, path: &str, bytes: Vec<u8>) -> Result<(), SyncError> {
        if !self.op.info().capability().write_with_if_not_exists {
            return self.write_plain(path, bytes);
        }
        self.count();
        let options = opendal::options::WriteOptions { if_not_exists: true, ..Default::default() };
        match self.rt.block_on(self.op.write_options(path, bytes.clone(), options)) {
            Ok(_) => Ok(()),
            Err(e) if e.kind() == ErrorKind::ConditionNotMatch => Ok(()),
            // A store that refuses the condition itself (some S3-compatible
            // services do not know If-None-Match): a plain write, read back
            // by the caller.
            Err(_) => self.write_plain(path, bytes),
        }
    }

    fn missing_folder(&self, e: &opendal::Error) -> bool {
        let status = self.http.as_ref().map_or(0, |(_, s)| s.load(Ordering::Relaxed));
        e.kind() == ErrorKind::NotFound || status == 409
    }

    /// Makes the folders `dirs` (`log/dev/`) where a store has folders
    /// (WebDAV); elsewhere a write makes its own.
    pub fn make_folders(&self, dirs: &[&str]) -> Result<(), SyncError> {
        if !self.webdav {
            return Ok(());
        }
        for dir in dirs.iter().filter(|d| !d.is_empty()) {
            self.count();
            self.rt.block_on(self.op.create_dir(dir)).map_err(|e| self.error(dir, e))?;
        }
        Ok(())
    }

    /// Deletes `path` (gone already is fine).
    pub fn delete(&self, path: &str) -> Result<(), SyncError> {
        self.count();
        match self.rt.block_on(self.op.delete(path)) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
            Err(e) => Err(self.error(path, e)),
        }
    }

    /// The names of the files in folder `dir` (`heads/`); none when absent.
    pub fn list(&self, dir: &str) -> Result<Vec<String>, SyncError> {
        self.count();
        match self.rt.block_on(self.op.list(dir)) {
            Ok(entries) => {
                Ok(entries.into_iter().filter(|e| e.metadata().mode().is_file()).map(|e| e.name().to_owned()).collect())
            }
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(self.error(dir, e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_created_file_is_never_overwritten_by_a_second_create_on_a_folder() {
        let dir = tempfile::tempdir().expect("dir");
        let url = TargetUrl::parse(&dir.path().display().to_string(), Path::new("/")).expect("url");
        let remote = Remote::open(&url, &Credentials::default()).expect("open");
        remote.create_plain("pizhu-sync.json", b"first".to_vec()).expect("create");
        remote.create_plain("pizhu-sync.json", b"second".to_vec()).expect("second create is not an error");
        assert_eq!(remote.read_plain("pizhu-sync.json").expect("read").as_deref(), Some(&b"first"[..]));
    }

    #[test]
    fn folder_paths_and_file_urls_are_targets() {
        let cwd = Path::new("/home/me");
        let t = TargetUrl::parse("sync/书库", cwd).expect("relative");
        assert_eq!(t.canonical, "file:///home/me/sync/%E4%B9%A6%E5%BA%93");
        assert_eq!(TargetUrl::parse(&t.canonical, cwd).expect("again"), t);
        let t = TargetUrl::parse("file:///mnt/u%20盘/./a/../b", cwd).expect("url");
        assert_eq!(t.location, Location::Folder(PathBuf::from("/mnt/u 盘/b")));
        let odd = TargetUrl::parse("/mnt/100%/同步", cwd).expect("a % in a folder name");
        assert_eq!(TargetUrl::parse(&odd.canonical, cwd).expect("reads back"), odd);
        assert!(matches!(TargetUrl::parse("ftp://h/p", cwd), Err(SyncError::Unsupported(_))));
        assert!(matches!(TargetUrl::parse("file://host/p", cwd), Err(SyncError::BadUrl(_))));
        assert!(matches!(TargetUrl::parse("  ", cwd), Err(SyncError::BadUrl(_))));
    }

    #[test]
    fn webdav_urls_name_one_target_however_written() {
        let cwd = Path::new("/");
        let a = TargetUrl::parse("webdavs://Dav.Jianguoyun.com/dav/学习/", cwd).expect("a");
        let b = TargetUrl::parse("https://dav.jianguoyun.com/dav/./%E5%AD%A6%E4%B9%A0", cwd).expect("b");
        assert_eq!(a, b);
        assert_eq!(a.canonical, "webdavs://dav.jianguoyun.com/dav/%E5%AD%A6%E4%B9%A0");
        assert_eq!(
            a.location,
            Location::Webdav { endpoint: "https://dav.jianguoyun.com".into(), root: "/dav/学习".into(), user: None }
        );
        let t = TargetUrl::parse("webdav://me@127.0.0.1:8080/lib", cwd).expect("user");
        assert_eq!(t.canonical, "webdav://me@127.0.0.1:8080/lib");
        assert!(matches!(TargetUrl::parse("webdav://me:secret@h/lib", cwd), Err(SyncError::PasswordInUrl)));
    }

    #[test]
    fn s3_urls_carry_endpoint_region_and_style() {
        let cwd = Path::new("/");
        let t = TargetUrl::parse(
            "s3://Notes/pizhu/?endpoint=https://oss-cn-hangzhou.aliyuncs.com/&region=cn-hangzhou",
            cwd,
        )
        .expect("oss");
        assert_eq!(t.canonical, "s3://notes/pizhu?endpoint=https://oss-cn-hangzhou.aliyuncs.com&region=cn-hangzhou");
        assert!(matches!(t.location, Location::S3 { virtual_host: true, .. }));
        let t = TargetUrl::parse("s3://b?endpoint=http://127.0.0.1:9000", cwd).expect("minio");
        assert_eq!(t.canonical, "s3://b?endpoint=http://127.0.0.1:9000&region=us-east-1");
        assert!(matches!(t.location, Location::S3 { virtual_host: false, ref root, .. } if root == "/"));
        assert!(matches!(TargetUrl::parse("s3://b/p?endpoint=ftp://x", cwd), Err(SyncError::BadUrl(_))));
        assert!(matches!(TargetUrl::parse("s3://b/p?secret=x", cwd), Err(SyncError::BadUrl(_))));
        assert!(matches!(TargetUrl::parse("s3://key:secret@b/p", cwd), Err(SyncError::PasswordInUrl)));
    }
}
