//! The table for people at a terminal: its title (if any) on a line, then the display view in columns (numbers right-aligned), at most
//! [`TABLE_ROWS`] rows and a line saying how many more, then the extra rows (totals) and the notes.
//! Control characters in values, labels and notes are shown escaped ([`super::controls`]).
//!
//! **Fitting the width.** When a width is known ([`width`]: `COLUMNS`, else the terminal's when
//! standard output is one), no line is wider: left-aligned text wraps at spaces (a word is never cut),
//! right-aligned values (numbers, counts with their change) never wrap, and if the columns still do not
//! fit, the least useful are left out (the highest [`super::Column::spare`] first, then the rightmost;
//! never the first) and a line under the table says which. Notes wrap at spaces. Widths count what a
//! terminal shows (`å`, `ä`, `ö` are one column each). With no width (a pipe or a file, `COLUMNS`
//! unset) the table is as wide as its content.

use std::convert::Infallible;
use std::io::{self, IsTerminal, Write};

use anyhow::Result;
use comfy_table::{Cell, CellAlignment, ContentArrangement, LineStyle, Table as Comfy, TableStyle};
use unicode_width::UnicodeWidthStr;

use super::controls::escape_controls;
use super::{Lang, Table, Value, View, shown};

/// The most rows a table shows: a table is for people; past this many, the rest is said in a line and
/// CSV or JSON give them all.
pub const TABLE_ROWS: usize = 2000;

/// What a table's lines cost besides the columns' content: a space of padding on each side of each
/// column, a space between columns and one at each end.
fn chrome(columns: usize) -> usize {
    3 * columns + 1
}

/// The columns' widths within `room`: each as wide as its content (`natural`) if they all fit; else
/// every column at least its `narrowest`, and the room left shared so that the widest are cut to one
/// level (the leftmost getting what does not divide evenly). If not even the narrowest fit, the
/// narrowest.
fn fit(natural: &[usize], narrowest: &[usize], room: usize) -> Vec<usize> {
    let width_at = |level: usize| -> Vec<usize> {
        natural
            .iter()
            .zip(narrowest)
            .map(|(&n, &least)| n.min(level.max(least)))
            .collect()
    };
    if natural.iter().sum::<usize>() <= room {
        return natural.to_vec();
    }
    // The highest level at which the columns fit.
    let (mut low, mut high) = (0, natural.iter().copied().max().unwrap_or(0));
    while low < high {
        let mid = (low + high).div_ceil(2);
        if width_at(mid).iter().sum::<usize>() <= room {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    let mut widths = width_at(low);
    let mut left = room.saturating_sub(widths.iter().sum());
    for (w, &n) in widths.iter_mut().zip(natural) {
        if left > 0 && *w < n {
            *w += 1;
            left -= 1;
        }
    }
    widths
}

/// A text wrapped at spaces into lines at most `width` wide (a longer word is cut).
fn wrap(text: &str, width: usize) -> String {
    let mut lines = Vec::new();
    let mut out = Vec::new();
    let _ = note(&mut out, text, Some(width.max(1)));
    for line in String::from_utf8_lossy(&out).lines() {
        lines.push(line.to_string());
    }
    lines.join("\n")
}

/// The widest a table's line may be: `COLUMNS` when it is set to a positive number; else, when the
/// table goes to standard output and that is a terminal, the terminal's width; else no limit.
pub fn width(to_file: bool) -> Option<usize> {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
    {
        return Some(n);
    }
    if to_file || !io::stdout().is_terminal() {
        return None;
    }
    Comfy::new().width().map(usize::from)
}

/// How wide a text shows in a terminal.
fn shows(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// The widest word of a text (what wrapping at spaces cannot make narrower).
fn widest_word(text: &str) -> usize {
    text.split(' ').map(shows).max().unwrap_or(0)
}

/// Writes the table's display view in the language people read (units, roles and levels by their
/// names: [`Table::for_people`]), at most `width` wide when a width is
/// given; a table's title (a session of `kvu cohorts`) above it.
pub fn write(
    out: &mut dyn Write,
    table: &Table<'_>,
    lang: Lang,
    width: Option<usize>,
) -> Result<()> {
    if let Some(title) = &table.title {
        note(out, &escape_controls(&title.say(lang)), width)?;
    }
    if !(table.hide_empty && table.display_view().len == 0) {
        table.for_people(|view| grid(out, view, lang, width))?;
    }
    for line in &table.notes {
        note(out, &escape_controls(&line.say(lang)), width)?;
    }
    Ok(())
}

/// The view's labels and its first [`TABLE_ROWS`] rows and extra rows, as people read them.
struct Shown {
    labels: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Shown {
    fn new(view: &View<'_>, lang: Lang) -> Shown {
        let labels = view
            .columns
            .iter()
            .map(|c| escape_controls(&c.heading(lang)).into_owned())
            .collect();
        let mut rows: Vec<Vec<String>> = Vec::with_capacity(view.len.min(TABLE_ROWS));
        let mut buffer = String::new();
        let mut shown_row = |values: &[Value<'_>]| -> Vec<String> {
            values
                .iter()
                .zip(&view.columns)
                .map(|(v, c)| shown(v, c, lang, &mut buffer))
                .collect()
        };
        let _ = view.each(TABLE_ROWS, |values| {
            rows.push(shown_row(values));
            Ok::<(), Infallible>(())
        });
        for extra in &view.extra {
            rows.push(shown_row(extra));
        }
        Shown { labels, rows }
    }

    /// The narrowest each column can be: right-aligned values whole, other text down to its widest
    /// word; the header wraps at spaces.
    fn least(&self, view: &View<'_>) -> Vec<usize> {
        (0..self.labels.len())
            .map(|c| {
                let cells = self.rows.iter().map(|r| {
                    if view.columns[c].right {
                        shows(&r[c])
                    } else {
                        widest_word(&r[c])
                    }
                });
                cells
                    .chain([widest_word(&self.labels[c])])
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    }

    /// Each of the columns' widest content (the label's included).
    fn natural(&self, columns: &[usize]) -> Vec<usize> {
        columns
            .iter()
            .map(|&c| {
                self.rows
                    .iter()
                    .map(|r| shows(&r[c]))
                    .chain([shows(&self.labels[c])])
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    }
}

/// The columns shown within `width` (all when there is none), and those left out: the highest
/// [`super::Column::spare`] first, then the rightmost, never the first.
fn fitting_columns(
    view: &View<'_>,
    least: &[usize],
    width: Option<usize>,
) -> (Vec<usize>, Vec<usize>) {
    let mut shown_columns: Vec<usize> = (0..least.len()).collect();
    let mut left_out = Vec::new();
    if let Some(width) = width {
        while shown_columns.len() > 1
            && chrome(shown_columns.len()) + shown_columns.iter().map(|&c| least[c]).sum::<usize>()
                > width
        {
            let (at, _) = shown_columns
                .iter()
                .enumerate()
                .skip(1)
                .max_by_key(|&(at, &c)| (view.columns[c].spare, at))
                .expect("more than one column");
            left_out.push(shown_columns.remove(at));
        }
    }
    (shown_columns, left_out)
}

/// The table's rows and the lines under it: how many rows are not shown, which columns are left out.
fn grid(out: &mut dyn Write, view: &View<'_>, lang: Lang, width: Option<usize>) -> Result<()> {
    let cells = Shown::new(view, lang);
    let least = cells.least(view);
    let (shown_columns, mut left_out) = fitting_columns(view, &least, width);
    let t = comfy(view, &cells, &least, &shown_columns, width);
    print_table(out, &t)?;
    if view.len > TABLE_ROWS {
        note(
            out,
            &super::words::of(lang).more_rows(view.len - TABLE_ROWS),
            width,
        )?;
    }
    if !left_out.is_empty() {
        left_out.sort_unstable();
        let names: Vec<&str> = left_out.iter().map(|&c| cells.labels[c].as_str()).collect();
        note(
            out,
            &super::words::of(lang).left_out(width.unwrap_or_default(), &names.join(", ")),
            width,
        )?;
    }
    Ok(())
}

/// The shown columns laid out: as wide as their content with no width; within a width, each column
/// as wide as its content, or if that is too wide, no narrower than its narrowest and the wide ones
/// cut to one level, each cell wrapped at spaces to it.
fn comfy(
    view: &View<'_>,
    cells: &Shown,
    least: &[usize],
    shown_columns: &[usize],
    width: Option<usize>,
) -> Comfy {
    let mut t = Comfy::new();
    let style = TableStyle::new().header_separator(LineStyle::none().fill('─').junction('─'));
    t.load_style(style).force_no_tty();
    let aligned = |c: usize, cell: Cell| {
        if view.columns[c].right {
            cell.set_alignment(CellAlignment::Right)
        } else {
            cell
        }
    };
    let labels = &cells.labels;
    match width {
        None => {
            t.set_content_arrangement(ContentArrangement::Dynamic);
            t.set_header(shown_columns.iter().map(|&c| labels[c].as_str()));
            for row in &cells.rows {
                t.add_row(
                    shown_columns
                        .iter()
                        .map(|&c| aligned(c, Cell::new(&row[c]))),
                );
            }
        }
        Some(width) => {
            let narrowest: Vec<usize> = shown_columns.iter().map(|&c| least[c]).collect();
            let widths = fit(
                &cells.natural(shown_columns),
                &narrowest,
                width.saturating_sub(chrome(shown_columns.len())),
            );
            t.set_content_arrangement(ContentArrangement::Disabled);
            t.set_header(
                shown_columns
                    .iter()
                    .zip(&widths)
                    .map(|(&c, &w)| wrap(&labels[c], w)),
            );
            for row in &cells.rows {
                t.add_row(
                    shown_columns
                        .iter()
                        .zip(&widths)
                        .map(|(&c, &w)| aligned(c, Cell::new(wrap(&row[c], w)))),
                );
            }
        }
    }
    t
}

/// Prints a table, each line without the padding comfy-table leaves at its end.
fn print_table(out: &mut dyn Write, t: &Comfy) -> io::Result<()> {
    for line in t.lines() {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Prints a line under the table, wrapped at spaces to the width if there is one (a word wider than
/// the width is cut).
fn note(out: &mut dyn Write, text: &str, width: Option<usize>) -> io::Result<()> {
    let Some(width) = width.filter(|&w| shows(text) > w) else {
        return writeln!(out, "{text}");
    };
    let mut line = String::new();
    for word in text.split(' ') {
        let fits = shows(&line) + 1 + shows(word) <= width;
        if !line.is_empty() && !fits {
            writeln!(out, "{line}")?;
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while shows(&line) > width {
            let cut = cut_at(&line, width);
            writeln!(out, "{}", &line[..cut])?;
            line = line[cut..].to_string();
        }
    }
    if !line.is_empty() {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// The byte offset where the first `width` columns of a text end.
fn cut_at(text: &str, width: usize) -> usize {
    let mut shown = 0;
    for (at, c) in text.char_indices() {
        shown += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if shown > width {
            return at.max(c.len_utf8());
        }
    }
    text.len()
}
