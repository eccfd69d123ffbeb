//! Small charts for html pages, as inline SVG written by hand (a few bars and lines need no plotting
//! library). Colours are the Okabe–Ito palette, which colour-blind readers tell apart; lines also differ
//! by dash and marker and bars carry their numbers, so that a page printed in black and white still
//! reads. Text is escaped in one place ([`super::html::esc`]).

use std::fmt::Write as _;

use super::html::esc;
use super::{Lang, Note};

/// One named row of numbers: a state's counts per course, a course's share per month.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: Note,
    pub values: Vec<f64>,
}

/// A series with its name in words, as drawn.
struct Said<'a> {
    name: String,
    values: &'a [f64],
}

/// The series' names and the labels in the words of `lang`.
fn said<'a>(series: &'a [Series], labels: &[Note], lang: Lang) -> (Vec<Said<'a>>, Vec<String>) {
    let series = series
        .iter()
        .map(|s| Said {
            name: s.name.say(lang),
            values: &s.values,
        })
        .collect();
    (series, labels.iter().map(|l| l.say(lang)).collect())
}

impl Series {
    pub fn new(name: impl Into<Note>, values: Vec<f64>) -> Series {
        Series {
            name: name.into(),
            values,
        }
    }
}

/// A chart of a table's figures.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// One bar per category, split into parts (`parts[p].values[c]`): states per course.
    Stacked {
        title: Note,
        categories: Vec<Note>,
        parts: Vec<Series>,
    },
    /// Per category one bar per series side by side: this year and the year before.
    Bars {
        title: Note,
        categories: Vec<Note>,
        series: Vec<Series>,
    },
    /// A line per series over the points (months); `percent`: the scale is 0–100 %. `recorded`
    /// (empty, or one per point): which points were recorded (`--history`); then a line is solid
    /// between recorded points and dashed elsewhere, instead of each line's own dash.
    Lines {
        title: Note,
        points: Vec<Note>,
        series: Vec<Series>,
        percent: bool,
        recorded: Vec<bool>,
    },
}

/// Okabe–Ito: blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow, black.
pub const COLOURS: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
];

/// Dashes for lines, so that they differ without colour.
const DASHES: [&str; 4] = ["", "6 3", "2 3", "8 3 2 3"];

fn colour(i: usize) -> &'static str {
    COLOURS[i % COLOURS.len()]
}

/// A number as printed next to a shape.
fn num(v: f64, lang: Lang) -> String {
    let rounded = (v * 10.0).round() / 10.0;
    lang.number(format!("{rounded}"))
}

impl Chart {
    /// The chart as an SVG element (scales to its container's width), drawn [`WIDTH`] wide.
    pub fn svg(&self, lang: Lang) -> String {
        self.svg_at(lang, WIDTH)
    }

    /// The chart drawn for a frame `width` units wide, its text 12 units high: at [`NARROW`] a
    /// phone's 360 px screen shows it at full size (labels above bars, fewer month labels, the lines'
    /// end values without their names, which the legend gives).
    pub fn svg_at(&self, lang: Lang, width: f64) -> String {
        match self {
            Chart::Stacked {
                title,
                categories,
                parts,
            } => {
                let (parts, categories) = said(parts, categories, lang);
                stacked(&title.say(lang), &categories, &parts, lang, width)
            }
            Chart::Bars {
                title,
                categories,
                series,
            } => {
                let (series, categories) = said(series, categories, lang);
                bars(&title.say(lang), &categories, &series, lang, width)
            }
            Chart::Lines {
                title,
                points,
                series,
                percent,
                recorded,
            } => {
                let (series, points) = said(series, points, lang);
                let shape = Shape {
                    percent: *percent,
                    recorded,
                    width,
                };
                lines(&title.say(lang), &points, &series, &shape, lang)
            }
        }
    }
}

/// The width charts are drawn for on a page (user units; text is 12).
pub const WIDTH: f64 = 640.0;
/// The width charts are drawn for on a phone: a 360 px screen less the page's margins.
pub const NARROW: f64 = 320.0;
const LABEL: f64 = 130.0;
const ROW: f64 = 22.0;
/// Below this width a category's label goes above its bar, not beside it.
const BESIDE: f64 = 480.0;
/// The height of a line of chart text, with room between lines.
const LINE: f64 = 14.0;

fn open_svg(out: &mut String, width: f64, height: f64, title: &str) {
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12"><title>{t}</title>"#,
        t = esc(title)
    );
}

/// The legend's height: its entries in rows as wide as the chart.
fn legend_height(names: &[&str], width: f64) -> f64 {
    legend(&mut String::new(), names, width, |_, _, _, _| {})
}

/// Draws the legend from the top, each entry whole, a new row where the next would not fit; its
/// height.
fn legend(
    out: &mut String,
    names: &[&str],
    chart_width: f64,
    swatch: impl Fn(&mut String, usize, f64, f64),
) -> f64 {
    let (mut x, mut y) = (0.0, 0.0);
    for (i, name) in names.iter().enumerate() {
        let width = 28.0 + 7.0 * name.chars().count() as f64;
        if x > 0.0 && x + width > chart_width {
            (x, y) = (0.0, y + 18.0);
        }
        swatch(out, i, x, y);
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
            x + 18.0,
            y + 10.0,
            esc(name)
        );
        x += width;
    }
    if names.is_empty() { 0.0 } else { y + 18.0 }
}

/// A legend's coloured box for bar charts.
fn box_swatch(out: &mut String, i: usize, x: f64, y: f64) {
    let _ = write!(
        out,
        r##"<rect x="{x:.1}" y="{y:.1}" width="12" height="12" fill="{}" stroke="#000" stroke-width="0.5"/>"##,
        colour(i)
    );
}

/// Where a category's label and bar go: beside each other on a wide chart, the label above the bar
/// on a narrow one.
struct Rows {
    beside: bool,
    /// Where bars start.
    x0: f64,
    /// The longest bar (room for its number after it).
    bar: f64,
    /// Where the first row starts, below the legend.
    top: f64,
}

impl Rows {
    fn new(width: f64, legend: f64) -> Rows {
        let beside = width >= BESIDE;
        let x0 = if beside { LABEL } else { 0.0 };
        Rows {
            beside,
            x0,
            bar: width - x0 - 60.0,
            top: legend + 6.0,
        }
    }

    /// The label of the category whose row starts at `y`; where its bars start (`y`).
    fn label(&self, out: &mut String, y: f64, text: &str) -> f64 {
        if self.beside {
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
                LABEL - 6.0,
                y + 12.0,
                esc(text)
            );
            y
        } else {
            let _ = write!(
                out,
                r#"<text x="0" y="{:.1}">{}</text>"#,
                y + 11.0,
                esc(text)
            );
            y + LINE + 2.0
        }
    }

    /// The height of a row whose bars take `bars`.
    fn height(&self, bars: f64) -> f64 {
        if self.beside { bars } else { bars + LINE + 2.0 }
    }
}

fn stacked(title: &str, categories: &[String], parts: &[Said], lang: Lang, width: f64) -> String {
    let names: Vec<String> = parts
        .iter()
        .map(|p| lang.state(&p.name).into_owned())
        .collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let rows = Rows::new(width, legend_height(&refs, width));
    let row = rows.height(ROW);
    let height = rows.top + row * categories.len() as f64 + 8.0;
    let mut out = String::new();
    open_svg(&mut out, width, height, title);
    legend(&mut out, &refs, width, box_swatch);
    let total = |c: usize| parts.iter().map(|p: &Said| p.values[c]).sum::<f64>();
    let bar = rows.bar;
    for (c, category) in categories.iter().enumerate() {
        let y = rows.label(&mut out, rows.top + row * c as f64, category);
        let sum = total(c);
        let mut x = rows.x0;
        for (p, part) in parts.iter().enumerate() {
            let v = part.values[c];
            if v <= 0.0 || sum <= 0.0 {
                continue;
            }
            let w = bar * v / sum;
            let _ = write!(
                out,
                r##"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="16" fill="{}" stroke="#fff" stroke-width="1"><title>{}: {}</title></rect>"##,
                colour(p),
                esc(&names[p]),
                num(v, lang)
            );
            if w >= 8.0 * num(v, lang).chars().count() as f64 + 6.0 {
                let ink = if matches!(colour(p), "#F0E442" | "#E69F00" | "#56B4E9") {
                    "#000"
                } else {
                    "#fff"
                };
                let _ = write!(
                    out,
                    r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="{ink}">{}</text>"#,
                    x + w / 2.0,
                    y + 12.0,
                    num(v, lang)
                );
            }
            x += w;
        }
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
            rows.x0 + bar + 6.0,
            y + 13.0,
            num(sum, lang)
        );
    }
    out.push_str("</svg>");
    out
}

fn bars(title: &str, categories: &[String], series: &[Said], lang: Lang, width: f64) -> String {
    let refs: Vec<&str> = series.iter().map(|s| s.name.as_str()).collect();
    let rows = Rows::new(width, legend_height(&refs, width));
    let per = rows.height(ROW * series.len().max(1) as f64 * 0.8 + 8.0);
    let height = rows.top + per * categories.len() as f64;
    let mut out = String::new();
    open_svg(&mut out, width, height, title);
    legend(&mut out, &refs, width, box_swatch);
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .fold(0.0_f64, f64::max);
    let bar = rows.bar;
    let h = ROW * 0.8 - 3.0;
    for (c, category) in categories.iter().enumerate() {
        let y0 = rows.label(&mut out, rows.top + per * c as f64, category);
        for (s, one) in series.iter().enumerate() {
            let v = one.values[c];
            let y = y0 + ROW * 0.8 * s as f64;
            let w = if max > 0.0 { bar * v / max } else { 0.0 };
            let _ = write!(
                out,
                r##"<rect x="{:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{}" stroke="#000" stroke-width="0.5"><title>{}: {}</title></rect><text x="{:.1}" y="{:.1}">{}</text>"##,
                rows.x0,
                colour(s),
                esc(&one.name),
                num(v, lang),
                rows.x0 + w + 4.0,
                y + h - 3.0,
                num(v, lang)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// The y of each series' end label (its baseline), in the series' order: beside its line's end, moved
/// apart where lines end close together (a line of text at least) and kept between `top` and
/// `bottom`, so that no two overlap and none reaches the month axis below.
fn end_labels(ends: &[f64], top: f64, bottom: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..ends.len()).collect();
    order.sort_by(|&a, &b| ends[a].total_cmp(&ends[b]).then(a.cmp(&b)));
    let mut ys: Vec<f64> = order.iter().map(|&s| ends[s].clamp(top, bottom)).collect();
    for i in 1..ys.len() {
        ys[i] = ys[i].max(ys[i - 1] + LINE);
    }
    if let Some(last) = ys.last_mut() {
        *last = last.min(bottom);
    }
    for i in (0..ys.len().saturating_sub(1)).rev() {
        ys[i] = ys[i].min(ys[i + 1] - LINE);
    }
    let mut out = vec![0.0; ends.len()];
    for (k, &s) in order.iter().enumerate() {
        out[s] = ys[k];
    }
    out
}

/// The points' labels under a plot `plot_w` wide, at `y`: as many as fit side by side, every `step`
/// points and the last, none too close to the last.
fn month_labels(
    out: &mut String,
    points: &[String],
    plot_w: f64,
    y: f64,
    x_of: impl Fn(usize) -> f64,
) {
    let widest = points.iter().map(|p| p.chars().count()).max().unwrap_or(0);
    let fit = (plot_w / (7.0 * widest as f64 + 12.0)).floor().max(1.0) as usize;
    let step = points.len().div_ceil(fit).max(1);
    for (i, p) in points.iter().enumerate() {
        let last = i + 1 == points.len();
        if last || (i % step == 0 && points.len() - 1 - i >= step.max(2)) {
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{y:.1}" text-anchor="middle">{}</text>"#,
                x_of(i),
                esc(p)
            );
        }
    }
}

/// How a line chart is drawn: its scale, which points were recorded, its width.
struct Shape<'r> {
    percent: bool,
    recorded: &'r [bool],
    width: f64,
}

/// The dash of derived stretches of a line where some points were recorded.
const DERIVED: &str = "5 4";

/// A series' line: one polyline with the series' dash, or (some points recorded) one per stretch,
/// solid between recorded points, dashed elsewhere.
fn polylines(out: &mut String, s: usize, xy: &[String], recorded: &[bool], name: &str) {
    let mut line = |from: usize, to: usize, dash: &str, class: &str| {
        let class = if class.is_empty() {
            String::new()
        } else {
            format!(r#" class="{class}""#)
        };
        let _ = write!(
            out,
            r#"<polyline{class} fill="none" stroke="{}" stroke-width="2.5" stroke-dasharray="{dash}" points="{}"><title>{}</title></polyline>"#,
            colour(s),
            xy[from..=to].join(" "),
            esc(name)
        );
    };
    if recorded.len() != xy.len() || xy.len() < 2 {
        if !xy.is_empty() {
            line(0, xy.len() - 1, DASHES[s % DASHES.len()], "");
        }
        return;
    }
    let solid = |i: usize| recorded[i] && recorded[i + 1];
    let mut start = 0;
    for i in 1..xy.len() - 1 {
        if solid(i) != solid(start) {
            line(
                start,
                i,
                if solid(start) { "" } else { DERIVED },
                kind(solid(start)),
            );
            start = i;
        }
    }
    let last = solid(start);
    line(
        start,
        xy.len() - 1,
        if last { "" } else { DERIVED },
        kind(last),
    );
}

fn kind(solid: bool) -> &'static str {
    if solid { "recorded" } else { "derived" }
}

fn lines(title: &str, points: &[String], series: &[Said], shape: &Shape, lang: Lang) -> String {
    let (percent, width) = (shape.percent, shape.width);
    let history = !shape.recorded.is_empty();
    // On a narrow chart the end labels give the value only; the legend names the lines.
    let named = width >= BESIDE;
    let refs: Vec<&str> = series.iter().map(|s| s.name.as_str()).collect();
    let top = legend_height(&refs, width) + 10.0;
    let (left, right) = (44.0, if named { 130.0 } else { 48.0 });
    let plot_h = (LINE * series.len() as f64).max(if named { 180.0 } else { 160.0 });
    let height = top + plot_h + 26.0;
    let mut out = String::new();
    open_svg(&mut out, width, height, title);
    legend(&mut out, &refs, width, |out, i, x, y| {
        let _ = write!(
            out,
            r#"<line x1="{x:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{}" stroke-width="2.5" stroke-dasharray="{}"/>"#,
            y + 6.0,
            x + 14.0,
            y + 6.0,
            colour(i),
            if history {
                ""
            } else {
                DASHES[i % DASHES.len()]
            }
        );
    });
    let max = if percent {
        100.0
    } else {
        series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .fold(0.0_f64, f64::max)
            .max(1.0)
    };
    let plot_w = width - left - right;
    let x_of = |i: usize| {
        if points.len() <= 1 {
            left + plot_w / 2.0
        } else {
            left + plot_w * i as f64 / (points.len() - 1) as f64
        }
    };
    let y_of = |v: f64| top + plot_h - plot_h * (v / max).clamp(0.0, 1.0);
    for k in 0..=4 {
        let v = max * f64::from(k) / 4.0;
        let y = y_of(v);
        let label = if percent {
            lang.percent(v)
        } else {
            num(v, lang)
        };
        let _ = write!(
            out,
            r##"<line x1="{left}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#ccc"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            left + plot_w,
            left - 4.0,
            y + 4.0,
            esc(&label)
        );
    }
    month_labels(&mut out, points, plot_w, top + plot_h + 20.0, x_of);
    let ends: Vec<f64> = series
        .iter()
        .map(|one| one.values.last().map_or(top, |&v| y_of(v) + 4.0))
        .collect();
    let label_y = end_labels(&ends, top + 4.0, top + plot_h + 4.0);
    for (s, one) in series.iter().enumerate() {
        let path: Vec<String> = one
            .values
            .iter()
            .enumerate()
            .map(|(i, &v)| format!("{:.1},{:.1}", x_of(i), y_of(v)))
            .collect();
        polylines(&mut out, s, &path, shape.recorded, &one.name);
        // A recorded point is a dot too, so that one between derived months shows.
        for (i, &v) in one.values.iter().enumerate() {
            if shape.recorded.get(i) == Some(&true) {
                let _ = write!(
                    out,
                    r#"<circle class="recorded" cx="{:.1}" cy="{:.1}" r="2.5" fill="{}"/>"#,
                    x_of(i),
                    y_of(v),
                    colour(s)
                );
            }
        }
        if let Some(&last) = one.values.last() {
            let value = if percent {
                lang.percent(last)
            } else {
                num(last, lang)
            };
            let label = if named {
                format!("{value} {}", one.name)
            } else {
                value
            };
            let _ = write!(
                out,
                r##"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{c}"/><text x="{:.1}" y="{:.1}" fill="#000">{}</text>"##,
                x_of(one.values.len() - 1),
                y_of(last),
                x_of(one.values.len() - 1) + 6.0,
                label_y[s],
                esc(&label),
                c = colour(s)
            );
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_lines_are_solid_between_recorded_points_and_dashed_elsewhere() {
        let chart = |recorded: Vec<bool>| Chart::Lines {
            title: "t".into(),
            points: (1..=5)
                .map(|m| Note::Month(jiff::civil::date(2026, m, 28)))
                .collect(),
            series: vec![Series::new("a", vec![10.0, 20.0, 30.0, 40.0, 50.0])],
            percent: true,
            recorded,
        };
        // Recorded: months 1, 2 and 4. Solid 1–2; dashed 2–4 (3 was derived) and 4–5.
        let svg = chart(vec![true, true, false, true, false]).svg(Lang::En);
        let lines: Vec<&str> = svg.split("<polyline").skip(1).collect();
        assert_eq!(lines.len(), 2, "{svg}");
        assert!(
            lines[0].starts_with(r#" class="recorded""#)
                && lines[0].contains(r#"stroke-dasharray="""#)
        );
        assert!(
            lines[1].starts_with(r#" class="derived""#)
                && lines[1].contains(r#"stroke-dasharray="5 4""#)
        );
        // Each stretch starts where the one before ends: the line is unbroken.
        let ends = |l: &str| {
            let pts = l
                .split("points=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string();
            pts.split(' ').map(str::to_string).collect::<Vec<_>>()
        };
        assert_eq!(ends(lines[0]).len(), 2);
        assert_eq!(ends(lines[1]).len(), 4);
        assert_eq!(ends(lines[0]).last(), ends(lines[1]).first());
        assert_eq!(svg.matches(r#"<circle class="recorded""#).count(), 3);
        // Without --history, one line with its own dash, as before.
        let plain = chart(Vec::new()).svg(Lang::En);
        assert_eq!(plain.matches("<polyline fill=").count(), 1);
        assert!(!plain.contains("class=\"recorded\""));
    }

    #[test]
    fn chart_bars_carry_their_numbers_and_escape_their_text() {
        let chart = Chart::Stacked {
            title: "A <b> & c".into(),
            categories: vec!["kvu-webb".into()],
            parts: vec![
                Series::new("met", vec![58.0]),
                Series::new("overdue", vec![14.0]),
            ],
        };
        let svg = chart.svg(Lang::Sv);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("A &lt;b&gt; &amp; c"));
        assert!(svg.contains(">58<") && svg.contains(">14<") && svg.contains(">72<"));
        assert!(
            svg.contains("försenad"),
            "state names in the run's language"
        );
    }

    #[test]
    fn chart_lines_differ_by_dash_and_label_their_last_value() {
        let chart = Chart::Lines {
            title: "Trend".into(),
            points: vec!["Jan".into(), "Feb".into()],
            series: vec![
                Series::new("kvu-webb", vec![50.0, 75.0]),
                Series::new("kvu-chef", vec![10.0, 20.0]),
            ],
            percent: true,
            recorded: Vec::new(),
        };
        let svg = chart.svg(Lang::En);
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(svg.contains(r#"stroke-dasharray="6 3""#));
        assert!(svg.contains("75% kvu-webb") && svg.contains("20% kvu-chef"));
    }

    /// Each text element's x and y, and its text.
    fn texts(svg: &str) -> Vec<(f64, f64, String)> {
        let attr = |tag: &str, name: &str| -> f64 {
            let at = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
        };
        svg.split("<text")
            .skip(1)
            .map(|t| {
                let tag = &t[..t.find('>').unwrap()];
                let text = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
                (attr(tag, "x"), attr(tag, "y"), text.to_string())
            })
            .collect()
    }

    #[test]
    fn chart_end_labels_never_overlap_each_other_or_the_month_axis() {
        // Twenty lines all ending at 0 %: the labels stack upwards from the axis, a line apart.
        let points: Vec<Note> = (1..=24).map(|m| format!("M{m}").into()).collect();
        let series: Vec<Series> = (0..20)
            .map(|s| Series::new(format!("c{s}"), vec![0.0; 24]))
            .collect();
        let chart = Chart::Lines {
            title: "Trend".into(),
            points,
            series,
            percent: true,
            recorded: Vec::new(),
        };
        for width in [WIDTH, NARROW] {
            let svg = chart.svg_at(Lang::En, width);
            let all = texts(&svg);
            let axis = all
                .iter()
                .filter(|t| t.2 == "M24")
                .map(|t| t.1)
                .next()
                .unwrap();
            let mut ends: Vec<f64> = all
                .iter()
                .filter(|t| t.2.starts_with("0%") && t.0 > 100.0)
                .map(|t| t.1)
                .collect();
            assert_eq!(ends.len(), 20);
            ends.sort_by(f64::total_cmp);
            assert!(ends.windows(2).all(|w| w[1] - w[0] >= 14.0), "{ends:?}");
            // The axis text's top (12 high) is below the lowest end label's descent.
            assert!(axis - 12.0 >= ends[19] + 3.0, "{axis} {ends:?}");
        }
    }

    #[test]
    fn chart_month_labels_fit_side_by_side_on_a_phone() {
        let points: Vec<Note> = (0..24)
            .map(|m| format!("okt. {}", 2024 + m / 12).into())
            .collect();
        let chart = Chart::Lines {
            title: "Trend".into(),
            points,
            series: vec![Series::new("kvu-webb", vec![50.0; 24])],
            percent: true,
            recorded: Vec::new(),
        };
        let svg = chart.svg_at(Lang::Sv, NARROW);
        assert!(svg.contains("viewBox=\"0 0 320 "));
        let xs: Vec<f64> = texts(&svg)
            .iter()
            .filter(|t| t.2.starts_with("okt."))
            .map(|t| t.0)
            .collect();
        assert!(xs.len() >= 2);
        // 9 characters at most 7 wide each, centred: never closer than one label's width.
        assert!(xs.windows(2).all(|w| w[1] - w[0] >= 63.0), "{xs:?}");
        assert!(xs.iter().all(|&x| x - 31.5 >= 0.0 && x + 31.5 <= NARROW));
    }

    #[test]
    fn chart_lines_ending_close_together_get_labels_apart() {
        let chart = Chart::Lines {
            title: "Trend".into(),
            points: vec!["Jan".into(), "Feb".into()],
            series: vec![
                Series::new("a", vec![50.0, 60.0]),
                Series::new("b", vec![50.0, 61.0]),
            ],
            percent: true,
            recorded: Vec::new(),
        };
        let svg = chart.svg(Lang::En);
        let ys: Vec<f64> = svg
            .match_indices(r##"fill="#000">"##)
            .map(|(at, _)| {
                let head = &svg[..at];
                let y = &head[head.rfind("y=\"").unwrap() + 3..];
                y[..y.find('"').unwrap()].parse().unwrap()
            })
            .collect();
        assert_eq!(ys.len(), 2);
        assert!((ys[0] - ys[1]).abs() >= 12.0, "{ys:?}");
    }
}
