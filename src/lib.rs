//! nianbao (年报): compiles, checks and publishes the statutory annual report on government information disclosure
//! (政府信息公开工作年度报告).
//!
//! Layers run one way: [`format`](mod@format) ← [`model`] ← [`rules`] ← export/import ← CLI; only `ui` names egui.
//! [`prose`], the reader of report prose (sentences, sub-headings, numbering, figures), depends on nothing and is read
//! by all.

#![warn(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod cli;
pub mod clock;
pub mod export;
pub mod format;
pub mod input;
pub mod io;
pub mod model;
pub mod overview;
pub mod prose;
pub mod review;
pub mod rules;
pub mod ui;
