//! KPIs defined as data (`mdkpi.kpis/1`, checked by [`crate::model::kpis`]): a count, sum, mean
//! or share over the rows of one kind, by survey year and breakdown cell, made into figures as the
//! catalogue's are ([`super::share`], [`super::mean`], [`super::total`]), so that suppression by
//! the definition's unit, intervals and the trend apply to them alike.
//!
//! A column is a canonical column of the kind (by key, Japanese name or alias), read typed, or a
//! column kept as text for the definitions ([`Row::extra`]). A cell a test cannot use (a word
//! where a number is asked, say) leaves the row unknown for that KPI: a share leaves it out of
//! its denominator (counted in `excluded.flag_unknown`), a sum or mean out of n; the pipeline
//! names each such cell once ([`Custom::unusable`]).

use std::collections::BTreeMap;

use mdkpi_contract::catalogue::{Dimension, KpiKey};
use mdkpi_contract::kpis::{Condition, Is, KpiSpec, Measure, Scalar};
use mdkpi_contract::results::{Dim, Kpi};
use mdkpi_contract::schema::{Col, DatasetKind};

use crate::kpi::filter::display;
use crate::kpi::{mean, share_of_known, total};
use crate::model::dataset::{Row, Value};
use crate::model::schema::{column_for, header_form};
use crate::model::value::{fold, parse_count, parse_flag, parse_number};

/// Where a definition's column is among a row's values.
#[derive(Debug, Clone)]
pub enum Field {
    Canonical(Col),
    /// A kept column, by its header's form.
    Extra(String),
}

/// A row's value as a test reads it.
enum Found<'r> {
    Typed(&'r Value),
    Text(&'r str),
}

impl Field {
    fn resolve(spec: &KpiSpec, column: &str) -> Field {
        match column_for(spec.kind, column) {
            Some(c) => Field::Canonical(c.key),
            None => Field::Extra(header_form(column)),
        }
    }

    fn cell<'r>(&self, row: &'r Row) -> Option<Found<'r>> {
        match self {
            Field::Canonical(col) => row.get(*col).map(Found::Typed),
            Field::Extra(form) => row.extra(form).map(Found::Text),
        }
    }

    /// Whether `row`'s table has the column at all.
    pub fn in_table(&self, row: &Row) -> bool {
        match self {
            Field::Canonical(_) => true,
            Field::Extra(form) => row.extra_place(form).is_some(),
        }
    }

    /// The column's place in `row`'s file (0 for A), where it is a kept column.
    fn place(&self, row: &Row) -> Option<usize> {
        match self {
            Field::Canonical(_) => None,
            Field::Extra(form) => row.extra_place(form),
        }
    }
}

impl Found<'_> {
    fn number(&self) -> Option<f64> {
        match self {
            Found::Typed(Value::Int(n)) => Some(*n as f64),
            Found::Typed(Value::Number(n)) => Some(*n),
            Found::Typed(Value::Flag(b)) => Some(f64::from(u8::from(*b))),
            Found::Typed(Value::Stage(s)) => Some(f64::from(s.number())),
            Found::Typed(_) => None,
            Found::Text(t) => parse_number(t).ok().flatten(),
        }
    }

    /// Yes or no: a flag in any form the reader takes, or a count (above 0 is yes).
    fn flag(&self) -> Option<bool> {
        match self {
            Found::Typed(Value::Flag(b)) => Some(*b),
            Found::Typed(Value::Int(n)) => Some(*n > 0),
            Found::Typed(Value::Number(n)) => Some(*n > 0.0),
            Found::Typed(_) => None,
            Found::Text(t) => match parse_flag(t) {
                Ok(Some(b)) => Some(b),
                _ => parse_count(t).ok().flatten().map(|n| n > 0),
            },
        }
    }

    /// Equal to `want`; `None` when the cell cannot tell (a word where yes/no or a number is
    /// asked).
    fn equals(&self, want: &Want) -> Option<bool> {
        match want {
            Want::Flag(b) => self.flag().map(|f| f == *b),
            Want::Number(n) => match self {
                Found::Typed(Value::Areas(areas)) => Some(areas.iter().any(|a| f64::from(*a) == *n)),
                _ => self.number().map(|x| x == *n),
            },
            Want::Word(word) => Some(match self {
                Found::Text(t) => fold(t).to_lowercase() == *word,
                Found::Typed(Value::Stage(s)) => word == s.name_ja(),
                Found::Typed(v @ (Value::Text(_) | Value::Status(_))) => fold(&display(v)).to_lowercase() == *word,
                Found::Typed(Value::Flag(_)) => {
                    return parse_flag(word).ok().flatten().zip(self.flag()).map(|(a, b)| a == b)
                }
                Found::Typed(Value::Int(_) | Value::Number(_) | Value::Areas(_)) => false,
            }),
        }
    }
}

/// A value of a condition's `is`, read once: yes/no as a flag, a number (written as a number or a
/// word) as a number, any other word folded (width, case) as cells are compared with it. A stage
/// matches by its number or name, a status by its name, priority areas when one is the number.
#[derive(Debug, Clone)]
enum Want {
    Flag(bool),
    Number(f64),
    Word(String),
}

impl Want {
    fn of(scalar: &Scalar) -> Want {
        match scalar {
            Scalar::Bool(b) => Want::Flag(*b),
            Scalar::Number(n) => Want::Number(*n),
            Scalar::Text(w) => {
                let word = fold(w).to_lowercase();
                match word.as_str() {
                    "yes" | "はい" => Want::Flag(true),
                    "no" | "いいえ" => Want::Flag(false),
                    _ => match parse_number(&word) {
                        Ok(Some(n)) => Want::Number(n),
                        _ => Want::Word(word),
                    },
                }
            }
        }
    }
}

/// A condition, its column located and its values read.
#[derive(Debug, Clone)]
struct Test<'s> {
    field: Field,
    condition: &'s Condition,
    /// `is`: any of these (one for a single value); empty when the condition has no `is`.
    wants: Vec<Want>,
}

impl<'s> Test<'s> {
    fn new(spec: &KpiSpec, condition: &'s Condition) -> Test<'s> {
        let wants = match &condition.is {
            None => Vec::new(),
            Some(Is::One(want)) => vec![Want::of(want)],
            Some(Is::Any(wants)) => wants.iter().map(Want::of).collect(),
        };
        Test { field: Field::resolve(spec, &condition.column), condition, wants }
    }

    /// Whether the condition holds on `row`; `None` when the cell cannot tell (empty, or not what
    /// the test reads).
    fn holds(&self, row: &Row) -> Option<bool> {
        let c = self.condition;
        let cell = self.field.cell(row);
        if let Some(missing) = c.missing {
            if cell.is_none() != missing {
                return Some(false);
            }
            if cell.is_none() {
                return Some(true);
            }
        }
        let cell = cell?;
        let mut holds = true;
        if !self.wants.is_empty() {
            // One of them holds; or none can tell; or none does.
            let mut answers = self.wants.iter().map(|w| cell.equals(w));
            let mut unknown = false;
            let any = answers.any(|a| {
                unknown |= a.is_none();
                a == Some(true)
            });
            if !any && unknown {
                return None;
            }
            holds &= any;
        }
        if c.min.is_some() || c.max.is_some() {
            let x = cell.number()?;
            holds &= c.min.is_none_or(|min| x >= min) && c.max.is_none_or(|max| x <= max);
        }
        Some(holds)
    }
}

/// A cell a definition reads and cannot use: its column as the definition names it, its place in
/// the file where that is known (a kept column: a workbook's cell is then named), and the cell.
pub struct Unusable<'s> {
    pub column: &'s str,
    pub place: Option<usize>,
    pub raw: String,
}

/// One definition, its columns located for its kind.
#[derive(Debug, Clone)]
pub struct Custom<'s> {
    pub spec: &'s KpiSpec,
    column: Option<Field>,
    condition: Option<Test<'s>>,
    of: Option<Test<'s>>,
}

/// A breakdown cell: none for the total, one coordinate otherwise.
type Cell = Vec<(Dimension, Dim)>;

/// What one cell of one year adds up.
#[derive(Debug, Default, Clone, Copy)]
struct Acc {
    /// Rows where the condition holds (count); in the denominator (share); with a number (sum,
    /// mean).
    n: u64,
    /// Rows in the denominator where the condition holds (share).
    yes: u64,
    /// Rows of the cell the condition could not tell (share).
    unknown: u64,
    sum: f64,
}

impl<'s> Custom<'s> {
    pub fn new(spec: &'s KpiSpec) -> Custom<'s> {
        let test = |c: &'s Option<Condition>| c.as_ref().map(|condition| Test::new(spec, condition));
        Custom {
            spec,
            column: spec.column.as_deref().map(|c| Field::resolve(spec, c)),
            condition: test(&spec.condition),
            of: test(&spec.of),
        }
    }

    /// Every column the definition reads, as written in it.
    pub fn columns(&self) -> impl Iterator<Item = (&'s str, &Field)> {
        let spec = self.spec;
        (spec.column.as_deref().zip(self.column.as_ref()))
            .into_iter()
            .chain(spec.condition.as_ref().map(|c| c.column.as_str()).zip(self.condition.as_ref().map(|t| &t.field)))
            .chain(spec.of.as_ref().map(|c| c.column.as_str()).zip(self.of.as_ref().map(|t| &t.field)))
    }

    /// The columns the definition reads that are not the kind's (kept as text): each as written
    /// in the definition, with its header's form.
    pub fn extra_columns(&self) -> impl Iterator<Item = (&'s str, &str)> {
        self.columns().filter_map(|(name, field)| match field {
            Field::Extra(form) => Some((name, form.as_str())),
            Field::Canonical(_) => None,
        })
    }

    /// Whether `row` counts in the figure: where the condition holds (count), in the
    /// denominator (share), with a number where the condition holds (sum, mean).
    pub fn counts(&self, row: &Row) -> bool {
        self.unit(row).counts(self.spec.measure)
    }

    fn value(&self, row: &Row) -> Option<f64> {
        self.column.as_ref()?.cell(row)?.number()
    }

    /// The cells of `row` that the definition reads and cannot use (text where a number or
    /// yes/no is asked).
    pub fn unusable(&self, row: &Row) -> Vec<Unusable<'s>> {
        let mut out = Vec::new();
        if let (Some(column), Some(field)) = (self.spec.column.as_deref(), &self.column) {
            if let Some(cell) = field.cell(row) {
                if cell.number().is_none() {
                    out.push(Unusable { column, place: field.place(row), raw: shown(&cell) });
                }
            }
        }
        for test in self.condition.iter().chain(&self.of) {
            if let Some(cell) = test.field.cell(row) {
                if test.holds(row).is_none() {
                    let column = test.condition.column.as_str();
                    out.push(Unusable { column, place: test.field.place(row), raw: shown(&cell) });
                }
            }
        }
        out
    }

    /// What `row` says for the figure: (where, of, the measured value); a test that is not
    /// given holds.
    fn unit(&self, row: &Row) -> Unit {
        let test = |t: &Option<Test>| t.as_ref().map_or(Some(true), |t| t.holds(row));
        Unit { condition: test(&self.condition), of: test(&self.of), value: self.value(row) }
    }

    /// The figures of the rows of the definition's kind among `rows`: by survey year, the total
    /// and each breakdown cell with a unit. The units are the rows, but for members, where they
    /// are companies: a company listed under two associations counts in each association's cell
    /// and once in the total, as the catalogue's member KPIs count it. A condition holds for a
    /// company when one of its rows says so, fails when its rows say only that it does not, and
    /// is unknown otherwise; its value is that of its first row with one.
    pub fn compute(&self, rows: &[&Row]) -> Vec<Kpi> {
        let spec = self.spec;
        let mut years: BTreeMap<Option<i32>, BTreeMap<Cell, Acc>> = BTreeMap::new();
        let of_kind = rows.iter().copied().filter(|r| r.kind() == spec.kind);
        let mut units: Vec<(Option<i32>, Vec<Cell>, Unit)> = Vec::new();
        if spec.kind == DatasetKind::Members {
            let mut companies: BTreeMap<(Option<i32>, &str), usize> = BTreeMap::new();
            for row in of_kind {
                let Some(company) = row.text(Col::Company) else { continue };
                let found = self.unit(row);
                let cells = self.cells(row);
                match companies.get(&(row.fiscal_year(), company)) {
                    Some(&i) => {
                        let (_, known_cells, unit) = &mut units[i];
                        unit.merge(found);
                        for cell in cells {
                            if !known_cells.contains(&cell) {
                                known_cells.push(cell);
                            }
                        }
                    }
                    None => {
                        companies.insert((row.fiscal_year(), company), units.len());
                        units.push((row.fiscal_year(), cells, found));
                    }
                }
            }
        } else {
            units.extend(of_kind.map(|row| (row.fiscal_year(), self.cells(row), self.unit(row))));
        }
        for (fy, cells, unit) in &units {
            let year = years.entry(*fy).or_default();
            unit.add_to(self.spec.measure, year.entry(Vec::new()).or_default());
            for cell in cells {
                unit.add_to(self.spec.measure, year.entry(cell.clone()).or_default());
            }
        }
        let id = KpiKey::Custom(spec.id);
        let mut kpis = Vec::new();
        for (fy, cells) in years {
            for (cell, acc) in cells {
                let breakdown: BTreeMap<Dimension, Dim> = cell.into_iter().collect();
                let kpi = match spec.measure {
                    Measure::Count => total(id, fy, breakdown, acc.n as f64, acc.n),
                    Measure::Sum if acc.n > 0 => total(id, fy, breakdown, acc.sum, acc.n),
                    Measure::Mean if acc.n > 0 => mean(id, fy, breakdown, acc.sum, acc.n),
                    Measure::Share if acc.n > 0 || acc.unknown > 0 => {
                        share_of_known(id, fy, breakdown, acc.yes, acc.n, acc.unknown)
                    }
                    _ => continue,
                };
                kpis.push(kpi);
            }
        }
        kpis
    }

    /// The breakdown cells `row` is in (a project in two priority areas is in both).
    fn cells(&self, row: &Row) -> Vec<Cell> {
        (self.spec.breakdowns.iter())
            .flat_map(|&dim| dim_values(row, dim).into_iter().map(move |v| vec![(dim, v)]))
            .collect()
    }
}

/// What one unit (a row, or a member company) says for a defined KPI.
#[derive(Debug, Clone, Copy)]
struct Unit {
    condition: Option<bool>,
    of: Option<bool>,
    value: Option<f64>,
}

impl Unit {
    /// Another row of the same company.
    fn merge(&mut self, other: Unit) {
        let either = |a: Option<bool>, b: Option<bool>| match (a, b) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), _) | (_, Some(false)) => Some(false),
            (None, None) => None,
        };
        self.condition = either(self.condition, other.condition);
        self.of = either(self.of, other.of);
        self.value = self.value.or(other.value);
    }

    /// Whether the unit is among a figure's n: where the condition holds (count); with a number
    /// there (sum, mean); where `of` holds and the condition can tell (share).
    fn counts(&self, measure: Measure) -> bool {
        match measure {
            Measure::Count => self.condition == Some(true),
            Measure::Sum | Measure::Mean => self.condition == Some(true) && self.value.is_some(),
            Measure::Share => self.of == Some(true) && self.condition.is_some(),
        }
    }

    fn add_to(&self, measure: Measure, acc: &mut Acc) {
        if self.counts(measure) {
            acc.n += 1;
            acc.sum += self.value.unwrap_or(0.0);
            acc.yes += u64::from(self.condition == Some(true));
        } else if measure == Measure::Share && self.of == Some(true) {
            acc.unknown += 1;
        }
    }
}

/// A cell as a message quotes it.
fn shown(cell: &Found) -> String {
    match cell {
        Found::Text(t) => (*t).to_owned(),
        Found::Typed(v) => display(v),
    }
}

/// The values of `dim` on `row` (a project in two priority areas has two).
fn dim_values(row: &Row, dim: Dimension) -> Vec<Dim> {
    let text = |col| row.text(col).map(|t| Dim::Text(t.to_owned())).into_iter().collect();
    match dim {
        Dimension::Program => text(Col::Program),
        Dimension::Association => text(Col::Association),
        Dimension::Hub => text(Col::Hub),
        Dimension::PriorityArea => row.areas(Col::PriorityAreas).iter().map(|&a| Dim::Int(a.into())).collect(),
        Dimension::AdoptionStage => {
            row.stage(Col::StageAtAdoption).map(|s| Dim::Int(s.number().into())).into_iter().collect()
        }
        Dimension::CurrentStage => {
            row.stage(Col::CurrentStage).map(|s| Dim::Int(s.number().into())).into_iter().collect()
        }
        Dimension::Answer | Dimension::AdoptionYear | Dimension::YearsSinceAdoption => Vec::new(),
    }
}

/// The figures of every definition in `defined` over `rows`.
pub fn custom(rows: &[&Row], defined: &[KpiSpec]) -> Vec<Kpi> {
    defined.iter().flat_map(|spec| Custom::new(spec).compute(rows)).collect()
}
