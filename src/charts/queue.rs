//! The order charts are created in: one per task, those in sight first.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

/// A chart waiting to be created: its place in the page, and whether it is in sight (unknown until
/// the observer has said).
struct Queued {
    seq: u64,
    node: web_sys::Element,
    in_sight: Option<bool>,
    create: Box<dyn FnOnce()>,
}

/// The charts waiting, whether a task to make the next is scheduled, and the observer that says
/// which are in sight.
#[derive(Default)]
struct ChartQueue {
    waiting: Vec<Queued>,
    seq: u64,
    scheduled: bool,
    sight: Option<Sight>,
}

/// The observer, with its callback kept alive beside it.
type Sight = (web_sys::IntersectionObserver, Closure<dyn Fn(js_sys::Array)>);

impl ChartQueue {
    /// The next chart to make: those in sight first, then the others in page order. A chart the
    /// observer has not reported yet waits (it reports right after the layout it needs anyway).
    fn next(&mut self) -> Option<Queued> {
        let i = (0..self.waiting.len())
            .filter(|&i| self.waiting[i].in_sight.is_some())
            .min_by_key(|&i| (self.waiting[i].in_sight != Some(true), self.waiting[i].seq))?;
        Some(self.waiting.swap_remove(i))
    }

    fn ready(&self) -> bool {
        self.waiting.iter().any(|q| q.in_sight.is_some())
    }
}

thread_local! {
    static QUEUE: RefCell<ChartQueue> = RefCell::new(ChartQueue::default());
}

/// Queues the creation of the chart in `node`: one chart per task, those in sight first, then the
/// others in the order their effects ran (the page's order). An `IntersectionObserver` says which
/// are in sight, after the page's next layout: asking each chart for its position instead forced
/// a layout per chart while the page was being built (~60 ms before the first chart). A chart of
/// the first screen does not wait for that report: it is the screen's only chart, with nothing to
/// be ordered against, and the report comes a frame later.
pub(super) fn queue_chart(node: web_sys::Element, first_screen: bool, create: Box<dyn FnOnce()>) {
    QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        q.seq += 1;
        let seq = q.seq;
        if q.sight.is_none() {
            let seen = Closure::<dyn Fn(js_sys::Array)>::new(seen);
            match web_sys::IntersectionObserver::new(seen.as_ref().unchecked_ref()) {
                Ok(observer) => q.sight = Some((observer, seen)),
                Err(_) => {
                    // No observer: page order only.
                    q.waiting.push(Queued { seq, node, in_sight: Some(false), create });
                    return;
                }
            }
        }
        if let Some((observer, _)) = &q.sight {
            observer.observe(&node);
        }
        q.waiting.push(Queued { seq, node, in_sight: first_screen.then_some(false), create });
    });
    schedule_chart();
}

/// The observer's report: each chart's node, in sight or not, once.
fn seen(entries: js_sys::Array) {
    QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        for entry in entries.iter().filter_map(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok()) {
            let target = entry.target();
            if let Some((observer, _)) = &q.sight {
                observer.unobserve(&target);
            }
            if let Some(queued) = q.waiting.iter_mut().find(|w| w.node == target) {
                queued.in_sight = Some(entry.is_intersecting());
            }
        }
    });
    schedule_chart();
}

/// Schedules the task that makes the next chart, unless one is scheduled or none is ready.
fn schedule_chart() {
    let schedule = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        let schedule = !q.scheduled && q.ready();
        q.scheduled |= schedule;
        schedule
    });
    if schedule {
        next_chart();
    }
}

fn next_chart() {
    // www/boot.js evaluates ECharts while the page's wasm compiles, rather than before it starts:
    // it may still be on its way. Once its promise settles (loaded or not), charts are made; one
    // that cannot be shows its fallback.
    let global = js_sys::global();
    let loaded = js_sys::Reflect::has(&global, &"echarts".into()).unwrap_or(false);
    let pending =
        js_sys::Reflect::get(&global, &"mdkpiEcharts".into()).ok().and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    match pending {
        Some(pending) if !loaded => {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(pending).await;
                make_next_chart();
            });
        }
        _ => make_next_chart(),
    }
}

fn make_next_chart() {
    gloo::timers::callback::Timeout::new(0, || {
        let next = QUEUE.with(|q| {
            let mut q = q.borrow_mut();
            q.scheduled = false;
            q.next()
        });
        if let Some(Queued { create, .. }) = next {
            create();
        }
        schedule_chart();
    })
    .forget();
}
