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
    /// A line per series over the points (months); `percent`: the scale is 0–100 %.
    Lines {
        title: Note,
        points: Vec<Note>,
        series: Vec<Series>,
        percent: bool,
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
    /// The chart as an SVG element (scales to its container's width).
    pub fn svg(&self, lang: Lang) -> String {
        match self {
            Chart::Stacked {
                title,
                categories,
                parts,
            } => {
                let (parts, categories) = said(parts, categories, lang);
                stacked(&title.say(lang), &categories, &parts, lang)
            }
            Chart::Bars {
                title,
                categories,
                series,
            } => {
                let (series, categories) = said(series, categories, lang);
                bars(&title.say(lang), &categories, &series, lang)
            }
            Chart::Lines {
                title,
                points,
                series,
                percent,
            } => {
                let (series, points) = said(series, points, lang);
                lines(&title.say(lang), &points, &series, *percent, lang)
            }
        }
    }
}

const WIDTH: f64 = 640.0;
const LABEL: f64 = 130.0;
const ROW: f64 = 22.0;

fn open_svg(out: &mut String, height: f64, title: &str) {
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12"><title>{t}</title>"#,
        t = esc(title)
    );
}

fn legend(out: &mut String, y: f64, names: &[&str], swatch: impl Fn(&mut String, usize, f64, f64)) {
    let mut x = 0.0;
    for (i, name) in names.iter().enumerate() {
        let width = 28.0 + 7.0 * name.chars().count() as f64;
        if x + width > WIDTH {
            break;
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
}

/// A legend's coloured box for bar charts.
fn box_swatch(out: &mut String, i: usize, x: f64, y: f64) {
    let _ = write!(
        out,
        r##"<rect x="{x:.1}" y="{y:.1}" width="12" height="12" fill="{}" stroke="#000" stroke-width="0.5"/>"##,
        colour(i)
    );
}

fn stacked(title: &str, categories: &[String], parts: &[Said], lang: Lang) -> String {
    let height = 24.0 + ROW * categories.len() as f64 + 8.0;
    let mut out = String::new();
    open_svg(&mut out, height, title);
    let names: Vec<String> = parts
        .iter()
        .map(|p| lang.state(&p.name).into_owned())
        .collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    legend(&mut out, 0.0, &refs, box_swatch);
    let total = |c: usize| parts.iter().map(|p: &Said| p.values[c]).sum::<f64>();
    let bar = WIDTH - LABEL - 60.0;
    for (c, category) in categories.iter().enumerate() {
        let y = 24.0 + ROW * c as f64;
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            LABEL - 6.0,
            y + 13.0,
            esc(category)
        );
        let sum = total(c);
        let mut x = LABEL;
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
            if w >= 22.0 {
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
            LABEL + bar + 6.0,
            y + 13.0,
            num(sum, lang)
        );
    }
    out.push_str("</svg>");
    out
}

fn bars(title: &str, categories: &[String], series: &[Said], lang: Lang) -> String {
    let per = ROW * series.len().max(1) as f64 * 0.8 + 8.0;
    let height = 24.0 + per * categories.len() as f64;
    let mut out = String::new();
    open_svg(&mut out, height, title);
    let refs: Vec<&str> = series.iter().map(|s| s.name.as_str()).collect();
    legend(&mut out, 0.0, &refs, box_swatch);
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .fold(0.0_f64, f64::max);
    let bar = WIDTH - LABEL - 60.0;
    let h = ROW * 0.8 - 3.0;
    for (c, category) in categories.iter().enumerate() {
        let y0 = 24.0 + per * c as f64;
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            LABEL - 6.0,
            y0 + 12.0,
            esc(category)
        );
        for (s, one) in series.iter().enumerate() {
            let v = one.values[c];
            let y = y0 + ROW * 0.8 * s as f64;
            let w = if max > 0.0 { bar * v / max } else { 0.0 };
            let _ = write!(
                out,
                r##"<rect x="{LABEL:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{}" stroke="#000" stroke-width="0.5"><title>{}: {}</title></rect><text x="{:.1}" y="{:.1}">{}</text>"##,
                colour(s),
                esc(&one.name),
                num(v, lang),
                LABEL + w + 4.0,
                y + h - 3.0,
                num(v, lang)
            );
        }
    }
    out.push_str("</svg>");
    out
}

fn lines(title: &str, points: &[String], series: &[Said], percent: bool, lang: Lang) -> String {
    let (left, right, top, plot_h) = (44.0, 130.0, 26.0, 180.0);
    let height = top + plot_h + 30.0;
    let mut out = String::new();
    open_svg(&mut out, height, title);
    let refs: Vec<&str> = series.iter().map(|s| s.name.as_str()).collect();
    legend(&mut out, 0.0, &refs, |out, i, x, y| {
        let _ = write!(
            out,
            r#"<line x1="{x:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{}" stroke-width="2.5" stroke-dasharray="{}"/>"#,
            y + 6.0,
            x + 14.0,
            y + 6.0,
            colour(i),
            DASHES[i % DASHES.len()]
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
    let plot_w = WIDTH - left - right;
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
    let step = points.len().div_ceil(8).max(1);
    for (i, p) in points.iter().enumerate() {
        let last = i + 1 == points.len();
        // A label every `step` points and the last one, none too close to the last.
        if last || (i % step == 0 && points.len() - 1 - i >= step.max(2)) {
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                x_of(i),
                top + plot_h + 16.0,
                esc(p)
            );
        }
    }
    // The last values' labels, moved apart where lines end close together (12 px at least).
    let mut ends: Vec<(f64, usize)> = series
        .iter()
        .enumerate()
        .filter_map(|(s, one)| one.values.last().map(|&v| (y_of(v) + 4.0, s)))
        .collect();
    ends.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for i in 1..ends.len() {
        ends[i].0 = ends[i].0.max(ends[i - 1].0 + 12.0);
    }
    let label_y = |s: usize| ends.iter().find(|e| e.1 == s).map_or(0.0, |e| e.0);
    for (s, one) in series.iter().enumerate() {
        let path: Vec<String> = one
            .values
            .iter()
            .enumerate()
            .map(|(i, &v)| format!("{:.1},{:.1}", x_of(i), y_of(v)))
            .collect();
        let _ = write!(
            out,
            r#"<polyline fill="none" stroke="{}" stroke-width="2.5" stroke-dasharray="{}" points="{}"><title>{}</title></polyline>"#,
            colour(s),
            DASHES[s % DASHES.len()],
            path.join(" "),
            esc(&one.name)
        );
        if let Some(&last) = one.values.last() {
            let label = if percent {
                lang.percent(last)
            } else {
                num(last, lang)
            };
            let _ = write!(
                out,
                r##"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{c}"/><text x="{:.1}" y="{:.1}" fill="#000">{} {}</text>"##,
                x_of(one.values.len() - 1),
                y_of(last),
                x_of(one.values.len() - 1) + 6.0,
                label_y(s),
                esc(&label),
                esc(&one.name),
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
        };
        let svg = chart.svg(Lang::En);
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(svg.contains(r#"stroke-dasharray="6 3""#));
        assert!(svg.contains("75% kvu-webb") && svg.contains("20% kvu-chef"));
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
