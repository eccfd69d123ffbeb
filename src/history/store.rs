//! The store's one door to SQLite (rusqlite, SQLite bundled): opening with every check first, one
//! transaction per change, and the reads that give recordings back. Nothing outside this file writes
//! SQL, so a server database could stand behind the same calls.
//!
//! Safety, in the order it happens:
//! - A file that is there is checked before SQLite may write anything: its first 16 bytes must be
//!   SQLite's header, and, opened `immutable` (no lock, no journal), it must have kvu's `kvu_store`
//!   table and a `user_version` this kvu knows. Else it is refused and left as it was.
//! - A new store is made whole in a temporary file beside it and linked into place only if no file
//!   has appeared there meanwhile.
//! - Writes run in one `BEGIN IMMEDIATE` transaction with a rollback journal (`journal_mode=DELETE`):
//!   a second writer waits (60 s) for the lock, an error rolls back, and a killed process leaves a hot
//!   journal that SQLite rolls back at the next open, so the store is as it was. `secure_delete` is
//!   on, so deleted rows are overwritten with zeros, and forgetting ends with `VACUUM`.
//! - A row that another recording holds already is not stored again: each distinct row once, and per
//!   recording the runs of consecutive row ids in file order (`row_runs`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use jiff::civil::Date;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};

use crate::fasthash::FastHash;

use super::{Figure, Forgotten, InputFile, Inputs, Kind, Listed, Recorded, Recording, Rows};

/// A distinct row of an input, as [`Store::held_rows`] gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldRow {
    /// The latest recording (with its inputs kept) that holds the row.
    pub as_of: Date,
    /// The row's place among that recording's rows of the input, from 1.
    pub place: u64,
    /// The values, in [`Kind::columns`] order.
    pub values: Vec<String>,
}

/// The schema this kvu writes, in `PRAGMA user_version`.
pub const VERSION: u32 = 1;

/// The statements that bring a store of version `i + 1` to `i + 2`, run in the writing transaction.
/// Version 1 is the first, so there are none yet.
const MIGRATIONS: &[&str] = &[];

/// How long a writer waits for another to finish.
const WAIT: Duration = Duration::from_secs(60);

/// The header of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The version the store had before this kvu brought it up to date, if it was older.
    pub migrated_from: Option<u32>,
}

/// The table that holds an input's distinct rows.
fn table(kind: Kind) -> &'static str {
    match kind {
        Kind::Staff => "staff_rows",
        Kind::Completions => "completion_rows",
        Kind::Exemptions => "exemption_rows",
        Kind::Units => "unit_rows",
    }
}

/// The schema of version 1: tables, then the views people query.
fn schema() -> String {
    let mut sql = String::from(
        "CREATE TABLE kvu_store (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO kvu_store VALUES ('format', 'kvu history store');
CREATE TABLE recordings (
  id INTEGER PRIMARY KEY,
  as_of TEXT NOT NULL UNIQUE,
  recorded_at TEXT NOT NULL,
  kvu_version TEXT NOT NULL,
  plan_sha256 TEXT NOT NULL,
  inputs_sha256 TEXT NOT NULL,
  staff_rows INTEGER NOT NULL,
  completion_rows INTEGER NOT NULL,
  units INTEGER NOT NULL,
  inputs TEXT NOT NULL CHECK (inputs IN ('kept', 'forgotten')),
  plan_text TEXT NOT NULL
);
CREATE TABLE input_files (
  recording_id INTEGER NOT NULL,
  input TEXT NOT NULL,
  file_name TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  data_rows INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  header TEXT NOT NULL,
  PRIMARY KEY (recording_id, input)
) WITHOUT ROWID;
CREATE TABLE texts (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE row_runs (
  recording_id INTEGER NOT NULL,
  input TEXT NOT NULL,
  seq INTEGER NOT NULL,
  first_row INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (recording_id, input, seq)
) WITHOUT ROWID;
CREATE TABLE figure_rows (
  recording_id INTEGER NOT NULL,
  unit INTEGER NOT NULL REFERENCES texts(id),
  course INTEGER NOT NULL REFERENCES texts(id),
  required INTEGER NOT NULL, met INTEGER NOT NULL, exempt INTEGER NOT NULL,
  overdue INTEGER NOT NULL, due INTEGER NOT NULL, expired INTEGER NOT NULL,
  PRIMARY KEY (recording_id, unit, course)
) WITHOUT ROWID;
CREATE VIEW figures AS
  SELECT r.as_of, u.text AS unit, c.text AS course,
         f.required, f.met, f.exempt, f.overdue, f.due, f.expired
  FROM figure_rows f JOIN recordings r ON r.id = f.recording_id
  JOIN texts u ON u.id = f.unit JOIN texts c ON c.id = f.course;
",
    );
    for kind in Kind::ALL {
        let columns = kind.columns();
        let defs: Vec<String> = columns
            .iter()
            .map(|c| format!("{c} INTEGER NOT NULL REFERENCES texts(id)"))
            .collect();
        sql.push_str(&format!(
            "CREATE TABLE {} (id INTEGER PRIMARY KEY, {});\n",
            table(kind),
            defs.join(", ")
        ));
        // A recording's rows: each run of row ids expanded, in file order (`position`).
        let picks: Vec<String> = columns
            .iter()
            .map(|c| format!("(SELECT text FROM texts WHERE id = t.{c}) AS {c}"))
            .collect();
        sql.push_str(&format!(
            "CREATE VIEW {view} AS
  WITH RECURSIVE member(recording_id, seq, row_id, last, position) AS (
    SELECT recording_id, seq, first_row, first_row + count - 1,
           (SELECT COALESCE(SUM(b.count), 0) FROM row_runs b
            WHERE b.recording_id = a.recording_id AND b.input = a.input AND b.seq < a.seq)
    FROM row_runs a WHERE input = '{view}'
    UNION ALL
    SELECT recording_id, seq, row_id + 1, last, position + 1 FROM member WHERE row_id < last)
  SELECT r.as_of, m.position + 1 AS position, {picks}
  FROM member m JOIN recordings r ON r.id = m.recording_id JOIN {table} t ON t.id = m.row_id;\n",
            view = kind.name(),
            table = table(kind),
            picks = picks.join(", ")
        ));
    }
    sql
}

/// The file as an SQLite URI, opened immutable: read without a lock or a journal.
fn immutable_uri(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut uri = String::from("file:");
    for c in text.chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// Checks a file that is there without changing it: an SQLite database with kvu's tables, of a
/// version this kvu knows. Gives its version.
fn check(path: &Path) -> Result<u32> {
    let shown = path.display();
    let meta =
        std::fs::metadata(path).with_context(|| format!("{shown}: cannot read the store"))?;
    if meta.is_dir() {
        bail!("{shown}: is a folder, expected a kvu history store (an SQLite file)");
    }
    let mut head = [0u8; 16];
    let got = {
        use std::io::Read;
        let mut file =
            std::fs::File::open(path).with_context(|| format!("{shown}: cannot read the store"))?;
        let mut got = 0;
        while got < 16 {
            match file.read(&mut head[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) => return Err(anyhow!("{shown}: cannot read the store: {e}")),
            }
        }
        got
    };
    let not_ours = "it was left unchanged";
    if got < 16 || &head != SQLITE_HEADER {
        bail!(
            "{shown}: is not a kvu history store (not an SQLite database), expected a file `kvu record` made; {not_ours}"
        );
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(immutable_uri(path), flags)
        .map_err(|e| anyhow!("{shown}: cannot open the store: {e}"))?;
    let ours: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'kvu_store'",
            [],
            |r| r.get(0),
        )
        .map_err(|e| anyhow!("{shown}: is not a kvu history store ({e}); {not_ours}"))?;
    if ours == 0 {
        bail!(
            "{shown}: is an SQLite database without kvu's tables, not a kvu history store; {not_ours}"
        );
    }
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > VERSION {
        bail!(
            "{shown}: was written by a newer kvu (store version {version}; this kvu knows up to {VERSION}), expected a newer kvu to read it; {not_ours}"
        );
    }
    if version == 0 {
        bail!("{shown}: has kvu's tables but no store version; {not_ours}");
    }
    Ok(version)
}

/// The wait for another writer: 60 s (a test may shorten it with `KVU_HISTORY_WAIT_MS`).
fn wait() -> Duration {
    std::env::var("KVU_HISTORY_WAIT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(WAIT, Duration::from_millis)
}

/// For tests of a killed or a second writer: `KVU_HISTORY_PAUSE_MS` holds a writing transaction open
/// this long before it commits (hidden; nobody else has a reason to set it).
fn pause() {
    if let Some(ms) = std::env::var("KVU_HISTORY_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        std::thread::sleep(Duration::from_millis(ms));
    }
}

/// What an SQLite error means to the person who ran kvu.
fn said(path: &Path, e: rusqlite::Error) -> anyhow::Error {
    let shown = path.display();
    let code = e.sqlite_error_code();
    match code {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => anyhow!(
            "{shown}: another kvu run is writing the store and did not finish within {} s, expected one run at a time; nothing was written",
            wait().as_secs()
        ),
        Some(ErrorCode::DiskFull) => {
            anyhow!("{shown}: the disk is full; nothing was written, the store is as it was")
        }
        Some(ErrorCode::ReadOnly) => anyhow!(
            "{shown}: cannot write the store (the file or its folder is read-only); nothing was written"
        ),
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => anyhow!(
            "{shown}: cannot write the store beside it (is the folder writable?); nothing was written"
        ),
        _ if e.to_string().contains("too large") || e.to_string().contains("disk I/O") => anyhow!(
            "{shown}: cannot write the store ({e}: the disk may be full); nothing was written"
        ),
        _ => anyhow!("{shown}: {e}; nothing was written"),
    }
}

/// Makes a new, empty store at `path` unless a file appears there first.
fn create(path: &Path) -> Result<()> {
    let shown = path.display();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let temp = tempfile::Builder::new()
        .prefix(".kvu-history-")
        .tempfile_in(&dir)
        .with_context(|| format!("{shown}: cannot create the store"))?;
    {
        let conn = Connection::open(temp.path()).map_err(|e| said(path, e))?;
        let sql = format!(
            "PRAGMA journal_mode = DELETE; BEGIN; {} PRAGMA user_version = {VERSION}; COMMIT;",
            schema()
        );
        conn.execute_batch(&sql).map_err(|e| said(path, e))?;
    }
    match std::fs::hard_link(temp.path(), path) {
        Ok(()) => Ok(()),
        // Another run made it meanwhile: that one is the store.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(_) if !path.exists() => temp
            .persist_noclobber(path)
            .map(drop)
            .or_else(|e| match path.exists() {
                true => Ok(()),
                false => Err(anyhow!("{shown}: cannot create the store: {}", e.error)),
            }),
        Err(e) => Err(anyhow!("{shown}: cannot create the store: {e}")),
    }
}

impl Store {
    /// Opens a store to read: it must be there, and be kvu's.
    pub fn open_to_read(path: &str) -> Result<Store> {
        let path = PathBuf::from(path);
        if !path.exists() {
            bail!(
                "{}: no such history store, expected a file `kvu record --history FILE` made",
                path.display()
            );
        }
        let version = check(&path)?;
        // Opened to write where the file may be written, so that a journal a killed run left is
        // rolled back (as any SQLite reader would) rather than refused; kvu itself only reads
        // (`query_only`).
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .or_else(|_| {
            Connection::open_with_flags(
                &path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
        })
        .map_err(|e| said(&path, e))?;
        conn.busy_timeout(wait()).map_err(|e| said(&path, e))?;
        conn.execute_batch("PRAGMA query_only = ON;")
            .map_err(|e| said(&path, e))?;
        if version < VERSION {
            bail!(
                "{}: is a store of an older kvu (version {version}), expected `kvu record` to bring it up to date first",
                path.display()
            );
        }
        Ok(Store {
            conn,
            path,
            migrated_from: None,
        })
    }

    /// Opens a store to write, making it if it is not there.
    pub fn open_to_write(path: &str) -> Result<Store> {
        let path = PathBuf::from(path);
        if !path.exists() {
            create(&path)?;
        }
        check(&path)?;
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| said(&path, e))?;
        conn.busy_timeout(wait()).map_err(|e| said(&path, e))?;
        conn.execute_batch("PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY;")
            .map_err(|e| said(&path, e))?;
        Ok(Store {
            conn,
            path,
            migrated_from: None,
        })
    }

    /// The store's size in bytes.
    pub fn bytes(&self) -> u64 {
        std::fs::metadata(&self.path).map_or(0, |m| m.len())
    }

    /// Brings an older store up to date inside the writing transaction; gives the version it had.
    fn migrate(tx: &rusqlite::Transaction) -> rusqlite::Result<Option<u32>> {
        let version: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version >= VERSION {
            return Ok(None);
        }
        for step in &MIGRATIONS[(version as usize - 1)..] {
            tx.execute_batch(step)?;
        }
        tx.execute_batch(&format!("PRAGMA user_version = {VERSION}"))?;
        Ok(Some(version))
    }

    /// Adds a recording (see [`Recorded`]); `replace`: one already there for its date is replaced.
    pub fn record(&mut self, rec: &Recording, replace: bool) -> Result<Recorded> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| said(&path, e))?;
        let migrated_from = Store::migrate(&tx).map_err(|e| said(&path, e))?;
        let as_of = rec.as_of.to_string();
        let there: Option<(i64, String)> = tx
            .query_row(
                "SELECT id, inputs_sha256 FROM recordings WHERE as_of = ?1",
                [&as_of],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| said(&path, e))?;
        let key = rec.inputs_key();
        let replaced = match there {
            Some((_, same)) if same == key && migrated_from.is_none() => return Ok(Recorded::Same),
            Some((id, _)) if replace => {
                delete_recording(&tx, id).map_err(|e| said(&path, e))?;
                true
            }
            Some(_) => bail!(
                "{}: {as_of} is recorded already, from other inputs, expected --replace to replace that recording (nothing was written)",
                path.display()
            ),
            None => false,
        };
        let (rows, new_rows) = write_recording(&tx, rec, &key).map_err(|e| said(&path, e))?;
        if replaced {
            collect_garbage(&tx).map_err(|e| said(&path, e))?;
        }
        pause();
        tx.commit().map_err(|e| said(&path, e))?;
        Ok(Recorded::Written {
            replaced,
            rows,
            new_rows,
            bytes: self.bytes(),
            migrated_from,
        })
    }

    /// The recordings, oldest first.
    pub fn list(&self) -> Result<Vec<Listed>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT as_of, recorded_at, kvu_version, plan_sha256, staff_rows, completion_rows,
                        units, inputs FROM recordings ORDER BY as_of",
            )
            .map_err(|e| said(&self.path, e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Listed {
                        as_of: Date::constant(2000, 1, 1),
                        recorded_at: r.get(1)?,
                        kvu_version: r.get(2)?,
                        plan_sha256: r.get(3)?,
                        staff_rows: n(r, 4)?,
                        completion_rows: n(r, 5)?,
                        units: n(r, 6)?,
                        kept: r.get::<_, String>(7)? == "kept",
                    },
                ))
            })
            .map_err(|e| said(&self.path, e))?;
        let mut out = Vec::new();
        for row in rows {
            let (as_of, mut listed) = row.map_err(|e| said(&self.path, e))?;
            listed.as_of = self.date(&as_of)?;
            out.push(listed);
        }
        Ok(out)
    }

    fn date(&self, text: &str) -> Result<Date> {
        text.parse().map_err(|_| {
            anyhow!(
                "{}: a recording's date `{text}` is no date",
                self.path.display()
            )
        })
    }

    /// The recorded dates, oldest first, each with whether its inputs are kept.
    pub fn recording_dates(&self) -> Result<Vec<(Date, bool)>> {
        Ok(self
            .list()?
            .into_iter()
            .map(|l| (l.as_of, l.kept))
            .collect())
    }

    /// The figures of a recording (none if there is no recording for `date`).
    pub fn figures(&self, date: Date) -> Result<Vec<Figure>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT unit, course, required, met, exempt, overdue, due, expired FROM figures
                 WHERE as_of = ?1 ORDER BY unit, course",
            )
            .map_err(|e| said(&self.path, e))?;
        let rows = stmt
            .query_map([date.to_string()], |r| {
                let mut counts = [0u64; 6];
                for (i, c) in counts.iter_mut().enumerate() {
                    *c = n(r, i + 2)?;
                }
                Ok(Figure {
                    unit: r.get(0)?,
                    course: r.get(1)?,
                    counts,
                })
            })
            .map_err(|e| said(&self.path, e))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(|e| said(&self.path, e))
    }

    /// The figures of every recording in one read, oldest recording first: of one unit's (`Some("")`:
    /// the whole organisation's) or of all (`None`), each with its recording's date.
    pub fn all_figures(&self, unit: Option<&str>) -> Result<Vec<(Date, Figure)>> {
        let sql =
            "SELECT as_of, unit, course, required, met, exempt, overdue, due, expired FROM figures
                   WHERE ?1 IS NULL OR unit = ?1 ORDER BY as_of, unit, course";
        let mut stmt = self.conn.prepare(sql).map_err(|e| said(&self.path, e))?;
        let rows = stmt
            .query_map([unit], |r| {
                let mut counts = [0u64; 6];
                for (i, c) in counts.iter_mut().enumerate() {
                    *c = n(r, i + 3)?;
                }
                let as_of: String = r.get(0)?;
                let figure = Figure {
                    unit: r.get(1)?,
                    course: r.get(2)?,
                    counts,
                };
                Ok((as_of, figure))
            })
            .map_err(|e| said(&self.path, e))?;
        let mut out = Vec::new();
        for row in rows {
            let (as_of, figure) = row.map_err(|e| said(&self.path, e))?;
            out.push((self.date(&as_of)?, figure));
        }
        Ok(out)
    }

    /// The inputs of the recording of `date`: an error naming the nearest recorded dates if there is
    /// none, or its inputs were forgotten.
    pub fn load_inputs(&self, date: Date) -> Result<Inputs> {
        let found: Option<(i64, String, String)> = self
            .conn
            .query_row(
                "SELECT id, inputs, plan_text FROM recordings WHERE as_of = ?1",
                [date.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(|e| said(&self.path, e))?;
        let id = match found {
            Some((id, kept, plan_text)) if kept == "kept" => (id, plan_text),
            Some(_) => bail!(
                "{}: the inputs of the recording of {date} were forgotten (kvu history --forget-before), {}",
                self.path.display(),
                self.nearest(date)?
            ),
            None => bail!(
                "{}: no recording of {date}, {}",
                self.path.display(),
                self.nearest(date)?
            ),
        };
        let (id, plan_text) = id;
        read_inputs(&self.conn, id, date, plan_text).map_err(|e| said(&self.path, e))
    }

    /// Every distinct row of one input that a recording with kept inputs holds, each once, with the
    /// latest such recording's date and the row's place in it (1-based): one query for the recordings'
    /// runs, one for the rows, so that `report --history` reads all recordings at the cost of one.
    /// In the order of that date, then the place.
    pub fn held_rows(&self, kind: Kind) -> Result<Vec<HeldRow>> {
        self.read_held(kind).map_err(|e| said(&self.path, e))
    }

    fn read_held(&self, kind: Kind) -> rusqlite::Result<Vec<HeldRow>> {
        // The recordings' dates, and per row id the latest (by date) holding it and the place there.
        let mut dates: Vec<String> = Vec::new();
        let mut runs: Vec<(usize, i64, i64)> = Vec::new();
        {
            let mut stmt = self.conn.prepare(
                "SELECT r.as_of, rr.first_row, rr.count FROM row_runs rr
                 JOIN recordings r ON r.id = rr.recording_id
                 WHERE rr.input = ?1 AND r.inputs = 'kept' ORDER BY r.as_of, rr.seq",
            )?;
            let mut rows = stmt.query([kind.name()])?;
            while let Some(r) = rows.next()? {
                let as_of: String = r.get(0)?;
                if dates.last() != Some(&as_of) {
                    dates.push(as_of);
                }
                runs.push((dates.len() - 1, r.get(1)?, r.get(2)?));
            }
        }
        let end = runs.iter().map(|r| r.1 + r.2).max().unwrap_or(0).max(0) as usize;
        let mut latest: Vec<Option<(usize, u64)>> = vec![None; end];
        let (mut at, mut place) = (usize::MAX, 0u64);
        for (date, first, count) in runs {
            if date != at {
                (at, place) = (date, 0);
            }
            for id in first.max(0)..first + count {
                place += 1;
                latest[id as usize] = Some((date, place));
            }
        }
        let dates: Vec<Date> = dates
            .iter()
            .map(|d| {
                d.parse().map_err(|_| {
                    rusqlite::Error::InvalidColumnType(
                        0,
                        "as_of".into(),
                        rusqlite::types::Type::Text,
                    )
                })
            })
            .collect::<rusqlite::Result<_>>()?;
        let mut texts: HashMap<i64, String> = HashMap::new();
        let mut stmt = self.conn.prepare("SELECT id, text FROM texts")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (i, t) = row?;
            texts.insert(i, t);
        }
        let columns = kind.columns();
        let mut pick = self.conn.prepare(&format!(
            "SELECT id, {} FROM {}",
            columns.join(", "),
            table(kind)
        ))?;
        let mut rows = pick.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id = r.get::<_, i64>(0)?;
            let Some((date, place)) = usize::try_from(id)
                .ok()
                .and_then(|i| latest.get(i).copied().flatten())
            else {
                continue;
            };
            let mut values = Vec::with_capacity(columns.len());
            for i in 0..columns.len() {
                values.push(
                    texts
                        .get(&r.get::<_, i64>(i + 1)?)
                        .cloned()
                        .unwrap_or_default(),
                );
            }
            out.push(HeldRow {
                as_of: dates[date],
                place,
                values,
            });
        }
        out.sort_by_key(|r| (r.as_of, r.place));
        Ok(out)
    }

    /// The recorded dates (with inputs) nearest `date`, as an expectation.
    fn nearest(&self, date: Date) -> Result<String> {
        let kept: Vec<Date> = self
            .recording_dates()?
            .into_iter()
            .filter(|&(_, kept)| kept)
            .map(|(d, _)| d)
            .collect();
        let before = kept.iter().rev().find(|&&d| d < date);
        let after = kept.iter().find(|&&d| d > date);
        Ok(match (before, after) {
            (Some(b), Some(a)) => format!("expected a recorded date: the nearest are {b} and {a}"),
            (Some(d), None) | (None, Some(d)) => {
                format!("expected a recorded date: the nearest is {d}")
            }
            (None, None) => "expected a recorded date, and the store has none with inputs".into(),
        })
    }

    /// Forgets the inputs of every recording dated before `date` (figures and run facts kept), then
    /// compacts the file so that no forgotten value is left in it.
    pub fn forget_before(&mut self, date: Date) -> Result<Forgotten> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| said(&path, e))?;
        Store::migrate(&tx).map_err(|e| said(&path, e))?;
        let (recordings, rows) = forget(&tx, date).map_err(|e| said(&path, e))?;
        collect_garbage(&tx).map_err(|e| said(&path, e))?;
        tx.commit().map_err(|e| said(&path, e))?;
        // Outside the transaction: every page rewritten, the free ones gone.
        self.conn
            .execute_batch("VACUUM;")
            .map_err(|e| said(&path, e))?;
        Ok(Forgotten {
            recordings,
            rows,
            bytes: self.bytes(),
        })
    }
}

/// A count column (SQLite's integers are signed).
fn n(r: &rusqlite::Row, i: usize) -> rusqlite::Result<u64> {
    r.get::<_, i64>(i).map(|v| v.max(0) as u64)
}

/// Removes a recording whole (its rows stay until [`collect_garbage`]).
fn delete_recording(tx: &rusqlite::Transaction, id: i64) -> rusqlite::Result<()> {
    for t in ["row_runs", "input_files", "figure_rows"] {
        tx.execute(&format!("DELETE FROM {t} WHERE recording_id = ?1"), [id])?;
    }
    tx.execute("DELETE FROM recordings WHERE id = ?1", [id])?;
    Ok(())
}

/// Marks the recordings before `date` forgotten and drops their runs: how many, and their rows.
fn forget(tx: &rusqlite::Transaction, date: Date) -> rusqlite::Result<(u64, u64)> {
    let cutoff = date.to_string();
    let rows: u64 = tx.query_row(
        "SELECT COALESCE(SUM(count), 0) FROM row_runs WHERE recording_id IN
           (SELECT id FROM recordings WHERE as_of < ?1 AND inputs = 'kept')",
        [&cutoff],
        |r| n(r, 0),
    )?;
    tx.execute(
        "DELETE FROM row_runs WHERE recording_id IN
           (SELECT id FROM recordings WHERE as_of < ?1 AND inputs = 'kept')",
        [&cutoff],
    )?;
    let recordings = tx.execute(
        "UPDATE recordings SET inputs = 'forgotten' WHERE as_of < ?1 AND inputs = 'kept'",
        [&cutoff],
    )? as u64;
    Ok((recordings, rows))
}

/// Deletes the rows no recording holds any more, then the texts no row uses.
fn collect_garbage(tx: &rusqlite::Transaction) -> rusqlite::Result<()> {
    tx.execute_batch("CREATE TEMP TABLE IF NOT EXISTS kept_rows (id INTEGER PRIMARY KEY);")?;
    for kind in Kind::ALL {
        tx.execute("DELETE FROM temp.kept_rows", [])?;
        {
            let mut runs = tx.prepare("SELECT first_row, count FROM row_runs WHERE input = ?1")?;
            let mut keep = tx.prepare("INSERT OR IGNORE INTO temp.kept_rows (id) VALUES (?1)")?;
            let found = runs.query_map([kind.name()], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
            })?;
            for run in found {
                let (first, count) = run?;
                for id in first..first + count {
                    keep.execute([id])?;
                }
            }
        }
        tx.execute(
            &format!(
                "DELETE FROM {} WHERE id NOT IN (SELECT id FROM temp.kept_rows)",
                table(kind)
            ),
            [],
        )?;
    }
    let mut used: Vec<String> = Kind::ALL
        .iter()
        .flat_map(|&k| {
            k.columns()
                .iter()
                .map(move |c| format!("SELECT {c} FROM {}", table(k)))
        })
        .collect();
    used.extend(
        [
            "SELECT unit FROM figure_rows",
            "SELECT course FROM figure_rows",
        ]
        .map(String::from),
    );
    tx.execute(
        &format!(
            "DELETE FROM texts WHERE id NOT IN ({})",
            used.join(" UNION ")
        ),
        [],
    )?;
    tx.execute_batch("DROP TABLE temp.kept_rows;")?;
    Ok(())
}

/// The texts, interned: each distinct text once.
struct Texts {
    ids: HashMap<String, i64, FastHash>,
    next: i64,
}

impl Texts {
    fn load(tx: &rusqlite::Transaction) -> rusqlite::Result<Texts> {
        let mut ids = HashMap::default();
        let mut stmt = tx.prepare("SELECT id, text FROM texts")?;
        let mut next = 1;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, text) = row?;
            next = next.max(id + 1);
            ids.insert(text, id);
        }
        Ok(Texts { ids, next })
    }

    fn id(&mut self, insert: &mut rusqlite::Statement, text: &str) -> rusqlite::Result<i64> {
        if let Some(&id) = self.ids.get(text) {
            return Ok(id);
        }
        let id = self.next;
        self.next += 1;
        insert.execute(params![id, text])?;
        self.ids.insert(text.to_string(), id);
        Ok(id)
    }
}

/// Writes a recording's run facts, rows and figures: its rows, and how many were new to the store.
fn write_recording(
    tx: &rusqlite::Transaction,
    rec: &Recording,
    key: &str,
) -> rusqlite::Result<(u64, u64)> {
    let count = |kind: Kind| {
        rec.inputs
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, r)| r.rows.len() as u64)
    };
    let units = rec
        .figures
        .iter()
        .filter(|f| !f.unit.is_empty())
        .map(|f| f.unit.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len() as u64;
    tx.execute(
        "INSERT INTO recordings (as_of, recorded_at, kvu_version, plan_sha256, inputs_sha256,
           staff_rows, completion_rows, units, inputs, plan_text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'kept', ?9)",
        params![
            rec.as_of.to_string(),
            rec.recorded_at,
            rec.kvu_version,
            rec.plan_sha256(),
            key,
            count(Kind::Staff) as i64,
            count(Kind::Completions) as i64,
            units as i64,
            rec.plan_text,
        ],
    )?;
    let id = tx.last_insert_rowid();
    {
        let mut stmt = tx.prepare("INSERT INTO input_files VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
        for f in &rec.files {
            stmt.execute(params![
                id,
                f.input,
                f.file_name,
                f.bytes as i64,
                f.data_rows as i64,
                f.sha256,
                f.header
            ])?;
        }
    }
    let mut texts = Texts::load(tx)?;
    {
        let mut insert_text = tx.prepare("INSERT INTO texts (id, text) VALUES (?1, ?2)")?;
        let mut stmt =
            tx.prepare("INSERT INTO figure_rows VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?;
        for f in &rec.figures {
            let unit = texts.id(&mut insert_text, &f.unit)?;
            let course = texts.id(&mut insert_text, &f.course)?;
            let c = f.counts.map(|v| v as i64);
            stmt.execute(params![
                id, unit, course, c[0], c[1], c[2], c[3], c[4], c[5]
            ])?;
        }
    }
    let (mut rows, mut new_rows) = (0, 0);
    for (kind, input) in rec.inputs.iter() {
        let new = write_rows(tx, id, *kind, input, &mut texts)?;
        rows += input.rows.len() as u64;
        new_rows += new;
    }
    Ok((rows, new_rows))
}

/// The most columns an input has (staff's six).
const WIDEST: usize = 6;

/// A distinct row's text ids, in [`Kind::columns`] order, 0 after the input's last column.
type RowKey = [i64; WIDEST];

/// One input's rows: each distinct row once (new ones added in file order, so that a later
/// recording of much the same file finds long runs of consecutive ids), and this recording's runs.
fn write_rows(
    tx: &rusqlite::Transaction,
    recording: i64,
    kind: Kind,
    input: &Rows,
    texts: &mut Texts,
) -> rusqlite::Result<u64> {
    let columns = kind.columns();
    let names = columns.join(", ");
    // A row's text ids, the columns an input lacks 0 (no text has id 0): a key without an allocation.
    let mut known: HashMap<RowKey, i64, FastHash> = HashMap::default();
    let mut next = 1;
    {
        let mut stmt = tx.prepare(&format!("SELECT id, {names} FROM {}", table(kind)))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let mut values = [0; WIDEST];
            for (i, value) in values.iter_mut().enumerate().take(columns.len()) {
                *value = r.get::<_, i64>(i + 1)?;
            }
            next = next.max(id + 1);
            known.insert(values, id);
        }
    }
    let marks = vec!["?"; columns.len() + 1].join(", ");
    let mut insert_row = tx.prepare(&format!(
        "INSERT INTO {} (id, {names}) VALUES ({marks})",
        table(kind)
    ))?;
    let mut insert_text = tx.prepare("INSERT INTO texts (id, text) VALUES (?1, ?2)")?;
    let mut ids = Vec::with_capacity(input.rows.len());
    let mut new = 0;
    for row in &input.rows {
        let mut values = [0; WIDEST];
        for (value, text) in values.iter_mut().zip(row) {
            *value = texts.id(&mut insert_text, text)?;
        }
        let id = match known.get(&values) {
            Some(&id) => id,
            None => {
                let id = next;
                next += 1;
                let all = std::iter::once(id).chain(values.into_iter().take(columns.len()));
                insert_row.execute(rusqlite::params_from_iter(all))?;
                known.insert(values, id);
                new += 1;
                id
            }
        };
        ids.push(id);
    }
    let mut insert_run = tx.prepare("INSERT INTO row_runs VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for (seq, run) in ids.chunk_by(|a, b| b - a == 1).enumerate() {
        insert_run.execute(params![
            recording,
            kind.name(),
            seq as i64,
            run[0],
            run.len() as i64
        ])?;
    }
    Ok(new)
}

/// A recording's inputs read back: each input's header and rows in file order.
fn read_inputs(
    conn: &Connection,
    id: i64,
    as_of: Date,
    plan_text: String,
) -> rusqlite::Result<Inputs> {
    let mut files = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT input, file_name, bytes, data_rows, sha256, header FROM input_files
             WHERE recording_id = ?1",
        )?;
        for f in stmt.query_map([id], |r| {
            Ok(InputFile {
                input: r.get(0)?,
                file_name: r.get(1)?,
                bytes: n(r, 2)?,
                data_rows: n(r, 3)?,
                sha256: r.get(4)?,
                header: r.get(5)?,
            })
        })? {
            files.push(f?);
        }
    }
    let mut texts: HashMap<i64, String> = HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT id, text FROM texts")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (i, t) = row?;
            texts.insert(i, t);
        }
    }
    let mut inputs = Vec::new();
    for kind in Kind::ALL {
        let Some(file) = files.iter().find(|f| f.input == kind.name()) else {
            continue;
        };
        let columns = kind.columns();
        let mut rows = Vec::new();
        let mut runs = conn.prepare(
            "SELECT first_row, count FROM row_runs WHERE recording_id = ?1 AND input = ?2
             ORDER BY seq",
        )?;
        let mut pick = conn.prepare(&format!(
            "SELECT id, {} FROM {} WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
            columns.join(", "),
            table(kind)
        ))?;
        let found: Vec<(i64, i64)> = runs
            .query_map(params![id, kind.name()], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (first, count) in found {
            let mut got = pick.query(params![first, first + count - 1])?;
            while let Some(r) = got.next()? {
                let mut row = Vec::with_capacity(columns.len());
                for i in 0..columns.len() {
                    let t: i64 = r.get(i + 1)?;
                    row.push(texts.get(&t).cloned().unwrap_or_default());
                }
                rows.push(row);
            }
        }
        let header = file.header.split(',').map(str::to_string).collect();
        inputs.push((kind, Rows { header, rows }));
    }
    Ok(Inputs {
        as_of,
        plan_text,
        files,
        inputs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recording(as_of: Date, staff: &[&str]) -> Recording {
        let rows = staff
            .iter()
            .map(|id| {
                let mut row = vec![id.to_string(), format!("Name {id}"), "E1".into()];
                row.extend(["chef", "enhet", ""].map(String::from));
                row
            })
            .collect();
        let header = Kind::Staff
            .columns()
            .iter()
            .map(|c| c.to_string())
            .collect();
        Recording {
            as_of,
            recorded_at: "2026-06-30T12:00:00Z".into(),
            kvu_version: "0".into(),
            plan_text: "name: x".into(),
            files: vec![InputFile {
                input: "staff".into(),
                file_name: "staff.csv".into(),
                bytes: 1,
                data_rows: staff.len() as u64,
                sha256: staff.join(""),
                header: Kind::Staff.columns().join(","),
            }],
            inputs: vec![(Kind::Staff, Rows { header, rows })].into(),
            figures: vec![Figure {
                unit: String::new(),
                course: "webb".into(),
                counts: [1, 1, 0, 0, 0, 0],
            }],
        }
    }

    #[test]
    fn unchanged_rows_are_stored_once_and_read_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite");
        let path = path.to_str().unwrap();
        let mut store = Store::open_to_write(path).unwrap();
        let may = Date::constant(2026, 5, 31);
        let june = Date::constant(2026, 6, 30);
        let first = store.record(&recording(may, &["1", "2", "3", "4"]), false);
        assert!(matches!(
            first.unwrap(),
            Recorded::Written { new_rows: 4, .. }
        ));
        // One row changed, one added: two new rows, the rest found in runs.
        let second = store.record(&recording(june, &["1", "2", "9", "4", "5"]), false);
        assert!(matches!(
            second.unwrap(),
            Recorded::Written { new_rows: 2, .. }
        ));
        let rows: i64 = store
            .conn
            .query_row("SELECT count(*) FROM staff_rows", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 6);
        let back = store.load_inputs(june).unwrap();
        let ids: Vec<&str> = back.inputs[0]
            .1
            .rows
            .iter()
            .map(|r| r[0].as_str())
            .collect();
        assert_eq!(ids, ["1", "2", "9", "4", "5"]);
        let again = store.record(&recording(june, &["1", "2", "9", "4", "5"]), false);
        assert_eq!(again.unwrap(), Recorded::Same);
        assert_eq!(store.figures(may).unwrap()[0].counts, [1, 1, 0, 0, 0, 0]);
    }

    #[test]
    fn held_rows_gives_each_distinct_row_once_with_the_latest_recording_that_holds_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite");
        let path = path.to_str().unwrap();
        let mut store = Store::open_to_write(path).unwrap();
        let (may, june, july) = (
            Date::constant(2026, 5, 31),
            Date::constant(2026, 6, 30),
            Date::constant(2026, 7, 31),
        );
        store
            .record(&recording(june, &["1", "2", "3"]), false)
            .unwrap();
        store.record(&recording(may, &["3", "7"]), false).unwrap();
        store.record(&recording(july, &["2", "8"]), false).unwrap();
        // Forgotten inputs hold nothing.
        store.forget_before(june).unwrap();
        let rows = store.held_rows(Kind::Staff).unwrap();
        let held: Vec<(Date, u64, &str)> = rows
            .iter()
            .map(|r| (r.as_of, r.place, r.values[0].as_str()))
            .collect();
        assert_eq!(
            held,
            [
                (june, 1, "1"),
                (june, 3, "3"),
                (july, 1, "2"),
                (july, 2, "8")
            ]
        );
    }
}
