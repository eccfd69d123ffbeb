//! The `kvu` binary, one path for every command: parse the command line, make it one [`Request`],
//! load the inputs with the one loader, bind them to the plan, run the job, render its result into the
//! sink (standard output, a file written whole, or a folder for `--split` and `kvu site`), print
//! `kvu: error: ...` (control characters escaped, as in every message) and set the exit code (0
//! success, 1 `--check` found gaps, 2 any error). A closed pipe ends the output quietly; the exit code
//! is still what the run found.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use kvu::cli::Cli;
use kvu::commands::{self, Context, Done, Extras, Outcome, Said};
use kvu::config::layers::{self, Bad};
use kvu::config::{Job, Request};
use kvu::diag::Diagnostics;
use kvu::load::inputs::{self, Loaded};
use kvu::load::path::InputPath;
use kvu::model::bind::take_completions;
use kvu::model::{Completions, Exemptions, Exports, Model, StaffBinding};
use kvu::output::{
    Body, Format, ICS_ONLY, Meta, Note, Sink, escape_controls, file_name_only, html,
    is_broken_pipe, render, sink,
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
    // A file grown past the process's size limit (a full disk's cousin) is an error of the write,
    // not a killed process: the history store rolls back and says so.
    #[cfg(unix)]
    let _ = signal_hook::flag::register(
        signal_hook::consts::SIGXFSZ,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
    );
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    // `completions` and `man` read no input: printed before anything else is looked at.
    if let Some(page) = kvu::cli::shell::page(&cli.command) {
        return print_page(page, cli.global.output.as_deref());
    }
    // Flags over the KVU_* variables over kvu.toml over the defaults.
    let site = matches!(cli.command, kvu::cli::Command::Site(_));
    let layered = match layers::resolve(&cli.global, &|name| std::env::var_os(name), site) {
        Ok(layered) => layered,
        Err(Bad::Usage(message)) => return usage_line(&message),
        Err(Bad::File(message)) => return error_line(&message),
    };
    let settings = layered.settings;
    let request = match Request::new(&cli.command, &layered.global) {
        Ok(Some(request)) => request,
        Ok(None) => return error_line("internal error: this command reads no input"),
        Err(e) => return error_line(&format!("{e:#}")),
    };
    let mut diag = Diagnostics::new(request.strict);
    let result = run(&request, &settings, &mut diag);
    let mut stderr = std::io::stderr().lock();
    for w in diag.warnings.iter().filter(|_| !request.output.quiet) {
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

/// The one run: the output's place checked, the inputs loaded and bound, the job run, its result
/// rendered. Everything is loaded and checked, and the job has run, before anything is written.
fn run(
    req: &Request,
    settings: &[layers::Setting],
    diag: &mut Diagnostics,
) -> anyhow::Result<Outcome> {
    if let Job::History(args) = &req.job {
        return history(req, args);
    }
    let target = Target::open(req)?;
    let (data, bindings) = load(req, diag)?;
    let models = match (&data, bindings) {
        (Data::Inputs(inputs), Some(bindings)) => Some(bind(inputs, bindings)?),
        _ => None,
    };
    let ctx = match (&data, &models) {
        (Data::Inputs(inputs), Some(models)) => Some(context(req, models, &inputs.extras)),
        _ => None,
    };
    if let (Job::Record(_), Some(context)) = (&req.job, &ctx) {
        let recording = make_recording(req, context, &data)?;
        // The model and the exports are done with (the context that borrowed them too): freed
        // before the store is read and written, so that the recording's peak is not theirs and the
        // store's together.
        drop(models);
        drop(data);
        write_recording(req, &recording)?;
        keep_to_exit(recording);
        return Ok(Outcome::Success);
    }
    let (outcome, done) = match (target, &ctx) {
        (Target::Folder(folder), Some(ctx)) => (fan_out(req, ctx, &data, folder)?, None),
        (Target::Folder(_), None) => anyhow::bail!("internal error: no model to fan out"),
        (Target::Sink(sink), ctx) => {
            let done = job(req, settings, &data, ctx.as_ref())?;
            for said in &done.said {
                match said {
                    Said::Warning(p) => diag.warn(p.clone())?,
                    Said::Note(p) => diag.note(p.clone()),
                }
            }
            write(sink, req, &done.body, &meta(req, &req.job, &data))?;
            (done.outcome, Some(done))
        }
    };
    // The process ends now: freeing a region's worth of rows one by one would only cost time.
    keep_to_exit(done);
    keep_to_exit(ctx);
    keep_to_exit(models);
    keep_to_exit(data);
    Ok(outcome)
}

/// `kvu record`, first half: the recording made of what was loaded (its rows, each file's facts, the
/// figures), owning all it needs, so that the model can go before the store is read and written.
fn make_recording(
    req: &Request,
    ctx: &Context,
    data: &Data,
) -> anyhow::Result<kvu::history::Recording> {
    let (Job::Record(_), Data::Inputs(inputs)) = (&req.job, data) else {
        anyhow::bail!("internal error: no inputs to record");
    };
    let Some(rows) = &inputs.recorded else {
        anyhow::bail!("internal error: the rows to record were not kept");
    };
    let exports = &inputs.exports;
    let paths = &req.inputs.paths;
    let header = |kind: kvu::history::Kind| {
        rows.iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, r)| r.header.clone())
            .unwrap_or_default()
    };
    use kvu::history::Kind as K;
    let given = [
        ("plan", &paths.plan, 0, Vec::new()),
        (
            "staff",
            &paths.staff,
            exports.staff.rows_read,
            header(K::Staff),
        ),
        (
            "completions",
            &paths.completions,
            exports.completions.rows_read,
            header(K::Completions),
        ),
        (
            "exemptions",
            &paths.exemptions,
            exports.exemptions.rows_read,
            header(K::Exemptions),
        ),
        (
            "units",
            &paths.units,
            exports.units.as_ref().map_or(0, |u| u.rows_read),
            header(K::Units),
        ),
    ];
    let mut files = Vec::new();
    for (input, path, data_rows, header) in given {
        let Some(path) = path else { continue };
        if &**path == "-" {
            anyhow::bail!(
                "kvu record keeps each input file's name, size and SHA-256, expected --{input} FILE, not - (standard input)"
            );
        }
        let file = path.file();
        files.push(kvu::history::capture::file_facts(
            input, file, data_rows, &header,
        )?);
    }
    let plan_text = kvu::load::kinds::read_plan(paths.plan.as_deref().unwrap_or_default())
        .map_err(anyhow::Error::msg)?;
    let recording = kvu::history::Recording {
        as_of: req.as_of(),
        recorded_at: jiff::Timestamp::now()
            .strftime("%Y-%m-%dT%H:%M:%SZ")
            .to_string(),
        kvu_version: env!("CARGO_PKG_VERSION").to_string(),
        plan_text,
        files,
        inputs: std::sync::Arc::clone(rows),
        figures: commands::record::figures(ctx)?,
    };
    Ok(recording)
}

/// `kvu record`, second half: the recording written to the store in one transaction; one line on
/// stderr says what was done.
fn write_recording(req: &Request, recording: &kvu::history::Recording) -> anyhow::Result<()> {
    let Job::Record(args) = &req.job else {
        anyhow::bail!("internal error: no recording asked for");
    };
    let mut store = kvu::history::Store::open_to_write(&args.history)?;
    let done = store.record(recording, args.replace)?;
    let lang = req.output.render.lang;
    let mut stderr = std::io::stderr().lock();
    let note = match done {
        kvu::history::Recorded::Same => Note::RecordedSame(req.as_of()),
        kvu::history::Recorded::Written {
            replaced,
            rows,
            new_rows,
            bytes,
            migrated_from,
        } => {
            if let Some(from) = migrated_from {
                let to = kvu::history::store::VERSION;
                let _ = writeln!(
                    stderr,
                    "kvu: {}",
                    Note::StoreMigrated { from, to }.say(lang)
                );
            }
            Note::Recorded {
                as_of: req.as_of(),
                rows,
                new_rows,
                bytes,
                replaced,
            }
        }
    };
    let _ = writeln!(stderr, "kvu: {}", note.say(lang));
    Ok(())
}

/// `kvu history`: the recordings listed; with `--forget-before`, their inputs forgotten instead and
/// one line on stderr says how many.
fn history(req: &Request, args: &kvu::config::job::History) -> anyhow::Result<Outcome> {
    let Some(before) = args.forget_before else {
        let sink = Target::open(req)?;
        let list = kvu::history::Store::open_to_read(&args.history)?.list()?;
        let done = commands::history::run(list);
        if let Target::Sink(sink) = sink {
            write(sink, req, &done.body, &meta(req, &req.job, &Data::Nothing))?;
        }
        return Ok(Outcome::Success);
    };
    let mut store = kvu::history::Store::open_to_write(&args.history)?;
    let forgot = store.forget_before(before)?;
    let lang = req.output.render.lang;
    if let Some(from) = store.migrated_from {
        let to = kvu::history::store::VERSION;
        let said = Note::StoreMigrated { from, to }.say(lang);
        let _ = writeln!(std::io::stderr(), "kvu: {said}");
    }
    let note = Note::Forgot {
        before,
        recordings: forgot.recordings,
        rows: forgot.rows,
        bytes: forgot.bytes,
    };
    let _ = writeln!(std::io::stderr(), "kvu: {}", note.say(lang));
    Ok(Outcome::Success)
}

/// Lets a value live until the process ends instead of freeing it (the one place that does).
fn keep_to_exit<T>(value: T) {
    std::mem::forget(value);
}

/// Where the output goes, checked and opened before anything is read: an `--output` that is an input,
/// or no place for a file, is refused at once. A file's temporary twin is made now, so that an
/// unwritable folder is said at once; an error or an interrupt while loading removes it; it is renamed
/// into place only after the whole output.
enum Target {
    Sink(Sink),
    /// `--split unit` and `kvu site`: a folder swapped in whole.
    Folder(sink::Folder),
}

impl Target {
    fn open(req: &Request) -> anyhow::Result<Target> {
        let output = &req.output;
        // `--format ics` is a calendar of sessions; no other command has one to give.
        if output.format == Format::Ics && !matches!(req.job, Job::Cohorts(_)) {
            anyhow::bail!(ICS_ONLY);
        }
        let inputs = req.input_files();
        inputs::one_stdin(inputs.iter().map(|&(o, p)| (o, &**p)))?;
        let to_stdout = output.target.as_deref().is_none_or(|o| o == "-");
        if output.format == Format::Xlsx && to_stdout && std::io::stdout().is_terminal() {
            anyhow::bail!(
                "an xlsx workbook is no text for a terminal, expected --output FILE.xlsx (or a pipe)"
            );
        }
        if output.split.is_some() {
            kvu::split::check(&req.job)?;
            let folder = output.target.as_deref().unwrap_or_default();
            return Ok(Target::Folder(sink::Folder::open(folder, &inputs)?));
        }
        if let Job::Site(_) = req.job {
            if output.format != Format::Table && output.format != Format::Html {
                anyhow::bail!(
                    "kvu site writes html pages, expected no --format (or --format html) and no --excel"
                );
            }
            let Some(folder) = output.target.as_deref().filter(|o| *o != "-") else {
                anyhow::bail!("kvu site writes a folder of pages, expected --output DIR");
            };
            return Ok(Target::Folder(sink::Folder::open(folder, &inputs)?));
        }
        if let Some(file) = &output.target {
            sink::check_target(file, &inputs)?;
        }
        Ok(Target::Sink(Sink::open(output.target.as_deref())?))
    }
}

/// What the loader gave, by what the job needs.
enum Data {
    /// `kvu config`: nothing is read.
    Nothing,
    /// `kvu units`: the staff export and the unit tree.
    Staff(Box<Exports>),
    /// `kvu validate`: what could be read, and every problem found.
    Checked(Box<Loaded>, Diagnostics),
    /// Every other job: the plans, the exports and the files beside them.
    Inputs(Box<Inputs>),
}

/// The inputs of a job that runs on the model.
struct Inputs {
    plan: Plan,
    /// `kvu diff`'s old plan.
    old_plan: Option<Plan>,
    exports: Exports,
    extras: Extras,
    /// `kvu record`: each input's rows as read, taken before binding lets the rows go.
    recorded: Option<std::sync::Arc<Vec<(kvu::history::Kind, kvu::history::Captured)>>>,
    /// `diff --since`: the recording's inputs.
    since: Option<Since>,
}

/// A recording's plan and exports (`diff --since`).
struct Since {
    plan: Plan,
    exports: Exports,
}

/// What binding the plan to the exports takes over (the loader's bindings of the staff and the
/// exemptions; with one plan, the completions already bound, the rows as read let go).
struct Bindings {
    staff: StaffBinding,
    exemptions: Option<Exemptions>,
    completions: Option<Completions>,
}

impl Data {
    fn exports(&self) -> Option<&Exports> {
        match self {
            Data::Nothing => None,
            Data::Staff(exports) => Some(exports),
            Data::Checked(loaded, _) => Some(&loaded.exports),
            Data::Inputs(inputs) => Some(&inputs.exports),
        }
    }
}

/// Loads what the job reads with the one loader: an ordinary load stops at the first error; `validate`'s
/// collects every problem instead.
fn load(req: &Request, diag: &mut Diagnostics) -> anyhow::Result<(Data, Option<Bindings>)> {
    match req.job {
        // What the options are and where they came from: nothing is read.
        Job::Config => return Ok((Data::Nothing, None)),
        // Only the staff export and the unit tree: no plan or completion export is demanded.
        Job::Units => {
            let exports = inputs::load_staff(&req.inputs, diag)?;
            return Ok((Data::Staff(Box::new(exports)), None));
        }
        Job::Validate => {
            let mut all = Diagnostics::collecting(req.strict);
            let loaded = inputs::load(&req.inputs, false, &mut all)?;
            return Ok((Data::Checked(Box::new(loaded), all), None));
        }
        _ => {}
    }
    let mut loaded = inputs::load(&req.inputs, true, diag)?;
    if let Some(store) = &req.history {
        loaded = with_history(req, store, &loaded)?;
    }
    let since = match &req.job {
        Job::Diff(d) => d.since.as_ref().map(|s| recording(req, s)).transpose()?,
        _ => None,
    };
    let Loaded {
        plan,
        old_plan,
        mut exports,
        staff_binding,
        exemptions,
        sessions,
        key,
        read_options,
        ..
    } = loaded;
    let recorded = matches!(req.job, Job::Record(_)).then(|| {
        let exemptions = req.inputs.paths.exemptions.is_some();
        kvu::history::capture::rows(&exports, &read_options.columns, exemptions).into()
    });
    let (Some(plan), Some(staff)) = (plan, staff_binding) else {
        anyhow::bail!("internal error: the inputs were not all read");
    };
    let completions = old_plan
        .is_none()
        .then(|| take_completions(&plan, &mut exports));
    let inputs = Inputs {
        plan,
        old_plan,
        exports,
        extras: Extras { sessions, key },
        recorded,
        since,
    };
    let bindings = Bindings {
        staff,
        exemptions,
        completions,
    };
    Ok((Data::Inputs(Box::new(inputs)), Some(bindings)))
}

/// `report --history`: today's inputs loaded again with every recording's completions and leavers
/// added ([`kvu::history::merge`]). What today's files say was said by the first load; the second's
/// warnings (roles today's plan lacks in a leaver's row, ...) are not repeated.
fn with_history(req: &Request, store: &str, today: &Loaded) -> anyhow::Result<Loaded> {
    if req
        .inputs
        .paths
        .plan
        .as_ref()
        .is_some_and(|p| p.given == "-")
    {
        anyhow::bail!(
            "report --history reads the plan twice, expected --plan FILE, not - (standard input)"
        );
    }
    let exemptions = req.inputs.paths.exemptions.is_some();
    let rows = kvu::history::capture::rows(&today.exports, &today.read_options.columns, exemptions)
        .into_iter()
        .map(|(kind, captured)| (kind, captured.to_rows()))
        .collect();
    let rows = kvu::history::merge::with_history(store, rows)?;
    let mut quiet = Diagnostics::new(false);
    let mut loaded = inputs::load_rows(&req.inputs, store, &rows, &mut quiet)?;
    loaded.exports.leavers_from = Some(today.exports.staff.rows.len());
    Ok(loaded)
}

/// `diff --since`: the recording's inputs, loaded as `--recording` loads them (its plan too), its
/// warnings not printed (they were the recording run's).
fn recording(req: &Request, (store, date): &(String, jiff::civil::Date)) -> anyhow::Result<Since> {
    let mut options = req.inputs.clone();
    options.recording = Some((store.clone(), *date));
    (
        options.paths.old_plan,
        options.paths.sessions,
        options.paths.key,
    ) = (None, None, None);
    let loaded = inputs::load(&options, true, &mut Diagnostics::new(false))?;
    let Some(plan) = loaded.plan else {
        anyhow::bail!("internal error: the recording's plan was not read");
    };
    Ok(Since {
        plan,
        exports: loaded.exports,
    })
}

/// The model of the plan over the exports, and (`kvu diff`) the old plan's.
struct Models<'a> {
    model: Model<'a>,
    old: Option<Model<'a>>,
}

fn bind<'a>(inputs: &'a Inputs, bindings: Bindings) -> anyhow::Result<Models<'a>> {
    let (plan, exports) = (&inputs.plan, &inputs.exports);
    let exemptions = bindings.exemptions.unwrap_or_default();
    let model = match bindings.completions {
        Some(c) => Model::with_completions(plan, exports, bindings.staff, exemptions, c),
        None => Model::new(plan, exports, bindings.staff, exemptions),
    };
    // The old plan's view of the exports; what it says of them (an exemption for a course it lacks)
    // is not the new plan's problem, so its warnings are not printed.
    let old = match (&inputs.old_plan, &inputs.since) {
        (Some(old), _) => Some(Model::bind(old, exports, &mut Diagnostics::new(false))?),
        (None, Some(since)) => Some(Model::bind(
            &since.plan,
            &since.exports,
            &mut Diagnostics::new(false),
        )?),
        (None, None) => None,
    };
    Ok(Models { model, old })
}

/// What a job runs on.
fn context<'a>(req: &Request, models: &'a Models<'a>, extras: &'a Extras) -> Context<'a> {
    Context {
        model: &models.model,
        old_model: models.old.as_ref(),
        since: match &req.job {
            Job::Diff(d) => d.since.as_ref().map(|s| s.1),
            _ => None,
        },
        as_of: req.as_of(),
        extras,
    }
}

/// Runs the job on what was loaded.
fn job<'a>(
    req: &Request,
    settings: &[layers::Setting],
    data: &'a Data,
    ctx: Option<&Context<'a>>,
) -> anyhow::Result<Done<'a>> {
    match (&req.job, data, ctx) {
        (Job::Config, _, _) => {
            commands::config::run(settings, req.as_of(), req.output.format.name())
        }
        (Job::Units, Data::Staff(exports), _) => commands::units::run(exports),
        (Job::Validate, Data::Checked(loaded, all), _) => {
            let (lines, outcome) = commands::validate::report(loaded, all);
            let mut done = Done::new(Body::Lines(lines));
            done.outcome = outcome;
            Ok(done)
        }
        (job, _, Some(ctx)) => commands::run(ctx, job),
        _ => anyhow::bail!("internal error: this command has no model to run on"),
    }
}

/// Writes a job's output into the sink, a `--output` file whole or not at all. A closed pipe on
/// standard output (`kvu gaps | head -1`) ends the output quietly: the run's outcome, found before
/// anything was written, still sets the exit code.
fn write(mut sink: Sink, req: &Request, body: &Body<'_>, meta: &Meta) -> anyhow::Result<()> {
    let to_stdout = matches!(sink, Sink::Stdout(_));
    let (format, render_options) = (req.output.format, &req.output.render);
    match render(&mut sink, body, format, render_options, meta).and_then(|()| sink.finish()) {
        Err(e) if to_stdout && is_broken_pipe(&e) => Ok(()),
        result => result,
    }
}

/// The fan-out into a folder: `--split unit` (each unit's run of the job into its file, and
/// `index.csv`) or `kvu site` (every page). The folder is swapped in only when all are written.
fn fan_out(
    req: &Request,
    ctx: &Context,
    data: &Data,
    folder: sink::Folder,
) -> anyhow::Result<Outcome> {
    let outcome = match &req.job {
        Job::Site(args) => {
            let lang = req.output.render.lang;
            let footer = html::footer(&meta(req, &req.job, data), lang);
            kvu::site::build(ctx, args, &folder, req.output.quiet, &footer, lang)?;
            Outcome::Success
        }
        _ => split(req, ctx, data, &folder)?,
    };
    folder.finish()?;
    Ok(outcome)
}

/// `--split unit`: each unit's run of the job into its file ([`kvu::split::each_unit`]); the index in
/// the units' order.
fn split(
    req: &Request,
    ctx: &Context,
    data: &Data,
    folder: &sink::Folder,
) -> anyhow::Result<Outcome> {
    commands::has_staff(ctx.model)?;
    let output = &req.output;
    let depth = output.split.and_then(|s| s.depth);
    let units = kvu::split::units(ctx.model, &req.job, depth)?;
    let by = output.split.map(|s| s.names).unwrap_or_default();
    let names = kvu::split::file_names_by(&units, output.format.extension(), by);
    let mut index = csv::Writer::from_writer(folder.create("index.csv")?);
    index.write_record(kvu::output::sink::INDEX_HEADER.split(','))?;
    let bar = kvu::output::progress::bar(units.len(), output.quiet, "files");
    let ids: Vec<&str> = units.iter().map(|u| u.id.as_str()).collect();
    let runs = kvu::split::each_unit(&req.job, &ids, |u, job| {
        // What a unit's run would warn of was said once, by the load.
        let done = commands::run(ctx, &job)?;
        let rows = done.body.rows(output.format);
        let meta = meta(req, &job, data);
        let mut file = folder.create(&names[u])?;
        render(&mut file, &done.body, output.format, &output.render, &meta)?;
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
    Ok(outcome)
}

/// What the run was, for the xlsx `kvu` sheet and the html page's title.
fn meta(req: &Request, job: &Job, data: &Data) -> Meta {
    let lang = req.output.render.lang;
    let (what, scope) = commands::heading(job, req.as_of());
    let (what, scope) = (Note::What(what).say(lang), Note::Whole(scope).say(lang));
    let plan = match data {
        Data::Inputs(inputs) => inputs.plan.name.clone(),
        _ => String::new(),
    };
    let mut inputs = Vec::new();
    if let Some(exports) = data.exports() {
        let paths = &req.inputs.paths;
        // On a recording the inputs are the recording's (`history.sqlite@2026-06-30:staff`).
        let recorded = req.inputs.recording.is_some();
        let mut add = |option: &str, path: &Option<InputPath>, read: Option<&str>, rows| {
            let shown = match (path, read) {
                (_, Some(read)) if recorded => file_name_only(read),
                // A workbook's sheet keeps its name after the workbook's file name.
                (Some(path), _) => match &path.workbook {
                    Some((file, Some(sheet))) => format!("{}#{sheet}", file_name_only(file)),
                    _ => file_name_only(path),
                },
                (None, _) => return,
            };
            inputs.push((option.to_string(), shown, rows));
        };
        let units_read = req
            .inputs
            .recording
            .as_ref()
            .filter(|_| exports.units.is_some())
            .map(|(store, date)| {
                kvu::history::source::input_name(store, *date, kvu::history::Kind::Units.name())
            });
        let plan_read = match data {
            Data::Inputs(inputs) => Some(inputs.plan.path.as_str()),
            _ => None,
        };
        add("--plan", &paths.plan, plan_read, None);
        add(
            "--staff",
            &paths.staff,
            Some(&exports.staff.path.path),
            Some(exports.staff.rows_read),
        );
        add(
            "--completions",
            &paths.completions,
            Some(&exports.completions.path.path),
            Some(exports.completions.rows_read),
        );
        add(
            "--units",
            &paths.units,
            units_read.as_deref(),
            exports.units.as_ref().map(|u| u.rows_read),
        );
        add(
            "--exemptions",
            &paths.exemptions,
            Some(&exports.exemptions.path.path),
            Some(exports.exemptions.rows_read),
        );
    }
    Meta {
        command_line: command_line(),
        what,
        scope,
        plan,
        as_of: Some(req.as_of()),
        inputs,
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
