//! Tables as sheets: the title on the first row, the header frozen under it, numbers as numbers
//! in the format the page writes them with, x where the page hides a figure, and the footnotes
//! under the table, as a secretariat lays out a table for a report.
//!
//! ```
//! use mdkpi_core::contract::{label::Money, lang::Lang};
//! let results = mdkpi_core::contract::sample::payload().results;
//! let bytes = mdkpi_engine::xlsx::tables::results_workbook(&results, Lang::Ja, Money::Auto).unwrap();
//! assert!(bytes.starts_with(b"PK"));
//! ```

use std::collections::BTreeSet;

use mdkpi_core::contract::csv_text::definition_notes;
use mdkpi_core::contract::label::{self, Money};
use mdkpi_core::contract::lang::Lang;
use mdkpi_core::contract::results::Results;
use mdkpi_core::contract::table::{kpi_title, results_tables, Cell, Table};
use rust_xlsxwriter::{Color, Format, Url, Workbook, Worksheet, XlsxError};

use super::{header_format, message};

/// Excel's limit for a sheet's name.
const SHEET_NAME_MAX: usize = 31;

/// The formats of a sheet, made once per workbook.
struct Styles {
    title: Format,
    mark: Format,
    header: Format,
    note: Format,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            title: Format::new().set_bold().set_font_size(13),
            mark: Format::new().set_bold().set_font_color(Color::RGB(0xB0_1E_1E)),
            header: header_format(),
            note: Format::new().set_font_color(Color::RGB(0x55_55_55)),
        }
    }
}

/// A sheet name Excel takes: no `[]:*?/\`, at most 31 characters, none used before.
fn sheet_name(wanted: &str, used: &mut BTreeSet<String>) -> String {
    let clean: String = wanted.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).collect();
    let base: String = clean.chars().take(SHEET_NAME_MAX).collect();
    let mut name = base.clone();
    let mut n = 2;
    while used.contains(&name.to_lowercase()) {
        let suffix = format!("~{n}");
        name = base.chars().take(SHEET_NAME_MAX - suffix.len()).collect::<String>() + &suffix;
        n += 1;
    }
    used.insert(name.to_lowercase());
    name
}

/// A cell: its number with its format, or its text.
fn write_cell(ws: &mut Worksheet, row: u32, col: u16, cell: &Cell) -> Result<(), XlsxError> {
    match cell.number {
        Some(n) => {
            ws.write_number_with_format(row, col, n.value, &Format::new().set_num_format(n.format.excel()))?;
        }
        None if cell.text.is_empty() => {}
        None => {
            ws.write_string(row, col, &cell.text)?;
        }
    }
    Ok(())
}

/// `table` on `ws`: the sample mark and the title, the header (frozen), the rows, the footnotes.
fn write_table(ws: &mut Worksheet, table: &Table, styles: &Styles) -> Result<(), XlsxError> {
    let mut row = 0;
    let (marks, notes) = table.marks_and_notes();
    for mark in marks {
        ws.write_string_with_format(row, 0, mark, &styles.mark)?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, &table.title, &styles.title)?;
    row += 1;
    ws.write_row_with_format(row, 0, &table.header, &styles.header)?;
    ws.set_freeze_panes(row + 1, 0)?;
    ws.set_repeat_rows(row, row)?;
    for cells in &table.rows {
        row += 1;
        for (col, cell) in cells.iter().enumerate() {
            write_cell(ws, row, col as u16, cell)?;
        }
    }
    row += 1;
    for note in notes {
        row += 1;
        ws.write_string_with_format(row, 0, note, &styles.note)?;
    }
    // Widths from the texts: a CJK character is about two of Excel's width units.
    for col in 0..table.header.len() {
        let widest = std::iter::once(&table.header[col])
            .chain(table.rows.iter().filter_map(|r| r.get(col)).map(|c| &c.text))
            .map(|t| t.chars().map(|c| if c.is_ascii() { 1.1 } else { 2.1 }).sum::<f64>())
            .fold(6.0, f64::max);
        ws.set_column_width(col as u16, widest.min(60.0) + 1.0)?;
    }
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// One table as a workbook of one sheet, as the page's 「この表を Excel」 writes it.
pub fn table_workbook(name: &str, table: &Table) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    let styles = Styles::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(name, &mut BTreeSet::new())).map_err(|e| message(&e))?;
    write_table(ws, table, &styles).map_err(|e| message(&e))?;
    wb.save_to_buffer().map_err(|e| message(&e))
}

/// The whole results as a workbook: a summary sheet (what the figures are of, under which rules,
/// with a link to each table), a sheet per KPI, and the definitions; yen amounts in `money`.
pub fn results_workbook(results: &Results, lang: Lang, money: Money) -> Result<Vec<u8>, String> {
    build(results, lang, money).map_err(|e| message(&e))
}

fn build(results: &Results, lang: Lang, money: Money) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let styles = Styles::new();
    let mut used = BTreeSet::new();
    let tables = results_tables(results, lang, money);
    let summary_name = sheet_name(lang.t("概要", "Summary"), &mut used);
    let names: Vec<String> = tables.iter().map(|(def, _)| sheet_name(def.id.as_str(), &mut used)).collect();
    let definitions_name = sheet_name(lang.t("定義", "Definitions"), &mut used);

    let ws = wb.add_worksheet();
    ws.set_name(&summary_name)?;
    let mut row = 0;
    if results.sample {
        ws.write_string_with_format(row, 0, label::sample_mark(lang), &styles.mark)?;
        ws.write_string_with_format(
            row,
            1,
            lang.t("架空の値です。実際の調査結果ではありません。", "Made-up values: not real survey results."),
            &styles.mark,
        )?;
        row += 1;
    }
    ws.write_string_with_format(
        row,
        0,
        lang.t("医療機器基本計画 KPI", "Medical Device Basic Plan KPIs"),
        &styles.title,
    )?;
    row += 2;
    let (money_ja, money_en) = money.label();
    let facts = [
        (lang.t("公表の区分", "Disclosure"), label::disclosure_rule_in(lang, &results.definitions.statistics)),
        (lang.t("金額の単位", "Money unit"), lang.t(money_ja, money_en).to_owned()),
        (lang.t("絞り込み", "Filter"), results.definitions.filter.describe_in(lang)),
        (lang.t("作成", "Made by"), format!("mdkpi {} ({})", results.generator.version, results.schema)),
    ];
    for (key, value) in facts.iter().filter(|(_, v)| !v.is_empty()) {
        ws.write_string_with_format(row, 0, *key, &styles.header)?;
        ws.write_string(row, 1, value)?;
        row += 1;
    }
    for (i, source) in results.sources().iter().enumerate() {
        if i == 0 {
            ws.write_string_with_format(row, 0, lang.t("データ", "Sources"), &styles.header)?;
        }
        ws.write_string(row, 1, *source)?;
        row += 1;
    }
    row += 1;
    let header = [lang.t("シート", "Sheet"), lang.t("指標", "KPI"), lang.t("ゴール", "Goal")];
    ws.write_row_with_format(row, 0, header, &styles.header)?;
    for ((def, table), name) in tables.iter().zip(&names) {
        row += 1;
        ws.write_url(row, 0, Url::new(format!("internal:'{name}'!A1")).set_text(name))?;
        ws.write_string(row, 1, &table.title)?;
        ws.write_number(row, 2, def.goal)?;
    }
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 70)?;

    for ((_, table), name) in tables.iter().zip(&names) {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        write_table(ws, table, &styles)?;
    }

    let ws = wb.add_worksheet();
    ws.set_name(&definitions_name)?;
    let header = [
        lang.t("指標ID", "KPI id"),
        lang.t("ゴール", "Goal"),
        lang.t("指標（単位）", "KPI (unit)"),
        lang.t("n の数え方", "What n counts"),
    ];
    ws.write_row_with_format(0, 0, header, &styles.header)?;
    let mut row = 0;
    for (def, _) in &tables {
        row += 1;
        ws.write_string(row, 0, def.id.as_str())?;
        ws.write_number(row, 1, def.goal)?;
        ws.write_string(row, 2, kpi_title(def, lang, money))?;
        ws.write_string(row, 3, label::n_counts_in(lang, def.kind))?;
    }
    row += 1;
    for note in definition_notes(results) {
        row += 1;
        ws.write_string_with_format(row, 0, note, &styles.note)?;
    }
    ws.set_column_width(0, 32)?;
    ws.set_column_width(2, 60)?;
    ws.set_column_width(3, 40)?;
    wb.save_to_buffer()
}
