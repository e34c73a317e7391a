//! `mecfs-data`: the dataset's command-line tool (validate, stats, diff, import-ctgov). Native
//! only; everything is in `mecfs_data::cli`. `mecfs-data --help` lists the commands.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = mecfs_data::cli::run(&args, &mut std::io::stdout(), &mut std::io::stderr());
    std::process::exit(code);
}

// The tool reads files and JSON: it has nothing to do in a browser.
#[cfg(target_arch = "wasm32")]
fn main() {}
