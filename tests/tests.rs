#![allow(clippy::unwrap_used)]

mod gui;
