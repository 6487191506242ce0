//! Downloadable CSV templates, one per dataset kind: UTF-8 with a BOM (so that Excel opens it
//! correctly, and no `sep=` line, which would break that), the canonical Japanese headers, a row
//! describing each column, and an example row. The description row is recognised and skipped,
//! with a warning, if a template comes back with it left in.

use crate::schema::{DatasetKind, ValueType};

/// The header written for a column: the Japanese name, with the unit for money. The workbook
/// templates (the engine's) write the same.
pub fn header(ja: &str, value: ValueType) -> String {
    if value == ValueType::Yen {
        format!("{ja}（千円）")
    } else {
        ja.to_owned()
    }
}

fn example(kind: DatasetKind) -> &'static [&'static str] {
    match kind {
        DatasetKind::Projects => {
            &["令和5年度", "A-0001", "○○事業", "①;③", "2021", "2", "3", "継続", "12,000", "有", "無", "無"]
        }
        DatasetKind::Trainings => &["令和5年度", "○○拠点事業", "臨床ニーズ探索研修", "4", "60", "25"],
        DatasetKind::Satisfaction => &["令和5年度", "○○拠点事業", "臨床ニーズ探索研修", "0001", "満足"],
        DatasetKind::Members => &["令和5年度", "○○工業会", "株式会社○○", "○", "×", "○"],
        DatasetKind::Hubs => &["令和5年度", "○○大学病院", "○○拠点事業", "12", "3", "無"],
        DatasetKind::Reference => &["2023年", "生産金額", "26,000", "億円"],
        DatasetKind::Followup => &["令和5年度", "8", "○○の取組", "○○を実施した", "進展"],
    }
}

/// The template for `kind`, as the bytes to download.
pub fn template_csv(kind: DatasetKind) -> Vec<u8> {
    let columns = kind.columns();
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(b"\xEF\xBB\xBF".to_vec());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(columns.iter().map(|c| header(c.ja, c.value)));
    let _ = w.write_record(columns.iter().map(|c| c.note));
    let _ = w.write_record(example(kind));
    w.into_inner().unwrap_or_default()
}

/// The file name offered for the download.
pub fn template_name(kind: DatasetKind) -> String {
    let key = serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    format!("mdkpi_template_{key}.csv")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading a template back is tested with the core (`mdkpi_core`'s tests/contract.rs).
    #[test]
    fn every_template_has_a_bom_and_an_example_for_every_column() {
        for kind in DatasetKind::ALL {
            let bytes = template_csv(kind);
            assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{kind:?}: BOM");
            assert!(!String::from_utf8_lossy(&bytes).contains("sep="));
            assert_eq!(example(kind).len(), kind.columns().len(), "{kind:?}");
        }
    }
}
