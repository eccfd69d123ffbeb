//! Writes realistic exports for `plan/vgr-2024.yaml` at any scale, for the examples, tests and benchmarks.
//!
//! ```text
//! cargo run --release --example generate -- --staff 60000 --out /tmp/kvu-60k [--seed 7] [--other 20]
//!     [--outside-codes 20] [--real] [--months N]
//! ```
//!
//! Into DIR: `units.csv` (a region > administrations > departments > units tree; each unit below the
//! root with its manager's `email`), `staff.csv` (a mix of
//! roles, some people with two posts, some with no start date), `completions.csv` (eight years of plan
//! courses under current and legacy codes, date-times, sessions, exported twice now and then, leavers who
//! are no longer on staff, and about `--other` rows per person of courses outside the plan, spread
//! evenly over `--outside-codes` distinct codes: the first twenty named by hand, the rest made up as
//! a platform's course codes are, some longer than 16 bytes),
//! `exemptions.csv`, and `plan.yaml` (a copy of the plan, so the folder is a whole case for
//! `bench/duckdb_gaps.py`; `--no-plan` leaves it out). The same seed gives the same files.
//! `examples/*.csv` were made with `--staff 400 --other 4 --out examples --no-plan`.
//!
//! `--real` writes the shape of a real learning platform's export instead (same sizes, other seeds'
//! draws): completion rows in date order, not grouped by person (rows of one day in no order); a
//! third of `completed` values with a time (`2020-08-30 09:00`), the rest dates; every row with a
//! session id as text (`S884`: a cohort's, or one per course and month); HSA ids of 26 characters for
//! the units (`SE2321000131-E000000002377`, in `units.csv` and `staff.csv`: about 24,000 units for
//! 600,000 staff, one per 25); two posts for 5 % of people; rows exported twice now and then; and
//! 240 distinct courses outside the plan unless `--outside-codes` says otherwise.
//!
//! `--months N` writes a monthly series for the history store's benchmarks instead
//! (`examples/bench_history.py`): `month-01/` … under DIR, month 1 the export above, each next month
//! with leavers, joiners, moves, its new completions, purges and once a changed plan (see `series`).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

const PLAN: &str = include_str!("../plan/vgr-2024.yaml");

/// xorshift64*: small, fast and reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: f64) -> bool {
        (self.next() % 1_000_000) as f64 / 10_000.0 < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FIRST: &[&str] = &[
    "Anna", "Eva", "Maria", "Karin", "Sara", "Emma", "Åsa", "Märta", "Ingrid", "Linnéa", "Sofia",
    "Elin", "Johanna", "Helena", "Ulla", "Birgitta", "Lars", "Anders", "Johan", "Per", "Erik",
    "Björn", "Göran", "Mikael", "Jonas", "Olof", "Håkan", "Ömer", "André", "René", "Mohammed",
    "Ali", "Fatima", "Leyla",
];
const LAST: &[&str] = &[
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jönsson",
    "Lindström",
    "Bergström",
    "Åberg",
    "Öberg",
    "Sjöberg",
    "Strömberg",
    "Ekström",
    "Hägg",
    "Löfgren",
    "Näslund",
    "Törnell",
    "Åkesson",
    "Söderberg",
    "Dahlén",
    "Hedén",
    "Yilmaz",
];
const FORVALTNINGAR: &[&str] = &[
    "Sahlgrenska Universitetssjukhuset",
    "Södra Älvsborgs Sjukhus",
    "Skaraborgs Sjukhus",
    "NU-sjukvården",
    "Alingsås lasarett",
    "Kungälvs sjukhus",
    "Närhälsan",
    "Habilitering & Hälsa",
    "Regionhälsan",
    "Folktandvården",
];
const VERKSAMHETER: &[&str] = &[
    "Medicinkliniken",
    "Kirurgkliniken",
    "Akutkliniken",
    "Ortopedkliniken",
    "Barn- och ungdomsmedicin",
    "Psykiatri",
    "Kvinnokliniken",
    "Geriatrik",
    "Infektionskliniken",
    "Öron-, näs- och halskliniken",
    "Röntgen",
    "Rehabilitering",
];
const ENHETER: &[&str] = &[
    "Avdelning",
    "Mottagning",
    "Dagvård",
    "Akutmottagning",
    "Vårdavdelning",
    "Intensivvård",
    "Öppenvård",
];
const OTHER_COURSES: &[&str] = &[
    "HLR-VUXEN",
    "HLR-BARN",
    "BRAND-GRUND",
    "IT-SAK-2023",
    "GDPR-WEBB",
    "HYGIEN-BAS",
    "LÄKEMEDEL-1",
    "MILLENNIUM-INTRO",
    "ARBETSMILJÖ-CHEF",
    "HOT-VÅLD",
    "JOURNAL-NCS",
    "STRÅLSKYDD",
    "SÄKER-VÅRD",
    "TRANSFUSION",
    "DIABETES-GRUND",
    "PALLIATIV-WEBB",
    "VÅRDHYGIEN-2",
    "INFEKTION-BAS",
    "SBAR",
    "BARNKONV",
];

/// Course codes as a learning platform numbers them, for `--outside-codes` beyond the twenty named:
/// a subject, a number, and now and then a variant, year or long suffix (some codes over 16 bytes).
fn outside_codes(n: usize) -> Vec<String> {
    const SUBJECT: &[&str] = &[
        "HLR",
        "BRAND",
        "IT",
        "GDPR",
        "HYG",
        "LÄKEM",
        "MEDTEK",
        "ARBMILJÖ",
        "STRÅL",
        "NUTR",
        "SÅR",
        "PSYK",
        "AKUT",
        "TRIAGE",
        "EPJ",
        "LEAN",
        "LEDARSKAP",
        "KOMMUNIKATION",
        "SMITTA",
        "ETIK",
    ];
    const SUFFIX: &[&str] = &[
        "",
        "",
        "",
        "-WEBB",
        "-2023",
        "-2024",
        "-B",
        "-REPETITION",
        "-GRUNDKURS",
        "-FORTSÄTTNING",
    ];
    let mut rng = Rng(0x5DEE_CE66_D1CE_4E5B);
    let mut codes: Vec<String> = OTHER_COURSES
        .iter()
        .take(n)
        .map(|c| c.to_string())
        .collect();
    for i in codes.len()..n {
        let subject = rng.pick(SUBJECT);
        let suffix = rng.pick(SUFFIX);
        codes.push(match rng.below(3) {
            0 => format!("{subject}{i}{suffix}"),
            1 => format!("{subject}-{i:04}{suffix}"),
            _ => format!("K{i:05}{suffix}"),
        });
    }
    codes
}

struct Unit {
    id: String,
    parent: String,
    name: String,
    level: &'static str,
}

struct Args {
    staff: usize,
    out: PathBuf,
    seed: u64,
    other: usize,
    outside_codes: Option<usize>,
    plan: bool,
    real: bool,
    /// `--months N`: a monthly series of N folders instead of one export.
    months: usize,
}

fn parse_args() -> Args {
    let mut args = Args {
        staff: 300,
        out: PathBuf::from("examples"),
        seed: 2024,
        other: 20,
        outside_codes: None,
        plan: true,
        real: false,
        months: 0,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .unwrap_or_else(|| usage(&format!("{a} needs a value")))
        };
        match a.as_str() {
            "--staff" => {
                args.staff = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--staff takes a number"))
            }
            "--out" => args.out = PathBuf::from(value()),
            "--seed" => {
                args.seed = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--seed takes a number"))
            }
            "--no-plan" => args.plan = false,
            "--real" => args.real = true,
            "--months" => {
                args.months = value()
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .unwrap_or_else(|| usage("--months takes a number above 0"))
            }
            "--other" => {
                args.other = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--other takes a number"))
            }
            "--outside-codes" => {
                args.outside_codes = Some(
                    value()
                        .parse()
                        .ok()
                        .filter(|&n| n > 0)
                        .unwrap_or_else(|| usage("--outside-codes takes a number above 0")),
                )
            }
            _ => usage(&format!("unknown argument {a}")),
        }
    }
    args
}

fn usage(msg: &str) -> ! {
    eprintln!(
        "generate: {msg}\nusage: generate [--staff N] [--out DIR] [--seed S] [--other ROWS_PER_PERSON] [--outside-codes N] [--no-plan] [--real] [--months N]"
    );
    std::process::exit(2)
}

/// `--real`'s unit ids: HSA ids as a Swedish region's catalogue gives them, 26 characters each
/// (`SE2321000131-E000000002377`), unique, in the tree's order; parents follow.
fn hsa_ids(units: &mut [Unit], rng: &mut Rng) {
    let mut new = std::collections::HashMap::new();
    for (i, u) in units.iter_mut().enumerate() {
        let id = format!("SE2321000131-E{:012}", 1000 + i * 13 + rng.below(13));
        new.insert(std::mem::replace(&mut u.id, id.clone()), id);
    }
    for u in units.iter_mut() {
        if let Some(parent) = new.get(&u.parent) {
            u.parent = parent.clone();
        }
    }
}

/// `--real`'s completion rows: made person by person, written in date order once all are made.
#[derive(Default)]
struct Held {
    /// Each row's place on the time line (the minute, then a random draw for rows of the same minute),
    /// where it starts in `text`, and its length.
    rows: Vec<(u64, u64, u32)>,
    text: Vec<u8>,
}

impl Held {
    fn push(&mut self, rng: &mut Rng, id: &str, course: &str, day: i64, session: &str) {
        let (hour, minute) = (7 + rng.below(10), rng.below(60));
        let when = if rng.chance(33.3) {
            format!("{} {hour:02}:{minute:02}", date(day))
        } else {
            date(day)
        };
        let session = session_id(course, day, session);
        let times = if rng.chance(1.0) { 2 } else { 1 }; // exported twice
        for _ in 0..times {
            let at = day as u64 * 1440 + (hour * 60 + minute) as u64;
            let start = self.text.len();
            writeln!(self.text, "{id},{course},{when},{session}").expect("writes to memory");
            let len = (self.text.len() - start) as u32;
            self.rows
                .push((at << 20 | rng.below(1 << 20) as u64, start as u64, len));
        }
    }

    fn write(mut self, w: &mut impl Write) -> std::io::Result<()> {
        self.rows.sort_unstable_by_key(|row| row.0);
        for &(_, start, len) in &self.rows {
            w.write_all(&self.text[start as usize..start as usize + len as usize])?;
        }
        Ok(())
    }
}

/// A session id as a platform numbers them (`S884`): a cohort's (`CHEF-2026-VT`) from its course,
/// year and term; any other row's from its course and month.
fn session_id(course: &str, day: i64, cohort: &str) -> String {
    if let Some((prefix, rest)) = cohort.split_once('-') {
        let year: usize = rest[..4].parse().unwrap_or(2019);
        let base = if prefix == "CHEF" { 800 } else { 850 };
        let term = usize::from(rest.ends_with("HT"));
        return format!("S{}", base + (year - 2019) * 2 + term);
    }
    let hash = course.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    });
    format!(
        "S{}",
        1000 + (hash % 900) * 100 + ((day - 6940) / 30 % 100) as u64
    )
}

fn date(days_since_2000: i64) -> String {
    let d = jiff::civil::date(2000, 1, 1) + jiff::Span::new().days(days_since_2000);
    d.to_string()
}

/// Days from 2000-01-01 to the export date, 2026-10-31.
const EXPORT_DAY: i64 = 9800;

fn main() -> std::io::Result<()> {
    let mut args = parse_args();
    // A series: the first month is the export as ever, written into `month-01/`.
    let series_root = (args.months > 0).then(|| {
        args.plan = true;
        let first = args.out.join("month-01");
        std::mem::replace(&mut args.out, first)
    });
    let n_codes = if args.real { 240 } else { OTHER_COURSES.len() };
    let other_courses = outside_codes(args.outside_codes.unwrap_or(n_codes));
    let other_courses: Vec<&str> = other_courses.iter().map(|c| c.as_str()).collect();
    let mut rng = Rng(args.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    std::fs::create_dir_all(&args.out)?;
    let create = |name: &str| {
        File::create(args.out.join(name)).map(|f| BufWriter::with_capacity(1 << 20, f))
    };

    // The tree: about one unit per 25 staff.
    let mut units = vec![Unit {
        id: "VGR".into(),
        parent: String::new(),
        name: "Västra Götalandsregionen".into(),
        level: "koncern",
    }];
    let n_forv = (args.staff / 3000).clamp(3, FORVALTNINGAR.len());
    let n_verk = (args.staff / (400 * n_forv)).clamp(2, VERKSAMHETER.len());
    let per_verk = (args.staff / (25 * n_forv * n_verk)).max(2);
    let mut leaves = Vec::new();
    for (f, forvaltning) in FORVALTNINGAR.iter().enumerate().take(n_forv) {
        let fid = format!("F{:02}", f + 1);
        units.push(Unit {
            id: fid.clone(),
            parent: "VGR".into(),
            name: forvaltning.to_string(),
            level: "forvaltning",
        });
        for v in 0..n_verk {
            let vid = format!("{fid}-V{:02}", v + 1);
            units.push(Unit {
                id: vid.clone(),
                parent: fid.clone(),
                name: format!(
                    "{} {}",
                    VERKSAMHETER[v],
                    forvaltning.split(' ').next().unwrap_or("")
                ),
                level: "verksamhet",
            });
            for e in 0..per_verk {
                let eid = format!("{vid}-E{:03}", e + 1);
                let name = format!("{} {}", ENHETER[(e + v) % ENHETER.len()], 10 + e);
                leaves.push(units.len());
                units.push(Unit {
                    id: eid,
                    parent: vid.clone(),
                    name: format!("{name}, {}", VERKSAMHETER[v]),
                    level: "enhet",
                });
            }
        }
    }
    if args.real {
        hsa_ids(&mut units, &mut rng);
    }
    let mut w = create("units.csv")?;
    // The manager's address, for `--split unit`'s index.csv; the region's root has none of its own.
    writeln!(w, "unit,parent,name,email")?;
    for u in &units {
        let email = if u.parent.is_empty() {
            String::new()
        } else {
            format!("chef.{}@example.org", u.id.to_lowercase())
        };
        writeln!(w, "{},{},\"{}\",{email}", u.id, u.parent, u.name)?;
    }
    w.flush()?;

    // Staff: one row per assignment.
    struct Person {
        id: String,
        role: &'static str,
        start: i64,
    }
    let mut people = Vec::with_capacity(args.staff);
    let mut w = create("staff.csv")?;
    writeln!(w, "employee_id,name,unit,role,level,start_date")?;
    for i in 0..args.staff {
        let id = format!("{}", 100_000 + i * 7 + rng.below(7));
        let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
        let roll = rng.below(1000);
        let (role, unit_ix) = if i < units.len() - leaves.len() {
            // One manager at the head of each unit above the unit level.
            ("chef", i)
        } else {
            let leaf = leaves[rng.below(leaves.len())];
            let role = match roll {
                0..=849 => "medarbetare",
                850..=919 => "chef",
                920..=949 => "verksamhetsutvecklare",
                950..=969 => "stab",
                970..=989 => "ledare",
                _ => "utvecklingschef",
            };
            // Support roles sit at the administration or department level.
            let unit = match role {
                "verksamhetsutvecklare" | "utvecklingschef" | "stab" => {
                    let up = units
                        .iter()
                        .position(|u| u.id == units[leaf].parent)
                        .unwrap_or(leaf);
                    if rng.chance(40.0) {
                        units
                            .iter()
                            .position(|u| u.id == units[up].parent)
                            .unwrap_or(up)
                    } else {
                        up
                    }
                }
                _ => leaf,
            };
            (role, unit)
        };
        let start = EXPORT_DAY - 30 - rng.below(20 * 365) as i64;
        let start_text = if rng.chance(3.0) {
            String::new()
        } else {
            date(start)
        };
        let u = &units[unit_ix];
        writeln!(w, "{id},{name},{},{role},{},{start_text}", u.id, u.level)?;
        if rng.chance(if args.real { 5.0 } else { 4.0 }) {
            // A second post: another unit, often a different role.
            let other = &units[leaves[rng.below(leaves.len())]];
            let role2 = if rng.chance(50.0) {
                "medarbetare"
            } else {
                "ledare"
            };
            let start2 = if start_text.is_empty() {
                String::new()
            } else {
                date(start + rng.below(2000) as i64)
            };
            writeln!(
                w,
                "{id},{name},{},{role2},{},{start2}",
                other.id, other.level
            )?;
        }
        people.push(Person { id, role, start });
    }
    w.flush()?;

    // Completions over eight years (2019 on), plan courses and many others.
    let mut w = create("completions.csv")?;
    writeln!(w, "employee_id,course,completed,session")?;
    let first_day = 6940; // 2019-01-01
    let done_when = |rng: &mut Rng, from: i64| -> Option<i64> {
        let from = from.max(first_day);
        if from >= EXPORT_DAY {
            return None;
        }
        Some(from + rng.below((EXPORT_DAY - from) as usize) as i64)
    };
    let leavers = args.staff / 20;
    let mut held = Held::default();
    for p in 0..args.staff + leavers {
        let (id, role, start) = match people.get(p) {
            Some(person) => (person.id.clone(), person.role, person.start),
            None => (format!("9{:06}", p), "medarbetare", EXPORT_DAY - 3000),
        };
        let mut emit = |rng: &mut Rng,
                        w: &mut BufWriter<File>,
                        course: &str,
                        day: i64,
                        session: &str|
         -> std::io::Result<()> {
            if args.real {
                held.push(rng, &id, course, day, session);
                return Ok(());
            }
            let when = if rng.chance(30.0) {
                format!(
                    "{} {:02}:{:02}",
                    date(day),
                    7 + rng.below(10),
                    rng.below(60)
                )
            } else if rng.chance(5.0) {
                format!(
                    "{}T{:02}:{:02}:00Z",
                    date(day),
                    7 + rng.below(10),
                    rng.below(60)
                )
            } else {
                date(day)
            };
            writeln!(w, "{id},{course},{when},{session}")?;
            if rng.chance(1.0) {
                writeln!(w, "{id},{course},{when},{session}")?; // exported twice
            }
            Ok(())
        };
        // The web course: most people, after 2019 under the new code.
        if rng.chance(78.0)
            && let Some(day) = done_when(&mut rng, start)
        {
            let code = if day < 8036 {
                if rng.chance(50.0) {
                    "KVU-W19"
                } else {
                    "KVUWEBB"
                }
            } else {
                "kvu-webb"
            };
            emit(&mut rng, &mut w, code, day, "")?;
        }
        let cohort = |day: i64, prefix: &str| {
            let d = date(day);
            format!(
                "{prefix}-{}-{}",
                &d[..4],
                if &d[5..7] < "07" { "VT" } else { "HT" }
            )
        };
        let leads = matches!(role, "chef" | "verksamhetsutvecklare" | "utvecklingschef");
        if leads
            && rng.chance(70.0)
            && let Some(day) = done_when(&mut rng, start)
        {
            let code = if day < 8036 {
                "KVU-CHEF-2019"
            } else if rng.chance(20.0) {
                "KVU25D"
            } else {
                "kvu-chef"
            };
            let session = cohort(day, "CHEF");
            emit(&mut rng, &mut w, code, day, &session)?;
        }
        if (leads || role == "ledare")
            && rng.chance(35.0)
            && let Some(day) = done_when(&mut rng, start)
        {
            let code = if rng.chance(30.0) {
                "GU-KVU15"
            } else {
                "kvu-15hp"
            };
            let session = cohort(day, "15HP");
            emit(&mut rng, &mut w, code, day, &session)?;
        }
        // Everything else the platform exports.
        let others = if args.other == 0 {
            0
        } else {
            rng.below(args.other * 2 + 1)
        };
        for _ in 0..others {
            let day = first_day + rng.below((EXPORT_DAY - first_day) as usize) as i64;
            let course = rng.pick(&other_courses);
            emit(&mut rng, &mut w, course, day, "")?;
        }
    }
    held.write(&mut w)?;
    w.flush()?;

    // Exemptions: a few people on leave, a few for good.
    let mut w = create("exemptions.csv")?;
    writeln!(w, "employee_id,course,until,reason")?;
    for _ in 0..(args.staff / 60).max(3) {
        let person = &people[rng.below(people.len())];
        let (course, until, reason) = match rng.below(3) {
            0 => (
                "kvu-webb",
                date(EXPORT_DAY + 30 + rng.below(300) as i64),
                "Föräldraledig",
            ),
            1 => (
                "KVU25D",
                date(EXPORT_DAY - 200 + rng.below(400) as i64),
                "Tjänstledig",
            ),
            _ => (
                "kvu-15hp",
                String::new(),
                "Motsvarande utbildning vid annan region",
            ),
        };
        writeln!(w, "{},{course},{until},{reason}", person.id)?;
    }
    w.flush()?;

    if args.plan {
        let mut w = create("plan.yaml")?;
        w.write_all(PLAN.as_bytes())?;
        w.flush()?;
    }
    if let Some(root) = series_root {
        series::write(&args, &root, &other_courses)?;
    }
    Ok(())
}

/// `--months N`: a monthly series, `month-01/` … `month-NN/` under `--out`, each a whole case (the
/// five files) with its as-of date in `as-of` (the month's last day; month 1 is the export date,
/// 2026-10-31). Month 1 is the export the same arguments write without `--months`; each next month
/// is made from the one before, as an HR system and a learning platform change in a month:
///
/// - about 1 % of the people leave (their rows are gone from the staff export; the platform purges
///   their completions three months later), about 1 % join (new ids, a day of the month as start
///   date, most without the web course yet), and about 1 % of the staff rows move (another unit, or
///   another role);
/// - new completions dated in the month: courses outside the plan at the rate of the eight years
///   before, the web course for 15 % of those who lack it, the managers' course for 5 % of those who
///   lack it; a few new exemptions;
/// - in month 5 the platform purges old completions (every row completed before 2019-07-01);
/// - from month 7 the plan changes a dose: `stab` is required to take `kvu-chef` too.
///
/// The same arguments give the same series.
mod series {
    use super::{Args, EXPORT_DAY, FIRST, LAST, PLAN, Rng, date, session_id};
    use std::collections::{HashMap, HashSet};
    use std::fs::File;
    use std::io::{BufRead, BufReader, BufWriter, Write};
    use std::path::{Path, PathBuf};

    /// The month whose export has the old completions purged.
    const PURGE_MONTH: usize = 5;
    /// Rows completed before this are purged then.
    const PURGE_BEFORE: &str = "2019-07-01";
    /// The first month of the changed plan.
    const PLAN_CHANGE_MONTH: usize = 7;
    /// Months after leaving that the platform purges a leaver's completions.
    const PURGE_LEAVERS_AFTER: usize = 3;

    /// One staff row, its fields as written.
    struct Post {
        id: String,
        name: String,
        unit: String,
        role: String,
        level: String,
        start: String,
    }

    /// The series' state carried from month to month.
    struct State {
        posts: Vec<Post>,
        /// Each leaver's id and the month they left.
        left: Vec<(String, usize)>,
        leaves: Vec<String>,
    }

    fn folder(root: &Path, month: usize) -> PathBuf {
        root.join(format!("month-{month:02}"))
    }

    /// Days from 2000-01-01 to the last day of month `month` of the series.
    fn as_of_day(month: usize) -> i64 {
        let first = jiff::civil::date(2026, 10, 1) + jiff::Span::new().months(month as i64 - 1);
        let last = first.last_of_month();
        jiff::civil::date(2000, 1, 1)
            .until(last)
            .expect("a date span")
            .get_days() as i64
    }

    fn create(path: PathBuf) -> std::io::Result<BufWriter<File>> {
        File::create(path).map(|f| BufWriter::with_capacity(1 << 20, f))
    }

    pub fn write(args: &Args, root: &Path, other: &[&str]) -> std::io::Result<()> {
        std::fs::write(
            folder(root, 1).join("as-of"),
            format!("{}\n", date(EXPORT_DAY)),
        )?;
        let mut state = read_staff(&folder(root, 1))?;
        for month in 2..=args.months {
            let (from, to) = (folder(root, month - 1), folder(root, month));
            std::fs::create_dir_all(&to)?;
            let mut rng = Rng((args.seed ^ (month as u64).wrapping_mul(0xA24B_AED4_963E_E407)) | 1);
            let (start, end) = (as_of_day(month - 1) + 1, as_of_day(month));
            let joined = change_staff(&mut state, &mut rng, month, start, end);
            let mut w = create(to.join("staff.csv"))?;
            writeln!(w, "employee_id,name,unit,role,level,start_date")?;
            for p in &state.posts {
                let Post {
                    id,
                    name,
                    unit,
                    role,
                    level,
                    start,
                } = p;
                writeln!(w, "{id},{name},{unit},{role},{level},{start}")?;
            }
            w.flush()?;
            let purged: HashSet<&str> = state
                .left
                .iter()
                .filter(|(_, m)| m + PURGE_LEAVERS_AFTER <= month)
                .map(|(id, _)| id.as_str())
                .collect();
            let done = copy_completions(&from, &to, month, &purged)?;
            new_completions(
                args,
                &state,
                &done,
                &joined,
                other,
                &mut rng,
                (start, end),
                &to,
                month,
            )?;
            copy_exemptions(&state, &mut rng, &from, &to, end)?;
            std::fs::copy(from.join("units.csv"), to.join("units.csv"))?;
            let plan = if month >= PLAN_CHANGE_MONTH {
                let old = "  stab:\n    \"*\": [kvu-webb]\n";
                assert!(
                    PLAN.contains(old),
                    "the plan's stab dose is where the series expects it"
                );
                PLAN.replace(old, "  stab:\n    \"*\": [kvu-webb, kvu-chef]\n")
            } else {
                PLAN.to_string()
            };
            std::fs::write(to.join("plan.yaml"), plan)?;
            std::fs::write(to.join("as-of"), format!("{}\n", date(end)))?;
        }
        Ok(())
    }

    fn read_staff(dir: &Path) -> std::io::Result<State> {
        let mut posts = Vec::new();
        for line in BufReader::new(File::open(dir.join("staff.csv"))?)
            .lines()
            .skip(1)
        {
            let line = line?;
            let f: Vec<&str> = line.split(',').collect();
            posts.push(Post {
                id: f[0].into(),
                name: f[1].into(),
                unit: f[2].into(),
                role: f[3].into(),
                level: f[4].into(),
                start: f[5].into(),
            });
        }
        let mut leaves: Vec<String> = posts
            .iter()
            .filter(|p| p.level == "enhet")
            .map(|p| p.unit.clone())
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        leaves.sort();
        Ok(State {
            posts,
            left: Vec::new(),
            leaves,
        })
    }

    /// Leavers, moves and joiners of a month; gives the joiners' ids.
    fn change_staff(
        state: &mut State,
        rng: &mut Rng,
        month: usize,
        start: i64,
        end: i64,
    ) -> Vec<String> {
        let mut leaving = HashSet::new();
        let mut people = 0;
        let mut last = "";
        for p in &state.posts {
            if p.id != last {
                people += 1;
                last = &p.id;
                if rng.chance(1.0) {
                    leaving.insert(p.id.clone());
                }
            }
        }
        state.posts.retain(|p| !leaving.contains(&p.id));
        let mut leaving: Vec<String> = leaving.into_iter().collect();
        leaving.sort();
        state.left.extend(leaving.into_iter().map(|id| (id, month)));
        for p in state.posts.iter_mut() {
            if !rng.chance(1.0) {
                continue;
            }
            if rng.chance(70.0) {
                p.unit = state.leaves[rng.below(state.leaves.len())].clone();
                p.level = "enhet".into();
            } else {
                p.role = if p.role == "medarbetare" {
                    "ledare"
                } else {
                    "medarbetare"
                }
                .into();
            }
        }
        let mut joined = Vec::new();
        for k in 0..people / 100 {
            let id = format!("8{month:02}{k:06}");
            let role = if rng.chance(8.0) {
                "chef"
            } else {
                "medarbetare"
            };
            state.posts.push(Post {
                id: id.clone(),
                name: format!("{} {}", rng.pick(FIRST), rng.pick(LAST)),
                unit: state.leaves[rng.below(state.leaves.len())].clone(),
                role: role.into(),
                level: "enhet".into(),
                start: date(start + rng.below((end - start + 1) as usize) as i64),
            });
            joined.push(id);
        }
        joined
    }

    /// The web course's and the managers' course's codes.
    const WEBB: &[&str] = &["kvu-webb", "KVU-W19", "KVUWEBB"];
    const CHEF: &[&str] = &[
        "kvu-chef",
        "KVU-CHEF-2019",
        "KVU25D",
        "kvu-15hp",
        "GU-KVU15",
        "KVU15HP",
    ];

    /// Last month's completion export less the purged rows; gives who has the web course (bit 1) and
    /// the managers' course (bit 2).
    fn copy_completions(
        from: &Path,
        to: &Path,
        month: usize,
        purged: &HashSet<&str>,
    ) -> std::io::Result<HashMap<String, u8>> {
        let mut done = HashMap::new();
        let mut w = create(to.join("completions.csv"))?;
        let mut lines =
            BufReader::with_capacity(1 << 20, File::open(from.join("completions.csv"))?).lines();
        if let Some(header) = lines.next() {
            writeln!(w, "{}", header?)?;
        }
        for line in lines {
            let line = line?;
            let mut f = line.splitn(4, ',');
            let (id, course, when) = (
                f.next().unwrap_or(""),
                f.next().unwrap_or(""),
                f.next().unwrap_or(""),
            );
            if purged.contains(id)
                || (month == PURGE_MONTH && when.get(..10).is_some_and(|d| d < PURGE_BEFORE))
            {
                continue;
            }
            let bit = if WEBB.contains(&course) {
                1
            } else if CHEF.contains(&course) {
                2
            } else {
                0
            };
            if bit != 0 {
                *done.entry(id.to_string()).or_insert(0) |= bit;
            }
            writeln!(w, "{line}")?;
        }
        w.flush()?;
        Ok(done)
    }

    /// The month's new completion rows, appended in date order.
    #[allow(clippy::too_many_arguments)]
    fn new_completions(
        args: &Args,
        state: &State,
        done: &HashMap<String, u8>,
        joined: &[String],
        other: &[&str],
        rng: &mut Rng,
        (start, end): (i64, i64),
        to: &Path,
        month: usize,
    ) -> std::io::Result<()> {
        let joined: HashSet<&str> = joined.iter().map(|s| s.as_str()).collect();
        // Eight years of rows outside the plan before: the same rate a month.
        let other_chance = (args.other as f64 / 94.0 * 100.0).min(100.0);
        let leads = |role: &str| {
            matches!(role, "chef" | "verksamhetsutvecklare" | "utvecklingschef")
                || (role == "stab" && month >= PLAN_CHANGE_MONTH)
        };
        let mut rows: Vec<(i64, String)> = Vec::new();
        let mut last = "";
        for p in &state.posts {
            if p.id == last {
                continue;
            }
            last = &p.id;
            let has = done.get(&p.id).copied().unwrap_or(0);
            let day = |rng: &mut Rng| start + rng.below((end - start + 1) as usize) as i64;
            let mut courses = Vec::new();
            let webb_chance = if joined.contains(p.id.as_str()) {
                30.0
            } else {
                15.0
            };
            if has & 1 == 0 && rng.chance(webb_chance) {
                courses.push(("kvu-webb", day(rng), String::new()));
            }
            if has & 2 == 0 && leads(&p.role) && rng.chance(5.0) {
                let d = day(rng);
                let text = date(d);
                let term = if &text[5..7] < "07" { "VT" } else { "HT" };
                courses.push(("kvu-chef", d, format!("CHEF-{}-{term}", &text[..4])));
            }
            if rng.chance(other_chance) {
                let course = rng.pick(other);
                courses.push((course, day(rng), String::new()));
            }
            for (course, d, cohort) in courses {
                let session = if args.real {
                    session_id(course, d, &cohort)
                } else {
                    cohort
                };
                let when = if rng.chance(30.0) {
                    format!("{} {:02}:{:02}", date(d), 7 + rng.below(10), rng.below(60))
                } else {
                    date(d)
                };
                let row = format!("{},{course},{when},{session}", p.id);
                if rng.chance(1.0) {
                    rows.push((d, row.clone())); // exported twice
                }
                rows.push((d, row));
            }
        }
        if args.real {
            rows.sort_by_key(|r| r.0);
        }
        let mut w = std::fs::OpenOptions::new()
            .append(true)
            .open(to.join("completions.csv"))?;
        let mut text = String::new();
        for (_, row) in rows {
            text.push_str(&row);
            text.push('\n');
        }
        w.write_all(text.as_bytes())
    }

    /// Last month's exemptions and a few new ones: leave until some months ahead.
    fn copy_exemptions(
        state: &State,
        rng: &mut Rng,
        from: &Path,
        to: &Path,
        end: i64,
    ) -> std::io::Result<()> {
        let mut text = std::fs::read_to_string(from.join("exemptions.csv"))?;
        for _ in 0..(state.posts.len() / 720).max(1) {
            let p = &state.posts[rng.below(state.posts.len())];
            text.push_str(&format!(
                "{},kvu-webb,{},Föräldraledig\n",
                p.id,
                date(end + 30 + rng.below(300) as i64)
            ));
        }
        std::fs::write(to.join("exemptions.csv"), text)
    }
}
