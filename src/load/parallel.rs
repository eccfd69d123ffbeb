//! Reading a large export on all cores: one thread cuts the file into blocks of whole records, the
//! others scan the blocks' rows, and the parts come back in file order.

use std::io;
use std::sync::Mutex;
use std::sync::mpsc;

use super::records::{BLOCK, Fields, Next, Scanner};
use super::text::{BlockText, classify};
use super::{CsvFile, Encoding, Row, check, read_problem};
use crate::diag::Diagnostics;
use crate::diag::Problem;

/// What one block of a file gave [`CsvFile::par_rows`]: the step's state, the problems found (in line
/// order) and the rows read.
pub struct Part<S> {
    pub state: S,
    pub problems: Vec<Problem>,
    pub rows: u64,
    /// What the block's bytes are.
    text: BlockText,
}

impl CsvFile {
    /// Reads the rest of the file on all cores: one thread cuts it into blocks of whole records, the
    /// others run `step` on each block's rows into a fresh `init()` state. The parts come back in file
    /// order, so merging them in order gives what reading row by row would (problems stay in line order).
    pub fn par_rows<S, I, F>(mut self, init: I, step: F) -> Result<(Vec<Part<S>>, CsvFile), Problem>
    where
        S: Send,
        I: Fn() -> S + Sync,
        F: Fn(&Row<'_>, &mut S) -> Result<(), Problem> + Sync,
    {
        if self.sheet.is_some() {
            return self.sheet_rows(init, step);
        }
        let workers = crate::threads::cores();
        let first = (std::mem::take(&mut self.block), self.scanner.position());
        let path = self.path.clone();
        let delimiter = self.scanner.delimiter();
        let (header, encoding, checked) = (&self.header, self.encoding, &self.checked);
        let blocks = &mut self.blocks;
        let scan = |block: &[u8], at: usize, line: u64| -> Part<S> {
            // Each block decoded as its bytes are (see `text`); whether the file mixes encodings is
            // decided when the parts are merged.
            let text = classify(&block[at..], line, encoding == Encoding::Auto);
            let mut part = Part {
                state: init(),
                problems: Vec::new(),
                rows: 0,
                text,
            };
            let mut scanner = Scanner::new(line, delimiter);
            scanner.skip_to(at);
            loop {
                let (line, slow) = match scanner.next(block) {
                    Ok(Next::Fast(line)) => (line, None),
                    Ok(Next::Slow(line, record)) => (line, Some(record)),
                    Ok(Next::End) => break,
                    Err(e) => {
                        part.problems.push(Problem::at(
                            &path,
                            line,
                            format!("cannot read the row: {e}"),
                        ));
                        break;
                    }
                };
                let fields = match &slow {
                    Some(record) => Fields::Slow(record),
                    None => Fields::Fast(block, &scanner.spans),
                };
                match check(fields, header.len(), &path, line) {
                    None => continue,
                    Some(Err(problem)) => part.problems.push(problem),
                    Some(Ok(())) => {
                        part.rows += 1;
                        let row = Row {
                            path: &path,
                            line,
                            fields,
                            header,
                            encoding,
                            latin: text.latin.is_some(),
                            controls: text.controls,
                            checked,
                            delimiter,
                            first_column: None,
                        };
                        if let Err(problem) = step(&row, &mut part.state) {
                            part.problems.push(problem);
                        }
                    }
                }
            }
            part
        };
        let mut parts: Vec<(usize, Part<S>)> = Vec::new();
        let (to_workers, jobs) = mpsc::sync_channel::<(usize, Vec<u8>, usize, u64)>(workers * 2);
        let jobs = Mutex::new(jobs);
        let (to_main, results) = mpsc::channel();
        // Scanned blocks come back to be filled again: the file goes through a few buffers, not its size.
        let (to_reuse, reusable) = mpsc::channel::<Vec<u8>>();
        let read: io::Result<()> = std::thread::scope(|scope| {
            for _ in 0..workers {
                let (jobs, to_main, to_reuse, scan) =
                    (&jobs, to_main.clone(), to_reuse.clone(), &scan);
                scope.spawn(move || {
                    loop {
                        let job = jobs.lock().map(|j| j.recv());
                        let Ok(Ok((index, block, at, line))) = job else {
                            break;
                        };
                        let part = scan(&block, at, line);
                        if to_main.send((index, part)).is_err() {
                            break;
                        }
                        let _ = to_reuse.send(block);
                    }
                });
            }
            drop(to_main);
            drop(to_reuse);
            let mut index = 0;
            let mut outcome = Ok(());
            let (block, (at, line)) = first;
            if to_workers.send((index, block, at, line)).is_ok() {
                index += 1;
                loop {
                    let buffer = reusable.try_recv().unwrap_or_default();
                    match blocks.next_into(buffer, BLOCK) {
                        Ok(Some((block, line))) => {
                            if to_workers.send((index, block, 0, line)).is_err() {
                                break;
                            }
                            index += 1;
                        }
                        Ok(None) => break,
                        Err(e) => {
                            outcome = Err(e);
                            break;
                        }
                    }
                }
            }
            drop(to_workers);
            parts.extend(results.iter());
            outcome
        });
        read.map_err(|e| read_problem(&self.path, e))?;
        parts.sort_by_key(|(index, _)| *index);
        for (_, part) in &parts {
            self.file_text
                .add(part.text)
                .map_err(|mixed| Problem::file(&self.path, mixed.to_string()))?;
        }
        self.rows += parts.iter().map(|(_, p)| p.rows).sum::<u64>();
        Ok((parts.into_iter().map(|(_, p)| p).collect(), self))
    }

    /// [`CsvFile::par_rows`] for a workbook's sheet, which is in memory already: its rows in one part.
    fn sheet_rows<S, I, F>(mut self, init: I, step: F) -> Result<(Vec<Part<S>>, CsvFile), Problem>
    where
        I: Fn() -> S,
        F: Fn(&Row<'_>, &mut S) -> Result<(), Problem>,
    {
        let mut state = init();
        let mut problems = Vec::new();
        // A row's own problems (its error cells) are collected, to come back in line order.
        let mut found = Diagnostics::collecting(false);
        while let Some(row) = self.next_row(&mut found)? {
            if let Err(problem) = step(&row, &mut state) {
                problems.push(problem);
            }
        }
        problems.append(&mut found.errors);
        problems.sort_by_key(|p| p.line);
        let part = Part {
            state,
            problems,
            // Counted by `next_row` already.
            rows: 0,
            text: BlockText::default(),
        };
        Ok((vec![part], self))
    }
}
