//! The integration tests, as one binary (linking egui per test file is slow). Each module is one area.
#![allow(clippy::unwrap_used)]

mod cli;
mod persist;
