//! The results as CSV, for Excel: one row per figure (long format), the definitions in force in
//! the first lines, suppressed cells marked. UTF-8 with a BOM by default (Excel opens it correctly;
//! no `sep=` line, which would break that), or CP932 for older tools, with a count of the
//! characters CP932 cannot represent. Cells a spreadsheet would run as formulas are neutralised.
//!
//! ```
//! use mdkpi::pipeline::{compute, Options};
//! use mdkpi::report::csv_export::{results_csv, CsvEncoding};
//! let r = compute(&mdkpi::sample::files(), &Options::default());
//! let (bytes, lost) = results_csv(&r, CsvEncoding::Utf8Bom);
//! assert!(bytes.starts_with(b"\xEF\xBB\xBF") && lost == 0);
//! ```

use encoding_rs::SHIFT_JIS;
use serde::{Deserialize, Serialize};

use crate::kpi::catalogue::lookup;
use crate::report::label::{breakdown_label, fiscal_year_label};
use crate::report::safe::csv_cell;
use crate::report::Results;

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
pub fn results_csv_text(results: &Results) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).flexible(true).from_writer(Vec::new());
    let d = &results.definitions;
    // The definitions travel with the figures, as footnotes do.
    let notes = [
        format!("# mdkpi {} - {}", results.generator.version, results.schema),
        format!(
            "# stage_up: discontinued {}, completed {}, min_years_since_adoption {}",
            d.stage_up.discontinued,
            d.stage_up.completed,
            d.stage_up.min_years_since_adoption.map(|n| n.to_string()).unwrap_or_else(|| "none".into())
        ),
        format!(
            "# statistics: {}; small n below {}; cells with 0 < n < {} suppressed ({}); target {}",
            d.statistics.interval, d.statistics.small_n_below, d.statistics.min_cell_size, d.statistics.suppression, d.statistics.target_method
        ),
        format!(
            "# sources: {}",
            results.datasets.iter().map(|d| d.source.as_str()).collect::<Vec<_>>().join(" / ")
        ),
    ];
    let filter = (!d.filter.is_empty()).then(|| format!("# filter: {}", d.filter.describe()));
    for note in notes.iter().chain(&filter) {
        let _ = w.write_record([csv_cell(note).as_ref()]);
    }
    let _ = w.write_record([
        "kpi_id", "指標", "年度", "fiscal_year", "区分", "breakdown", "value", "numerator", "denominator", "n", "ci95_low",
        "ci95_high", "small_n", "suppressed", "previous", "delta", "direction", "improved", "p_value", "target_next",
    ]);
    for k in &results.kpis {
        let name = lookup(k.id).map(|d| d.name_ja).unwrap_or("");
        let row = [
            k.id.to_owned(),
            name.to_owned(),
            fiscal_year_label(k.fiscal_year),
            k.fiscal_year.map(|y| y.to_string()).unwrap_or_default(),
            breakdown_label(&k.breakdown),
            serde_json::to_string(&k.breakdown).unwrap_or_default(),
            number(k.value),
            count(k.numerator),
            count(k.denominator),
            count(k.n),
            number(k.ci95.map(|c| c[0])),
            number(k.ci95.map(|c| c[1])),
            k.small_n.to_string(),
            k.suppressed.to_string(),
            number(k.previous),
            number(k.delta),
            k.direction.unwrap_or("").to_owned(),
            k.improved.map(|b| b.to_string()).unwrap_or_default(),
            number(k.p_value),
            number(k.target_next.as_ref().map(|t| t.value)),
        ];
        let _ = w.write_record(row.iter().map(|c| csv_cell(c).into_owned()));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The CSV bytes in `encoding`, and how many characters CP932 could not represent: each became
/// `?` (encoding_rs would write an HTML character reference, which means nothing in a CSV), and
/// the count lets the page say so.
pub fn results_csv(results: &Results, encoding: CsvEncoding) -> (Vec<u8>, usize) {
    encode(&results_csv_text(results), encoding)
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

/// CSV text as bytes in `encoding` (UTF-8 with BOM for Excel, or CP932), with the number of
/// characters CP932 could not represent.
pub fn encode(text: &str, encoding: CsvEncoding) -> (Vec<u8>, usize) {
    match encoding {
        CsvEncoding::Utf8Bom => (utf8_bom(text), 0),
        CsvEncoding::Cp932 => cp932(text),
    }
}

/// UTF-8 with a BOM, which Excel needs to open a UTF-8 CSV correctly. Kept apart from [`cp932`]
/// so that the page, which only ever writes this one itself, does not carry the CJK tables.
pub fn utf8_bom(text: &str) -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

/// CP932 (Shift_JIS as Excel writes it), with every character it cannot hold written as `?` and
/// counted.
pub fn cp932(text: &str) -> (Vec<u8>, usize) {
    let mut lost = 0;
    let mut buf = [0u8; 4];
    let representable: String = text
        .chars()
        .map(|c| {
            if c.is_ascii() || !SHIFT_JIS.encode(c.encode_utf8(&mut buf)).2 {
                c
            } else {
                lost += 1;
                '?'
            }
        })
        .collect();
    let (bytes, _, _) = SHIFT_JIS.encode(&representable);
    (bytes.into_owned(), lost)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::decode::{decode, TextEncoding};
    use crate::pipeline::{compute, InputFile, Options};

    #[test]
    fn one_row_per_figure_with_definitions_first() {
        let r = compute(&crate::sample::files(), &Options::default());
        let text = results_csv_text(&r);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("# mdkpi"));
        assert!(lines[2].contains("suppressed"));
        assert!(lines[4].starts_with("kpi_id,指標,年度"));
        assert_eq!(lines.len(), 5 + r.kpis.len());
        assert!(!text.contains("sep="));
    }

    #[test]
    fn encodings_and_what_cp932_cannot_hold() {
        let csv = "年度,課題ID,採択年度,事業名\nR5,A,2020,=cmd\nR5,B,2021,😀事業\n";
        let r = compute(&[InputFile::new("p.csv", csv.as_bytes().to_vec())], &Options::default());
        let (utf8, lost) = results_csv(&r, CsvEncoding::Utf8Bom);
        assert_eq!((decode(&utf8).encoding, lost), (TextEncoding::Utf8Bom, 0));
        let text = decode(&utf8).text;
        assert!(text.contains("'=cmd") && !text.contains(",=cmd"), "formula cells are neutralised");
        let (sjis, lost) = results_csv(&r, CsvEncoding::Cp932);
        let back = decode(&sjis);
        assert_eq!((back.encoding, back.malformed), (TextEncoding::Cp932, 0));
        assert!(back.text.contains("指標") && back.text.contains("?事業"));
        assert!(!back.text.contains("&#"), "no HTML character references in a CSV");
        assert_eq!(lost, back.text.matches("?事業").count(), "every emoji that became ? is counted");
        assert!(lost > 0);
    }
}
