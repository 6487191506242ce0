//! The page's header: the title, the privacy badge, the language switch, the results export and
//! printing; and the line a printed handout carries.

use mdkpi_contract::lang::Lang;
use mdkpi_contract::results::Results;
use yew::prelude::*;

use super::export::ResultsExport;
use crate::state::AppState;

/// The header, in `l`; `on_toggle_lang` switches the language.
pub fn header(l: Lang, state: &UseReducerHandle<AppState>, on_toggle_lang: Callback<MouseEvent>) -> Html {
    html! {
        <header class="app-header">
            <div>
                <h1>{l.t("医療機器基本計画 KPI ダッシュボード", "Medical Device Basic Plan KPI dashboard")}</h1>
                <p class="subtitle">
                    if l == Lang::Ja { {"第二期医療機器基本計画の重要業績評価指標（KPI）"} }
                    else { {"KPIs of Japan's 2nd Medical Device Basic Plan "}<span lang="ja" class="official">{"第二期医療機器基本計画"}</span> }
                </p>
            </div>
            <div class="header-actions">
                <a class="privacy-badge" data-testid="privacy-badge" href="privacy.html" target="_blank" rel="noopener"
                   onclick={Callback::from(open_about)}>
                    // A drawn lock, not the 🔒 emoji: a machine without a colour emoji font
                    // showed an empty box there (as the README's screenshots did).
                    <svg class="lock" aria-hidden="true" viewBox="0 0 16 16" width="12" height="12">
                        <path fill="currentColor" d="M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7h1zm2 0h4V5a2 2 0 0 0-4 0v2z" />
                    </svg>
                    {l.t("データはこのブラウザの外に送信されません", "Your data never leaves this browser")}
                </a>
                <button type="button" class="lang-button" data-action="toggle-lang" lang={l.other().code()} onclick={on_toggle_lang}>
                    {l.t("English", "日本語")}
                </button>
                <ResultsExport inputs={state.committed_inputs()}
                               options={state.committed_options()} dispatch={state.dispatcher()} />
                <button type="button" class="print-button" data-action="print" onclick={Callback::from(|_: MouseEvent| {
                    let _ = gloo::utils::window().print();
                })}>{l.t("印刷 / PDF", "Print / PDF")}</button>
            </div>
        </header>
    }
}

/// The one-file edition (mdkpi.html) carries its privacy page as a section of itself, which the
/// badge opens; the site's badge opens privacy.html.
fn open_about(e: MouseEvent) {
    let Some(about) = gloo::utils::document().get_element_by_id("mdkpi-about") else { return };
    e.prevent_default();
    let _ = about.set_attribute("open", "");
    about.scroll_into_view();
}

/// The line a printed handout carries: the date (和暦), the data sources, the disclosure mode and
/// rule, and whether it is the synthetic sample.
pub fn print_meta(lang: Lang, results: &Results, is_sample: bool) -> String {
    let format = js_sys::Object::new();
    for (key, value) in [("era", "long"), ("year", "numeric"), ("month", "long"), ("day", "numeric")] {
        let _ = js_sys::Reflect::set(&format, &key.into(), &value.into());
    }
    // 令和8年11月21日: the Japanese calendar, as committee papers are dated.
    let locale = lang.t("ja-JP-u-ca-japanese", "en-GB");
    let date: String = js_sys::Date::new_0().to_locale_date_string(locale, &format).into();
    let sources = results.sources().join(lang.t("、", ", "));
    let sample = if is_sample {
        lang.t("【合成サンプルデータ（架空）】", "[SYNTHETIC SAMPLE DATA] ")
    } else {
        ""
    };
    let rule = mdkpi_contract::label::disclosure_rule_in(lang, &results.definitions.statistics);
    let (version, schema) = (&results.generator.version, &results.schema);
    lang.t(
        format!("{sample}作成日: {date} ・ データ: {sources} ・ {rule} ・ mdkpi {version}（{schema}）"),
        format!("{sample}Made: {date} · Data: {sources} · {rule} · mdkpi {version} ({schema})"),
    )
}
