//! Reading a large export on all cores: one thread cuts the file into blocks of whole records, the
//! others scan the blocks' rows, and the parts come back in file order.

use std::io;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};

use super::records::{BLOCK, Blocks, Fields, Next, Scanner};
use super::text::{BlockText, classify};
use super::{CsvFile, Encoding, Row, check, read_problem};
use crate::diag::Diagnostics;
use crate::diag::{Problem, Source};

/// What one block of a file gave [`CsvFile::par_rows`]: the step's state, the problems found (in line
/// order) and the rows read.
pub struct Part<S> {
    pub state: S,
    pub problems: Vec<Problem>,
    pub rows: u64,
    /// What the block's bytes are.
    text: BlockText,
}

/// A block to scan: its index in the file, its bytes, where its first record starts and on which line.
type Job = (usize, Vec<u8>, usize, u64);

/// What every block's scan needs of the file.
struct Scan<'a> {
    path: &'a Source,
    header: &'a [String],
    encoding: Encoding,
    checked: &'a [AtomicBool],
    delimiter: u8,
}

impl Scan<'_> {
    /// The rows of one block that starts on `line`, its first record at `at`, each run through `step`
    /// into a fresh part's `state` (and the worker's state).
    fn block<S, W, F>(
        &self,
        block: &[u8],
        at: usize,
        line: u64,
        state: S,
        worker: &mut W,
        step: &F,
    ) -> Part<S>
    where
        F: Fn(&Row<'_>, &mut W, &mut S) -> Result<(), Problem>,
    {
        // Each block decoded as its bytes are (see `text`); whether the file mixes encodings is decided
        // when the parts are merged.
        let text = classify(&block[at..], line, self.encoding == Encoding::Auto);
        let mut part = Part {
            state,
            problems: Vec::new(),
            rows: 0,
            text,
        };
        let mut scanner = Scanner::new(line, self.delimiter);
        scanner.skip_to(at);
        loop {
            let (line, slow) = match scanner.next(block) {
                Ok(Next::Fast(line)) => (line, None),
                Ok(Next::Slow(line, record)) => (line, Some(record)),
                Ok(Next::End) => break,
                Err(e) => {
                    let problem = format!("cannot read the row: {e}");
                    part.problems.push(Problem::at(self.path, line, problem));
                    break;
                }
            };
            let fields = match &slow {
                Some(record) => Fields::Slow(record),
                None => Fields::Fast(block, &scanner.spans),
            };
            match check(fields, self.header.len(), self.path, line) {
                None => continue,
                Some(Err(problem)) => part.problems.push(problem),
                Some(Ok(())) => {
                    part.rows += 1;
                    let row = Row {
                        path: self.path,
                        line,
                        fields,
                        header: self.header,
                        encoding: self.encoding,
                        latin: text.latin.is_some(),
                        controls: text.controls,
                        checked: self.checked,
                        delimiter: self.delimiter,
                        first_column: None,
                    };
                    if let Err(problem) = step(&row, worker, &mut part.state) {
                        part.problems.push(problem);
                    }
                }
            }
        }
        part
    }
}

/// Cuts the rest of the file into blocks for the workers, the first (already read) block first;
/// buffers the workers are done with are filled again.
fn feed(
    blocks: &mut Blocks,
    first: Job,
    to_workers: SyncSender<Job>,
    reusable: Receiver<Vec<u8>>,
) -> io::Result<()> {
    if to_workers.send(first).is_err() {
        return Ok(());
    }
    for index in 1.. {
        let buffer = reusable.try_recv().unwrap_or_default();
        match blocks.next_into(buffer, BLOCK)? {
            Some((block, line)) => {
                if to_workers.send((index, block, 0, line)).is_err() {
                    break;
                }
            }
            None => break,
        }
    }
    Ok(())
}

/// One worker: takes blocks until there are none, scanning each with its own state; gives back its
/// worker state when done.
fn work<S, W>(
    jobs: &Mutex<Receiver<Job>>,
    to_main: Sender<(usize, Part<S>)>,
    to_reuse: Sender<Vec<u8>>,
    mut state: W,
    scan: impl Fn(&[u8], usize, u64, &mut W) -> Part<S>,
) -> W {
    while let Ok(Ok((index, block, at, line))) = jobs.lock().map(|j| j.recv()) {
        let part = scan(&block, at, line, &mut state);
        if to_main.send((index, part)).is_err() {
            break;
        }
        let _ = to_reuse.send(block);
    }
    state
}

impl CsvFile {
    /// Reads the rest of the file on all cores: one thread cuts it into blocks of whole records, the
    /// others run `step` on each block's rows, into a fresh `init()` state for each block and the state
    /// `worker()` gave the thread scanning it (kept from block to block: it must not depend on which
    /// blocks a thread had, or in which order). The parts come back in file order, so merging them in
    /// order gives what reading row by row would (problems stay in line order); the workers' states
    /// come back in no particular order.
    #[allow(clippy::type_complexity)]
    pub fn par_rows<S, W, IW, I, F>(
        mut self,
        worker: IW,
        init: I,
        step: F,
    ) -> Result<(Vec<Part<S>>, Vec<W>, CsvFile), Problem>
    where
        S: Send,
        W: Send,
        IW: Fn() -> W + Sync,
        I: Fn() -> S + Sync,
        F: Fn(&Row<'_>, &mut W, &mut S) -> Result<(), Problem> + Sync,
    {
        if self.sheet.is_some() {
            return self.sheet_rows(worker, init, step);
        }
        let (at, line) = self.scanner.position();
        let first = (0, std::mem::take(&mut self.block), at, line);
        let scan = Scan {
            path: &self.path,
            header: &self.header,
            encoding: self.encoding,
            checked: &self.checked,
            delimiter: self.scanner.delimiter(),
        };
        let scan_block = |block: &[u8], at: usize, line: u64, state: &mut W| {
            scan.block(block, at, line, init(), state, &step)
        };
        let (to_workers, jobs) = mpsc::sync_channel::<Job>(crate::threads::cores() * 2);
        let jobs = Mutex::new(jobs);
        let (to_main, results) = mpsc::channel();
        // Scanned blocks come back to be filled again: the file goes through a few buffers, not its size.
        let (to_reuse, reusable) = mpsc::channel();
        let (mut parts, states, read) = std::thread::scope(|scope| {
            let threads: Vec<_> = (0..crate::threads::cores())
                .map(|_| {
                    let (jobs, to_main, to_reuse) = (&jobs, to_main.clone(), to_reuse.clone());
                    let (worker, scan_block) = (&worker, &scan_block);
                    scope.spawn(move || work(jobs, to_main, to_reuse, worker(), scan_block))
                })
                .collect();
            drop((to_main, to_reuse));
            let read = feed(&mut self.blocks, first, to_workers, reusable);
            let parts: Vec<(usize, Part<S>)> = results.iter().collect();
            let states: Vec<W> = threads
                .into_iter()
                .map(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect();
            (parts, states, read)
        });
        read.map_err(|e| read_problem(&self.path, e))?;
        parts.sort_by_key(|(index, _)| *index);
        for (_, part) in &parts {
            self.file_text
                .add(part.text)
                .map_err(|mixed| Problem::file(&self.path, mixed.to_string()))?;
        }
        self.rows += parts.iter().map(|(_, p)| p.rows).sum::<u64>();
        Ok((parts.into_iter().map(|(_, p)| p).collect(), states, self))
    }

    /// [`CsvFile::par_rows`] for a workbook's sheet, which is in memory already: its rows in one part.
    #[allow(clippy::type_complexity)]
    fn sheet_rows<S, W, IW, I, F>(
        mut self,
        worker: IW,
        init: I,
        step: F,
    ) -> Result<(Vec<Part<S>>, Vec<W>, CsvFile), Problem>
    where
        IW: Fn() -> W,
        I: Fn() -> S,
        F: Fn(&Row<'_>, &mut W, &mut S) -> Result<(), Problem>,
    {
        let (mut worker, mut state) = (worker(), init());
        let mut problems = Vec::new();
        // A row's own problems (its error cells) are collected, to come back in line order.
        let mut found = Diagnostics::collecting(false);
        while let Some(row) = self.next_row(&mut found)? {
            if let Err(problem) = step(&row, &mut worker, &mut state) {
                problems.push(problem);
            }
        }
        problems.append(&mut found.errors);
        problems.sort_by_key(|p| p.line());
        let part = Part {
            state,
            problems,
            // Counted by `next_row` already.
            rows: 0,
            text: BlockText::default(),
        };
        Ok((vec![part], vec![worker], self))
    }
}
