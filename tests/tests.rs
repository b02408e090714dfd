//! The integration tests, as one binary (linking egui per test file is slow): one module per area.

#![allow(clippy::unwrap_used)]

mod export;
mod gui;
mod rules;
