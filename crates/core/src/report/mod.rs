//! The parts of the results document that are made from rows (reference statistics, follow-up
//! notes), and the results CSV in either encoding.

pub mod csv_export;
pub mod rows;
