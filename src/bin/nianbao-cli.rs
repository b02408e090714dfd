//! `nianbao-cli`: the command-line tool (see [`nianbao::cli`]). A separate binary from the GUI, whose Windows build
//! prints nothing. Exit status: 0 clean, 1 findings of severity error, 2 could not run.

use std::process::ExitCode;

fn main() -> ExitCode {
    match nianbao::cli::run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("nianbao-cli：{e:#}");
            ExitCode::from(2)
        }
    }
}
