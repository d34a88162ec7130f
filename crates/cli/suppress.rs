//! The suppression findings (`PL9xx`) are the library's (`phi_lint::document`); the reporters
//! list them under the CLI's name.

pub(crate) use phi_lint::document::SUPPRESSION_CODES as META_CODES;
