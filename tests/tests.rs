#![allow(clippy::unwrap_used)]

mod export;
