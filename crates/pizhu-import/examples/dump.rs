//! Prints what `pizhu-import` reads from a file: `cargo run -p pizhu-import --example dump -- FILE`.
fn main() {
    let Some(path) = std::env::args().nth(1) else { return eprintln!("usage: dump FILE") };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => return eprintln!("{path}: {e}"),
    };
    let Some(kind) = pizhu_import::RichKind::from_name(&path) else { return eprintln!("not a rich file") };
    let t = std::time::Instant::now();
    match pizhu_import::import(kind, "d", &path, None, &bytes) {
        Ok(doc) => {
            let took = t.elapsed();
            println!("# {}", doc.title);
            for b in &doc.blocks {
                println!("[{:?} {:?}] {}", b.kind, b.level, b.text);
            }
            let chars: usize = doc.blocks.iter().map(|b| b.text.chars().count()).sum();
            eprintln!(
                "{} blocks, {chars} chars in {took:?} ({:.0} chars/s)",
                doc.blocks.len(),
                chars as f64 / took.as_secs_f64()
            );
        }
        Err(e) => eprintln!("error: {e}"),
    }
}
