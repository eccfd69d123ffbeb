//! The `kvu` binary: parse the command line into one [`Config`], load the inputs with the one loader,
//! bind them to the plan, run the command, render its tables into the sink, print `kvu: error: ...`
//! (control characters escaped, as in every message) and set the exit code (0 success, 1 `--check`
//! found gaps, 2 any error). A closed pipe ends the output quietly; the exit code is still what the
//! run found.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use kvu::cli::{Cli, Command};
use kvu::commands::{self, Context, Outcome};
use kvu::config::Config;
use kvu::config::layers::{self, Bad};
use kvu::diag::Diagnostics;
use kvu::load::ReadOptions;
use kvu::load::inputs;
use kvu::model::bind::take_completions;
use kvu::model::{Completions, Exemptions, Exports, Model, StaffBinding};
use kvu::output::{
    Body, Format, ICS_ONLY, Meta, Sink, escape_controls, file_name_only, html, is_broken_pipe,
    render, sink,
};
use kvu::plan::Plan;

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
    let mut cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    // `completions` and `man` read no input: printed before anything else is looked at.
    if let Some(page) = commands::shell::page(&cli.command) {
        return print_page(page, cli.global.output.as_deref());
    }
    // Flags over the KVU_* variables over kvu.toml over the defaults.
    let site = matches!(cli.command, Command::Site(_));
    let layered = match layers::resolve(&cli.global, &|name| std::env::var_os(name), site) {
        Ok(layered) => layered,
        Err(Bad::Usage(message)) => return usage_line(&message),
        Err(Bad::File(message)) => return error_line(&message),
    };
    cli.global = layered.global;
    let settings = layered.settings;
    // `kvu site`'s --output is a folder: its name says nothing of the format.
    let mut global = cli.global.clone();
    let site_folder = match &cli.command {
        Command::Site(_) if global.split.is_none() => global.output.take(),
        _ => None,
    };
    let config = match Config::new(&global) {
        Ok(mut config) => {
            config.output = site_folder.or(config.output);
            config
        }
        Err(e) => return error_line(&format!("{e:#}")),
    };
    let mut diag = Diagnostics::new(config.strict);
    let result = run(&cli, &config, &settings, &mut diag);
    let mut stderr = std::io::stderr().lock();
    for w in diag.warnings.iter().filter(|_| !config.quiet) {
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
            let message = layers::blame(&settings, format!("{e:#}"));
            let _ = writeln!(stderr, "kvu: error: {}", escape_controls(&message));
            ExitCode::from(2)
        }
    }
}

/// Prints `completions`' or `man`'s text to standard output, or into `--output` whole.
fn print_page(page: anyhow::Result<Vec<u8>>, output: Option<&str>) -> ExitCode {
    let output = output.filter(|o| !o.is_empty());
    let written = page.and_then(|text| {
        let mut sink = Sink::open(output)?;
        sink.write_all(&text)?;
        sink.finish()
    });
    match written {
        Err(e) if !(output.is_none() && is_broken_pipe(&e)) => {
            let _ = writeln!(
                std::io::stderr(),
                "kvu: error: {}",
                escape_controls(&format!("{e:#}"))
            );
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}

/// Writes a command's output into the sink, a `--output` file whole or not at all. A closed pipe on
/// standard output (`kvu gaps | head -1`) ends the output quietly: the run's outcome, found before
/// anything was written, still sets the exit code.
fn write(mut sink: Sink, config: &Config, body: &Body<'_>, meta: &Meta) -> anyhow::Result<()> {
    let to_stdout = matches!(sink, Sink::Stdout(_));
    match render(&mut sink, body, config.format, &config.render, meta).and_then(|()| sink.finish())
    {
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
        Command::Cohorts(args) => files.push(("--sessions", &args.sessions)),
        _ => {}
    }
    files
}

fn run(
    cli: &Cli,
    config: &Config,
    settings: &[layers::Setting],
    diag: &mut Diagnostics,
) -> anyhow::Result<Outcome> {
    // An --output that is an input, or no place for a file, is refused before anything is read. Its
    // temporary file is made now, so that an unwritable folder is said at once; an error or an
    // interrupt while loading removes it. It is renamed into place only after the whole output.
    // `--format ics` is a calendar of sessions; no other command has one to give.
    if config.format == Format::Ics && !matches!(cli.command, Command::Cohorts(_)) {
        anyhow::bail!(ICS_ONLY);
    }
    let inputs = input_files(cli, config);
    inputs::one_stdin(inputs.iter().copied())?;
    let to_stdout = config.output.as_deref().is_none_or(|o| o == "-");
    if config.format == Format::Xlsx && to_stdout && std::io::stdout().is_terminal() {
        anyhow::bail!(
            "an xlsx workbook is no text for a terminal, expected --output FILE.xlsx (or a pipe)"
        );
    }
    if config.split.is_some() {
        kvu::split::check(&cli.command)?;
        let output = config.output.as_deref().unwrap_or_default();
        let folder = sink::Folder::open(output, &inputs)?;
        return run_split(cli, config, diag, folder);
    }
    if let Command::Site(args) = &cli.command {
        if config.format != Format::Table && config.format != Format::Html {
            anyhow::bail!(
                "kvu site writes html pages, expected no --format (or --format html) and no --excel"
            );
        }
        let Some(output) = config.output.as_deref().filter(|o| *o != "-") else {
            anyhow::bail!("kvu site writes a folder of pages, expected --output DIR");
        };
        let folder = sink::Folder::open(output, &inputs)?;
        return run_site(cli, config, diag, args, folder);
    }
    if let Some(output) = &config.output {
        sink::check_target(output, &inputs)?;
    }
    let sink = Sink::open(config.output.as_deref())?;
    if let Command::Validate = cli.command {
        // The same loader as every command, collecting every problem instead of stopping.
        let mut all = Diagnostics::collecting(config.strict);
        let loaded = inputs::load(&config.load, false, &mut all)?;
        // Its lines are for people in the table, xlsx and html; CSV and JSON never change.
        let lang = match config.format {
            Format::Csv | Format::Json => kvu::output::Lang::En,
            _ => config.render.lang,
        };
        let (lines, outcome) = commands::validate::report(&loaded, &all, lang);
        let meta = meta(&cli.command, config, &loaded.exports, None);
        write(sink, config, &Body::Lines(lines), &meta)?;
        return Ok(outcome);
    }
    if let Command::Config = cli.command {
        // What the options are and where they came from: nothing is read.
        let done = commands::config::run(settings, config, config.render.lang)?;
        let mut meta = meta(&cli.command, config, &kvu::model::Exports::default(), None);
        meta.inputs.clear();
        write(sink, config, &done.body, &meta)?;
        return Ok(done.outcome);
    }
    if let Command::Units = cli.command {
        // Only the staff export and the unit tree: no plan or completion export is demanded.
        let exports = inputs::load_staff(&config.load, diag)?;
        let done = commands::units::run(&exports, config.render.lang)?;
        let meta = meta(&cli.command, config, &exports, None);
        write(sink, config, &done.body, &meta)?;
        return Ok(done.outcome);
    }
    // Everything is loaded and checked, and the command has run, before anything is written.
    let Inputs {
        plan,
        old_plan,
        exports,
        staff,
        exemptions,
        completions,
        read_options,
    } = load(cli, config, diag)?;
    let model = bind(&plan, &exports, staff, exemptions, completions);
    // The old plan's view of the exports; what it says of them (an exemption for a course it lacks)
    // is not the new plan's problem, so its warnings are not printed.
    let old_model = match &old_plan {
        Some(old) => Some(Model::bind(old, &exports, &mut Diagnostics::new(false))?),
        None => None,
    };
    let ctx = context(config, &model, old_model.as_ref(), &read_options);
    let done = dispatch(&ctx, &cli.command, diag)?;
    let meta = meta(&cli.command, config, &exports, Some(&plan.name));
    write(sink, config, &done.body, &meta)?;
    let outcome = done.outcome;
    // The process ends now: freeing a region's worth of rows one by one would only cost time.
    std::mem::forget(done);
    std::mem::forget(model);
    std::mem::forget(old_model);
    std::mem::forget(exports);
    Ok(outcome)
}

/// What the loader gives a command: the plan, the old plan (`diff`), the exports and their bindings.
struct Inputs {
    plan: Plan,
    old_plan: Option<Plan>,
    exports: Exports,
    staff: StaffBinding,
    exemptions: Option<Exemptions>,
    /// With one plan, the completions already bound, the rows as read let go (a second plan binds
    /// them too, so then they stay).
    completions: Option<Completions>,
    read_options: ReadOptions,
}

/// The model of one plan over the exports.
fn bind<'a>(
    plan: &'a Plan,
    exports: &'a Exports,
    staff: StaffBinding,
    exemptions: Option<Exemptions>,
    completions: Option<Completions>,
) -> Model<'a> {
    let exemptions = exemptions.unwrap_or_default();
    match completions {
        Some(c) => Model::with_completions(plan, exports, staff, exemptions, c),
        None => Model::new(plan, exports, staff, exemptions),
    }
}

/// What a command runs on.
fn context<'a>(
    config: &Config,
    model: &'a Model<'a>,
    old_model: Option<&'a Model<'a>>,
    read_options: &'a ReadOptions,
) -> Context<'a> {
    Context {
        model,
        old_model,
        as_of: config.as_of(),
        read_options,
        format: config.format,
        lang: config.render.lang,
    }
}

/// Loads every input once, stopping at the first error.
fn load(cli: &Cli, config: &Config, diag: &mut Diagnostics) -> anyhow::Result<Inputs> {
    let mut load = config.load.clone();
    if let Command::Diff(args) = &cli.command {
        load.paths.old_plan = Some(args.old_plan.clone());
    }
    let loaded = inputs::load(&load, true, diag)?;
    let inputs::Loaded {
        plan,
        old_plan,
        mut exports,
        staff_binding,
        exemptions,
        read_options,
        ..
    } = loaded;
    let (Some(plan), Some(staff)) = (plan, staff_binding) else {
        anyhow::bail!("internal error: the inputs were not all read");
    };
    let completions = old_plan
        .is_none()
        .then(|| take_completions(&plan, &mut exports));
    Ok(Inputs {
        plan,
        old_plan,
        exports,
        staff,
        exemptions,
        completions,
        read_options,
    })
}

/// Runs a command on the model.
fn dispatch<'a>(
    ctx: &Context<'a>,
    command: &Command,
    diag: &mut Diagnostics,
) -> anyhow::Result<commands::Done<'a>> {
    Ok(match command {
        Command::Gaps(args) => commands::gaps::run(ctx, args)?,
        Command::Report(args) => commands::report::run(ctx, args)?,
        Command::Priority(args) => commands::priority::run(ctx, args)?,
        Command::Allocate(args) => commands::allocate::run(ctx, args, diag)?,
        Command::Trend(args) => commands::trend::run(ctx, args)?,
        Command::Forecast(args) => commands::forecast::run(ctx, args)?,
        Command::Diff(args) => commands::diff::run(ctx, args)?,
        Command::Cohorts(args) => commands::cohorts::run(ctx, args, diag)?,
        Command::Validate
        | Command::Units
        | Command::Config
        | Command::Site(_)
        | Command::Completions(_)
        | Command::Man => {
            anyhow::bail!("internal error: this command has no model to run on")
        }
    })
}

/// `--split unit`: one load, then each unit's run into its file in the folder, and `index.csv`; the
/// folder is swapped in only when all are written.
fn run_split(
    cli: &Cli,
    config: &Config,
    diag: &mut Diagnostics,
    folder: sink::Folder,
) -> anyhow::Result<Outcome> {
    let inputs = load(cli, config, diag)?;
    let (plan, exports) = (&inputs.plan, &inputs.exports);
    let model = bind(
        plan,
        exports,
        inputs.staff,
        inputs.exemptions,
        inputs.completions,
    );
    let ctx = context(config, &model, None, &inputs.read_options);
    commands::has_staff(&model)?;
    let depth = config.split.and_then(|s| s.depth);
    let units = kvu::split::units(&model, &cli.command, depth)?;
    let names = kvu::split::file_names(&units, config.format.extension());
    let mut index = csv::Writer::from_writer(folder.create("index.csv")?);
    index.write_record(kvu::output::sink::INDEX_HEADER.split(','))?;
    let bar = kvu::output::progress::bar(units.len(), config.quiet, "files");
    // Each unit's run on whichever core is free (units differ in size by thousands of times); the
    // index in the units' order.
    let runs = kvu::threads::each_index(units.len(), |u| -> anyhow::Result<(usize, Outcome)> {
        let command = kvu::split::with_unit(&cli.command, &units[u].id);
        // What a unit's run would warn of was said once, by the load.
        let done = dispatch(&ctx, &command, &mut Diagnostics::new(config.strict))?;
        let rows: usize = match &done.body {
            Body::Tables(tables) => tables.iter().map(|t| t.data.len).sum(),
            Body::Lines(lines) => lines.len(),
            Body::Calendar(_) => 0,
        };
        let meta = meta(&command, config, exports, Some(&plan.name));
        let mut file = folder.create(&names[u])?;
        render(&mut file, &done.body, config.format, &config.render, &meta)?;
        file.flush()?;
        bar.inc(1);
        Ok((rows, done.outcome))
    })?;
    let mut outcome = Outcome::Success;
    for ((unit, name), (rows, unit_outcome)) in units.iter().zip(&names).zip(runs) {
        if unit_outcome == Outcome::CheckFailed {
            outcome = Outcome::CheckFailed;
        }
        index.write_record([
            unit.id.as_str(),
            &unit.name,
            &unit.parent,
            &unit.email,
            name,
            &rows.to_string(),
        ])?;
    }
    bar.finish_and_clear();
    index.flush()?;
    drop(index);
    folder.finish()?;
    std::mem::forget(model);
    std::mem::forget(inputs.exports);
    Ok(outcome)
}

/// `kvu site`: one load, then every page into the folder, which is swapped in only when all are written.
fn run_site(
    cli: &Cli,
    config: &Config,
    diag: &mut Diagnostics,
    args: &kvu::cli::SiteArgs,
    folder: sink::Folder,
) -> anyhow::Result<Outcome> {
    let inputs = load(cli, config, diag)?;
    let model = bind(
        &inputs.plan,
        &inputs.exports,
        inputs.staff,
        inputs.exemptions,
        inputs.completions,
    );
    let ctx = Context {
        format: Format::Html,
        ..context(config, &model, None, &inputs.read_options)
    };
    let footer = html::footer(
        &meta(
            &cli.command,
            config,
            &inputs.exports,
            Some(&inputs.plan.name),
        ),
        config.render.lang,
    );
    kvu::site::build(&ctx, args, &folder, config.quiet, &footer)?;
    folder.finish()?;
    std::mem::forget(model);
    std::mem::forget(inputs.exports);
    Ok(Outcome::Success)
}

/// What the run was, for the xlsx `kvu` sheet and the html page's title.
fn meta(
    command: &Command,
    config: &Config,
    exports: &kvu::model::Exports,
    plan: Option<&str>,
) -> Meta {
    let (what, scope) = commands::heading(command, config.render.lang);
    let paths = &config.load.paths;
    let mut inputs = Vec::new();
    let mut add = |option: &str, path: &Option<String>, rows: Option<u64>| {
        if let Some(path) = path {
            inputs.push((option.to_string(), file_name_only(path), rows));
        }
    };
    add("--plan", &paths.plan, None);
    add("--staff", &paths.staff, Some(exports.staff.rows_read));
    add(
        "--completions",
        &paths.completions,
        Some(exports.completions.rows_read),
    );
    add(
        "--units",
        &paths.units,
        exports.units.as_ref().map(|u| u.rows_read),
    );
    add(
        "--exemptions",
        &paths.exemptions,
        Some(exports.exemptions.rows_read),
    );
    Meta {
        command_line: command_line(),
        what,
        scope,
        plan: plan.unwrap_or_default().to_string(),
        as_of: Some(config.as_of()),
        inputs,
    }
}

/// The command line as a shell would take it back: each argument quoted where it needs it.
fn command_line() -> String {
    std::env::args_os()
        .map(|a| {
            let a = file_name_only(&a.to_string_lossy());
            let plain = !a.is_empty()
                && a.chars()
                    .all(|c| c.is_alphanumeric() || "-_./=:,@%+".contains(c));
            if plain {
                a
            } else {
                format!("'{}'", a.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
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
        _ => usage_line(&one_line(&e.render().to_string())),
    }
}

/// Clap's message as one line: what was wrong, the arguments it names on the lines below (a missing
/// `--year <YYYY>`) and its tip (a similar argument exists: `--status`), without the usage block.
fn one_line(text: &str) -> String {
    let mut line = String::new();
    for part in text
        .lines()
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        let part = part.strip_prefix("error: ").unwrap_or(part);
        if !line.is_empty() {
            line.push_str(if line.ends_with(':') { " " } else { "; " });
        }
        line.push_str(part);
    }
    line
}

/// A usage error: one line on stderr (control characters escaped) and exit code 2.
fn usage_line(message: &str) -> ExitCode {
    let _ = writeln!(
        std::io::stderr(),
        "kvu: error: {} (see kvu --help)",
        escape_controls(message)
    );
    ExitCode::from(2)
}

/// An error before anything is read (a bad kvu.toml, options that disagree): one line and exit code 2.
fn error_line(message: &str) -> ExitCode {
    let _ = writeln!(
        std::io::stderr(),
        "kvu: error: {}",
        escape_controls(message)
    );
    ExitCode::from(2)
}
