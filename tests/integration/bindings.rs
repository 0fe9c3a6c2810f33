//! The UI's TypeScript types are generated from Rust; this fails when the
//! checked-in ones in `ui/src/bindings` are stale. Regenerate with
//! `PIZHU_WRITE_BINDINGS=1 cargo test bindings`.

use std::collections::BTreeMap;
use std::path::Path;

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
                .map(|e| {
                    let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                    (e.file_name().to_string_lossy().into_owned(), text)
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn typescript_bindings_are_current() {
    let checked_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings");
    let fresh = crate::util::tempdir();
    pizhu_app::bindings::export(fresh.path()).expect("export bindings");
    if std::env::var_os("PIZHU_WRITE_BINDINGS").is_some() {
        for (name, text) in read_dir(&checked_in) {
            let _ = text;
            std::fs::remove_file(checked_in.join(name)).expect("remove old binding");
        }
        pizhu_app::bindings::export(&checked_in).expect("write bindings");
    }
    let want = read_dir(fresh.path());
    assert!(want.contains_key("Annotation.ts") && want.contains_key("SearchHit.ts"));
    assert_eq!(read_dir(&checked_in), want, "ui/src/bindings is stale: run PIZHU_WRITE_BINDINGS=1 cargo test bindings");
}
