//! The integration tests, as one binary (linking egui per test file is slow): one module per area.

mod rules;
