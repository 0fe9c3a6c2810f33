//! The one error type of the store crate.

use thiserror::Error;

/// What can go wrong in the store.
#[derive(Debug, Error)]
pub enum StoreError {
    /// SQLite failed (disk full, file locked, corrupt file, …).
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database was written by a newer Pizhu.
    #[error("the library was written by a newer version of Pizhu (schema {found}; this version reads up to {supported}); please update Pizhu")]
    TooNew {
        /// Schema version found in the file.
        found: u32,
        /// Newest schema version this build knows.
        supported: u32,
    },
    /// No such document.
    #[error("there is no document with id {0:?}")]
    NoDocument(String),
    /// No such annotation (or it is in the trash when a live one was asked for).
    #[error("there is no annotation with id {0:?}")]
    NoAnnotation(String),
    /// No such essay.
    #[error("there is no essay with id {0:?}")]
    NoEssay(String),
    /// No such colour.
    #[error("there is no colour {0:?}; colours are: {1}")]
    NoColor(String, String),
    /// No such sync conflict (or it is resolved).
    #[error("there is no open conflict {0:?}")]
    NoConflict(String),
    /// No such tag.
    #[error("there is no tag {0:?}")]
    NoTag(String),
    /// A value is invalid (empty tag name, …).
    #[error("{0}")]
    Invalid(String),
    /// A stored document could not be read back.
    #[error("stored document {0:?} is damaged: {1}")]
    Damaged(String, String),
    /// A model rule was broken (bad range, …).
    #[error(transparent)]
    Model(#[from] pizhu_model::ModelError),
}

impl StoreError {
    /// The message in Chinese, the app's first language (`Display` is English).
    pub fn zh(&self) -> String {
        match self {
            StoreError::Sqlite(e) => format!("数据库出错：{e}"),
            StoreError::TooNew { found, supported } => {
                format!("这个文库由更新版本的批注写成（结构 {found}；本版本最多读到 {supported}）；请更新批注")
            }
            StoreError::NoDocument(id) => format!("没有编号为“{id}”的文档"),
            StoreError::NoAnnotation(id) => format!("没有编号为“{id}”的批注"),
            StoreError::NoEssay(id) => format!("没有编号为“{id}”的心得"),
            StoreError::NoColor(key, all) => format!("没有颜色“{key}”；可用的颜色：{all}"),
            StoreError::NoTag(t) => format!("没有标签“{t}”"),
            StoreError::NoConflict(id) => format!("没有编号为“{id}”的待解决冲突"),
            StoreError::Invalid(msg) => invalid_zh(msg),
            StoreError::Damaged(id, e) => format!("保存的文档“{id}”已损坏：{e}"),
            StoreError::Model(e) => e.zh(),
        }
    }
}

/// The Chinese of the store's own `Invalid` messages (others stay as written).
fn invalid_zh(msg: &str) -> String {
    match msg {
        "a tag name cannot be empty" => "标签名不能为空".into(),
        "a title cannot be empty" => "标题不能为空".into(),
        "the bundled speech cannot be removed" => "内置的讲话不能移除".into(),
        "the document is not in the trash" => "这篇文档不在回收站里".into(),
        "the bundled speech has no new versions" => "内置的讲话不能导入新版本".into(),
        "the document is in the trash" => "这篇文档在回收站里，请先还原".into(),
        "the note is not waiting to be re-attached" => "这条批注不是待确认的批注".into(),
        "the essay is not in the trash" => "这篇心得不在回收站里".into(),
        "an essay exports as docx or md" => "心得只能导出为 Word（docx）或 Markdown（md）".into(),
        "this note is already yours" => "这已经是我的批注".into(),
        "this note's passage is not in your copy of the document; it cannot be copied" => {
            "这条批注的原文不在我这份文档里，无法复制".into()
        }
        "a group member's note cannot be shared again" => "小组成员的批注不能再次共享".into(),
        other if other.starts_with("you are in the study group at ") => format!(
            "你已在学习小组 {} 中：请先退出（pizhu share --leave，或“退出小组”）",
            other
                .trim_start_matches("you are in the study group at ")
                .split(": leave it first")
                .next()
                .unwrap_or_default()
        ),
        other if other.starts_with("no group member ") => {
            format!("没有小组成员“{}”", other.trim_start_matches("no group member "))
        }
        other if other.starts_with("cannot share a ") => "只能共享文档或批注".into(),
        other if other.ends_with(" is not a group joined here") => {
            format!("{} 不是已加入的学习小组", other.trim_end_matches(" is not a group joined here"))
        }
        other => other.to_owned(),
    }
}
