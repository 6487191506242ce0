//! Component tests in a real browser: wasm-bindgen-test in headless Chromium (`cargo xtask test`).
//! Each test mounts the real `App` into its own element and reads the DOM a user would see.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use mdkpi_contract::catalogue::{Dimension, KpiId};
use mdkpi_contract::label::{breakdown_attr, fiscal_year_attr, percent, HIDDEN};
use mdkpi_contract::options::{Options, StageUpOptions};
use mdkpi_contract::results::Results;
use mdkpi_core::pipeline::compute;
use mdkpi_core::sample;
use mdkpi_web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

async fn mount() -> Element {
    // No worker script is served here: the engine answers on the page (the engine's crate is
    // linked into this test, never into the page).
    let engine = RefCell::new(mdkpi_engine::Engine::default());
    mdkpi_web::engine::answer_on_this_thread(Rc::new(move |call, files| {
        engine.borrow_mut().answer_call(call, files, &mut |_| {})
    }));
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    gloo::utils::body().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    // The views below the first screen follow it (after the first chart is painted, or 2 s).
    for _ in 0..200 {
        if root.query_selector("#view-stage-up").unwrap().is_some() {
            return root;
        }
        gloo::timers::future::TimeoutFuture::new(50).await;
        yew::scheduler::flush().await;
    }
    panic!("the views below the first screen were never rendered");
}

/// Waits (up to 10 s) until the engine has answered: `<main data-busy="false">` (here the engine
/// answers on the page: see `mount`).
async fn settled(root: &Element) {
    for _ in 0..200 {
        yew::scheduler::flush().await;
        if root.query_selector("main[data-busy='false']").unwrap().is_some() {
            return;
        }
        gloo::timers::future::TimeoutFuture::new(50).await;
    }
    panic!("the engine never answered");
}

/// The text of a displayed figure, found by its data attributes.
fn figure(root: &Element, fy: Option<i32>, breakdown: &str, field: &str) -> Option<String> {
    let selector = format!(
        "[data-kpi-id='{}'][data-fiscal-year='{}'][data-breakdown='{breakdown}'][data-field='{field}']",
        KpiId::RdStageUpShare,
        fiscal_year_attr(fy)
    );
    root.query_selector(&selector).unwrap().and_then(|e| e.text_content())
}

/// Whether the page starts in English: it follows the browser's language.
fn english() -> bool {
    mdkpi_web::lang::from_browser() == mdkpi_web::lang::Lang::En
}

/// Every stage-up total and by-stage figure of `expected` is on the page, written as `percent`.
fn assert_shows(root: &Element, expected: &Results) -> usize {
    let mut checked = 0;
    for k in expected.kpis.iter().filter(|k| k.id == KpiId::RdStageUpShare) {
        if !(k.breakdown.is_empty() || k.breakdown.contains_key(&Dimension::AdoptionStage)) {
            continue;
        }
        let b = breakdown_attr(&k.breakdown);
        let shown = if k.suppressed { HIDDEN.to_owned() } else { percent(k.value) };
        assert_eq!(figure(root, k.fiscal_year, &b, "value"), Some(shown), "{:?} {b}", k.fiscal_year);
        let denominator = if k.suppressed { Some(HIDDEN.to_owned()) } else { k.denominator.map(|d| d.to_string()) };
        assert_eq!(figure(root, k.fiscal_year, &b, "denominator"), denominator);
        checked += 1;
    }
    checked
}

#[wasm_bindgen_test]
async fn first_screen_is_the_labelled_sample_with_every_stage_up_figure() {
    let root = mount().await;
    let banner = root.query_selector("[data-testid=sample-banner]").unwrap().expect("sample banner");
    // The page speaks the browser's language (headless Chromium's is often English).
    let synthetic = if english() { "SYNTHETIC" } else { "合成" };
    assert!(banner.text_content().unwrap().contains(synthetic));
    let expected = compute(&sample::files(), &Options::default());
    // Two survey years × (total + four stages).
    assert_eq!(assert_shows(&root, &expected), 10);
    let export = root.query_selector("[data-action=export-results-json]").unwrap();
    assert!(export.is_some(), "export button");
}

#[wasm_bindgen_test]
async fn switching_a_definition_recomputes_the_figures() {
    let root = mount().await;
    let defaults = compute(&sample::files(), &Options::default());
    let total_default = figure(&root, Some(2023), "{}", "denominator");
    assert_eq!(assert_shows(&root, &defaults), 10);

    let checkbox: HtmlInputElement = root
        .query_selector("input[data-option=exclude_discontinued]")
        .unwrap()
        .expect("the 中止 switch")
        .unchecked_into();
    checkbox.set_checked(true);
    checkbox.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    yew::scheduler::flush().await;
    assert!(root.query_selector("[data-testid=progress]").unwrap().is_some(), "a job is shown while computing");
    settled(&root).await;

    let options =
        Options { stage_up: StageUpOptions { exclude_discontinued: true, ..Default::default() }, ..Options::default() };
    let excluded = compute(&sample::files(), &options);
    assert_eq!(assert_shows(&root, &excluded), 10);
    // The sample has discontinued themes, so the denominator must have changed.
    assert_ne!(figure(&root, Some(2023), "{}", "denominator"), total_default);
    let note = root.query_selector("[data-testid=stage-up-definition]").unwrap().unwrap().text_content().unwrap();
    let excluded = if english() { "Discontinued: left out of the denominator" } else { "中止: 分母から除外" };
    assert!(note.contains(excluded), "{note}");
}

#[wasm_bindgen_test]
async fn a_fatal_error_shows_a_panel_with_its_details() {
    mdkpi_web::show_fatal("panicked at src/x.rs:1:1: boom");
    let panel = gloo::utils::document().get_element_by_id("fatal").expect("the panel is shown");
    assert_eq!(panel.get_attribute("role").as_deref(), Some("alert"));
    let text = panel.text_content().unwrap_or_default();
    assert!(text.contains("再読み込み") && text.contains("reload") && text.contains("boom"), "{text}");
    assert!(panel.query_selector("[data-action=copy-error-details]").unwrap().is_some());
    panel.remove();
}

/// Files go into storage as `{meta, blob}`; an entry saved by an earlier version holds `bytes`
/// instead, and must still load, with the same bytes and choices.
#[wasm_bindgen_test]
async fn stored_files_come_back_from_blobs_and_from_the_bytes_of_earlier_versions() {
    use mdkpi_contract::schema::DatasetKind;
    use mdkpi_web::files::Blobs;
    use mdkpi_web::storage::{files_from_js, files_to_js};
    let blobs = Blobs::default();
    let bytes = js_sys::Array::of1(&js_sys::Uint8Array::from("年度,課題ID\n2023,A\n".as_bytes()));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&bytes).unwrap();
    let mut file = blobs.add("p.csv".into(), blob);
    file.kind = Some(DatasetKind::Projects);
    let list = files_to_js(std::slice::from_ref(&file), &blobs).unwrap();
    let back = files_from_js(&list, &blobs).unwrap();
    assert_eq!((back[0].name.as_str(), back[0].kind, back[0].size), ("p.csv", file.kind, file.size));
    let read = |id| gloo::file::futures::read_as_bytes(&gloo::file::Blob::from(blobs.get(id)));
    assert_eq!(read(back[0].id).await.unwrap(), "年度,課題ID\n2023,A\n".as_bytes(), "a blob travels as itself");
    // An earlier version's entry: the same meta, and the bytes.
    let entry = list.get(0);
    js_sys::Reflect::delete_property(entry.unchecked_ref::<js_sys::Object>(), &"blob".into()).unwrap();
    let bytes = js_sys::Uint8Array::from("年度,課題ID\n2023,B\n".as_bytes());
    js_sys::Reflect::set(&entry, &"bytes".into(), &bytes).unwrap();
    let old = files_from_js(&list, &blobs).unwrap();
    assert_eq!((old[0].name.as_str(), old[0].kind), ("p.csv", Some(DatasetKind::Projects)));
    assert_eq!(read(old[0].id).await.unwrap(), "年度,課題ID\n2023,B\n".as_bytes());
}
