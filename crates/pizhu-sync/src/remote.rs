//! [`Remote`]: a sync target through Apache OpenDAL, and [`TargetUrl`], the
//! forms a target can be given in. Only folders for now (`services-fs`):
//! a USB stick, a network share, or a folder another tool already syncs.
//!
//! OpenDAL is async; a `Remote` owns one current-thread Tokio runtime and
//! blocks on each call (it runs on the CLI's main thread or a sync worker,
//! never inside another runtime). Every operation is counted: the
//! `requests` figure of a sync.

use std::cell::Cell;
use std::path::{Path, PathBuf};

use opendal::{ErrorKind, Operator};

use crate::error::SyncError;

/// Where a target is, in canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetUrl {
    /// The folder.
    pub dir: PathBuf,
    /// `file:///…`: what the library remembers.
    pub canonical: String,
}

impl TargetUrl {
    /// Reads a folder path (absolute or relative to `cwd`) or a `file://` URL.
    pub fn parse(url: &str, cwd: &Path) -> Result<TargetUrl, SyncError> {
        let url = url.trim();
        if url.is_empty() {
            return Err(SyncError::BadUrl(url.to_owned()));
        }
        let path = if let Some(rest) = url.strip_prefix("file://") {
            if !rest.starts_with('/') {
                return Err(SyncError::BadUrl(url.to_owned()));
            }
            PathBuf::from(percent_decode(rest).ok_or_else(|| SyncError::BadUrl(url.to_owned()))?)
        } else if let Some((scheme, _)) = url.split_once("://") {
            return Err(SyncError::Unsupported(scheme.to_owned()));
        } else {
            cwd.join(url)
        };
        let dir = normalize(&path);
        let canonical = format!("file://{}", dir.display());
        Ok(TargetUrl { dir, canonical })
    }
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

/// A target: an OpenDAL operator, its runtime and a request counter.
pub struct Remote {
    op: Operator,
    rt: tokio::runtime::Runtime,
    requests: Cell<u32>,
}

fn io(path: &str) -> impl FnOnce(opendal::Error) -> SyncError + '_ {
    move |e| SyncError::Io { path: path.to_owned(), message: e.to_string() }
}

impl Remote {
    /// Opens the target at `url` (creating the folder if needed).
    pub fn open(url: &TargetUrl) -> Result<Remote, SyncError> {
        let root = url.dir.to_string_lossy().into_owned();
        std::fs::create_dir_all(&url.dir).map_err(|e| SyncError::Io { path: root.clone(), message: e.to_string() })?;
        let tmp = url.dir.join(".tmp");
        let builder = opendal::services::Fs::default().root(&root).atomic_write_dir(&tmp.to_string_lossy());
        let op = Operator::new(builder).map_err(io(&root))?;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| SyncError::Io { path: root.clone(), message: e.to_string() })?;
        Ok(Remote { op, rt, requests: Cell::new(0) })
    }

    /// Requests made so far.
    pub fn requests(&self) -> u32 {
        self.requests.get()
    }

    fn count(&self) {
        self.requests.set(self.requests.get() + 1);
    }

    /// The bytes of `path`, `None` when there is no such file.
    pub fn read(&self, path: &str) -> Result<Option<Vec<u8>>, SyncError> {
        self.count();
        match self.rt.block_on(self.op.read(path)) {
            Ok(buf) => Ok(Some(buf.to_vec())),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(path)(e)),
        }
    }

    /// Writes `bytes` to `path` (whole, atomically on a folder).
    pub fn write(&self, path: &str, bytes: Vec<u8>) -> Result<(), SyncError> {
        self.count();
        self.rt.block_on(self.op.write(path, bytes)).map(drop).map_err(io(path))
    }

    /// The names of the files in folder `dir` (`heads/`); none when absent.
    pub fn list(&self, dir: &str) -> Result<Vec<String>, SyncError> {
        self.count();
        match self.rt.block_on(self.op.list(dir)) {
            Ok(entries) => {
                Ok(entries.into_iter().filter(|e| e.metadata().mode().is_file()).map(|e| e.name().to_owned()).collect())
            }
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(io(dir)(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_paths_and_file_urls_are_targets() {
        let cwd = Path::new("/home/me");
        let t = TargetUrl::parse("sync/书库", cwd).expect("relative");
        assert_eq!(t.canonical, "file:///home/me/sync/书库");
        let t = TargetUrl::parse("file:///mnt/u%20盘/./a/../b", cwd).expect("url");
        assert_eq!(t.dir, PathBuf::from("/mnt/u 盘/b"));
        assert!(matches!(TargetUrl::parse("webdav://h/p", cwd), Err(SyncError::Unsupported(_))));
        assert!(matches!(TargetUrl::parse("file://host/p", cwd), Err(SyncError::BadUrl(_))));
        assert!(matches!(TargetUrl::parse("  ", cwd), Err(SyncError::BadUrl(_))));
    }
}
