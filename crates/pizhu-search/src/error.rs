//! The one error type of the search crate.

use thiserror::Error;

/// What can go wrong with the index. Queries themselves never fail: input
/// the query language cannot read is searched as literal text.
#[derive(Debug, Error)]
pub enum SearchError {
    /// Tantivy failed (damaged files, disk full, …).
    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The index directory could not be opened.
    #[error("search index directory error: {0}")]
    Directory(#[from] tantivy::directory::error::OpenDirectoryError),
    /// Another process holds the index writer.
    #[error("the search index is in use by another Pizhu process; close it and try again")]
    Locked,
    /// This handle was opened read-only and cannot write.
    #[error("the search index is open read-only here (another Pizhu process holds it)")]
    ReadOnly,
    /// Files of the index fail their checksums.
    #[error("the search index is damaged ({0} files fail their checksum)")]
    Damaged(usize),
    /// The index was written by another index schema or is missing its metadata.
    #[error("the search index is from another version of Pizhu")]
    Outdated,
    /// File system error.
    #[error("search index I/O error: {0}")]
    Io(#[from] std::io::Error),
}

impl SearchError {
    /// The message in Chinese, the app's first language (`Display` is English).
    pub fn zh(&self) -> String {
        match self {
            SearchError::Tantivy(e) => format!("搜索索引出错：{e}"),
            SearchError::Directory(e) => format!("搜索索引的文件夹出错：{e}"),
            SearchError::Locked => "搜索索引正被另一个批注程序使用；请关闭它后再试".into(),
            SearchError::ReadOnly => "批注窗口开着，正由它维护搜索索引；请关闭窗口后再重建索引".into(),
            SearchError::Damaged(n) => format!("搜索索引已损坏（{n} 个文件校验不符）"),
            SearchError::Outdated => "搜索索引来自另一个版本的批注".into(),
            SearchError::Io(e) => format!("搜索索引读写出错：{e}"),
        }
    }
}
