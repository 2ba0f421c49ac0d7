//! Capturing what the code under test logs, at every level, on this thread (the request futures the tests drive
//! run on it).
//!
//! One global subscriber, installed once, writes each event to the capture of the thread it happens on (if that
//! thread is capturing). A global subscriber, not a scoped one per test: with scoped ones, tests capturing on other
//! threads at the same time rebuild the callsites' cached interest and an event can go missing.

use std::cell::RefCell;
use std::io::Write;
use std::sync::{Arc, Mutex, Once};

use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::Layer;

thread_local! {
    static CAPTURE: RefCell<Option<Captured>> = const { RefCell::new(None) };
}

/// Everything logged on this thread while it lives; [`Logs::text`] reads it.
pub struct Logs {
    buffer: Captured,
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

/// Writes to the current thread's capture, or nowhere.
struct ThreadCapture;

impl Write for ThreadCapture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        CAPTURE.with(|c| {
            if let Some(Captured(buffer)) = c.borrow().as_ref() {
                buffer.lock().expect("log buffer").extend_from_slice(buf);
            }
        });
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capturing() -> bool {
    CAPTURE.with(|c| c.borrow().is_some())
}

static INSTALL: Once = Once::new();

/// Starts capturing TRACE and above on this thread, with each event's spans and their fields.
pub fn capture() -> Logs {
    INSTALL.call_once(|| {
        let layer = tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(|| ThreadCapture)
            // A dynamic filter: asked at every event. (`filter_fn` caches its first answer per callsite, so an event
            // first seen on a thread that wasn't capturing would never be captured again.)
            .with_filter(tracing_subscriber::filter::dynamic_filter_fn(|_, _| {
                capturing()
            }));
        let subscriber = tracing_subscriber::registry().with(layer);
        // Another global subscriber (none is installed by the tests) would keep this one out; then nothing is
        // captured and the test that asked says so.
        let _ = tracing::subscriber::set_global_default(subscriber);
    });
    let buffer = Captured::default();
    CAPTURE.with(|c| *c.borrow_mut() = Some(buffer.clone()));
    Logs { buffer }
}

impl Drop for Logs {
    fn drop(&mut self) {
        CAPTURE.with(|c| *c.borrow_mut() = None);
    }
}

impl Logs {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.buffer.0.lock().expect("logs")).into_owned()
    }
}
