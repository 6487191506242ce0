//! CSV as text, for Excel: the results one row per figure (long format, the definitions in force
//! in the first lines, hidden cells marked x), and any table as shown. Cells a spreadsheet would
//! run as formulas are neutralised. The page writes UTF-8 with a BOM itself ([`utf8_bom`]); CP932
//! needs encoding tables, which only the engine and the CLI carry (`mdkpi_core::report`).

use serde::{Deserialize, Serialize};

use crate::label::{breakdown_label, fiscal_year_label, HIDDEN};
use crate::results::{Kpi, Results};
use crate::safe::csv_cell;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CsvEncoding {
    /// 「Excel用（UTF-8 BOM付き）」: the default.
    Utf8Bom,
    /// Shift_JIS (CP932), for tools that cannot read UTF-8.
    Cp932,
}

fn number(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn count(v: Option<u64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The CSV text (before encoding).
/// What the figures are and under which rules, a line each: the sample mark, the generator, the
/// stage-up definition, the statistics, the sources, the hidden mark and the filter. The results
/// CSV writes them first, a workbook on its definitions sheet.
pub fn definition_notes(results: &Results) -> Vec<String> {
    let d = &results.definitions;
    let sample = results.sample.then(|| {
        format!(
            "{}: 架空の値です。実際の調査結果ではありません / made-up values: not real survey results",
            crate::label::SAMPLE_MARK
        )
    });
    let notes = [
        format!("mdkpi {} - {}", results.generator.version, results.schema),
        format!(
            "stage_up: discontinued {}, completed {}, min_years_since_adoption {}",
            d.stage_up.discontinued,
            d.stage_up.completed,
            d.stage_up.min_years_since_adoption.map(|n| n.to_string()).unwrap_or_else(|| "none".into())
        ),
        format!(
            "statistics: {}; small n below {}; {} ({}); target {}",
            d.statistics.interval,
            d.statistics.small_n_below,
            crate::label::disclosure_rule(&d.statistics),
            d.statistics.suppression,
            d.statistics.target_method
        ),
        format!("sources: {}", results.sources().join(" / ")),
        format!("{HIDDEN}: 非表示（少数のため、またはほかの値から計算できるため） / hidden (few units or computable from other figures)"),
    ];
    let filter = (!d.filter.is_empty()).then(|| format!("filter: {}", d.filter.describe()));
    sample.into_iter().chain(notes).chain(filter).collect()
}

pub fn results_csv_text(results: &Results) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).flexible(true).from_writer(Vec::new());
    // The definitions travel with the figures, as footnotes do.
    for note in definition_notes(results) {
        let _ = w.write_record([csv_cell(&format!("# {note}")).as_ref()]);
    }
    let _ = w.write_record([
        "kpi_id",
        "指標",
        "年度",
        "fiscal_year",
        "区分",
        "breakdown",
        "value",
        "numerator",
        "denominator",
        "n",
        "ci95_low",
        "ci95_high",
        "small_n",
        "suppressed",
        "previous",
        "delta",
        "direction",
        "improved",
        "p_value",
        "target_next",
    ]);
    let catalogue = results.catalogue();
    for k in &results.kpis {
        let name = catalogue.def(k.id).map_or("", |d| d.name_ja);
        let row = [
            k.id.to_string(),
            name.to_owned(),
            fiscal_year_label(k.fiscal_year),
            k.fiscal_year.map(|y| y.to_string()).unwrap_or_default(),
            breakdown_label(&k.breakdown),
            serde_json::to_string(&k.breakdown).unwrap_or_default(),
            hidden_or(k, number(k.value)),
            hidden_or(k, count(k.numerator)),
            hidden_or(k, count(k.denominator)),
            hidden_or(k, count(k.n)),
            number(k.ci95.map(|c| c[0])),
            number(k.ci95.map(|c| c[1])),
            k.small_n.to_string(),
            k.suppressed.to_string(),
            if k.previous_hidden() { HIDDEN.to_owned() } else { number(k.previous) },
            number(k.delta),
            k.direction.map(|d| d.to_string()).unwrap_or_default(),
            k.improved.map(|b| b.to_string()).unwrap_or_default(),
            number(k.p_value),
            number(k.target_next.as_ref().map(|t| t.value)),
        ];
        let _ = w.write_record(row.iter().map(|c| csv_cell(c).into_owned()));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A hidden figure's cell reads [`HIDDEN`], as on the page.
fn hidden_or(k: &Kpi, text: String) -> String {
    if k.suppressed {
        HIDDEN.to_owned()
    } else {
        text
    }
}

/// Any table (a chart's data, a drill-down) as CSV text: footnote lines first (`# …`), then the
/// header and the rows. Cells that a spreadsheet would run as a formula are neutralised.
pub fn table_csv_text(notes: &[String], header: &[String], rows: &[Vec<String>]) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).flexible(true).from_writer(Vec::new());
    for note in notes {
        let _ = w.write_record([csv_cell(&format!("# {note}")).as_ref()]);
    }
    let _ = w.write_record(header.iter().map(|c| csv_cell(c).into_owned()));
    for row in rows {
        let _ = w.write_record(row.iter().map(|c| csv_cell(c).into_owned()));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// UTF-8 with a BOM, which Excel needs to open a UTF-8 CSV correctly. Kept apart from [`cp932`]
/// so that the page, which only ever writes this one itself, does not carry the CJK tables.
pub fn utf8_bom(text: &str) -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    bytes
}
