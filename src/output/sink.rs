//! Where output goes: standard output, or a `--output` file written whole or not at all.
//!
//! A file is written to a fresh temporary file beside it (created exclusively with a random name, never
//! through a symbolic link: the `tempfile` crate), which takes the permissions of the file it replaces
//! and is renamed over it only when the whole output is written. A run that fails, or a sink that is
//! dropped unfinished, removes the temporary file and leaves an existing file as it was; so does an
//! interrupt (Ctrl-C, SIGTERM, SIGHUP: [`remove_temp_on_signals`]). A new file gets the mode any new
//! file gets (0666 less the umask).
//!
//! Before anything is read, [`check_target`] refuses an `--output` that is one of the inputs (by name,
//! through a symbolic link, as a hard link, or as the file behind standard input: the same file) or
//! that is no place for a file (a folder, a FIFO, a device, a socket), so that an input is never
//! overwritten and nothing hangs.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use anyhow::{Context, Result};
use tempfile::NamedTempFile;

use crate::error::Error;
use crate::load::path::InputPath;

/// An output file or folder that cannot be written: `path: message`.
fn output(path: impl std::fmt::Display, message: impl Into<String>) -> anyhow::Error {
    Error::Output {
        path: path.to_string(),
        message: message.into(),
    }
    .into()
}

/// Checks `--output` before anything is read or written: it must not be one of the `inputs` (each an
/// option and the path it names; `-` is standard input, which counts when it is a regular file:
/// `--staff - < staff.csv`) and must be a regular file or none yet. Nothing is opened: only the file's
/// type and identity are looked at.
pub fn check_target(path: &str, inputs: &[(&str, &InputPath)]) -> Result<()> {
    if path == "-" {
        return Ok(());
    }
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        // A new file (or a dangling link, which the rename replaces): nothing to compare.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(output(path, format!("cannot check the output file: {e}"))),
    };
    if let Some(what) = not_a_file(&meta) {
        return Err(output(
            path,
            format!(
                "--output is {what}, expected a regular file (without --output kvu writes to standard output)"
            ),
        ));
    }
    if let Some(option) = stdin_option(inputs)
        && is_stdin(&meta)
    {
        return Err(output(
            path,
            format!(
                "--output is one of the inputs ({option} -, standard input), expected a file that kvu does not read"
            ),
        ));
    }
    for &(option, input) in inputs.iter().filter(|(_, p)| p.given != "-") {
        // A workbook's sheet (`staff.xlsx#Personal`) is in the workbook's file.
        if same_file(path, &meta, input.file()) {
            let named = if input.given == path {
                option.to_string()
            } else {
                format!("{option} {}", input.given)
            };
            return Err(output(
                path,
                format!(
                    "--output is one of the inputs ({named}), expected a file that kvu does not read"
                ),
            ));
        }
    }
    Ok(())
}

/// What a path is when it is no regular file.
fn not_a_file(meta: &std::fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (a named pipe)");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// The option that reads standard input (`--staff -`), if one does.
fn stdin_option<'a>(inputs: &[(&'a str, &InputPath)]) -> Option<&'a str> {
    inputs
        .iter()
        .find(|(_, p)| p.given == "-")
        .map(|(option, _)| *option)
}

/// The device and inode of the file behind standard input when it is a regular file (`< staff.csv`);
/// a pipe, a terminal or a closed standard input gives `None`. It is an input like the others: no
/// output may replace it.
#[cfg(unix)]
fn stdin_file() -> Option<(u64, u64)> {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
    let meta = File::from(fd).metadata().ok()?;
    meta.is_file().then(|| (meta.dev(), meta.ino()))
}

/// Whether `meta` is the file behind standard input.
#[cfg(unix)]
fn is_stdin(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    stdin_file() == Some((meta.dev(), meta.ino()))
}

/// Whether the folder, or a folder in it, holds the file behind standard input (links not followed:
/// replacing the folder removes only what is in it).
#[cfg(unix)]
fn holds_stdin(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Some(stdin) = stdin_file() else {
        return false;
    };
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
                continue;
            };
            if meta.is_dir() {
                folders.push(entry.path());
            } else if meta.is_file() && (meta.dev(), meta.ino()) == stdin {
                return true;
            }
        }
    }
    false
}

#[cfg(not(unix))]
fn holds_stdin(_dir: &Path) -> bool {
    false
}

/// Elsewhere, the file behind standard input is not known.
#[cfg(not(unix))]
fn is_stdin(_meta: &std::fs::Metadata) -> bool {
    false
}

/// Whether `input` is the file `output` (whose metadata, links followed, is `meta`).
#[cfg(unix)]
fn same_file(_output: &str, meta: &std::fs::Metadata, input: &str) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(input).is_ok_and(|m| m.dev() == meta.dev() && m.ino() == meta.ino())
}

/// Whether `input` is the file `output`: the same canonical path (a hard link is not seen here).
#[cfg(not(unix))]
fn same_file(output: &str, _meta: &std::fs::Metadata, input: &str) -> bool {
    match (std::fs::canonicalize(output), std::fs::canonicalize(input)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Standard output or an atomically written file.
pub enum Sink {
    Stdout(BufWriter<io::StdoutLock<'static>>),
    File {
        writer: BufWriter<NamedTempFile>,
        dest: PathBuf,
        /// Forgets the temporary file's path when the sink is finished or dropped.
        _registered: Registered,
    },
}

/// The temporary file or folder being written, for the interrupt handler to remove.
struct Temp {
    path: PathBuf,
    folder: bool,
}

impl Temp {
    /// Removes the file, or the folder and everything in it. Nothing new can appear in a registered
    /// folder while the lock is held (see [`Folder::create`]); a second pass is only for safety.
    fn remove(&self) {
        if !self.folder {
            let _ = std::fs::remove_file(&self.path);
            return;
        }
        for _ in 0..3 {
            match std::fs::remove_dir_all(&self.path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => continue,
                _ => return,
            }
        }
    }
}

/// The one temporary file or folder being written, if any. Whoever holds the lock decides: a file or
/// folder is made and registered under it, pages are created in a folder under it, the final rename
/// and swap happen under it, and the interrupt handler takes it for good before it removes what is
/// registered, so nothing is made, created in or renamed into place after an interrupt.
static CURRENT_TEMP: Mutex<Option<Temp>> = Mutex::new(None);

fn current_temp() -> MutexGuard<'static, Option<Temp>> {
    CURRENT_TEMP.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Whether `current` is the temporary file or folder at `path`.
fn is_current(current: &Option<Temp>, path: &Path) -> bool {
    current.as_ref().is_some_and(|t| t.path == path)
}

/// Forgets the registered temporary file when dropped (the `NamedTempFile` itself removes the file).
pub struct Registered(PathBuf);

impl Drop for Registered {
    fn drop(&mut self) {
        let mut current = current_temp();
        if is_current(&current, &self.0) {
            *current = None;
        }
    }
}

/// Makes Ctrl-C (SIGINT), SIGTERM and SIGHUP remove the temporary output file or folder being
/// written, if any, and end the run with exit code 128 + the signal (130, 143, 129), as a shell
/// reports a run the signal ended. A thread waits for the signals (the `signal-hook` crate), so no
/// code runs inside a signal handler; this returns only once the signals are caught, so that no
/// temporary file or folder can exist before. A second signal during the clean-up waits for it. If
/// the thread cannot be started the signals keep their default action.
#[cfg(unix)]
pub fn remove_temp_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let (ready, caught) = std::sync::mpsc::sync_channel(1);
    let waiter = std::thread::Builder::new()
        .name("kvu-signals".to_string())
        .spawn(move || {
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                let _ = ready.send(());
                return;
            };
            let _ = ready.send(());
            if let Some(signal) = signals.forever().next() {
                // Held until the exit: no temporary file or folder is made, written into or renamed
                // into place after this.
                let current = current_temp();
                if let Some(temp) = current.as_ref() {
                    temp.remove();
                }
                std::process::exit(128 + signal);
            }
        });
    if waiter.is_ok() {
        let _ = caught.recv();
    }
}

impl Sink {
    /// Standard output for `None` (or `-`), else a file.
    pub fn open(path: Option<&str>) -> Result<Sink> {
        let Some(path) = path.filter(|p| *p != "-") else {
            return Ok(Sink::Stdout(BufWriter::with_capacity(
                1 << 16,
                io::stdout().lock(),
            )));
        };
        check_target(path, &[])?;
        let dest = PathBuf::from(path);
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = dest
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.is_empty() {
            return Err(output(path, "not a file name, expected --output FILE"));
        }
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".kvu-tmp");
        #[cfg(unix)]
        if std::fs::symlink_metadata(&dest).is_err() {
            // A new file gets the mode any new file gets (0666 less the umask), not the temporary
            // file's 0600; a file replaced keeps its own mode (see `finish`).
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        // Made and registered under the lock, so that an interrupt sees the file as soon as it exists.
        let mut current = current_temp();
        let temp = builder
            .tempfile_in(&dir)
            .with_context(|| format!("{path}: cannot write the output"))?;
        let path = temp.path().to_path_buf();
        *current = Some(Temp {
            path: path.clone(),
            folder: false,
        });
        drop(current);
        Ok(Sink::File {
            writer: BufWriter::with_capacity(1 << 16, temp),
            dest,
            _registered: Registered(path),
        })
    }

    /// Flushes, and for a file renames it into place (keeping the permissions of a file it replaces).
    pub fn finish(self) -> Result<()> {
        match self {
            Sink::Stdout(mut w) => w.flush().map_err(anyhow::Error::from),
            Sink::File { writer, dest, .. } => {
                let temp = writer.into_inner().map_err(|e| e.into_error())?;
                keep_permissions(temp.as_file(), &dest)?;
                temp.as_file().sync_all()?;
                // Renamed under the lock: an interrupt now finds either the temporary file or none.
                let mut current = current_temp();
                let path = temp.path().to_path_buf();
                // A failed rename drops (so removes) the temporary file.
                let persisted = temp.persist(&dest).map(drop).map_err(|e| e.error);
                if is_current(&current, &path) {
                    *current = None;
                }
                drop(current);
                persisted.with_context(|| format!("{}: cannot write the output", dest.display()))
            }
        }
    }
}

/// Gives the new file the permissions of the one it replaces, if there is one.
fn keep_permissions(file: &File, dest: &Path) -> io::Result<()> {
    match std::fs::metadata(dest) {
        Ok(meta) => file.set_permissions(meta.permissions()),
        Err(_) => Ok(()),
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::File { writer, .. } => writer.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.write_all(buf),
            Sink::File { writer, .. } => writer.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File { writer, .. } => writer.flush(),
        }
    }
}

/// The first line of the `index.csv` that marks a folder as kvu's (`--split`, `kvu site`).
pub const INDEX_HEADER: &str = "unit,name,parent,email,file,rows";

/// A folder of files (`--split`, `kvu site`) written whole or not at all: built as a fresh temporary
/// folder beside the target (random name, made exclusively) and swapped in by renames only when every
/// file is written. An existing target is replaced only when it is empty or holds kvu's `index.csv`;
/// it keeps its permissions. An error, a drop unfinished or an interrupt removes the temporary folder.
pub struct Folder {
    /// The temporary folder, registered for the interrupt handler, until it is swapped in.
    temp: Option<PathBuf>,
    dest: PathBuf,
}

impl Drop for Folder {
    /// An unfinished folder is removed, under the lock (so never at the same time as an interrupt
    /// removes it) and forgotten.
    fn drop(&mut self) {
        let Some(path) = self.temp.take() else {
            return;
        };
        let mut current = current_temp();
        if is_current(&current, &path)
            && let Some(temp) = current.take()
        {
            temp.remove();
        }
    }
}

/// Checks a folder target before anything is read: no input lies in it (a swap would remove it), and
/// an existing one is a real folder (no link) that is empty or kvu's.
pub fn check_folder(path: &str, inputs: &[(&str, &InputPath)]) -> Result<()> {
    if path == "-" || path.is_empty() {
        return Err(Error::Usage(format!(
            "--output `{path}` is no folder, expected --output DIR for a folder of files"
        ))
        .into());
    }
    let dest = Path::new(path);
    match std::fs::symlink_metadata(dest) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(output(path, format!("cannot check the output folder: {e}"))),
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(output(
                path,
                "--output is a symbolic link, expected a folder kvu can replace (or a new name)",
            ));
        }
        Ok(meta) if !meta.is_dir() => {
            return Err(output(
                path,
                "--output is a file, expected a folder (or a new name) for a folder of files",
            ));
        }
        Ok(_) => {
            if !is_replaceable(dest)? {
                return Err(output(
                    path,
                    "--output is a folder that is not empty and holds no kvu index.csv, expected an empty folder, one kvu wrote, or a new name (nothing in it was changed)",
                ));
            }
            let inside = std::fs::canonicalize(dest)
                .with_context(|| format!("{path}: cannot check the output folder"))?;
            for &(option, input) in inputs.iter().filter(|(_, p)| p.given != "-") {
                // A workbook's sheet (`staff.xlsx#Personal`) is in the workbook's file.
                let file = input.file();
                if std::fs::canonicalize(file).is_ok_and(|i| i.starts_with(&inside)) {
                    return Err(output(
                        path,
                        format!(
                            "--output holds an input ({option} {}) that replacing the folder would remove, expected a folder without kvu's inputs",
                            input.given
                        ),
                    ));
                }
            }
            if let Some(option) = stdin_option(inputs)
                && holds_stdin(dest)
            {
                return Err(output(
                    path,
                    format!(
                        "--output holds an input ({option} -, standard input) that replacing the folder would remove, expected a folder without kvu's inputs"
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Whether an existing folder is empty or kvu's: its `index.csv` starts with kvu's header.
fn is_replaceable(dir: &Path) -> Result<bool> {
    let mut entries = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot read the output folder", dir.display()))?;
    if entries.next().is_none() {
        return Ok(true);
    }
    let index = dir.join("index.csv");
    let Ok(meta) = std::fs::symlink_metadata(&index) else {
        return Ok(false);
    };
    if !meta.is_file() {
        return Ok(false);
    }
    let mut head = [0u8; 64];
    let n = io::Read::read(&mut File::open(&index)?, &mut head)?;
    let head = String::from_utf8_lossy(&head[..n]);
    let head = head.trim_start_matches('\u{feff}');
    Ok(head.starts_with(INDEX_HEADER))
}

impl Folder {
    /// Makes the temporary folder beside `path` (checked with [`check_folder`] first).
    pub fn open(path: &str, inputs: &[(&str, &InputPath)]) -> Result<Folder> {
        check_folder(path, inputs)?;
        let dest = PathBuf::from(path.trim_end_matches('/'));
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = dest
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.is_empty() || name == ".." || name == "." {
            return Err(output(path, "not a folder name, expected --output DIR"));
        }
        // Made and registered under the lock: an interrupt finds the folder as soon as it exists.
        let mut current = current_temp();
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".kvu-tmp")
            .tempdir_in(&dir)
            .with_context(|| format!("{path}: cannot write the output folder"))?
            .keep();
        *current = Some(Temp {
            path: temp.clone(),
            folder: true,
        });
        Ok(Folder {
            temp: Some(temp),
            dest,
        })
    }

    /// A new file in the folder, by a name kvu made (never an input's, never `..`). Created under the
    /// lock, so that no file appears in the folder once an interrupt has begun to remove it (the thread
    /// that asks waits until the run ends); what is written into an open file after that goes with the
    /// folder.
    pub fn create(&self, name: &str) -> Result<BufWriter<File>> {
        let Some(dir) = self.temp.as_deref() else {
            return Err(Error::Internal("the output folder is finished".to_string()).into());
        };
        let path = dir.join(name);
        let current = current_temp();
        if !is_current(&current, dir) {
            return Err(Error::Internal("the output folder is gone".to_string()).into());
        }
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("{}: cannot write", self.dest.join(name).display()))?;
        drop(current);
        Ok(BufWriter::with_capacity(1 << 16, file))
    }

    /// Swaps the finished folder in: the old one (empty or kvu's) is moved aside, the new one renamed
    /// into its place, the old one removed, all under the lock, so that an interrupt finds either the
    /// temporary folder with the old one in place or the new one in place and nothing aside. A failed
    /// rename puts the old one back.
    pub fn finish(mut self) -> Result<()> {
        let Some(new) = self.temp.clone() else {
            return Ok(());
        };
        let dest = self.dest.clone();
        let shown = dest.display().to_string();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&dest)
                .map(|m| m.permissions().mode())
                .unwrap_or(0o755);
            std::fs::set_permissions(&new, std::fs::Permissions::from_mode(mode))?;
        }
        let mut current = current_temp();
        let old = dest.exists().then(|| {
            let mut aside = new.clone().into_os_string();
            aside.push(".old");
            PathBuf::from(aside)
        });
        if let Some(old) = &old
            && let Err(e) = std::fs::rename(&dest, old)
        {
            drop(current);
            // Dropping `self` removes the temporary folder.
            return Err(e).with_context(|| format!("{shown}: cannot replace the output folder"));
        }
        if let Err(e) = std::fs::rename(&new, &dest) {
            if let Some(old) = &old {
                let _ = std::fs::rename(old, &dest);
            }
            drop(current);
            return Err(e).with_context(|| format!("{shown}: cannot write the output folder"));
        }
        self.temp = None;
        *current = None;
        let removed = old.map_or(Ok(()), |old| {
            std::fs::remove_dir_all(&old)
                .with_context(|| format!("{}: cannot remove the old folder", old.display()))
        });
        drop(current);
        removed
    }
}
