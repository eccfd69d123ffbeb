//! The `kvu` binary: parse the command line into one [`Config`], load the inputs with the one loader,
//! bind them to the plan, run the command, render its tables into the sink, print `kvu: error: ...`
//! (control characters escaped, as in every message) and set the exit code (0 success, 1 `--check`
//! found gaps, 2 any error). A closed pipe ends the output quietly; the exit code is still what the
//! run found.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use kvu::cli::{Cli, Command};
use kvu::commands::{self, Context, Outcome};
use kvu::config::Config;
use kvu::diag::Diagnostics;
use kvu::load::inputs;
use kvu::model::Model;
use kvu::model::bind::take_completions;
use kvu::output::{Body, Sink, escape_controls, is_broken_pipe, render, sink};

fn main() -> ExitCode {
    // A bug must still end as one line and exit code 2, never a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let _ = writeln!(
            std::io::stderr(),
            "kvu: error: internal error, please report it: {}",
            escape_controls(&info.to_string())
        );
    }));
    std::panic::catch_unwind(real_main).unwrap_or(ExitCode::from(2))
}

fn real_main() -> ExitCode {
    // Ctrl-C, SIGTERM and SIGHUP remove a temporary output file before the run ends.
    #[cfg(unix)]
    sink::remove_temp_on_signals();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let config = Config::new(&cli.global);
    let mut diag = Diagnostics::new(config.strict);
    let result = run(&cli, &config, &mut diag);
    let mut stderr = std::io::stderr().lock();
    for w in &diag.warnings {
        let _ = writeln!(stderr, "kvu: warning: {}", escape_controls(&w.to_string()));
    }
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::CheckFailed) => ExitCode::from(1),
        Ok(Outcome::Invalid) => {
            let _ = writeln!(stderr, "kvu: error: the inputs have errors (listed above)");
            ExitCode::from(2)
        }
        Err(e) => {
            let _ = writeln!(stderr, "kvu: error: {}", escape_controls(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

/// Writes a command's output into the sink, a `--output` file whole or not at all. A closed pipe on
/// standard output (`kvu gaps | head -1`) ends the output quietly: the run's outcome, found before
/// anything was written, still sets the exit code.
fn write(mut sink: Sink, config: &Config, body: &Body<'_>) -> anyhow::Result<()> {
    let to_stdout = matches!(sink, Sink::Stdout(_));
    match render(&mut sink, body, config.format, &config.render).and_then(|()| sink.finish()) {
        Err(e) if to_stdout && is_broken_pipe(&e) => Ok(()),
        result => result,
    }
}

/// The input files the run names, each with its option: `--output` must be none of them.
fn input_files<'a>(cli: &'a Cli, config: &'a Config) -> Vec<(&'static str, &'a str)> {
    let mut files = config.load.paths.given();
    match &cli.command {
        Command::Allocate(args) => files.extend(args.key.as_deref().map(|k| ("--key", k))),
        Command::Diff(args) => files.push(("--old-plan", &args.old_plan)),
        _ => {}
    }
    files
}

fn run(cli: &Cli, config: &Config, diag: &mut Diagnostics) -> anyhow::Result<Outcome> {
    // An --output that is an input, or no place for a file, is refused before anything is read. Its
    // temporary file is made now, so that an unwritable folder is said at once; an error or an
    // interrupt while loading removes it. It is renamed into place only after the whole output.
    let inputs = input_files(cli, config);
    inputs::one_stdin(inputs.iter().copied())?;
    if let Some(output) = &config.output {
        sink::check_target(output, &inputs)?;
    }
    let sink = Sink::open(config.output.as_deref())?;
    if let Command::Validate = cli.command {
        // The same loader as every command, collecting every problem instead of stopping.
        let mut all = Diagnostics::collecting(config.strict);
        let loaded = inputs::load(&config.load, false, &mut all)?;
        let (lines, outcome) = commands::validate::report(&loaded, &all);
        write(sink, config, &Body::Lines(lines))?;
        return Ok(outcome);
    }
    // Everything is loaded and checked, and the command has run, before anything is written.
    let mut load = config.load.clone();
    if let Command::Diff(args) = &cli.command {
        load.paths.old_plan = Some(args.old_plan.clone());
    }
    let loaded = inputs::load(&load, true, diag)?;
    let inputs::Loaded {
        plan,
        old_plan,
        exports,
        staff_binding,
        exemptions,
        read_options,
        ..
    } = loaded;
    let (Some(plan), Some(staff)) = (plan, staff_binding) else {
        anyhow::bail!("internal error: the inputs were not all read");
    };
    let mut exports = exports;
    let exemptions = exemptions.unwrap_or_default();
    let model = match &old_plan {
        // One plan: the completion rows as read are let go once bound (a second plan binds them too).
        None => {
            let completions = take_completions(&plan, &mut exports);
            Model::with_completions(&plan, &exports, staff, exemptions, completions)
        }
        Some(_) => Model::new(&plan, &exports, staff, exemptions),
    };
    // The old plan's view of the exports; what it says of them (an exemption for a course it lacks)
    // is not the new plan's problem, so its warnings are not printed.
    let old_model = match &old_plan {
        Some(old) => Some(Model::bind(old, &exports, &mut Diagnostics::new(false))?),
        None => None,
    };
    let ctx = Context {
        model: &model,
        old_model: old_model.as_ref(),
        as_of: config.as_of(),
        read_options: &read_options,
        format: config.format,
    };
    let done = match &cli.command {
        Command::Gaps(args) => commands::gaps::run(&ctx, args)?,
        Command::Report(args) => commands::report::run(&ctx, args)?,
        Command::Priority(args) => commands::priority::run(&ctx, args)?,
        Command::Allocate(args) => commands::allocate::run(&ctx, args, diag)?,
        Command::Trend(args) => commands::trend::run(&ctx, args)?,
        Command::Forecast(args) => commands::forecast::run(&ctx, args)?,
        Command::Diff(args) => commands::diff::run(&ctx, args)?,
        Command::Validate => unreachable!("handled above"),
    };
    write(sink, config, &done.body)?;
    let outcome = done.outcome;
    // The process ends now: freeing a region's worth of rows one by one would only cost time.
    std::mem::forget(done);
    std::mem::forget(model);
    std::mem::forget(old_model);
    std::mem::forget(exports);
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
            let _ = writeln!(
                std::io::stderr(),
                "kvu: error: {} (see kvu --help)",
                escape_controls(first)
            );
            ExitCode::from(2)
        }
    }
}
