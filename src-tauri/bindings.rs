//! TypeScript bindings for the UI, generated from the Rust types with
//! `ts-rs` into `ui/src/bindings/`. A test compares them with the checked-in
//! files so they cannot go stale; `PIZHU_WRITE_BINDINGS=1 cargo test
//! bindings` rewrites them.

use std::path::Path;

use pizhu_core::model::{
    Annotation, AnnotationPatch, Color, Document, DocumentInfo, NewAnnotation, NoteFilter, TagCount,
};
use pizhu_core::{ExportRequest, IndexStatus, SearchResults};
use ts_rs::{Config, ExportError, TS};

use crate::commands::{ApiError, AppInfo, BackupSummary, RestoreSummary};

/// Writes every binding (with the types they depend on) into `dir`.
pub fn export(dir: &Path) -> Result<(), ExportError> {
    let cfg = Config::new().with_out_dir(dir);
    Document::export_all(&cfg)?;
    DocumentInfo::export_all(&cfg)?;
    Annotation::export_all(&cfg)?;
    NewAnnotation::export_all(&cfg)?;
    AnnotationPatch::export_all(&cfg)?;
    NoteFilter::export_all(&cfg)?;
    Color::export_all(&cfg)?;
    TagCount::export_all(&cfg)?;
    SearchResults::export_all(&cfg)?;
    IndexStatus::export_all(&cfg)?;
    AppInfo::export_all(&cfg)?;
    ApiError::export_all(&cfg)?;
    ExportRequest::export_all(&cfg)?;
    BackupSummary::export_all(&cfg)?;
    RestoreSummary::export_all(&cfg)?;
    Ok(())
}
