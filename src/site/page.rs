//! The site's pages as html: inline CSS and SVG, links only to pages in the same folder and to
//! anchors, nothing fetched; readable on a 360 px phone (nothing wider than the screen: tables scroll in
//! their box, text wraps, each chart is drawn twice, for a page and for a phone, and CSS shows the one
//! that fits, so that chart text is never under 12 px) and printable on A4 with every column (on
//! paper number headings wrap, the trend's figures are shown, and the report and the gaps, the widest
//! tables, go on landscape pages). Every text goes through
//! [`esc`]; the figures also go, as the commands' JSON, into `<script type="application/json"
//! id="kvu-data">`, with every `<` written `\u003c` so that no value can end the element.

use crate::rules::summary::met_percent;
use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;
use std::rc::Rc;

use anyhow::Result;
use jiff::civil::Date;

use super::{Figure, Figures, PRIORITY_ROWS, Standing};
use crate::commands::gaps::Covered;
use crate::commands::report::Figures as Reported;
use crate::commands::trend::Trended;
use crate::output::html::{STYLE, close_page, esc, rows_html, rows_html_in};
use crate::output::words::{Words, hours_text};
use crate::output::{Kind, Lang, View, json};
use crate::plan::Plan;
use crate::rules::priority::Ranked;
use crate::split::SplitUnit;

/// The page that lists every unit (no unit's page can take the name: theirs have no `_`).
pub const ALL_UNITS: &str = "all_units.html";

/// What every page shares.
pub struct Site<'p> {
    pub lang: Lang,
    /// What the pages say, in `lang`.
    pub words: &'static dyn Words,
    pub as_of: Date,
    pub plan: &'p Plan,
    /// Whether there is a unit tree.
    pub tree: bool,
    pub year: i16,
    /// The line at the foot of each page.
    pub footer: &'p str,
}

/// A unit in a page's list of sub-units.
pub struct SubUnit {
    pub unit: SplitUnit,
    /// Its page, if it has one.
    pub file: Option<String>,
    pub standing: Standing,
}

/// One page: the whole organisation (`unit: None`) or a unit.
pub struct Page<'t, 'a> {
    pub unit: Option<&'t SplitUnit>,
    /// The units above it, the root first, each with its page.
    pub crumbs: Vec<(SplitUnit, Option<String>)>,
    pub figures: &'t Figures<'a>,
    /// The unit the listed ones are under, shown above them (index.html's single root).
    pub lead: Option<SubUnit>,
    /// Ranked, most overdue + expired first.
    pub sub_units: Vec<SubUnit>,
}

/// A unit of the list of all units.
pub struct Listed {
    pub unit: SplitUnit,
    pub file: String,
    /// 0 for a root.
    pub depth: usize,
}

/// What the site adds to the pages' style.
const SITE_STYLE: &str = "\
body{overflow-wrap:break-word}
nav.crumbs{font-size:.9rem;margin:0 0 .4rem}
nav.crumbs a{margin-right:0}
.id{color:#666;font-size:.8rem;font-weight:normal;overflow-wrap:anywhere}
p.id{margin:0}
tr.total td{font-weight:600}
.jump a{display:inline-block;margin-right:.8rem}
.chart.narrow{display:none}
@media screen and (max-width:44rem){.chart.wide{display:none}.chart.narrow{display:block;max-width:28rem}body{padding:1rem .75rem}}
@media print{.chart.narrow{display:none}.chart.wide{display:block}th.n{white-space:normal}table{font-size:8pt}th,td{padding:.2rem .3rem}details::details-content{content-visibility:visible}#report,#gaps{page:wide}}
@page wide{size:A4 landscape}
td.bar{width:7rem;padding-right:0}td.bar svg{display:block;width:100%;height:.8rem}
details>summary{cursor:pointer;margin:.4rem 0}
#filter{width:100%;max-width:30rem;font:inherit;padding:.45rem;margin:.3rem 0 .8rem}
ul.units{padding-left:1.1rem;margin:.2rem 0}ul.units li{margin:.15rem 0}
@media print{nav.crumbs,.jump,#filter,#filter-label{display:none}}
";

/// A unit as people read it: its name from the tree, or its id where it has none.
pub fn label(unit: &SplitUnit) -> &str {
    if unit.name.is_empty() {
        &unit.id
    } else {
        &unit.name
    }
}

/// The unit's id, small and grey, after its name (nothing when the name is the id).
fn grey_id(unit: &SplitUnit, element: &str) -> String {
    if label(unit) == unit.id {
        String::new()
    } else {
        format!("<{element} class=\"id\">{}</{element}>", esc(&unit.id))
    }
}

fn organisation(site: &Site) -> String {
    site.plan
        .organisation
        .clone()
        .unwrap_or_else(|| site.words.whole_organisation().to_string())
}

/// Doctype, head, and the header with the breadcrumb, heading and the line under it.
fn open(out: &mut String, site: &Site, title: &str, crumbs: &str, heading: &str, id: &str) {
    let words = site.words;
    let meta = format!("{} · {} {}", site.plan.name, words.as_of(), site.as_of);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{STYLE}{SITE_STYLE}</style>\n</head>\n<body>\n<header>\n{crumbs}<h1>{}</h1>\n{id}<p class=\"meta\">{}</p>\n</header>\n<main>\n",
        words.html_lang(),
        esc(title),
        esc(heading),
        esc(&meta)
    );
}

/// The breadcrumb: the whole organisation, the units above, this page (not a link).
fn crumbs(site: &Site, page: &Page) -> String {
    let words = site.words;
    let mut out = String::from("<nav class=\"crumbs\" aria-label=\"");
    out.push_str(words.you_are_here());
    out.push_str("\">");
    let mut parts = Vec::new();
    let org = esc(&organisation(site)).into_owned();
    parts.push(match page.unit {
        None => format!("<span aria-current=\"page\">{org}</span>"),
        Some(_) => format!("<a href=\"index.html\">{org}</a>"),
    });
    for (unit, file) in &page.crumbs {
        let text = esc(label(unit)).into_owned();
        parts.push(match file {
            Some(f) => format!("<a href=\"{}\">{text}</a>", esc(f)),
            None => text,
        });
    }
    if let Some(unit) = page.unit {
        parts.push(format!(
            "<span aria-current=\"page\">{}</span>",
            esc(label(unit))
        ));
    }
    out.push_str(&parts.join(" › "));
    let _ = writeln!(
        out,
        " · <a href=\"{ALL_UNITS}\">{}</a></nav>",
        words.all_units()
    );
    out
}

/// Writes a unit's page (or `index.html`).
pub fn write(out: &mut dyn Write, site: &Site, page: &Page) -> Result<()> {
    let words = site.words;
    let f = page.figures;
    let heading = match page.unit {
        None => organisation(site),
        Some(u) => label(u).to_string(),
    };
    let title = format!("{heading} – {}", words.title_suffix());
    let mut html = String::new();
    let id = page.unit.map(|u| grey_id(u, "p")).unwrap_or_default();
    open(&mut html, site, &title, &crumbs(site, page), &heading, &id);
    let scope = words.page_scope(page.unit.is_some());
    let _ = writeln!(html, "<p>{}</p>", esc(scope));
    html.push_str("<p class=\"jump\">");
    let mut jumps = vec![
        ("coverage", words.jump_coverage()),
        ("trend", words.jump_trend()),
    ];
    if !page.sub_units.is_empty() {
        jumps.push(("units", words.jump_units()));
    }
    jumps.push(("report", words.jump_delivered()));
    if f.priority.is_some() {
        jumps.push(("gaps", words.jump_gaps()));
    }
    for (id, text) in jumps {
        let _ = write!(html, "<a href=\"#{id}\">{}</a>", esc(text));
    }
    html.push_str("</p>\n");
    coverage(&mut html, site, &f.coverage);
    trend(
        &mut html,
        site,
        &f.trend,
        &required_courses(site, &f.coverage),
    );
    sub_units(&mut html, site, page);
    report(&mut html, site, &f.report, &f.previous);
    if let Some(priority) = &f.priority {
        gaps(&mut html, site, priority, page.unit);
    }
    let unit = page.unit.map_or("", |u| u.id.as_str());
    let _ = writeln!(
        html,
        "<script type=\"application/json\" id=\"kvu-data\">{}</script>",
        island(unit, f)?
    );
    close_page(&mut html, site.footer);
    out.write_all(html.as_bytes())?;
    Ok(())
}

/// The page's figures as JSON: `unit`, then each command's rows with the keys of its CSV (and the
/// JSON renderer's values), `priority` cut at [`PRIORITY_ROWS`] with `priority_total`. Every `<` is
/// written `\u003c`, so that the text cannot end the script element (`</script>`) or open a comment.
pub fn island(unit: &str, f: &Figures) -> Result<String> {
    let mut out = String::from("{\"unit\":");
    out.push_str(&serde_json::to_string(unit)?);
    let mut add = |key: &str, view: &View, limit: usize| -> Result<()> {
        let _ = write!(
            out,
            ",\"{key}\":{}",
            serde_json::to_string(&json::array(view, limit))?
        );
        Ok(())
    };
    add("coverage", &f.coverage.table.data, usize::MAX)?;
    add("trend", &f.trend.table.data, usize::MAX)?;
    add("report", &f.report.table.data, usize::MAX)?;
    add("report_previous", &f.previous.table.data, usize::MAX)?;
    if let Some(p) = &f.priority {
        add("priority", &p.table.data, PRIORITY_ROWS)?;
        let _ = write!(out, ",\"priority_total\":{}", p.values.len());
    }
    out.push('}');
    Ok(out.replace('<', "\\u003c"))
}

/// A chart twice: drawn for a page and for a phone, CSS showing the one that fits the screen (the
/// page's on paper), so that its text is never drawn smaller than 12 px.
fn chart_html(out: &mut String, chart: &crate::output::Chart, lang: Lang) {
    use crate::output::chart::{NARROW, WIDTH};
    for (class, width) in [("wide", WIDTH), ("narrow", NARROW)] {
        let svg = chart.svg_at(lang, width);
        let svg = svg.replacen("class=\"chart\"", &format!("class=\"chart {class}\""), 1);
        let _ = writeln!(out, "{svg}");
    }
}

/// The courses someone in scope is required to take: those of the coverage table.
fn required_courses(site: &Site, coverage: &Figure<std::sync::Arc<Covered>>) -> Vec<String> {
    let courses = &site.plan.courses;
    coverage
        .values
        .totals
        .iter()
        .map(|(c, _)| courses[*c].id.clone())
        .collect()
}

/// The trend chart with a line only for the courses someone in scope is required to take (a course
/// nobody there takes would draw a false 0 % line).
fn required_lines(chart: &crate::output::Chart, courses: &[String]) -> crate::output::Chart {
    let mut chart = chart.clone();
    if let crate::output::Chart::Lines { series, .. } = &mut chart {
        series.retain(|s| courses.contains(&s.name.say(Lang::En)));
    }
    chart
}

fn section(out: &mut String, id: &str, heading: &str) {
    let _ = writeln!(out, "<section id=\"{id}\">\n<h2>{}</h2>", esc(heading));
}

fn note(out: &mut String, text: &str) {
    let _ = writeln!(out, "<p class=\"note\">{}</p>", esc(text));
}

fn coverage(out: &mut String, site: &Site, figure: &Figure<std::sync::Arc<Covered>>) {
    let (lang, words) = (site.lang, site.words);
    let table = &figure.table;
    section(out, "coverage", words.coverage_heading());
    if figure.values.totals.is_empty() {
        note(out, words.nobody_required());
    } else {
        if let Some(chart) = &table.chart {
            chart_html(out, chart, lang);
        }
        rows_html(out, table.display_view(), lang, usize::MAX);
        note(out, &words.coverage_note(site.as_of));
    }
    out.push_str("</section>\n");
}

fn trend(out: &mut String, site: &Site, figure: &Figure<std::rc::Rc<Trended>>, courses: &[String]) {
    let (lang, words) = (site.lang, site.words);
    section(out, "trend", words.trend_heading());
    if let Some(chart) = &figure.table.chart {
        chart_html(out, &required_lines(chart, courses), lang);
    }
    // A month × course table of met shares.
    let t = &*figure.values;
    let courses: Vec<&str> = t
        .courses
        .iter()
        .map(|&c| site.plan.courses[c].id.as_str())
        .collect();
    let months: Vec<(Date, Vec<String>)> = t
        .dates
        .iter()
        .zip(&t.counts)
        .filter(|_| !courses.is_empty())
        .map(|(&date, counts)| {
            let cells = t.courses.iter().map(|&c| {
                let (m, r) = (counts[c].met, counts[c].required);
                match met_percent(m, r) {
                    None => "–".to_string(),
                    Some(p) => format!("{} ({m}/{r})", lang.percent(p)),
                }
            });
            (date, cells.collect())
        })
        .collect();
    let _ = writeln!(
        out,
        "<details><summary>{}</summary>",
        esc(words.trend_figures())
    );
    out.push_str("<div class=\"scroll\"><table>\n<thead><tr>");
    let _ = write!(out, "<th>{}</th>", esc(words.month_heading()));
    for course in &courses {
        let _ = write!(out, "<th class=\"n\">{}</th>", esc(course));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (date, cells) in &months {
        let _ = write!(
            out,
            "<tr><td>{} {}</td>",
            lang.month(date.month()),
            date.year()
        );
        for cell in cells {
            let _ = write!(out, "<td class=\"n\">{}</td>", esc(cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n</details>\n");
    if t.recorded.is_some() {
        note(out, words.trend_recorded_note());
    }
    note(out, words.trend_note());
    out.push_str("</section>\n");
}

fn sub_units(out: &mut String, site: &Site, page: &Page) {
    if page.sub_units.is_empty() {
        return;
    }
    let (lang, words) = (site.lang, site.words);
    let heading = words.sub_units_heading(page.unit.is_none(), site.tree);
    section(out, "units", heading);
    let most = page
        .sub_units
        .iter()
        .map(|s| s.standing.late)
        .max()
        .unwrap_or(0)
        .max(1);
    let _ = writeln!(
        out,
        "<div class=\"scroll\"><table>\n<thead><tr><th>{}</th><th class=\"n\">{}</th><th></th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr></thead>\n<tbody>",
        esc(words.unit()),
        esc(words.overdue_expired()),
        esc(words.people()),
        esc(words.met()),
    );
    if let Some(lead) = &page.lead {
        sub_unit_row(out, lang, lead, None, false);
    }
    for s in &page.sub_units {
        // Two sub-units of one name are told apart by their ids.
        let namesakes = page
            .sub_units
            .iter()
            .filter(|o| label(&o.unit) == label(&s.unit))
            .count();
        sub_unit_row(out, lang, s, Some(most), namesakes > 1);
    }
    out.push_str("</tbody>\n</table></div>\n");
    note(out, words.sub_units_note());
    out.push_str("</section>\n");
}

/// A row of the sub-units' table: its bar scaled to `most`, or none (and in bold) for the unit that
/// the others are under; with its id under its name when `with_id`.
fn sub_unit_row(out: &mut String, lang: Lang, s: &SubUnit, most: Option<u64>, with_id: bool) {
    let text = esc(label(&s.unit)).into_owned();
    let mut name = match &s.file {
        Some(f) => format!("<a href=\"{}\">{text}</a>", esc(f)),
        None => text,
    };
    if with_id {
        name.push_str("<br>");
        name.push_str(&grey_id(&s.unit, "span"));
    }
    let bar = match most {
        Some(most) => format!(
            "<svg viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\"><rect width=\"100\" height=\"10\" fill=\"#f3f3f3\"/><rect width=\"{:.1}\" height=\"10\" fill=\"#D55E00\"/></svg>",
            100.0 * s.standing.late as f64 / most as f64
        ),
        None => String::new(),
    };
    let met = match met_percent(s.standing.met, s.standing.required) {
        None => "–".to_string(),
        Some(p) => lang.percent(p),
    };
    let _ = writeln!(
        out,
        "<tr{}><td>{name}</td><td class=\"n\">{}</td><td class=\"bar\">{bar}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
        if most.is_none() {
            " class=\"total\""
        } else {
            ""
        },
        s.standing.late,
        s.standing.people,
        esc(&met)
    );
}

fn report(
    out: &mut String,
    site: &Site,
    current: &Figure<Rc<Reported>>,
    previous: &Figure<Rc<Reported>>,
) {
    let (lang, words) = (site.lang, site.words);
    let (year, before) = (site.year, site.year - 1);
    let up_to = crate::date::Period::year(year).up_to(site.as_of);
    section(out, "report", &words.report_heading(year, before, up_to));
    if let Some(chart) = &current.table.chart {
        chart_html(out, chart, lang);
    }
    out.push_str("<div class=\"scroll\"><table>\n<thead><tr>");
    for label in ["Course", "Name"] {
        let _ = write!(out, "<th>{}</th>", esc(&lang.heading(label, Kind::Text)));
    }
    use crate::output::{Figure as Of, Note};
    for figure in [Of::Participants, Of::Completions, Of::Sessions, Of::Hours] {
        let _ = write!(
            out,
            "<th class=\"n\">{}</th><th class=\"n\">{}</th>",
            esc(&Note::YearFigure(figure, year).say(lang)),
            esc(&Note::YearFigure(figure, before).say(lang))
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    // Per plan course, then the total.
    let (now, then) = (current.values.delivered(), previous.values.delivered());
    let courses = &site.plan.courses;
    for (c, (a, b)) in now.iter().zip(then).enumerate() {
        let total = c == courses.len();
        out.push_str(if total {
            "<tr class=\"total\">"
        } else {
            "<tr>"
        });
        let (id, name) = match courses.get(c) {
            Some(course) => (Cow::from(course.id.as_str()), course.name.as_str()),
            None => (lang.heading("TOTAL", Kind::Text), ""),
        };
        let _ = write!(out, "<td>{}</td><td>{}</td>", esc(&id), esc(name));
        for (x, y) in [
            (a.participants, b.participants),
            (a.completions, b.completions),
            (a.sessions, b.sessions),
        ] {
            let _ = write!(out, "<td class=\"n\">{x}</td><td class=\"n\">{y}</td>");
        }
        for h in [a.hours, b.hours] {
            let text = lang.number(hours_text(h));
            let _ = write!(out, "<td class=\"n\">{}</td>", esc(&text));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
    note(out, words.report_note());
    out.push_str("</section>\n");
}

fn gaps(out: &mut String, site: &Site, figure: &Figure<Rc<Vec<Ranked>>>, unit: Option<&SplitUnit>) {
    let (lang, words) = (site.lang, site.words);
    let table = &figure.table;
    section(out, "gaps", words.gaps_heading());
    let total = figure.values.len();
    if total == 0 {
        note(out, words.no_gaps_on_page());
        out.push_str("</section>\n");
        return;
    }
    let command = match unit {
        Some(u) => format!("kvu priority --unit {}", u.id),
        None => "kvu priority".to_string(),
    };
    let shown = (total > PRIORITY_ROWS).then_some(PRIORITY_ROWS);
    note(out, &words.gaps_listed(total, shown, &command));
    table.for_people(|view| rows_html_in(out, view, lang, PRIORITY_ROWS, &people_first(view)));
    out.push_str("</section>\n");
}

/// The gaps' columns for a reader on a phone: whose gap and what it is first (name, status, course,
/// due, how late), the rank and its reasons last.
fn people_first(view: &View) -> Vec<usize> {
    let first = [
        "Name", "Status", "Course", "Due", "How late", "Role", "Unit", "Unit id", "Employee",
    ];
    let mut order: Vec<usize> = first
        .iter()
        .filter_map(|k| view.columns.iter().position(|c| c.key == *k))
        .collect();
    let rest: Vec<usize> = (0..view.columns.len())
        .filter(|k| !order.contains(k))
        .collect();
    order.extend(rest);
    order
}

/// Writes the list of every unit: nested as the tree is, with a filter box that a small inline
/// script shows and runs; without JavaScript the box stays hidden and the list is a plain list.
pub fn write_list(out: &mut dyn Write, site: &Site, list: &[Listed]) -> Result<()> {
    let words = site.words;
    let heading = words.all_units();
    let mut html = String::new();
    let crumbs = format!(
        "<nav class=\"crumbs\" aria-label=\"{}\"><a href=\"index.html\">{}</a> › <span aria-current=\"page\">{}</span></nav>\n",
        words.you_are_here(),
        esc(&organisation(site)),
        heading
    );
    open(&mut html, site, heading, &crumbs, heading, "");
    let _ = writeln!(
        html,
        "<p><label id=\"filter-label\" for=\"filter\" hidden>{}</label><br><input id=\"filter\" type=\"search\" autocomplete=\"off\" hidden placeholder=\"{}\"></p>\n<p class=\"note\" id=\"shown\">{} {}</p>",
        esc(words.find_a_unit()),
        esc(words.filter_placeholder()),
        list.len(),
        esc(words.units())
    );
    let mut depth = 0;
    html.push_str("<ul class=\"units\">\n");
    for (i, item) in list.iter().enumerate() {
        if i > 0 {
            if item.depth > depth {
                html.push_str("\n<ul>\n");
            } else {
                html.push_str("</li>\n");
                for _ in item.depth..depth {
                    html.push_str("</ul></li>\n");
                }
            }
        }
        depth = item.depth;
        let _ = write!(
            html,
            "<li><a href=\"{}\">{}</a> {}",
            esc(&item.file),
            esc(label(&item.unit)),
            grey_id(&item.unit, "span")
        );
    }
    if !list.is_empty() {
        html.push_str("</li>\n");
        for _ in 0..depth {
            html.push_str("</ul></li>\n");
        }
    }
    html.push_str("</ul>\n");
    let _ = writeln!(html, "<script>{}</script>", filter_script(words));
    close_page(&mut html, site.footer);
    out.write_all(html.as_bytes())?;
    Ok(())
}

/// Shows the filter box and hides the units whose name and id do not match (a unit stays when one
/// below it matches).
fn filter_script(words: &dyn Words) -> String {
    format!(
        "(function(){{var box=document.getElementById('filter'),label=document.getElementById('filter-label'),shown=document.getElementById('shown');\
box.hidden=false;label.hidden=false;\
var items=Array.prototype.slice.call(document.querySelectorAll('ul.units li')).reverse();\
function run(){{var q=box.value.trim().toLowerCase(),n=0;\
items.forEach(function(li){{var id=li.querySelector(':scope>.id'),own=(li.firstElementChild.textContent+' '+(id?id.textContent:'')).toLowerCase().indexOf(q)>=0;\
var below=li.querySelector(':scope>ul>li:not([hidden])')!==null;li.hidden=!(own||below);if(own)n++;}});\
shown.textContent=(q?n+' {}':items.length+' {}');}}\
box.addEventListener('input',run);run();}})();",
        words.units_match(),
        words.units()
    )
}
