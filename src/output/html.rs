//! html for people: one self-contained page (inline CSS and SVG, no scripts, fonts or anything else
//! fetched), with a title saying what it shows, for which scope and as of when, each table's chart
//! where it has one, and the table people read (its display view, units, roles and levels by their
//! names: [`super::Table::for_people`]). Readable on a phone (the table
//! scrolls sideways in its box) and printable on A4. Every text goes through [`esc`], the one place
//! that escapes for html.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;

use anyhow::Result;

use super::words::{self, Frame};
use super::{Lang, Meta, Table, Value, View, escape_controls, shown};

/// The most rows of a table a page shows; the rest is said in a line (CSV, JSON and xlsx give all).
pub const PAGE_ROWS: usize = 10_000;

/// Text made safe for html (element content and quoted attribute values), control characters shown
/// escaped as everywhere people read.
pub fn esc(text: &str) -> Cow<'_, str> {
    let text = escape_controls(text);
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The page's style: plain, printable, readable on a 360 px phone.
pub const STYLE: &str = "\
:root{color-scheme:light;--ink:#1a1a1a;--line:#d0d0d0;--soft:#f3f3f3}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink);margin:0 auto;max-width:72rem;padding:1rem}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .4rem}
.meta{color:#444;margin:.2rem 0 1rem}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid var(--line)}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:.3rem .5rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:var(--soft);position:sticky;top:0}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.w{white-space:nowrap}
tfoot td{font-weight:600;border-top:2px solid var(--ink)}
.chart{max-width:44rem;display:block;margin:.5rem 0 1rem}
.note{color:#333}
footer{margin-top:2rem;color:#555;font-size:.8rem;word-break:break-all}
nav a{margin-right:.6rem}
@media print{@page{size:A4;margin:14mm}body{max-width:none;padding:0;font-size:10pt}.scroll{overflow:visible;border:0}th{position:static}section{break-inside:auto}tr{break-inside:avoid}a{color:inherit;text-decoration:none}}
";

/// Opens a page: doctype, head with the title and style, and the heading.
pub fn open_page(out: &mut String, lang: Lang, title: &str, heading: &str, meta_line: &str) {
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n<p class=\"meta\">{}</p>\n</header>\n<main>\n",
        words::of(lang).html_lang(),
        esc(title),
        esc(heading),
        esc(meta_line)
    );
}

/// The line at the foot of a page: kvu's version, the as-of date, each input by its file name with
/// its data rows, and the command line, every path in it by its file name only (the page may be
/// published, and the server's folders are nobody's business: [`super::file_name_only`]).
pub fn footer(meta: &Meta, lang: Lang) -> String {
    let mut parts = vec![format!("kvu {}", env!("CARGO_PKG_VERSION"))];
    if let Some(d) = meta.as_of {
        parts.push(format!("{} {d}", words::of(lang).frame(Frame::AsOf)));
    }
    for (_, file, rows) in &meta.inputs {
        parts.push(match rows {
            Some(n) => format!("{file}: {}", words::of(lang).data_rows(*n)),
            None => file.clone(),
        });
    }
    parts.push(meta.command_line.clone());
    parts.join(" · ")
}

/// Closes a page, with kvu's version, the inputs and the command line in the footer.
pub fn close_page(out: &mut String, footer: &str) {
    let _ = write!(
        out,
        "</main>\n<footer>{}</footer>\n</body>\n</html>\n",
        esc(footer)
    );
}

/// The line under the heading: the scope, the plan and the date.
pub fn meta_line(meta: &Meta, lang: Lang) -> String {
    let mut parts = Vec::new();
    if !meta.scope.is_empty() {
        parts.push(meta.scope.clone());
    }
    if !meta.plan.is_empty() {
        parts.push(format!("plan {}", meta.plan));
    }
    if let Some(d) = meta.as_of {
        parts.push(format!("{} {d}", words::of(lang).frame(Frame::AsOf)));
    }
    parts.join(" · ")
}

/// A table (the display view, or the data view when there is none) as an html table, and a line
/// saying how many rows are left out past `limit`.
pub fn table_html(out: &mut String, view: &View<'_>, lang: Lang, limit: usize) {
    rows_html(out, view, lang, limit);
    if view.len > limit {
        let _ = writeln!(
            out,
            "<p class=\"note\">{}</p>",
            esc(&words::of(lang).more_rows_html(view.len - limit))
        );
    }
}

/// The first `limit` rows of a view as an html table, nothing said of the rest.
pub fn rows_html(out: &mut String, view: &View<'_>, lang: Lang, limit: usize) {
    let order: Vec<usize> = (0..view.columns.len()).collect();
    rows_html_in(out, view, lang, limit, &order);
}

/// Like [`rows_html`], the columns in the `order` given (indices of the view's columns).
pub fn rows_html_in(out: &mut String, view: &View<'_>, lang: Lang, limit: usize, order: &[usize]) {
    out.push_str("<div class=\"scroll\"><table>\n<thead><tr>");
    for c in order.iter().map(|&k| &view.columns[k]) {
        let class = if c.right { " class=\"n\"" } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", esc(&c.heading(lang)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let mut buffer = String::new();
    let row = |out: &mut String, values: &[Value<'_>], buffer: &mut String| {
        out.push_str("<tr>");
        for (c, v) in order.iter().map(|&k| (&view.columns[k], &values[k])) {
            let text = shown(v, c, lang, buffer);
            // A short word (an id such as `kvu-webb`) is not broken at its hyphen.
            let class = if c.right {
                " class=\"n\""
            } else if text.chars().count() <= 24 && !text.contains(char::is_whitespace) {
                " class=\"w\""
            } else {
                ""
            };
            let _ = write!(out, "<td{class}>{}</td>", esc(&text));
        }
        out.push_str("</tr>\n");
    };
    let _ = view.each(limit, |values| {
        row(out, values, &mut buffer);
        Ok::<(), std::convert::Infallible>(())
    });
    out.push_str("</tbody>\n");
    if !view.extra.is_empty() {
        out.push_str("<tfoot>\n");
        for extra in &view.extra {
            row(out, extra, &mut buffer);
        }
        out.push_str("</tfoot>\n");
    }
    out.push_str("</table></div>\n");
}

/// Writes the tables as one page.
pub fn write(out: &mut dyn Write, tables: &[Table<'_>], lang: Lang, meta: &Meta) -> Result<()> {
    let mut page = String::new();
    let line = meta_line(meta, lang);
    let title = if line.is_empty() {
        meta.what.clone()
    } else {
        format!("{} – {line}", meta.what)
    };
    open_page(&mut page, lang, &title, &meta.what, &line);
    for table in tables {
        page.push_str("<section>\n");
        if let Some(t) = &table.title {
            let _ = writeln!(page, "<h2>{}</h2>", esc(&t.say(lang)));
        }
        if let Some(chart) = &table.chart {
            page.push_str(&chart.svg(lang));
            page.push('\n');
        }
        if !(table.hide_empty && table.display_view().len == 0) {
            table.for_people(|view| table_html(&mut page, view, lang, PAGE_ROWS));
        }
        for note in &table.notes {
            let _ = writeln!(page, "<p class=\"note\">{}</p>", esc(&note.say(lang)));
        }
        page.push_str("</section>\n");
        // Written as it goes, so that a long table is not held twice.
        out.write_all(page.as_bytes())?;
        page.clear();
    }
    close_page(&mut page, &footer(meta, lang));
    out.write_all(page.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_control_characters_in_one_place() {
        assert_eq!(esc("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
        assert_eq!(esc("Ward\u{1b}[31m"), "Ward\\x1b[31m");
        assert_eq!(esc("Åsa Öberg"), "Åsa Öberg");
    }
}
