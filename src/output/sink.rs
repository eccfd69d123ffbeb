//! Where output goes: standard output, or a `--output` file written whole or not at all.
//!
//! A file is written to a fresh temporary file beside it (created exclusively with a random name, never
//! through a symbolic link: the `tempfile` crate), which takes the permissions of the file it replaces
//! and is renamed over it only when the whole output is written. A run that fails, or a sink that is
//! dropped unfinished, removes the temporary file and leaves an existing file as it was.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use tempfile::NamedTempFile;

/// Standard output or an atomically written file.
pub enum Sink {
    Stdout(BufWriter<io::StdoutLock<'static>>),
    File {
        writer: BufWriter<NamedTempFile>,
        dest: PathBuf,
    },
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
            bail!("{path}: not a file name, expected --output FILE");
        }
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".kvu-tmp")
            .tempfile_in(&dir)
            .with_context(|| format!("{path}: cannot write the output"))?;
        Ok(Sink::File {
            writer: BufWriter::with_capacity(1 << 16, temp),
            dest,
        })
    }

    /// Flushes, and for a file renames it into place (keeping the permissions of a file it replaces).
    pub fn finish(self) -> Result<()> {
        match self {
            Sink::Stdout(mut w) => w.flush().map_err(anyhow::Error::from),
            Sink::File { writer, dest } => {
                let temp = writer.into_inner().map_err(|e| e.into_error())?;
                keep_permissions(temp.as_file(), &dest)?;
                temp.as_file().sync_all()?;
                temp.persist(&dest)
                    .map_err(|e| e.error)
                    .with_context(|| format!("{}: cannot write the output", dest.display()))?;
                Ok(())
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
