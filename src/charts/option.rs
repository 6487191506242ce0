//! The typed ECharts option: structs serialised to the JSON ECharts reads, with the house style.
//!
//! Tooltips use `renderMode: "richText"`: they are drawn on the canvas, because ECharts' HTML
//! tooltips carry inline `style` attributes that the page's CSP blocks.

use serde::Serialize;
use yew::AttrValue;

/// Okabe–Ito's hues, distinguishable with the common colour-vision deficiencies, with its orange,
/// sky blue and yellow darkened to 3:1 against the white page (WCAG 1.4.11): 5.2, 3.9, 3.4, 3.1,
/// 3.6, 3.9 and 4.2:1 in this order.
pub const PALETTE: &[&str] = &["#0072B2", "#AD7600", "#009E73", "#CC79A7", "#3A8DC4", "#D55E00", "#8C7D00"];
pub(crate) const FONT: &str = "'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic UI', Meiryo, sans-serif";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChartOption {
    pub animation: bool,
    pub aria: Aria,
    pub color: &'static [&'static str],
    pub text_style: TextStyle,
    pub tooltip: Tooltip,
    pub legend: Legend,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grid: Option<Grid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x_axis: Option<Axis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub y_axis: Option<Axis>,
    pub series: Vec<Series>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visual_map: Option<VisualMap>,
    /// Changes ECharts applies while the chart is narrow (its own media queries, evaluated on
    /// every resize).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media: Option<serde_json::Value>,
}

#[derive(Serialize)]
#[serde(untagged)]
pub enum Series {
    Bar(BarSeries),
    Line(LineSeries),
    Heatmap(HeatmapSeries),
    Sankey(SankeySeries),
}

/// Flows between named nodes (stage at adoption → current stage).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SankeySeries {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    pub data: Vec<SankeyNode>,
    pub links: Vec<SankeyLink>,
    pub label: SeriesLabel,
    pub emphasis: Emphasis,
    pub node_gap: u32,
    pub left: u32,
    pub right: u32,
}

#[derive(Serialize)]
pub struct SankeyNode {
    pub name: String,
    pub label: DatumText,
    /// A node's own colour (the hidden flows' node is grey).
    #[serde(rename = "itemStyle", skip_serializing_if = "Option::is_none")]
    pub item_style: Option<ItemColor>,
}

#[derive(Serialize)]
pub struct SankeyLink {
    pub source: String,
    pub target: String,
    pub value: f64,
    pub tooltip: DatumText,
}

#[derive(Serialize)]
pub struct Emphasis {
    pub focus: &'static str,
}

/// A heatmap over two category axes; each cell is `[x index, y index, value]`, with its own label
/// text. Coloured by the chart's [`VisualMap`], or in one colour (`item_style`) by a series the
/// visual map does not govern.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeatmapSeries {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    pub data: Vec<HeatmapCell>,
    pub label: SeriesLabel,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_style: Option<ItemColor>,
}

#[derive(Serialize)]
pub struct ItemColor {
    pub color: &'static str,
}

#[derive(Serialize)]
pub struct HeatmapCell {
    pub value: (usize, usize, f64),
    pub label: DatumText,
    pub tooltip: DatumText,
}

/// The colour scale of a heatmap (single-hue, readable in greyscale print).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VisualMap {
    pub min: f64,
    pub max: f64,
    pub calculable: bool,
    pub orient: &'static str,
    pub left: &'static str,
    pub bottom: u32,
    pub in_range: InRange,
    /// The series it colours (the others keep their own colour).
    pub series_index: usize,
}

#[derive(Serialize)]
pub struct InRange {
    pub color: [&'static str; 2],
}

/// A line; with `stack` and `area_style` two of them draw a band (the interval).
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct LineSeries {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    pub data: Vec<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area_style: Option<AreaStyle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_style: Option<LineStyle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub symbol: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<SeriesLabel>,
    pub connect_nulls: bool,
}

#[derive(Serialize)]
pub struct AreaStyle {
    pub opacity: f64,
}

#[derive(Serialize)]
pub struct LineStyle {
    pub opacity: f64,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

#[derive(Serialize)]
pub struct Aria {
    pub enabled: bool,
    pub label: AriaLabel,
    pub decal: Decal,
}

#[derive(Serialize)]
pub struct AriaLabel {
    pub description: String,
}

#[derive(Serialize)]
pub struct Decal {
    pub show: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TextStyle {
    pub font_family: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tooltip {
    pub trigger: &'static str,
    pub render_mode: &'static str,
}

#[derive(Serialize)]
pub struct Legend {
    pub top: &'static str,
    /// The series listed (all when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<String>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Grid {
    pub left: u32,
    pub right: u32,
    pub top: u32,
    pub bottom: u32,
    pub contain_label: bool,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Axis {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_text_style: Option<NameTextStyle>,
    /// "middle" puts the name under a horizontal axis instead of past its end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_location: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_gap: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub axis_label: Option<AxisLabel>,
    /// Categories top to bottom on a vertical axis.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inverse: Option<bool>,
}

/// Where an axis name sits: "left" keeps a long Japanese name inside the canvas.
#[derive(Serialize)]
pub struct NameTextStyle {
    pub align: &'static str,
}

#[derive(Serialize, Default)]
pub struct AxisLabel {
    pub formatter: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub show: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BarSeries {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: String,
    pub data: Vec<BarDatum>,
    pub label: SeriesLabel,
    /// Bars with the same stack sit end to end (negative values to the left of zero).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stack: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<&'static str>,
}

#[derive(Serialize)]
pub struct SeriesLabel {
    pub show: bool,
    pub position: &'static str,
}

/// One bar, with its own label and tooltip text (so that n and the interval travel with the value).
#[derive(Serialize)]
pub struct BarDatum {
    pub value: Option<f64>,
    pub label: DatumText,
    pub tooltip: DatumText,
    /// The drill-down query (JSON) a click on the bar asks for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub drill: Option<String>,
}

#[derive(Serialize)]
pub struct DatumText {
    pub formatter: String,
}

impl ChartOption {
    /// A line chart with the house style (axis tooltips).
    pub fn lines(description: String, categories: Vec<String>, y: Axis, series: Vec<Series>) -> Self {
        ChartOption {
            tooltip: Tooltip { trigger: "axis", render_mode: "richText" },
            ..ChartOption::bars(description, categories, y, series)
        }
    }

    /// A vertical bar chart with the house style.
    pub fn bars(description: String, categories: Vec<String>, y: Axis, series: Vec<Series>) -> Self {
        ChartOption {
            animation: false,
            aria: Aria { enabled: true, label: AriaLabel { description }, decal: Decal { show: true } },
            color: PALETTE,
            text_style: TextStyle { font_family: FONT },
            tooltip: Tooltip { trigger: "item", render_mode: "richText" },
            legend: Legend { top: "top", data: None },
            grid: Some(Grid { left: 16, right: 16, top: 48, bottom: 16, contain_label: true }),
            x_axis: Some(Axis { kind: "category", data: Some(categories), ..Axis::default() }),
            y_axis: Some(y),
            series,
            visual_map: None,
            media: None,
        }
    }

    /// A chart without axes (a Sankey diagram).
    pub fn flows(description: String, series: Vec<Series>) -> Self {
        ChartOption {
            grid: None,
            x_axis: None,
            y_axis: None,
            ..ChartOption::bars(description, Vec::new(), Axis::default(), series)
        }
    }

    /// The x axis (every chart built here has one unless it is [`ChartOption::flows`]).
    pub fn x(&mut self) -> &mut Axis {
        self.x_axis.get_or_insert_with(Axis::default)
    }

    /// The option as ECharts reads it, each series with its decal pattern (see [`decal`]).
    pub fn to_json(&self) -> AttrValue {
        let mut option = serde_json::to_value(self).unwrap_or_default();
        if let Some(series) = option.get_mut("series").and_then(|s| s.as_array_mut()) {
            // Bars and lines only: a heatmap's colour is its value (a pattern over it is noise), and
            // a Sankey diagram's patterns go by node within its chart, which ECharts keeps stable.
            // By name, as ECharts picks a series' colour: the two halves of a split bar (the
            // neutral answer of the satisfaction chart) are one series to the reader.
            let mut names: Vec<serde_json::Value> = Vec::new();
            for s in series.iter_mut().filter(|s| s["type"] == "bar" || s["type"] == "line") {
                let place = names.iter().position(|n| *n == s["name"]).unwrap_or_else(|| {
                    names.push(s["name"].clone());
                    names.len() - 1
                });
                s["itemStyle"]["decal"] = decal(place);
            }
        }
        AttrValue::from(option.to_string())
    }
}

/// The `i`th of ECharts' own decal patterns (its `globalDefault` `aria.decal.decals`), given to a
/// series by the place of its name in its chart, as its colour is. Left to ECharts, a series gets
/// the pattern of its name from one scope shared by every chart of the page: which pattern (and so
/// which colour and pattern pair) a year got depended on which chart had been made first.
fn decal(i: usize) -> serde_json::Value {
    use serde_json::json;
    use std::f64::consts::PI;
    let color = "rgba(0, 0, 0, 0.2)";
    // Every property given, so that nothing of ECharts' own choice is merged in.
    let (symbol, x, y, size, rotation) = match i % 6 {
        0 => ("rect", json!([1, 0]), json!([2, 5]), 1.0, PI / 6.0),
        1 => ("circle", json!([[8, 8], [0, 8, 8, 0]]), json!([6, 0]), 0.8, 0.0),
        2 => ("rect", json!([1, 0]), json!([4, 3]), 1.0, -PI / 4.0),
        3 => ("rect", json!([[6, 6], [0, 6, 6, 0]]), json!([6, 0]), 1.0, 0.0),
        4 => ("rect", json!([[1, 0], [1, 6]]), json!([1, 0, 6, 0]), 1.0, PI / 4.0),
        _ => ("triangle", json!([[9, 9], [0, 9, 9, 0]]), json!([7, 2]), 0.75, 0.0),
    };
    json!({ "color": color, "symbol": symbol, "dashArrayX": x, "dashArrayY": y, "symbolSize": size, "rotation": rotation })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(name: &str) -> Series {
        Series::Bar(BarSeries {
            kind: "bar",
            name: name.into(),
            data: Vec::new(),
            label: SeriesLabel { show: false, position: "top" },
            stack: None,
            color: None,
        })
    }

    #[test]
    fn a_series_gets_the_decal_of_its_names_place_and_a_heatmap_none() {
        let heatmap = Series::Heatmap(HeatmapSeries {
            kind: "heatmap",
            name: "課題数".into(),
            data: Vec::new(),
            label: SeriesLabel { show: true, position: "inside" },
            item_style: None,
        });
        let series = vec![bar("3 どちらともいえない"), bar("2 不満"), bar("3 どちらともいえない"), heatmap];
        let option = ChartOption::bars("説明".into(), vec!["全体".into()], Axis::default(), series);
        let json: serde_json::Value = serde_json::from_str(&option.to_json()).unwrap();
        let decal = |i: usize| json["series"][i]["itemStyle"]["decal"].clone();
        assert_eq!((decal(0), decal(1), decal(2)), (super::decal(0), super::decal(1), super::decal(0)));
        assert_ne!(decal(0), decal(1));
        assert!(json["series"][3].get("itemStyle").is_none());
        assert_eq!(json["aria"]["label"]["description"], "説明");
    }
}
