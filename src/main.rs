//! The `kvu` binary: parse the command line, run the command, print `kvu: error: ...` and set the exit
//! code (0 success, 1 `--check` found gaps, 2 any error). A closed pipe ends the run quietly.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use kvu::cli::{Cli, Command};
use kvu::commands::{self, Loaded, Outcome};
use kvu::diag::Diagnostics;
use kvu::output::{Output, is_broken_pipe};

fn main() -> ExitCode {
    // A bug must still end as one line and exit code 2, never a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let _ = writeln!(
            std::io::stderr(),
            "kvu: error: internal error, please report it: {info}"
        );
    }));
    std::panic::catch_unwind(real_main).unwrap_or(ExitCode::from(2))
}

fn real_main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    kvu::output::set_excel_safe(cli.global.excel_safe);
    let mut diag = Diagnostics::new(cli.global.strict);
    let result = run(&cli, &mut diag);
    let mut stderr = std::io::stderr().lock();
    for w in &diag.warnings {
        let _ = writeln!(stderr, "kvu: warning: {w}");
    }
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::CheckFailed) => ExitCode::from(1),
        Ok(Outcome::Invalid) => {
            let _ = writeln!(stderr, "kvu: error: the inputs have errors (listed above)");
            ExitCode::from(2)
        }
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(stderr, "kvu: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: &Cli, diag: &mut Diagnostics) -> anyhow::Result<Outcome> {
    let g = &cli.global;
    if let Command::Validate = cli.command {
        let mut out = Output::open(g.output.as_deref())?;
        let outcome = commands::validate::run(g, &mut out)?;
        out.finish()?;
        return Ok(outcome);
    }
    // Everything is loaded and checked before the output is opened; a failure after that removes it.
    let loaded = Loaded::load(g, diag)?;
    let mut out = Output::open(g.output.as_deref())?;
    let outcome = match &cli.command {
        Command::Gaps(args) => commands::gaps::run(&loaded, args, g.format, &mut out)?,
        Command::Report(args) => commands::report::run(&loaded, args, g.format, &mut out)?,
        Command::Priority(args) => commands::priority::run(&loaded, args, g.format, &mut out)?,
        Command::Allocate(args) => {
            commands::allocate::run(&loaded, args, g.format, diag, &mut out)?
        }
        Command::Validate => unreachable!("handled above"),
    };
    out.finish()?;
    // The process ends now: freeing a region's worth of rows one by one would only cost time.
    std::mem::forget(loaded);
    Ok(outcome)
}

/// Help and version print as clap prints them; a usage error is one line and exit code 2.
fn usage_error(e: clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        _ => {
            let text = e.render().to_string();
            let first = text.lines().next().unwrap_or("").trim();
            let first = first.strip_prefix("error: ").unwrap_or(first);
            let _ = writeln!(std::io::stderr(), "kvu: error: {first} (see kvu --help)");
            ExitCode::from(2)
        }
    }
}
