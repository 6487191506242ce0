//! A table as it leaves the page or the CLI: a title and footnotes, a header, and rows of cells
//! that keep both the text shown and the number behind it. A CSV writes the texts (the table as
//! the page shows it); a workbook writes the numbers, with a number format that shows them the same
//! way, so that a secretariat can sum and chart them.
//!
//! ```
//! use mdkpi_contract::catalogue::KpiId;
//! use mdkpi_contract::label::Money;
//! use mdkpi_contract::lang::Lang;
//! use mdkpi_contract::table::kpi_table;
//! let r = mdkpi_contract::sample::payload().results;
//! let def = r.catalogue().def(KpiId::TrainingTrainees.into()).unwrap();
//! let t = kpi_table(&r, &def, Lang::Ja, Money::Auto, &[]);
//! assert_eq!(t.header[0], "年度");
//! let first = &t.rows[0];
//! assert_eq!(first[1].text, "全体");
//! assert!(first[2].number.is_some(), "a count is a number in a workbook");
//! ```

use serde::{Deserialize, Serialize};

use crate::catalogue::{Dimension, KpiDef, Unit};
use crate::label::{self, Money, HIDDEN};
use crate::lang::Lang;
use crate::results::{Kpi, Results};

/// A table to export.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Table {
    /// Its title, with the unit (the first footnote line of a CSV, the first row of a sheet).
    pub title: String,
    /// Footnotes: sources, what n counts, the disclosure rule, the sample mark.
    pub notes: Vec<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// One cell: the text the page shows, and the number behind it when there is one.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Cell {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<Number>,
}

/// A number and how a spreadsheet shows it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Number {
    pub value: f64,
    pub format: Format,
}

/// How a number is shown: as the page writes a figure of the unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Count,
    Share,
    Mean,
    /// An amount in this unit (already divided into it), its unit named in `lang`.
    Money {
        money: Money,
        lang: Lang,
    },
}

impl Format {
    /// The Excel number format: `#,##0`, `0.0%`, `#,##0.00"億円"`. A yen amount per amount (`Auto`)
    /// has no single format, so a sheet writes it in 億円, as the charts do.
    pub fn excel(self) -> &'static str {
        use Lang::{En, Ja};
        match self {
            Format::Count => "#,##0",
            Format::Share => "0.0%",
            Format::Mean => "0.00",
            Format::Money { money: Money::Yen, lang: Ja } => "#,##0\"円\"",
            Format::Money { money: Money::Thousand, lang: Ja } => "#,##0\"千円\"",
            Format::Money { money: Money::Million, lang: Ja } => "#,##0.0\"百万円\"",
            Format::Money { money: Money::Auto | Money::HundredMillion, lang: Ja } => "#,##0.00\"億円\"",
            Format::Money { money: Money::Yen, lang: En } => "#,##0\" yen\"",
            Format::Money { money: Money::Thousand, lang: En } => "#,##0\" thousand yen\"",
            Format::Money { money: Money::Million, lang: En } => "#,##0.0\" million yen\"",
            Format::Money { money: Money::Auto | Money::HundredMillion, lang: En } => "#,##0.00\" × 100M yen\"",
        }
    }
}

impl Table {
    /// The table as CSV text, as the page shows it: the sample mark, the title and the footnotes
    /// first (`# …`), then the header and the rows' texts.
    pub fn csv_text(&self) -> String {
        let (marks, notes) = self.marks_and_notes();
        let lines: Vec<String> = marks.into_iter().chain([&self.title]).chain(notes).cloned().collect();
        let rows: Vec<Vec<String>> = self.rows.iter().map(|r| r.iter().map(|c| c.text.clone()).collect()).collect();
        crate::csv_text::table_csv_text(&lines, &self.header, &rows)
    }

    /// The sample mark and the other footnotes, apart: a sheet writes the mark above the title.
    pub fn marks_and_notes(&self) -> (Vec<&String>, Vec<&String>) {
        self.notes.iter().partition(|n| [Lang::Ja, Lang::En].iter().any(|l| *n == label::sample_mark(*l)))
    }
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), number: None }
    }

    /// The cell of a figure in `unit`: the text as the page writes it in `lang`, the value as a
    /// spreadsheet keeps it (a yen amount divided into `money`'s unit, whose name the format
    /// carries).
    pub fn figure(lang: Lang, unit: Unit, v: Option<f64>, money: Money) -> Cell {
        let text = label::value_lang(lang, unit, v, money);
        let number = v.filter(|v| v.is_finite()).map(|v| match unit {
            Unit::Count => Number { value: v.round(), format: Format::Count },
            Unit::Share => Number { value: v, format: Format::Share },
            Unit::Mean => Number { value: v, format: Format::Mean },
            Unit::Yen => Number { value: v / money.scale().0, format: Format::Money { money, lang } },
        });
        Cell { text, number }
    }

    /// A whole number (a count of units).
    pub fn count(n: u64) -> Cell {
        Cell { text: n.to_string(), number: Some(Number { value: n as f64, format: Format::Count }) }
    }

    fn hidden() -> Cell {
        Cell::text(HIDDEN)
    }
}

/// The columns of a KPI's table.
pub fn kpi_columns(lang: Lang) -> [&'static str; 7] {
    [
        lang.t("年度", "Fiscal year"),
        lang.t("区分", "Breakdown"),
        lang.t("値", "Value"),
        "n",
        lang.t("95%信頼区間", "95% CI"),
        lang.t("前年比", "Change"),
        lang.t("次年度の目安", "Next year's guide"),
    ]
}

/// A row's last three columns: the interval (shares), the change from the year before, next
/// year's target. The page's table writes the same texts.
pub fn interval_change_target(lang: Lang, unit: Unit, k: &Kpi, money: Money) -> [Cell; 3] {
    [
        Cell::text(if unit == Unit::Share { label::percent_range(k.ci95) } else { String::new() }),
        Cell::text(label::trend_in(unit, k, lang, money)),
        match &k.target_next {
            Some(t) => Cell::figure(lang, unit, Some(t.value), money),
            None => Cell::default(),
        },
    ]
}

/// A row of a KPI's table: x for a hidden cell. The year is on every row (a spreadsheet filters by
/// it); a breakdown's cell is named with its dimension (`group`).
fn kpi_row(lang: Lang, unit: Unit, k: &Kpi, group: Option<&str>, money: Money) -> Vec<Cell> {
    let cell = match group {
        Some(group) => format!("{group}: {}", label::breakdown_label_in(lang, &k.breakdown)),
        None => lang.all_cell().to_owned(),
    };
    let value = if k.suppressed { Cell::hidden() } else { Cell::figure(lang, unit, k.value, money) };
    // A share's n is its denominator, written beside its numerator as the page does.
    let n = match (k.numerator, k.denominator, k.n) {
        (Some(x), Some(d), _) => Cell { text: format!("{x} / {d}"), ..Cell::count(d) },
        (_, _, Some(n)) => Cell::count(n),
        _ if k.suppressed => Cell::hidden(),
        _ => Cell::default(),
    };
    let [interval, change, target] = interval_change_target(lang, unit, k, money);
    vec![Cell::text(label::fiscal_year_in(lang, k.fiscal_year)), Cell::text(cell), value, n, interval, change, target]
}

/// A KPI's title with its unit: `受講者数（延べ人数, 人）`.
pub fn kpi_title(def: &KpiDef, lang: Lang, money: Money) -> String {
    let name = lang.t(def.name_ja, def.name_en);
    match label::measure_unit(def, money.label()) {
        Some((ja, en)) => lang.t(format!("{name}（{ja}）"), format!("{name} ({en})")),
        None => name.to_owned(),
    }
}

/// A KPI's figures as one table, as the page shows them: the totals, then each breakdown's rows
/// (but those by a dimension in `skip`, shown by another table), with the title, the sources, what
/// n counts and the rules as footnotes; the sample mark first when the figures are the sample's.
pub fn kpi_table(results: &Results, def: &KpiDef, lang: Lang, money: Money, skip: &[Dimension]) -> Table {
    let unit = def.unit;
    let kpis = results.kpis.iter().filter(|k| k.id == def.id);
    let mut rows: Vec<Vec<Cell>> =
        kpis.clone().filter(|k| k.breakdown.is_empty()).map(|k| kpi_row(lang, unit, k, None, money)).collect();
    let mut groups: std::collections::BTreeMap<Vec<Dimension>, Vec<&Kpi>> = Default::default();
    for k in kpis.filter(|k| !k.breakdown.is_empty()) {
        let dims: Vec<Dimension> = k.breakdown.keys().copied().collect();
        if !dims.iter().any(|d| skip.contains(d)) {
            groups.entry(dims).or_default().push(k);
        }
    }
    for (dims, list) in &groups {
        let group = dims.iter().map(|d| label::dimension_in(lang, *d)).collect::<Vec<_>>().join(lang.t("×", " × "));
        rows.extend(list.iter().map(|k| kpi_row(lang, unit, k, Some(&group), money)));
    }
    let mut notes = vec![label::footnote_in(lang, results, def.kind, label::n_counts_in(lang, def.kind))];
    if results.sample {
        notes.insert(0, label::sample_mark(lang).to_owned());
    }
    Table { title: kpi_title(def, lang, money), notes, header: kpi_columns(lang).map(str::to_owned).to_vec(), rows }
}

/// Every KPI with figures, a table each, in the catalogue's order (goal by goal).
pub fn results_tables(results: &Results, lang: Lang, money: Money) -> Vec<(KpiDef<'_>, Table)> {
    let catalogue = results.catalogue();
    (1..=11)
        .flat_map(|goal| catalogue.of_goal(goal).collect::<Vec<_>>())
        .filter(|def| results.kpis.iter().any(|k| k.id == def.id))
        .map(|def| {
            let table = kpi_table(results, &def, lang, money, &[]);
            (def, table)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{KpiId, KpiKey};

    #[test]
    fn a_yen_figure_is_a_number_in_the_unit_chosen_and_reads_as_the_page_writes_it() {
        let c = Cell::figure(Lang::Ja, Unit::Yen, Some(2_398_000_000.0), Money::Thousand);
        assert_eq!(c.text, "2,398,000千円");
        let format = Format::Money { money: Money::Thousand, lang: Lang::Ja };
        assert_eq!(c.number, Some(Number { value: 2_398_000.0, format }));
        assert_eq!(format.excel(), "#,##0\"千円\"");
        let c = Cell::figure(Lang::En, Unit::Yen, Some(2_398_000_000.0), Money::Thousand);
        assert_eq!(c.text, "2,398,000 thousand yen");
        assert_eq!(c.number.map(|n| n.format.excel()), Some("#,##0\" thousand yen\""));
        let c = Cell::figure(Lang::Ja, Unit::Yen, Some(2_398_000_000.0), Money::Auto);
        assert_eq!(c.number.map(|n| n.value), Some(23.98));
        assert_eq!(Cell::figure(Lang::Ja, Unit::Share, None, Money::Auto), Cell::text("—"));
    }

    #[test]
    fn the_change_is_written_in_the_language_asked_for() {
        use crate::results::Direction;
        let k = Kpi {
            delta: Some(2.0),
            previous: Some(9.0),
            direction: Some(Direction::Up),
            ..Kpi::new(KpiId::RdStageUpShare, Some(2023), Default::default())
        };
        let change = |lang| interval_change_target(lang, Unit::Count, &k, Money::Auto)[1].text.clone();
        assert_eq!((change(Lang::Ja), change(Lang::En)), ("▲ +2（前年 9）".into(), "▲ +2 (prev. 9)".into()));
    }

    #[test]
    fn hidden_cells_are_marked_and_carry_no_number() {
        let mut r = crate::sample::payload().results;
        let k = r.kpis.iter_mut().find(|k| k.id == KpiKey::from(KpiId::TrainingTrainees)).unwrap();
        k.suppressed = true;
        k.value = None;
        let (fy, bd) = (k.fiscal_year, k.breakdown.clone());
        let def = r.catalogue().def(KpiId::TrainingTrainees.into()).unwrap();
        let t = kpi_table(&r, &def, Lang::En, Money::Auto, &[]);
        let row = t
            .rows
            .iter()
            .find(|row| row[0].text == label::fiscal_year_in(Lang::En, fy) && bd.is_empty() && row[1].text == "All");
        let row = row.expect("the hidden total's row");
        assert_eq!((row[2].text.as_str(), row[2].number), (HIDDEN, None));
        assert!(t.header.iter().all(|h| h.is_ascii()), "{:?}", t.header);
    }

    #[test]
    fn every_kpi_with_figures_has_a_table() {
        let r = crate::sample::payload().results;
        let tables = results_tables(&r, Lang::Ja, Money::Auto);
        let ids: std::collections::BTreeSet<_> = r.kpis.iter().map(|k| k.id.as_str()).collect();
        assert_eq!(tables.len(), ids.len());
        let rows: usize = tables.iter().map(|(_, t)| t.rows.len()).sum();
        assert_eq!(rows, r.kpis.len(), "each figure once");
        assert!(tables.iter().all(|(_, t)| t.notes[0] == label::SAMPLE_MARK));
    }
}
