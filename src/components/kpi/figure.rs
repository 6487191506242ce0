//! A figure on the page: its data attributes (`data-kpi-id`, `data-fiscal-year`, `data-breakdown`,
//! `data-field`), and the drill-down to the rows behind it.

use std::rc::Rc;

use mdkpi_contract::catalogue::{Catalogue, Unit};
use mdkpi_contract::label::{self, breakdown_attr, fiscal_year_attr, fiscal_year_in};
use mdkpi_contract::options::Filter;
use mdkpi_contract::results::{Definitions, DrillQuery, Kpi, Results};
use mdkpi_contract::schema::DatasetKind;
use yew::prelude::*;

use crate::components::drill::OnDrill;
use crate::lang::{use_lang, Lang};
use crate::words::data;

/// One figure with its data attributes.
pub fn figure(k: &Kpi, field: &'static str, text: String) -> Html {
    html! {
        <span data-kpi-id={k.id.as_str()} data-fiscal-year={fiscal_year_attr(k.fiscal_year)}
              data-breakdown={breakdown_attr(&k.breakdown)} data-field={field}>{text}</span>
    }
}

/// Beside a figure of rows of `kind`: the filters in force (`filter`, as the results were computed)
/// that do not narrow those rows, so that a filtered page does not pass them off as filtered.
pub fn unfiltered_note(lang: Lang, filter: &Filter, kind: DatasetKind) -> Html {
    let names = filter.unapplied(kind);
    if names.is_empty() {
        return Html::default();
    }
    let ja = names.iter().map(|(ja, _)| *ja).collect::<Vec<_>>().join("・");
    let en = names.iter().map(|(_, en)| *en).collect::<Vec<_>>().join(", ");
    html! {
        <p class="unfiltered" data-testid="unfiltered">
            {lang.t(format!("この絞り込みは適用されません（{ja}）。すべての行の値です。"), format!("This filter does not apply ({en}): the figure is of all rows."))}
        </p>
    }
}

/// The definitions in force (the results' `definitions`): the disclosure rule, for the reason
/// each hidden mark gives, and the KPIs defined by a file, for their names and units.
#[derive(Clone, PartialEq)]
pub struct HiddenRule(pub Rc<Definitions>);

/// A hidden figure: the mark `x`, with its data attributes. It says why on hover and on focus,
/// and leads to the setting (the data view, where the mode and thresholds are chosen).
pub fn hidden_mark(lang: Lang, k: &Kpi, field: &'static str, definitions: &Definitions) -> Html {
    let unit = Catalogue { defined: &definitions.kpis }.disclosure(k.id);
    let why = label::hidden_reason_in(lang, &definitions.statistics, unit);
    html! {
        <a class="hidden-mark" href="#view=data" title={why.clone()} aria-label={why}
           data-kpi-id={k.id.as_str()} data-fiscal-year={fiscal_year_attr(k.fiscal_year)}
           data-breakdown={breakdown_attr(&k.breakdown)} data-field={field}>{label::HIDDEN}</a>
    }
}

/// The drill-down query of a figure.
pub fn query_of(k: &Kpi) -> DrillQuery {
    DrillQuery { id: k.id, fiscal_year: k.fiscal_year, breakdown: k.breakdown.clone() }
}

/// A figure in words: `採択課題数・令和5年度 (FY2023)・② 治療機器`, `Projects adopted · FY2023 · ② Early
/// diagnosis`.
pub fn title_of(lang: Lang, k: &Kpi, catalogue: &Catalogue) -> String {
    let name = catalogue.def(k.id).map_or(k.id.as_str(), |d| lang.t(d.name_ja, d.name_en));
    let year = fiscal_year_in(lang, k.fiscal_year);
    let cell = label::breakdown_label_in(lang, &k.breakdown);
    lang.t(format!("{name}・{year}・{cell}"), format!("{name} · {year} · {cell}"))
}

/// [`title_of`] for the page: the breakdown's cell, which may be the data's Japanese, marked.
pub fn title_html(lang: Lang, k: &Kpi, catalogue: &Catalogue) -> Html {
    let name = catalogue.def(k.id).map_or(k.id.as_str(), |d| lang.t(d.name_ja, d.name_en)).to_owned();
    let sep = lang.t("・", " · ");
    let cell = label::breakdown_label_in(lang, &k.breakdown);
    html! { <>{name}{sep}{fiscal_year_in(lang, k.fiscal_year)}{sep}{data(cell)}</> }
}

/// A chart's click handler for drill-downs: the datum's `drill` JSON becomes the query, titled
/// like the figure it belongs to. `None` where no drill-down is provided.
pub fn chart_drill(lang: Lang, results: &Rc<Results>, on_drill: Option<OnDrill>) -> Option<Callback<String>> {
    let results = results.clone();
    on_drill.map(|on_drill| {
        Callback::from(move |json: String| {
            let Ok(query) = serde_json::from_str::<DrillQuery>(&json) else { return };
            let catalogue = results.catalogue();
            let title = results.kpis.iter().find(|k| query_of(k) == query).map(|k| title_of(lang, k, &catalogue));
            on_drill.emit((query, title.unwrap_or_default()));
        })
    })
}

#[derive(Properties, PartialEq)]
pub struct ValueProps {
    pub kpi: Kpi,
    pub unit: Unit,
}

/// A value: the figure (a button that lists the rows behind it), or the mark x for a hidden cell,
/// with the small-n badge.
#[component]
pub fn Value(props: &ValueProps) -> Html {
    let k = &props.kpi;
    let on_drill = use_context::<OnDrill>();
    let lang = use_lang();
    let rule = use_context::<HiddenRule>();
    let money = use_context::<label::Money>().unwrap_or_default();
    if k.suppressed {
        return match rule {
            Some(rule) => hidden_mark(lang, k, "value", &rule.0),
            None => figure(k, "value", lang.hidden().to_owned()),
        };
    }
    let text = label::value_lang(lang, props.unit, k.value, money);
    let badge = k.small_n.then(|| html! { <span class="small-n" title="n < 10">{lang.t("少数", "small n")}</span> });
    match on_drill {
        Some(on_drill) => {
            let catalogue = rule.as_ref().map_or(Catalogue::BUILTIN, |r| Catalogue { defined: &r.0.kpis });
            let (query, title) = (query_of(k), title_of(lang, k, &catalogue));
            // The button's name is its text: the figure's title, which may hold the data's
            // Japanese (a program), is read out of sight so that it can be marked as Japanese.
            let named = html! { <span class="visually-hidden">{title_html(lang, k, &catalogue)}{": "}</span> };
            let then = html! { <span class="visually-hidden">{lang.t("。元の行を見る", ". Show the rows")}</span> };
            let onclick = Callback::from(move |_: MouseEvent| on_drill.emit((query.clone(), title.clone())));
            html! {
                <>
                    <button type="button" class="figure-button" data-action="drill" {onclick}>
                        {named}{figure(k, "value", text)}{then}
                    </button>
                    {badge}
                </>
            }
        }
        _ => html! { <>{figure(k, "value", text)}{badge}</> },
    }
}

/// The value cell of a table.
pub fn value_cell(unit: Unit, k: &Kpi) -> Html {
    html! { <td class="num"><Value kpi={k.clone()} {unit} /></td> }
}
