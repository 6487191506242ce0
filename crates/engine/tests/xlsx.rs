//! The workbooks read back with a spreadsheet library: numbers as numbers, in the unit chosen,
//! x where the page hides a figure, the footnotes under the table.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use mdkpi_core::contract::catalogue::{KpiId, KpiKey, Unit};
use mdkpi_core::contract::label::fiscal_year_in;
use mdkpi_core::contract::label::{self, Money};
use mdkpi_core::contract::lang::Lang;
use mdkpi_core::contract::options::Options;
use mdkpi_core::contract::results::{Kpi, Results};
use mdkpi_core::contract::table::kpi_table;
use mdkpi_core::pipeline::compute;
use mdkpi_engine::xlsx::tables::{results_workbook, table_workbook};

fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes)).expect("an .xlsx calamine opens")
}

fn sample() -> Results {
    compute(&mdkpi_core::sample::files(), &Options::default())
}

/// The row of `range` whose first two cells are `year` and `cell`.
fn row<'a>(range: &'a calamine::Range<Data>, year: &str, cell: &str) -> &'a [Data] {
    range
        .rows()
        .find(|r| r.len() > 1 && r[0] == *year && r[1] == *cell)
        .unwrap_or_else(|| panic!("no row {year} / {cell}"))
}

fn total(results: &Results, id: KpiId, fy: i32) -> &Kpi {
    let id = KpiKey::from(id);
    results.kpis.iter().find(|k| k.id == id && k.fiscal_year == Some(fy) && k.breakdown.is_empty()).unwrap()
}

#[test]
fn every_figure_of_the_results_is_a_number_on_its_kpis_sheet() {
    let results = sample();
    assert!(results.sample);
    let mut book = open(results_workbook(&results, Lang::Ja, Money::Auto).unwrap());
    let names = book.sheet_names();
    assert_eq!(names.first().map(String::as_str), Some("概要"));
    assert_eq!(names.last().map(String::as_str), Some("定義"));
    let ids: std::collections::BTreeSet<&str> = results.kpis.iter().map(|k| k.id.as_str()).collect();
    assert_eq!(names.len(), ids.len() + 2, "a sheet per KPI with figures");
    let summary = book.worksheet_range("概要").unwrap();
    assert_eq!(summary.get((0, 0)), Some(&Data::String(label::SAMPLE_MARK.into())), "the sample is marked");

    let trainees = book.worksheet_range("training.trainees").unwrap();
    assert_eq!(trainees.get((0, 0)), Some(&Data::String(label::SAMPLE_MARK.into())));
    assert_eq!(trainees.get((1, 0)), Some(&Data::String("受講者数（延べ人数, 人）".into())), "the title says the unit");
    for fy in [2022, 2023, 2024] {
        let k = total(&results, KpiId::TrainingTrainees, fy);
        let r = row(&trainees, &fiscal_year_in(Lang::Ja, Some(fy)), "全体");
        assert_eq!(r[2], Data::Float(k.value.unwrap()), "FY{fy} value");
        assert_eq!(r[3], Data::Float(k.n.unwrap() as f64), "FY{fy} n");
    }
    let notes: Vec<String> = trainees.rows().filter_map(|r| r.first()).map(|c| c.to_string()).collect();
    assert!(notes.iter().any(|n| n.starts_with("データ: ") && n.contains("n は集計した報告の行数")), "{notes:?}");

    let share = book.worksheet_range("rd.stage_up.share").unwrap();
    let k = total(&results, KpiId::RdStageUpShare, 2024);
    let r = row(&share, &fiscal_year_in(Lang::Ja, Some(2024)), "全体");
    assert_eq!(r[2], Data::Float(k.value.unwrap()), "a share is a fraction, shown as a percentage");
    assert_eq!(r[3], Data::Float(k.denominator.unwrap() as f64));
}

#[test]
fn hidden_figures_read_x_and_nothing_else() {
    let results = sample();
    let hidden = results.kpis.iter().find(|k| k.suppressed).expect("the sample hides some cells");
    let def = results.catalogue().def(hidden.id).unwrap();
    let mut book = open(results_workbook(&results, Lang::Ja, Money::Auto).unwrap());
    let range = book.worksheet_range(def.id.as_str()).unwrap();
    let cell = if hidden.breakdown.is_empty() {
        "全体".to_owned()
    } else {
        let group = hidden.breakdown.keys().map(|d| label::dimension_in(Lang::Ja, *d)).collect::<Vec<_>>().join("×");
        format!("{group}: {}", label::breakdown_label(&hidden.breakdown))
    };
    let r = row(&range, &fiscal_year_in(Lang::Ja, hidden.fiscal_year), &cell);
    assert_eq!(r[2], Data::String(label::HIDDEN.into()));
}

#[test]
fn yen_amounts_are_in_the_unit_chosen_and_labels_in_the_language() {
    let results = sample();
    let def = results.catalogue().def(KpiId::RdGrantAmount.into()).unwrap();
    assert_eq!(def.unit, Unit::Yen);
    let k = total(&results, KpiId::RdGrantAmount, 2024);
    let mut book = open(results_workbook(&results, Lang::En, Money::Thousand).unwrap());
    assert_eq!(book.sheet_names().first().map(String::as_str), Some("Summary"));
    let range = book.worksheet_range(def.id.as_str()).unwrap();
    let r = row(&range, "FY2024", "All");
    assert_eq!(r[2], Data::Float(k.value.unwrap() / 1e3));
    let header = range.rows().find(|r| r[0] == Data::String("Fiscal year".into())).expect("an English header");
    let header: Vec<String> = header.iter().map(|c| c.to_string()).collect();
    assert_eq!(header[..3], ["Fiscal year", "Breakdown", "Value"]);
}

#[test]
fn one_table_is_a_workbook_of_one_sheet() {
    let results = sample();
    let def = results.catalogue().def(KpiId::MembersVentureShare.into()).unwrap();
    let table = kpi_table(&results, &def, Lang::Ja, Money::Auto, &[]);
    let mut book = open(table_workbook("mdkpi_members.venture.share", &table).unwrap());
    assert_eq!(book.sheet_names().len(), 1);
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let numbers = range.used_cells().filter(|(_, _, c)| matches!(c, Data::Float(_))).count();
    let expected: usize = table.rows.iter().flatten().filter(|c| c.number.is_some()).count();
    assert!(expected > 0);
    assert_eq!(numbers, expected, "every number the table holds, and only those, is a number");
}
