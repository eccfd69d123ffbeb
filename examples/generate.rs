//! Writes realistic exports for `plan/vgr-2024.yaml` at any scale, for the examples, tests and benchmarks.
//!
//! ```text
//! cargo run --release --example generate -- --staff 60000 --out /tmp/kvu-60k [--seed 7] [--other 20]
//!     [--outside-codes 20]
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
    outside_codes: usize,
    plan: bool,
}

fn parse_args() -> Args {
    let mut args = Args {
        staff: 300,
        out: PathBuf::from("examples"),
        seed: 2024,
        other: 20,
        outside_codes: OTHER_COURSES.len(),
        plan: true,
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
            "--other" => {
                args.other = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--other takes a number"))
            }
            "--outside-codes" => {
                args.outside_codes = value()
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .unwrap_or_else(|| usage("--outside-codes takes a number above 0"))
            }
            _ => usage(&format!("unknown argument {a}")),
        }
    }
    args
}

fn usage(msg: &str) -> ! {
    eprintln!(
        "generate: {msg}\nusage: generate [--staff N] [--out DIR] [--seed S] [--other ROWS_PER_PERSON] [--outside-codes N] [--no-plan]"
    );
    std::process::exit(2)
}

fn date(days_since_2000: i64) -> String {
    let d = jiff::civil::date(2000, 1, 1) + jiff::Span::new().days(days_since_2000);
    d.to_string()
}

/// Days from 2000-01-01 to the export date, 2026-10-31.
const EXPORT_DAY: i64 = 9800;

fn main() -> std::io::Result<()> {
    let args = parse_args();
    let other_courses = outside_codes(args.outside_codes);
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
        if rng.chance(4.0) {
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
    for p in 0..args.staff + leavers {
        let (id, role, start) = match people.get(p) {
            Some(person) => (person.id.clone(), person.role, person.start),
            None => (format!("9{:06}", p), "medarbetare", EXPORT_DAY - 3000),
        };
        let emit = |rng: &mut Rng,
                    w: &mut BufWriter<File>,
                    course: &str,
                    day: i64,
                    session: &str|
         -> std::io::Result<()> {
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
    Ok(())
}
