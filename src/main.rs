//! Entry point: mounts the widget. Everything else lives in the library so tests can reach it.

fn main() {
    mecfs_timeline::start();
}
