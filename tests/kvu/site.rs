//! `kvu site`: a folder of pages that open from disk, linked both ways, carrying the commands' own
//! figures as JSON (SPEC.md, "kvu site"), written whole or not at all; and the same pages in a real
//! browser (headless Chromium) at phone and desktop width.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tempfile::TempDir;

use crate::support::{Kvu, on_examples_text as kvu};

/// The site of the examples, in a fresh folder.
fn examples_site(extra: &[&str]) -> (TempDir, PathBuf) {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("site");
    let mut args = vec!["--quiet", "site", "--output", dir.to_str().unwrap()];
    args.extend(extra);
    let (stdout, stderr, code) = kvu(&args);
    assert_eq!((code, stderr.as_str(), stdout.as_str()), (0, "", ""));
    (tmp, dir)
}

fn page(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn html_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html"))
        .collect();
    names.sort();
    names
}

/// Every `href="…"`, `src="…"` and `url(…)` of a page.
fn references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (open, close) in [
        ("href=\"", '"'),
        ("src=\"", '"'),
        ("href='", '\''),
        ("src='", '\''),
        ("url(", ')'),
    ] {
        for (at, _) in html.match_indices(open) {
            let rest = &html[at + open.len()..];
            out.push(rest[..rest.find(close).unwrap()].to_string());
        }
    }
    out
}

/// The `id="…"` anchors of a page.
fn anchors(html: &str) -> BTreeSet<String> {
    html.match_indices(" id=\"")
        .map(|(at, _)| {
            let rest = &html[at + 5..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

/// The JSON island of a page.
fn island(html: &str) -> Value {
    let open = "<script type=\"application/json\" id=\"kvu-data\">";
    let start = html.find(open).expect("a kvu-data island") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (stdout, stderr, code) = kvu(&all);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn site_pages_stay_in_the_folder_and_every_link_resolves() {
    let (_tmp, dir) = examples_site(&[]);
    let files = html_files(&dir);
    // index, the list of units, and the 22 units of the tree.
    assert_eq!(files.len(), 24, "{files:?}");
    for name in &files {
        let html = page(&dir, name);
        let ids = anchors(&html);
        for r in references(&html) {
            if let Some(anchor) = r.strip_prefix('#') {
                assert!(ids.contains(anchor), "{name}: #{anchor} is no anchor");
                continue;
            }
            assert!(
                !r.contains(':') && !r.contains('/') && !r.starts_with('.'),
                "{name}: {r} leaves the folder"
            );
            assert!(dir.join(&r).is_file(), "{name}: {r} does not resolve");
        }
        assert!(!html.contains("<script src") && !html.contains("<link"));
    }
}

#[test]
fn site_pages_link_up_by_breadcrumb_and_down_to_sub_units() {
    let (_tmp, dir) = examples_site(&[]);
    let index = page(&dir, "index.html");
    // With a tree, index.html links to the roots.
    assert!(index.contains("href=\"vgr.html\""));
    let vgr = page(&dir, "vgr.html");
    assert!(
        vgr.contains("<a href=\"index.html\">"),
        "a root links to index.html"
    );
    for sub in ["f01.html", "f02.html", "f03.html"] {
        assert!(vgr.contains(&format!("href=\"{sub}\"")));
    }
    let leaf = page(&dir, "f01-v01-e002.html");
    for up in ["index.html", "vgr.html", "f01.html", "f01-v01.html"] {
        assert!(
            leaf.contains(&format!("href=\"{up}\"")),
            "breadcrumb to {up}"
        );
    }
    // Every unit page is linked from its parent's page (or index.html for a root).
    let index_csv = std::fs::read_to_string(dir.join("index.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(index_csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["unit", "name", "parent", "email", "file", "rows"]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 22);
    assert_eq!(
        rows[0][..],
        ["VGR", "Västra Götalandsregionen", "", "", "vgr.html", "400"]
    );
    for row in &rows {
        let parent_file = rows
            .iter()
            .find(|p| p[0] == row[2])
            .map_or("index.html".to_string(), |p| p[4].clone());
        let parent = page(&dir, &parent_file);
        assert!(
            parent.contains(&format!("href=\"{}\"", row[4])),
            "{parent_file} -> {}",
            row[4]
        );
    }
    // The list of all units links every page.
    let all = page(&dir, "all_units.html");
    for row in &rows {
        assert!(all.contains(&format!("href=\"{}\"", row[4])));
    }
}

#[test]
fn site_headings_and_breadcrumbs_lead_with_unit_names() {
    let (_tmp, dir) = examples_site(&[]);
    let leaf = page(&dir, "f01-v01-e002.html");
    let crumbs = &leaf[leaf.find("<nav class=\"crumbs\"").unwrap()..leaf.find("</nav>").unwrap()];
    for up in [
        "<a href=\"vgr.html\">Västra Götalandsregionen</a>",
        "<a href=\"f01.html\">Sahlgrenska Universitetssjukhuset</a>",
        "<a href=\"f01-v01.html\">Medicinkliniken Sahlgrenska</a>",
        "<span aria-current=\"page\">Mottagning 11, Medicinkliniken</span>",
    ] {
        assert!(crumbs.contains(up), "{up} in {crumbs}");
    }
    assert!(
        !crumbs.contains("F01"),
        "no ids in the breadcrumb: {crumbs}"
    );
    assert!(
        leaf.contains("<h1>Mottagning 11, Medicinkliniken</h1>\n<p class=\"id\">F01-V01-E002</p>")
    );
    // The list of all units: each name, its id small beside it (the filter finds either).
    let all = page(&dir, "all_units.html");
    assert!(all.contains(
        "<a href=\"f01-v01-e002.html\">Mottagning 11, Medicinkliniken</a> <span class=\"id\">F01-V01-E002</span>"
    ));
}

#[test]
fn site_index_shows_the_top_units_standings() {
    // A single root: index.html lists it first, then the units under it, ranked.
    let (_tmp, dir) = examples_site(&[]);
    let index = page(&dir, "index.html");
    let units = &index[index.find("<section id=\"units\">").unwrap()..];
    let units = &units[..units.find("</section>").unwrap()];
    assert!(
        units.contains("<tr class=\"total\"><td><a href=\"vgr.html\">Västra Götalandsregionen</a>")
    );
    for top in ["f01.html", "f02.html", "f03.html"] {
        assert!(units.contains(&format!("href=\"{top}\"")), "{top}");
    }
    assert_eq!(
        units.matches("<tr").count(),
        5,
        "the root, three units, the heading"
    );
}

#[test]
fn site_trend_chart_draws_only_courses_required_in_scope() {
    // Nobody in F01-V02-E001 is required to take kvu-15hp: no 0 % line for it.
    let (_tmp, dir) = examples_site(&[]);
    for (name, courses) in [
        ("f01-v02-e001.html", vec!["kvu-webb", "kvu-chef"]),
        ("f01-v02.html", vec!["kvu-webb", "kvu-chef", "kvu-15hp"]),
    ] {
        let html = page(&dir, name);
        let required: Vec<String> = island(&html)["coverage"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row["course"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(required, courses, "{name}");
        let trend = &html[html.find("<section id=\"trend\">").unwrap()..];
        let trend = &trend[..trend.find("</section>").unwrap()];
        // Drawn twice (for a page and for a phone), a line per required course each time.
        let lines: Vec<&str> = trend
            .match_indices("<polyline")
            .map(|(at, _)| {
                let title = &trend[at..];
                let title = &title[title.find("<title>").unwrap() + 7..];
                &title[..title.find('<').unwrap()]
            })
            .collect();
        assert_eq!(lines, [&courses[..], &courses[..]].concat(), "{name}");
    }
}

#[test]
fn site_gaps_list_name_and_status_first() {
    let (_tmp, dir) = examples_site(&[]);
    let html = page(&dir, "f01-v01-e002.html");
    let gaps = &html[html.find("<section id=\"gaps\">").unwrap()..];
    let head = &gaps[gaps.find("<thead>").unwrap()..gaps.find("</thead>").unwrap()];
    let headings: Vec<&str> = head
        .split("</th>")
        .filter_map(|h| h.rsplit_once('>').map(|(_, t)| t))
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(
        headings,
        [
            "Name", "Status", "Course", "Due", "How late", "Role", "Unit", "Unit id", "Employee",
            "Rank", "Why"
        ]
    );
}

#[test]
fn site_gaps_list_shows_units_by_name_with_the_id_beside_and_roles_by_display_name() {
    let (_tmp, dir) = examples_site(&[]);
    let html = page(&dir, "f01-v01.html");
    let gaps = &html[html.find("<section id=\"gaps\">").unwrap()..];
    let gaps = &gaps[..gaps.find("</section>").unwrap()];
    // A unit by the tree's name, its id in its own column; the role by the plan's display name.
    assert!(
        gaps.contains(">Avdelning 10, Medicinkliniken</td>"),
        "{gaps}"
    );
    assert!(gaps.contains(">F01-V01-E001</td>"), "{gaps}");
    assert!(gaps.contains(">Chef</td>"), "{gaps}");
    assert!(!gaps.contains(">chef</td>"), "{gaps}");
}

#[test]
fn site_json_island_equals_the_commands_output() {
    let (_tmp, dir) = examples_site(&["--year", "2025"]);
    for (file, unit) in [
        ("index.html", None),
        ("f01-v01.html", Some("F01-V01")),
        ("f02-v01-e002.html", Some("F02-V01-E002")),
    ] {
        let html = page(&dir, file);
        let data = island(&html);
        let scoped = |args: &[&str]| {
            let mut all = args.to_vec();
            if let Some(u) = unit {
                all.extend(["--unit", u]);
            }
            json(&all)
        };
        assert_eq!(data["unit"], unit.unwrap_or(""), "{file}");
        assert_eq!(data["trend"], scoped(&["trend"]), "{file}: trend");
        assert_eq!(
            data["report"],
            scoped(&["report", "--year", "2025"]),
            "{file}"
        );
        assert_eq!(
            data["report_previous"],
            scoped(&["report", "--year", "2024"]),
            "{file}"
        );
        let priority = scoped(&["priority"]);
        let all = priority.as_array().unwrap();
        let first: Vec<Value> = all.iter().take(500).cloned().collect();
        assert_eq!(data["priority"], Value::Array(first), "{file}: priority");
        assert_eq!(data["priority_total"], all.len(), "{file}");
        // Coverage: the courses in plan order, the keys in the CSV's order; counts as numbers, ids
        // as strings.
        assert!(
            html.contains(r#""coverage":[{"course":"kvu-webb","required":"#),
            "{file}"
        );
        let coverage = data["coverage"].as_array().unwrap();
        let courses: Vec<&str> = coverage
            .iter()
            .map(|c| c["course"].as_str().unwrap())
            .collect();
        assert_eq!(courses, ["kvu-webb", "kvu-chef", "kvu-15hp"], "{file}");
        for row in coverage {
            let keys: BTreeSet<&str> = row
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(
                keys,
                BTreeSet::from([
                    "course", "required", "met", "exempt", "overdue", "due", "expired"
                ])
            );
            assert!(row["required"].is_u64() && row["overdue"].is_u64());
        }
    }
    // A unit without sub-units and without people with two posts there: its coverage is the
    // summary's rows for it.
    let leaf = island(&page(&dir, "f02-v01-e002.html"));
    let summary = json(&["gaps", "--summary", "--unit", "F02-V01-E002"]);
    let rows: Vec<Value> = summary
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.as_object_mut().unwrap().remove("unit");
            r
        })
        .collect();
    assert_eq!(leaf["coverage"], Value::Array(rows));
}

#[test]
fn site_coverage_counts_each_person_once_per_course() {
    // Anna has posts in two units below A: A's coverage counts her once, each unit's once.
    let k = Kvu::new()
        .units("A,,Avdelning A\nA1,A,Ett\nA2,A,Två")
        .staff(
            "1,Anna,A1,medarbetare,enhet,2020-01-01
             1,Anna,A2,medarbetare,enhet,2020-01-01
             2,Bo,A2,medarbetare,enhet,2020-01-01",
        )
        .completions("2,webb,2021-01-01,");
    let r = k.site();
    r.ok();
    let a = island(&k.read("out/a.html"));
    assert_eq!(
        a["coverage"],
        serde_json::json!([{"course": "webb", "required": 2, "met": 1, "exempt": 0,
                            "overdue": 1, "due": 0, "expired": 0}])
    );
    // The sub-units, most overdue + expired first: A1 and A2 have one each, so the tree's order holds.
    let html = k.read("out/a.html");
    assert!(html.find("href=\"a1.html\"").unwrap() < html.find("href=\"a2.html\"").unwrap());
}

#[test]
fn site_json_cannot_end_its_script_element() {
    let k = Kvu::new()
        .staff("1,</script><script>alert(1)</script><!--,Avd 1,medarbetare,enhet,2020-01-01");
    k.site().ok();
    for name in ["index.html", "avd-1.html"] {
        let html = k.read(&format!("out/{name}"));
        assert_eq!(
            html.matches("</script>").count(),
            1,
            "{name}: only the island's own end"
        );
        assert!(!html.contains("<script>alert"), "{name}");
        let data = island(&html);
        assert_eq!(
            data["priority"][0]["name"], "</script><script>alert(1)</script><!--",
            "the value is intact once parsed"
        );
    }
}

#[test]
fn site_without_a_tree_has_a_page_per_staff_unit_linked_from_index() {
    let k = Kvu::new().staff(
        "1,Anna,Avd 2,medarbetare,enhet,2020-01-01
         2,Bo,Avd 1,chef,enhet,2020-01-01
         3,Cia,avd 1,medarbetare,enhet,2020-01-01",
    );
    k.site().ok();
    let files = html_files(&k.path("out"));
    assert_eq!(
        files,
        ["all_units.html", "avd-1.html", "avd-2.html", "index.html"]
    );
    let index = k.read("out/index.html");
    assert!(index.contains("href=\"avd-1.html\"") && index.contains("href=\"avd-2.html\""));
    let unit = k.read("out/avd-1.html");
    assert!(unit.contains("<a href=\"index.html\">"));
    assert_eq!(island(&unit)["unit"], "Avd 1");
    let csv = k.read("out/index.csv");
    assert_eq!(
        csv,
        "unit,name,parent,email,file,rows\nAvd 1,,,,avd-1.html,2\nAvd 2,,,,avd-2.html,1\n"
    );
}

#[test]
fn site_no_names_leaves_out_the_gap_list_and_every_name() {
    let (_tmp, dir) = examples_site(&["--no-names"]);
    for name in html_files(&dir) {
        let html = page(&dir, &name);
        assert!(!html.contains("Sara Åberg"), "{name} shows a name");
        if name != "all_units.html" {
            let data = island(&html);
            assert!(data.get("priority").is_none() && data.get("priority_total").is_none());
        }
    }
}

#[test]
fn site_depth_limits_the_pages_and_the_deepest_list_their_sub_units() {
    let (_tmp, dir) = examples_site(&["--depth", "2"]);
    assert_eq!(
        html_files(&dir),
        [
            "all_units.html",
            "f01.html",
            "f02.html",
            "f03.html",
            "index.html",
            "vgr.html"
        ]
    );
    let f01 = page(&dir, "f01.html");
    // Its sub-units are listed, with no page to link to.
    assert!(f01.contains("<td>Medicinkliniken Sahlgrenska</td>") && !f01.contains("f01-v01.html"));
}

#[test]
fn site_depth_zero_and_depth_without_a_tree_are_errors() {
    let k = Kvu::new().staff("1,Anna,Avd 1,medarbetare,enhet,2020-01-01");
    let r = k.run(&["site", "--output", "out", "--depth", "2"]);
    assert_eq!(
        r.error(),
        "kvu: error: --depth needs a unit tree, expected --units FILE (or KVU_UNITS)"
    );
    assert!(!k.path("out").exists(), "nothing written");
    let (_, stderr, code) = kvu(&["site", "--output", "/tmp/never-kvu-site", "--depth", "0"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--depth 0"), "{stderr}");
    assert!(!Path::new("/tmp/never-kvu-site").exists());
}

#[test]
fn site_replaces_only_an_empty_folder_or_its_own() {
    let k = Kvu::new().staff("1,Anna,Avd 1,medarbetare,enhet,2020-01-01");
    std::fs::create_dir(k.path("out")).unwrap();
    std::fs::write(k.path("out/notes.txt"), "mine").unwrap();
    let r = k.at("2026-10-31", &["site", "--output", "out"]);
    assert!(r.error().contains("holds no kvu index.csv"));
    assert_eq!(k.read("out/notes.txt"), "mine");
    std::fs::remove_file(k.path("out/notes.txt")).unwrap();
    k.site().ok();
    // Its own folder is replaced whole: a second run leaves no stray file.
    std::fs::write(k.path("out/stray.html"), "old").unwrap();
    k.site().ok();
    assert!(!k.path("out/stray.html").exists());
    assert_eq!(k.temporary_files(), Vec::<String>::new());
}

#[test]
fn site_needs_an_output_folder() {
    let k = Kvu::new().staff("1,Anna,Avd 1,medarbetare,enhet,2020-01-01");
    for args in [&["site"][..], &["site", "--output", "-"]] {
        assert_eq!(
            k.run(args).error(),
            "kvu: error: kvu site writes a folder of pages, expected --output DIR"
        );
    }
}

#[test]
fn site_takes_no_other_format() {
    let k = Kvu::new().staff("1,Anna,Avd 1,medarbetare,enhet,2020-01-01");
    let r = k.run(&["site", "--output", "out", "--format", "csv"]);
    assert_eq!(
        r.error(),
        "kvu: error: kvu site writes html pages, expected no --format (or --format html) and no --excel"
    );
}

#[test]
fn site_lang_sv_gives_swedish_labels_and_the_same_figures() {
    let (_tmp, en) = examples_site(&[]);
    let (_tmp2, sv) = examples_site(&["--lang", "sv"]);
    let html = page(&sv, "f01.html");
    assert!(html.contains("<html lang=\"sv\">"));
    for word in [
        "Täckning per kurs",
        "Brister i prioritetsordning",
        "försenad",
        "Alla enheter",
    ] {
        assert!(html.contains(word), "{word}");
    }
    assert_eq!(
        island(&html),
        island(&page(&en, "f01.html")),
        "JSON never changes"
    );
}

#[test]
fn site_progress_bar_stays_off_when_stderr_is_no_terminal() {
    // The test's stderr is a pipe: the run says nothing but the inputs' warning.
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("site");
    let (_, stderr, code) = kvu(&["site", "--output", dir.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("kvu: warning: examples/completions.csv: 1712 rows"));
}

// In a real browser.

/// Headless Chromium, if there is one. In CI (`CI` set) it must be there: the tests fail without it.
fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|p| p.join(name))
                    .find(|p| p.is_file())
            })
        });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is missing, and CI must run the browser tests (.ci/run installs it)"
        );
        eprintln!("skipped: no chromium on PATH (CI installs it: .ci/run)");
    }
    found
}

/// Runs headless Chromium on a page with these extra arguments; its stdout.
fn browse(chromium: &Path, args: &[&str], page: &Path) -> String {
    let profile = TempDir::new().unwrap();
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A PNG's width and height, from its header.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    let at = |i: usize| u32::from_be_bytes(bytes[i..i + 4].try_into().unwrap());
    (at(16), at(20))
}

#[test]
fn site_renders_in_chromium_at_phone_and_desktop_width() {
    let Some(chromium) = chromium() else { return };
    let (tmp, dir) = examples_site(&[]);
    for (width, height) in [(390, 844), (1280, 900)] {
        let shot = tmp.path().join(format!("shot-{width}.png"));
        browse(
            &chromium,
            &[
                &format!("--window-size={width},{height}"),
                &format!("--screenshot={}", shot.display()),
            ],
            &dir.join("f01-v01.html"),
        );
        assert_eq!(png_size(&shot), (width, height));
    }
    // After the page's own parsing, the figures are there and nothing was fetched or run.
    let dom = browse(&chromium, &["--dump-dom"], &dir.join("f01-v01.html"));
    assert!(dom.contains("<svg") && dom.contains("id=\"kvu-data\""));
    assert!(dom.contains("<h1>Medicinkliniken Sahlgrenska</h1>\n<p class=\"id\">F01-V01</p>"));
}

#[test]
fn site_unit_filter_box_works_with_and_without_javascript() {
    let Some(chromium) = chromium() else { return };
    let (_tmp, dir) = examples_site(&[]);
    let list = page(&dir, "all_units.html");
    // Without JavaScript: the box is hidden and every unit is a plain link.
    assert!(list.contains("id=\"filter\" type=\"search\" autocomplete=\"off\" hidden"));
    assert_eq!(list.matches("<li><a href=").count(), 22);
    // With it, the script ran and showed the box.
    let dom = browse(&chromium, &["--dump-dom"], &dir.join("all_units.html"));
    let input = &dom[dom.find("<input").unwrap()..];
    let input = &input[..input.find('>').unwrap()];
    assert!(!input.contains("hidden"), "{input}");
    assert!(dom.contains("22 units"));
}

#[test]
fn a_published_site_names_its_inputs_by_file_name_only() {
    // Inputs and output given by absolute paths, as a cron job on a server gives them: no page may
    // show the server's folders, only each input's file name, its rows and the as-of date.
    let k = Kvu::new()
        .units("A,,Avdelning A\nA1,A,Ett")
        .staff("1,Anna,A1,medarbetare,enhet,2020-01-01")
        .completions("1,webb,2021-01-01,");
    k.write();
    let abs = |name: &str| k.path(name).to_str().unwrap().to_string();
    let (plan, staff, done, units) = (
        abs("plan.yaml"),
        abs("staff.csv"),
        abs("completions.csv"),
        abs("units.csv"),
    );
    std::fs::create_dir(k.path("published")).unwrap();
    let out = abs("published/site");
    k.run_existing(&[
        "--plan",
        &plan,
        "--staff",
        &staff,
        "--completions",
        &done,
        "--units",
        &units,
        "--as-of",
        "2026-10-31",
        "--quiet",
        "site",
        "--output",
        &out,
    ])
    .ok();
    let folder = k.path("").canonicalize().unwrap();
    let dir = k.path("published/site");
    for name in html_files(&dir) {
        let html = page(&dir, &name);
        let footer = &html[html.find("<footer>").unwrap()..html.find("</footer>").unwrap()];
        assert!(
            footer.contains("as of 2026-10-31")
                && footer.contains("staff.csv: 1 row ")
                && footer.contains("completions.csv: 1 row ")
                && footer.contains("units.csv: 2 rows"),
            "{name}: {footer}"
        );
        assert!(
            !footer.contains('/'),
            "{name}: a folder in the footer: {footer}"
        );
        for private in [k.path("").to_str().unwrap(), folder.to_str().unwrap()] {
            assert!(
                !html.contains(private.trim_end_matches('/')),
                "{name} shows {private}"
            );
        }
    }
}

// At a phone's width and on paper, through the DevTools protocol.

/// The examples' tree with HSA-like ids (`SE2321000131-E000000002377`) and long Swedish names, the
/// staff moved onto those ids, as a site in `lang`: the folder of pages.
fn long_names_site(lang: &str) -> (TempDir, PathBuf) {
    let tmp = TempDir::new().unwrap();
    let repo = crate::support::repo();
    let units = std::fs::read_to_string(repo.join("examples/units.csv")).unwrap();
    let id = |n: usize| format!("SE2321000131-E{:012}", 2377 + n);
    let old: Vec<&str> = units
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let new_id = |unit: &str| id(old.iter().position(|&u| u == unit).unwrap());
    let mut tree = String::from("unit,parent,name,email\n");
    for (n, line) in units.lines().skip(1).enumerate() {
        let fields: Vec<&str> = line.splitn(3, ',').collect();
        let parent = if fields[1].is_empty() {
            String::new()
        } else {
            new_id(fields[1])
        };
        let rest = fields[2];
        let (name, email) = rest.rsplit_once(',').unwrap();
        let name = name.trim_matches('"');
        tree.push_str(&format!(
            "{},{parent},\"{name}, verksamhetsområde för specialiserad öppen- och slutenvård\",{email}\n",
            id(n)
        ));
    }
    let staff = std::fs::read_to_string(repo.join("examples/staff.csv")).unwrap();
    let mut moved = String::new();
    for (n, line) in staff.lines().enumerate() {
        let mut fields: Vec<String> = line.split(',').map(str::to_string).collect();
        if n > 0 {
            fields[2] = new_id(&fields[2]);
        }
        moved.push_str(&fields.join(","));
        moved.push('\n');
    }
    std::fs::write(tmp.path().join("units.csv"), tree).unwrap();
    std::fs::write(tmp.path().join("staff.csv"), moved).unwrap();
    let dir = tmp.path().join("site");
    let mut args: Vec<String> = crate::support::EXAMPLES
        .iter()
        .map(|a| a.to_string())
        .collect();
    for (flag, file) in [("--staff", "staff.csv"), ("--units", "units.csv")] {
        let at = args.iter().position(|a| a == flag).unwrap();
        args[at + 1] = tmp.path().join(file).display().to_string();
    }
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("kvu"))
        .current_dir(repo)
        .args(&args)
        .args(["--lang", lang, "--quiet", "site", "--output"])
        .arg(&dir)
        .env_remove("KVU_LANG")
        .env_remove("KVU_CONFIG")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (tmp, dir)
}

/// The page's width against the window's, and the smallest chart text as drawn (CSS px).
const MEASURE: &str = "(function(){var least=1e9;document.querySelectorAll('svg text').forEach(function(t){\
var box=t.getBoundingClientRect();if(box.width===0&&box.height===0)return;\
var svg=t.ownerSVGElement,scale=svg.getBoundingClientRect().width/svg.viewBox.baseVal.width;\
least=Math.min(least,parseFloat(getComputedStyle(t).fontSize)*scale);});\
return [document.documentElement.scrollWidth,innerWidth,least];})()";

#[test]
fn site_fits_a_360_px_phone_in_both_languages() {
    let Some(chromium) = chromium() else { return };
    let mut browser = crate::devtools::Browser::start(&chromium);
    browser.viewport(360, 780);
    let mut measured = Vec::new();
    for lang in ["en", "sv"] {
        let (_tmp, dir) = long_names_site(lang);
        let mut widest = (0.0, String::new());
        let mut smallest = (f64::MAX, String::new());
        for name in html_files(&dir) {
            browser.open(&dir.join(&name));
            let m = browser.eval(MEASURE);
            let (width, inner, font) = (
                m[0].as_f64().unwrap(),
                m[1].as_f64().unwrap(),
                m[2].as_f64().unwrap(),
            );
            assert_eq!(inner, 360.0);
            if width > widest.0 {
                widest = (width, name.clone());
            }
            if font < smallest.0 {
                smallest = (font, name.clone());
            }
        }
        eprintln!("{lang}: widest page {widest:?}, smallest chart text {smallest:?}");
        measured.push((lang, widest, smallest));
    }
    for (lang, widest, smallest) in measured {
        assert!(widest.0 <= 360.0, "{lang}: {widest:?} pans sideways");
        assert!(smallest.0 >= 12.0, "{lang}: chart text of {smallest:?}");
    }
}

/// pdftotext (poppler-utils), if there is one; in CI it must be there, as chromium must.
fn pdftotext() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("pdftotext"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext is missing, and CI must run the print tests (.ci/run installs poppler-utils)"
        );
        eprintln!("skipped: no pdftotext on PATH (CI installs poppler-utils: .ci/run)");
    }
    found
}

/// The last column of every table of the page: its heading and its first row's cell.
const LAST_COLUMNS: &str = "Array.prototype.concat.apply([],Array.prototype.map.call(document.querySelectorAll('table'),function(t){\
var th=t.querySelectorAll('thead th'),row=t.querySelector('tbody tr');\
return [th[th.length-1].textContent,row?row.lastElementChild.textContent:''];}))";

#[test]
fn site_pages_print_every_column_on_a4() {
    let (Some(chromium), Some(pdftotext)) = (chromium(), pdftotext()) else {
        return;
    };
    let mut browser = crate::devtools::Browser::start(&chromium);
    for lang in ["en", "sv"] {
        let (tmp, dir) = long_names_site(lang);
        // The whole organisation, a unit with sub-units, a leaf unit.
        for name in [
            "index.html",
            "se2321000131-e000000002378.html",
            "se2321000131-e000000002380.html",
        ] {
            browser.open(&dir.join(name));
            let headings = browser.eval(LAST_COLUMNS);
            let pdf = tmp.path().join("page.pdf");
            std::fs::write(&pdf, browser.print_a4()).unwrap();
            let out = std::process::Command::new(&pdftotext)
                .args([pdf.as_os_str(), OsStr::new("-")])
                .output()
                .unwrap();
            assert!(out.status.success());
            let info = std::process::Command::new(pdftotext.with_file_name("pdfinfo"))
                .args([
                    OsStr::new("-f"),
                    OsStr::new("1"),
                    OsStr::new("-l"),
                    OsStr::new("999"),
                ])
                .arg(&pdf)
                .output()
                .unwrap();
            let info = String::from_utf8_lossy(&info.stdout).into_owned();
            let sizes: Vec<&str> = info
                .lines()
                .filter(|l| l.starts_with("Page ") && l.contains(" size:"))
                .collect();
            assert!(
                !sizes.is_empty() && sizes.iter().all(|l| l.ends_with("(A4)")),
                "{lang} {name}: {sizes:?}"
            );
            // Every word of each last column's heading and first cell is on paper (a cell that
            // wraps may put other words between them; a word broken at a hyphen is joined again).
            let text: String = String::from_utf8_lossy(&out.stdout)
                .split_whitespace()
                .collect();
            let headings = headings.as_array().unwrap();
            assert!(headings.len() >= 6, "{lang} {name}: {headings:?}");
            for heading in headings {
                for word in heading.as_str().unwrap().split_whitespace() {
                    assert!(
                        text.contains(word),
                        "{lang} {name}: the last column ({heading}) is cut off on A4"
                    );
                }
            }
            // Laid out for print, no table is wider than its page less the margins: A4 (182 mm)
            // or, on the pages its section names `wide`, A4 landscape (269 mm).
            browser.print_layout(A4_PX);
            let tables = browser.eval(TABLE_WIDTHS);
            browser.screen_layout();
            for table in tables.as_array().unwrap() {
                let (right, page) = (table[0].as_f64().unwrap(), table[1].as_str().unwrap());
                let room = if page == "wide" {
                    A4_LANDSCAPE_PX
                } else {
                    A4_PX
                };
                assert!(
                    right <= f64::from(room),
                    "{lang} {name}: a table {right} px wide on a page {room} px wide"
                );
            }
        }
    }
}

/// A4's width less the 14 mm margins the pages' `@page` rule sets, in CSS px (182 mm), upright and
/// on its side (269 mm).
const A4_PX: u32 = 687;
const A4_LANDSCAPE_PX: u32 = 1016;

/// Each table's right edge (its box's scrolled part included) and the named page it prints on.
const TABLE_WIDTHS: &str = "Array.prototype.map.call(document.querySelectorAll('table'),function(t){\
var s=t.closest('section');return [t.getBoundingClientRect().left+t.scrollWidth,s?getComputedStyle(s).page:'auto'];})";

#[test]
fn site_report_headings_are_words_not_keys() {
    let (_tmp, dir) = examples_site(&["--year", "2026"]);
    let html = page(&dir, "f01-v01.html");
    let report = &html[html.find("<section id=\"report\">").unwrap()..];
    let head = &report[..report.find("</thead>").unwrap()];
    for heading in [
        "Course",
        "Name",
        "Participants 2026",
        "Participants 2025",
        "Hours 2025",
    ] {
        assert!(
            head.contains(&format!(">{heading}</th>")),
            "{heading}: {head}"
        );
    }
    assert!(!head.contains("participants"), "{head}");
}
