//! The store's one door to SQLite (rusqlite, SQLite bundled): opening with every check first, one
//! transaction per change, and the reads that give recordings back. Nothing outside this file (and
//! its part [`rows`]) writes SQL, so a server database could stand behind the same calls.
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
//! - A row that another recording holds already is not stored again: each distinct row once per run
//!   of recordings (in date order) that hold it ([`rows`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use jiff::civil::Date;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};

use super::{Figure, Forgotten, Inputs, Kind, Listed, Recorded, Recording};

mod rows;

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

/// The schema this kvu writes, in `PRAGMA user_version`: 1 kept each recording's rows as runs of
/// row ids; 2 keeps each row's runs of recordings.
pub const VERSION: u32 = 2;

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

/// The schema's tables and views, as this kvu writes them (version 2).
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
    sql.push_str(&row_schema());
    sql
}

/// The tables of the inputs' rows and their views (version 2): each row once per run of recordings
/// (in date order, those with inputs kept) that hold it, `first_as_of` to `last_as_of` as
/// `YYYYMMDD`, and `pos`, its place among the rows of any recording it is in.
fn row_schema() -> String {
    let mut sql = String::new();
    for kind in Kind::ALL {
        let columns = kind.columns();
        let defs: Vec<String> = columns
            .iter()
            .map(|c| format!("{c} INTEGER NOT NULL REFERENCES texts(id)"))
            .collect();
        sql.push_str(&format!(
            "CREATE TABLE {} (id INTEGER PRIMARY KEY, pos INTEGER NOT NULL,
  first_as_of INTEGER NOT NULL, last_as_of INTEGER NOT NULL, {});\n",
            table(kind),
            defs.join(", ")
        ));
        let picks: Vec<String> = columns
            .iter()
            .map(|c| format!("(SELECT text FROM texts WHERE id = t.{c}) AS {c}"))
            .collect();
        sql.push_str(&format!(
            "CREATE VIEW {view} AS
  SELECT r.as_of, ROW_NUMBER() OVER (PARTITION BY r.as_of ORDER BY t.pos) AS position, {picks}
  FROM recordings r JOIN {table} t
    ON CAST(replace(r.as_of, '-', '') AS INTEGER) BETWEEN t.first_as_of AND t.last_as_of
  WHERE r.inputs = 'kept';\n",
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
        if version == 1 {
            rows::migrate_from_1(tx)?;
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
            // The same inputs in a store just migrated: written again, so that the migration is.
            Some((id, same)) if replace || same == key => {
                delete_recording(&tx, id, &as_of).map_err(|e| said(&path, e))?;
                same != key
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
        if migrated_from.is_some() {
            // The old version's tables are gone: their pages too.
            self.conn
                .execute_batch("VACUUM;")
                .map_err(|e| said(&path, e))?;
        }
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
        rows::read_inputs(&self.conn, id, date, plan_text).map_err(|e| said(&self.path, e))
    }

    /// Every distinct row of one input that a recording with kept inputs holds, each once, with the
    /// latest such recording's date and the row's place in it (1-based): one query for the recordings'
    /// runs, one for the rows, so that `report --history` reads all recordings at the cost of one.
    /// In the order of that date, then the place.
    pub fn held_rows(&self, kind: Kind) -> Result<Vec<HeldRow>> {
        self.read_held(kind).map_err(|e| said(&self.path, e))
    }

    fn read_held(&self, kind: Kind) -> rusqlite::Result<Vec<HeldRow>> {
        let bad_date =
            || rusqlite::Error::InvalidColumnType(0, "as_of".into(), rusqlite::types::Type::Text);
        // The recordings with their inputs kept, in date order, each as `YYYYMMDD` and as a date.
        let mut dates: Vec<(i64, Date)> = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare("SELECT as_of FROM recordings WHERE inputs = 'kept' ORDER BY as_of")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let text: String = r.get(0)?;
                let date: Date = text.parse().map_err(|_| bad_date())?;
                let number = text.replace('-', "").parse().map_err(|_| bad_date())?;
                dates.push((number, date));
            }
        }
        let mut texts: HashMap<i64, String> = HashMap::new();
        let mut stmt = self.conn.prepare("SELECT id, text FROM texts")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (i, t) = row?;
            texts.insert(i, t);
        }
        // Each stored row holds the recordings dated `first_as_of..=last_as_of`; in `pos` order, a
        // row's place in a recording is one more than the rows before it that the recording holds.
        let columns = kind.columns();
        let mut pick = self.conn.prepare(&format!(
            "SELECT first_as_of, last_as_of, {} FROM {} ORDER BY pos",
            columns.join(", "),
            table(kind)
        ))?;
        let mut rows = pick.query([])?;
        let mut places = vec![0u64; dates.len()];
        // Per distinct row, the latest recording holding it and its place there.
        let mut latest: HashMap<Vec<String>, (usize, u64)> = HashMap::new();
        while let Some(r) = rows.next()? {
            let (first, last): (i64, i64) = (r.get(0)?, r.get(1)?);
            let from = dates.partition_point(|d| d.0 < first);
            let to = dates.partition_point(|d| d.0 <= last);
            if from >= to {
                continue;
            }
            for place in &mut places[from..to] {
                *place += 1;
            }
            let mut values = Vec::with_capacity(columns.len());
            for i in 0..columns.len() {
                let id = r.get::<_, i64>(i + 2)?;
                values.push(texts.get(&id).cloned().unwrap_or_default());
            }
            let here = (to - 1, places[to - 1]);
            let at = latest.entry(values).or_insert(here);
            *at = (*at).max(here);
        }
        let mut out: Vec<HeldRow> = latest
            .into_iter()
            .map(|(values, (date, place))| HeldRow {
                as_of: dates[date].1,
                place,
                values,
            })
            .collect();
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
        let migrated_from = Store::migrate(&tx).map_err(|e| said(&path, e))?;
        let (recordings, rows) = forget(&tx, date).map_err(|e| said(&path, e))?;
        collect_garbage(&tx).map_err(|e| said(&path, e))?;
        tx.commit().map_err(|e| said(&path, e))?;
        self.migrated_from = migrated_from;
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

/// Removes a recording whole (its texts stay until [`collect_garbage`]).
fn delete_recording(tx: &rusqlite::Transaction, id: i64, as_of: &str) -> rusqlite::Result<()> {
    let kept: String = tx.query_row("SELECT inputs FROM recordings WHERE id = ?1", [id], |r| {
        r.get(0)
    })?;
    if kept == "kept" {
        rows::unrecord(tx, as_of)?;
    }
    for t in ["input_files", "figure_rows"] {
        tx.execute(&format!("DELETE FROM {t} WHERE recording_id = ?1"), [id])?;
    }
    tx.execute("DELETE FROM recordings WHERE id = ?1", [id])?;
    Ok(())
}

/// Marks the recordings before `date` forgotten and drops their runs: how many, and their rows.
fn forget(tx: &rusqlite::Transaction, date: Date) -> rusqlite::Result<(u64, u64)> {
    let cutoff = date.to_string();
    let rows = rows::forget_rows(tx, &cutoff)?;
    let recordings = tx.execute(
        "UPDATE recordings SET inputs = 'forgotten' WHERE as_of < ?1 AND inputs = 'kept'",
        [&cutoff],
    )? as u64;
    Ok((recordings, rows))
}

/// Deletes the texts no row or figure uses.
fn collect_garbage(tx: &rusqlite::Transaction) -> rusqlite::Result<()> {
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
    Ok(())
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
            .map_or(0, |(_, r)| r.len() as u64)
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
    let texts = rows::intern(tx, rec)?;
    {
        let mut stmt =
            tx.prepare("INSERT INTO figure_rows VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?;
        for f in &rec.figures {
            let (unit, course) = (texts[f.unit.as_str()], texts[f.course.as_str()]);
            let c = f.counts.map(|v| v as i64);
            stmt.execute(params![
                id, unit, course, c[0], c[1], c[2], c[3], c[4], c[5]
            ])?;
        }
    }
    rows::write_rows(tx, rec, texts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{Captured, InputFile};

    fn recording(as_of: Date, staff: &[&str]) -> Recording {
        let rows: Vec<Vec<String>> = staff
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
            inputs: vec![(Kind::Staff, Captured::of(header, 6, &rows))].into(),
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

    fn staff_ids(store: &Store, date: Date) -> Vec<String> {
        let back = store.load_inputs(date).unwrap();
        back.inputs[0].1.rows.iter().map(|r| r[0].clone()).collect()
    }

    fn count_rows(store: &Store) -> i64 {
        store
            .conn
            .query_row("SELECT count(*) FROM staff_rows", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn every_recording_reads_back_in_file_order_whatever_the_order_of_recording() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite");
        let mut store = Store::open_to_write(path.to_str().unwrap()).unwrap();
        let mut seed: u64 = 7;
        let mut next = move |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        // Twelve months of ids, each month changing a few, one moved, one twice; recorded in a
        // shuffled order of dates, two replaced, then the first three forgotten.
        let mut months: Vec<(Date, Vec<String>)> = Vec::new();
        let mut ids: Vec<String> = (0..40).map(|i| i.to_string()).collect();
        for m in 1..=12i8 {
            for _ in 0..3 {
                let at = next(ids.len() as u64) as usize;
                ids[at] = format!("{}", 100 * i64::from(m) + next(90) as i64);
            }
            let (a, b) = (
                next(ids.len() as u64) as usize,
                next(ids.len() as u64) as usize,
            );
            ids.swap(a, b);
            let mut month = ids.clone();
            month.insert(next(40) as usize, month[5].clone());
            months.push((Date::constant(2026, m, 1), month));
        }
        let mut order: Vec<usize> = (0..12).collect();
        for i in (1..12).rev() {
            order.swap(i, next(i as u64 + 1) as usize);
        }
        for &i in &order {
            let (date, ids) = &months[i];
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            store.record(&recording(*date, &ids), false).unwrap();
        }
        for i in [order[3], order[8]] {
            let mut ids = months[i].1.clone();
            ids.rotate_left(7);
            ids.push("replaced".into());
            let list: Vec<&str> = ids.iter().map(String::as_str).collect();
            store.record(&recording(months[i].0, &list), true).unwrap();
            months[i].1 = ids;
        }
        for (date, ids) in &months {
            assert_eq!(&staff_ids(&store, *date), ids, "{date}");
        }
        store.forget_before(Date::constant(2026, 4, 1)).unwrap();
        for (date, ids) in &months[3..] {
            assert_eq!(&staff_ids(&store, *date), ids, "{date}");
        }
        assert!(store.load_inputs(Date::constant(2026, 2, 1)).is_err());
    }

    #[test]
    fn a_month_with_few_changes_adds_few_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite");
        let mut store = Store::open_to_write(path.to_str().unwrap()).unwrap();
        let mut ids: Vec<String> = (0..100).map(|i| i.to_string()).collect();
        for m in 1..=12 {
            // Two rows changed a month (one in the middle, one leaver replaced by a joiner at the end).
            ids[(m as usize * 7) % 90] = format!("moved-{m}");
            ids.remove(m as usize * 3);
            ids.push(format!("joiner-{m}"));
            let list: Vec<&str> = ids.iter().map(String::as_str).collect();
            store
                .record(&recording(Date::constant(2026, m, 28), &list), false)
                .unwrap();
        }
        // 100 first, then at most two new rows a month.
        assert!(count_rows(&store) <= 100 + 2 * 12, "{}", count_rows(&store));
        assert_eq!(staff_ids(&store, Date::constant(2026, 12, 28)), ids);
    }

    #[test]
    fn rows_put_between_the_same_two_rows_again_and_again_keep_their_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite");
        let mut store = Store::open_to_write(path.to_str().unwrap()).unwrap();
        let mut ids = vec!["a".to_string(), "b".to_string()];
        let mut months = Vec::new();
        // More halvings of the same gap than it has room for: the places are spread out again.
        for d in 1..=28 {
            ids.insert(1, format!("new-{d}"));
            let list: Vec<&str> = ids.iter().map(String::as_str).collect();
            let date = Date::constant(2026, 2, d);
            store.record(&recording(date, &list), false).unwrap();
            months.push((date, ids.clone()));
        }
        for (date, ids) in &months {
            assert_eq!(&staff_ids(&store, *date), ids, "{date}");
        }
        assert_eq!(count_rows(&store), 30);
    }
}
