//! Reading `mdkpi.kpis/1` definition files ([`mdkpi_contract::kpis`]): each definition is parsed
//! on its own, so that one mistake costs one KPI, and checked against its dataset kind; a problem
//! is an issue at the definition's line, naming the field.
//!
//! ```
//! use mdkpi_core::model::kpis::Definitions;
//! let text = r#"{"schema": "mdkpi.kpis/1", "kpis": [
//!   {"id": "custom.a", "goal": 2, "name_ja": "a", "name_en": "a", "kind": "members",
//!    "measure": "share", "where": {"column": "ISO13485認証", "is": "yes"}, "unit": "company",
//!    "better": "higher", "breakdowns": ["association"]},
//!   {"id": "custom.b", "goal": 3, "name_ja": "b", "name_en": "b", "kind": "hubs",
//!    "measure": "avg", "unit": "aggregate", "better": "higher"}]}"#;
//! let read = Definitions::parse(text.as_bytes()).unwrap().unwrap();
//! let (kpis, issues) = read.check("k.json");
//! assert_eq!(kpis.len(), 1);
//! assert_eq!((issues[0].position.row, issues[0].position.column.as_deref()), (Some(6), Some("kpis[1]")));
//! ```

use std::collections::BTreeSet;

use serde::Deserialize;
use serde_json::value::RawValue;

use mdkpi_contract::catalogue::Dimension;
use mdkpi_contract::kpis::{Condition, Is, KpiSpec, KpisSchema, Measure};
use mdkpi_contract::schema::DatasetKind;

use crate::diagnostics::{At, Diagnostic, IssueKind, KpiProblem};
use crate::model::schema::column_for;

/// A definitions file, its definitions not yet parsed.
pub struct Definitions<'t> {
    text: &'t str,
    kpis: Vec<&'t RawValue>,
}

#[derive(Deserialize)]
struct Envelope<'t> {
    #[allow(dead_code)]
    schema: KpisSchema,
    #[serde(borrow)]
    kpis: Vec<&'t RawValue>,
}

impl<'t> Definitions<'t> {
    /// The definitions file in `bytes`, if they are one (a JSON object whose `schema` is
    /// `mdkpi.kpis/1`); `Err` with the reader's words for one that says so and is broken.
    pub fn parse(bytes: &'t [u8]) -> Option<Result<Definitions<'t>, (u64, String)>> {
        // Told apart by the first byte and the schema's name, as recipes are.
        let body = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(bytes);
        if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return None;
        }
        let text = std::str::from_utf8(body).ok()?;
        if !names_the_schema(text) {
            return None;
        }
        Some(match serde_json::from_str::<Envelope>(text) {
            Ok(e) => Ok(Definitions { text, kpis: e.kpis }),
            Err(e) => Err((e.line() as u64, without_place(&e))),
        })
    }

    /// The line (1 for the first) where definition `i` starts.
    fn line(&self, i: usize) -> u64 {
        let at = self.kpis[i].get().as_ptr() as usize - self.text.as_ptr() as usize;
        1 + self.text.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() as u64
    }

    /// The definitions that can be computed, and an issue for each that cannot, at its line
    /// (`source` names the file).
    pub fn check(&self, source: &str) -> (Vec<KpiSpec>, Vec<Diagnostic>) {
        let mut kpis: Vec<KpiSpec> = Vec::new();
        let mut issues = Vec::new();
        let mut ids = BTreeSet::new();
        for (i, raw) in self.kpis.iter().enumerate() {
            let line = self.line(i);
            let field = |name: Option<&str>| match name {
                Some(name) => format!("kpis[{i}].{name}"),
                None => format!("kpis[{i}]"),
            };
            let spec = match serde_json::from_str::<KpiSpec>(raw.get()) {
                Ok(spec) => spec,
                Err(e) => {
                    let problem = KpiProblem::Unreadable { reason: without_place(&e) };
                    let at = line + e.line() as u64 - 1;
                    let id = id_in(raw.get());
                    issues.push(At::cell(source, at, &field(None)).issue(IssueKind::KpiDefinition { id, problem }));
                    continue;
                }
            };
            let mut spec = spec;
            match problem(&spec).or_else(|| (!ids.insert(spec.id)).then_some((Some("id"), KpiProblem::DuplicateId))) {
                Some((name, problem)) => {
                    let id = Some(spec.id.as_str().to_owned());
                    issues.push(At::cell(source, line, &field(name)).issue(IssueKind::KpiDefinition { id, problem }));
                }
                None => {
                    let value = spec.column.as_deref().and_then(|c| column_for(spec.kind, c)).map(|c| c.value);
                    spec.reads_as = Some(KpiSpec::unit_for(spec.measure, value));
                    kpis.push(spec);
                }
            }
        }
        (kpis, issues)
    }
}

/// Whether `text` says `"schema": "mdkpi.kpis/1"` (in any spacing), not merely holds the name
/// somewhere (a data file's cell may).
fn names_the_schema(text: &str) -> bool {
    let name = format!("\"{}\"", KpisSchema::KpisV1.as_str());
    text.match_indices(&name).any(|(at, _)| {
        let before = text[..at].trim_end();
        before.strip_suffix(':').is_some_and(|b| b.trim_end().ends_with("\"schema\""))
    })
}

/// The reader's words without their place ("at line 2 column 35" within the definition): the
/// issue's row is the line in the file.
fn without_place(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// The id of a definition that could not be read, where it has one.
fn id_in(raw: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Id {
        id: String,
    }
    serde_json::from_str::<Id>(raw).ok().map(|i| i.id)
}

/// The dimensions a kind's rows can be broken down by.
pub fn breakdowns_of(kind: DatasetKind) -> &'static [Dimension] {
    use Dimension::*;
    match kind {
        DatasetKind::Projects => &[AdoptionStage, CurrentStage, PriorityArea, Program],
        DatasetKind::Members => &[Association],
        DatasetKind::Hubs => &[Hub, Program],
        DatasetKind::Trainings | DatasetKind::Satisfaction => &[Program],
        DatasetKind::Reference | DatasetKind::Followup => &[],
    }
}

/// What keeps a parsed definition from being computed, and the field at fault.
fn problem(spec: &KpiSpec) -> Option<(Option<&'static str>, KpiProblem)> {
    if !(1..=11).contains(&spec.goal) {
        return Some((Some("goal"), KpiProblem::Goal { goal: spec.goal }));
    }
    if spec.name_ja.trim().is_empty() || spec.name_en.trim().is_empty() {
        return Some((Some("name_ja"), KpiProblem::NoName));
    }
    if matches!(spec.kind, DatasetKind::Reference | DatasetKind::Followup) {
        return Some((Some("kind"), KpiProblem::Kind { kind: spec.kind.name_ja() }));
    }
    match spec.measure {
        Measure::Sum | Measure::Mean if spec.column.is_none() => {
            return Some((Some("column"), KpiProblem::ColumnNeeded));
        }
        Measure::Share if spec.condition.is_none() => return Some((Some("where"), KpiProblem::ConditionNeeded)),
        Measure::Count | Measure::Share if spec.column.is_some() => {
            return Some((Some("column"), KpiProblem::ColumnNotUsed));
        }
        _ => {}
    }
    if spec.of.is_some() && spec.measure != Measure::Share {
        return Some((Some("of"), KpiProblem::OfNotUsed));
    }
    for (name, condition) in [("where", &spec.condition), ("of", &spec.of)] {
        if let Some(c) = condition {
            if let Some(p) = condition_problem(c) {
                return Some((Some(name), p));
            }
        }
    }
    if let Some(&dim) = spec.breakdowns.iter().find(|d| !breakdowns_of(spec.kind).contains(d)) {
        let allowed = breakdowns_of(spec.kind).iter().map(|d| d.as_str()).collect::<Vec<_>>().join(", ");
        return Some((Some("breakdowns"), KpiProblem::Breakdown { dimension: dim.as_str(), allowed }));
    }
    None
}

fn condition_problem(c: &Condition) -> Option<KpiProblem> {
    if c.column.trim().is_empty() {
        return Some(KpiProblem::NoColumn);
    }
    if c.is.is_none() && c.min.is_none() && c.max.is_none() && c.missing.is_none() {
        return Some(KpiProblem::EmptyCondition);
    }
    if matches!(&c.is, Some(Is::Any(values)) if values.is_empty()) {
        return Some(KpiProblem::EmptyCondition);
    }
    if let (Some(min), Some(max)) = (c.min, c.max) {
        if min > max {
            return Some(KpiProblem::Range { min, max });
        }
    }
    None
}
