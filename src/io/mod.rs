//! Reports as files: nianbao's own document ([`document`], RON, atomic writes), the JSON interchange format
//! ([`interchange`]), and opening any file a user hands over ([`open`]).
//!
//! This layer knows the model and the review record and nothing above them: no exporters, no UI.

pub mod document;
pub mod interchange;
