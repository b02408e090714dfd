//! The integration tests, as one binary (linking egui per test file is slow): one module per area.

#![allow(clippy::unwrap_used)]

mod cli;
mod entries;
mod export;
mod files;
mod gui;
mod persist;
mod review;
mod rules;
