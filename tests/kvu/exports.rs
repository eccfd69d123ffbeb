//! Real exports: Excel-Swedish (semicolons, Windows-1252, CRLF), tabs, byte-order marks, UTF-16,
//! Swedish column names mapped in the plan, job titles instead of roles; and `--excel-safe`.

use crate::support::{Kvu, PLAN};

const STAFF: &str = "employee_id,name,unit,role,level,start_date
e1,Åsa Öberg,Avd Ö,medarbetare,enhet,2024-01-10
e2,\"Ek, Per\",Avd Ö,chef,enhet,2023-06-01
e3,Zoë Näslund,Avd Ä,vu,forvaltning,
";
const COMPLETIONS: &str = "employee_id,course,completed,session
e1,W-OLD,2024-01-20 10:00,
e2,HLR-VUXEN,2024-01-20,
e3,chef25,2024-02-01,Kurs Ä
e9,webb,2024-03-01,
";

/// The clean files' gaps, to compare every variant with.
fn clean(args: &[&str]) -> String {
    let k = Kvu::new()
        .file("staff.csv", STAFF)
        .file("completions.csv", COMPLETIONS);
    let run = k.run(&[&["gaps", "--format", "csv", "--as-of", "2024-06-01"], args].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

/// The text with another separator (fields are quoted where they hold one).
fn separated(text: &str, sep: &str) -> String {
    text.replace("\"Ek, Per\"", "EK_PER")
        .replace(',', sep)
        .replace("EK_PER", "\"Ek, Per\"")
}

fn crlf(text: &str) -> String {
    text.replace('\n', "\r\n")
}

fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn variant(staff: Vec<u8>, completions: Vec<u8>, plan: &str, args: &[&str]) -> (String, String) {
    let k = Kvu::new();
    std::fs::write(k.path("plan.yaml"), plan).unwrap();
    std::fs::write(k.path("staff.csv"), staff).unwrap();
    std::fs::write(k.path("completions.csv"), completions).unwrap();
    let run = k.run_files(&[&["gaps", "--format", "csv", "--as-of", "2024-06-01"], args].concat());
    (run.stdout, run.stderr)
}

const OUTSIDE: &str =
    "kvu: warning: completions.csv: 1 row of 1 course outside the plan left out: HLR-VUXEN\n";

/// The warnings that the files are Windows-1252 (`--encoding auto`), with the lines of their first
/// non-UTF-8 bytes.
fn latin(staff: u64, completions: u64) -> String {
    let warning = |file: &str, line: u64| {
        format!(
            "kvu: warning: {file}: not UTF-8 (line {line} is the first line that is not), read as Windows-1252; --encoding windows-1252 reads it so without this warning\n"
        )
    };
    format!(
        "{}{}{OUTSIDE}",
        warning("staff.csv", staff),
        warning("completions.csv", completions)
    )
}

#[test]
fn excel_swedish_semicolons_windows_1252_and_crlf_read_like_the_clean_files() {
    let staff = windows_1252(&crlf(&separated(STAFF, ";")));
    let completions = windows_1252(&crlf(&separated(COMPLETIONS, ";")));
    assert_eq!(
        variant(staff, completions, PLAN, &[]),
        (clean(&[]), latin(2, 4))
    );
}

#[test]
fn tab_separated_files_read_like_the_clean_files() {
    let (staff, completions) = (separated(STAFF, "\t"), separated(COMPLETIONS, "\t"));
    assert_eq!(
        variant(staff.into(), completions.into(), PLAN, &[]),
        (clean(&[]), OUTSIDE.to_string())
    );
}

#[test]
fn a_byte_order_mark_utf8_or_utf16_is_read() {
    let bom = |t: &str| [b"\xEF\xBB\xBF".as_slice(), t.as_bytes()].concat();
    assert_eq!(
        variant(bom(STAFF), bom(COMPLETIONS), PLAN, &[]),
        (clean(&[]), OUTSIDE.to_string())
    );
    let utf16 = |t: &str| {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(
            crlf(&separated(t, "\t"))
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        bytes
    };
    assert_eq!(
        variant(utf16(STAFF), utf16(COMPLETIONS), PLAN, &[]),
        (clean(&[]), OUTSIDE.to_string())
    );
}

#[test]
fn encoding_and_delimiter_can_be_set() {
    let staff = windows_1252(&separated(STAFF, ";"));
    let completions = windows_1252(&separated(COMPLETIONS, ";"));
    let set = ["--encoding", "windows-1252", "--delimiter", ";"];
    assert_eq!(
        variant(staff.clone(), completions.clone(), PLAN, &set),
        (clean(&[]), OUTSIDE.to_string())
    );
    // Said to be UTF-8, a Windows-1252 file is an error that names the field.
    let (stdout, stderr) = variant(staff, completions, PLAN, &["--encoding", "utf-8"]);
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "kvu: error: staff.csv:2: field unit is not UTF-8 text, expected UTF-8 as --encoding utf-8 says (or --encoding windows-1252)\n"
    );
}

const SWEDISH_COLUMNS: &str = "columns:
  staff: { employee_id: Anställningsnummer, name: Namn, unit: Enhet, role: Roll, level: Nivå, start_date: Startdatum }
  completions: { employee_id: Anställningsnummer, course: Kurskod, completed: Slutförd, session: Tillfälle }
";

fn swedish(text: &str) -> String {
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let header = header
        .replace("employee_id", "Anställningsnummer")
        .replace("name", "Namn")
        .replace("unit", "Enhet")
        .replace("role", "Roll")
        .replace("level", "Nivå")
        .replace("start_date", "Startdatum")
        .replace("course", "Kurskod")
        .replace("completed", "Slutförd")
        .replace("session", "Tillfälle");
    std::iter::once(header.as_str())
        .chain(lines)
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn swedish_column_names_mapped_in_the_plan_read_like_the_clean_files() {
    let plan = format!("{PLAN}{SWEDISH_COLUMNS}");
    let staff = windows_1252(&crlf(&separated(&swedish(STAFF), ";")));
    let completions = windows_1252(&crlf(&separated(&swedish(COMPLETIONS), ";")));
    assert_eq!(
        variant(staff, completions, &plan, &[]),
        (clean(&[]), latin(1, 1))
    );
    // The same plan still reads files with the contract's own names.
    assert_eq!(
        variant(STAFF.into(), COMPLETIONS.into(), &plan, &[]),
        (clean(&[]), OUTSIDE.to_string())
    );
}

#[test]
fn messages_name_a_column_as_the_file_spells_it() {
    let plan = format!("{PLAN}{SWEDISH_COLUMNS}");
    let staff = swedish(STAFF).replace("e2,\"Ek, Per\"", ",\"Ek, Per\"");
    let (_, stderr) = variant(staff.into(), swedish(COMPLETIONS).into(), &plan, &[]);
    assert_eq!(
        stderr,
        "kvu: error: staff.csv:3: Anställningsnummer is empty, expected the person's id\n"
    );
    let staff = swedish(STAFF).replace("Roll,", "Befattning,");
    let (_, stderr) = variant(staff.into(), swedish(COMPLETIONS).into(), &plan, &[]);
    assert_eq!(
        stderr,
        "kvu: error: staff.csv:1: missing required column `Roll` (the plan's columns name role so); the header has: Anställningsnummer, Namn, Enhet, Befattning, Nivå, Startdatum\n"
    );
    let completions = swedish(COMPLETIONS).replace("2024-02-01", "2024-02-30");
    let (_, stderr) = variant(swedish(STAFF).into(), completions.into(), &plan, &[]);
    assert_eq!(
        stderr,
        "kvu: error: completions.csv:4: Slutförd `2024-02-30` is not a calendar date\n"
    );
}

#[test]
fn a_plan_column_map_with_an_unknown_column_is_an_error() {
    let plan = format!("{PLAN}columns:\n  staff: {{ personnummer: Pnr }}\n");
    let (_, stderr) = variant(STAFF.into(), COMPLETIONS.into(), &plan, &[]);
    assert!(
        stderr.starts_with("kvu: error: plan.yaml:38:12: unknown field `personnummer`, expected one of employee_id, name, unit, role, level, start_date, title"),
        "{stderr}"
    );
}

const TITLES: &str = "titles:
  Enhetschef: { role: chef, level: enhet }
  Verksamhetsutvecklare: { role: vu, level: forvaltning }
  \"*\": { role: medarbetare }
";

#[test]
fn job_titles_give_role_and_level_when_there_is_no_role_column() {
    let plan = format!("{PLAN}{TITLES}");
    let staff = "Anställningsnummer;Namn;Enhet;Befattning;Nivå;Startdatum
e1;Åsa Öberg;Avd Ö;Undersköterska;enhet;2024-01-10
e2;Ek, Per;Avd Ö;ENHETSCHEF;;2023-06-01
e3;Zoë Näslund;Avd Ä;Verksamhetsutvecklare;;
"
    .replace("Ek, Per", "\"Ek, Per\"");
    let plan = format!(
        "{plan}columns:\n  staff: {{ employee_id: Anställningsnummer, name: Namn, unit: Enhet, level: Nivå, start_date: Startdatum }}\n"
    );
    assert_eq!(
        variant(staff.into(), COMPLETIONS.into(), &plan, &[]),
        (clean(&[]), OUTSIDE.to_string())
    );
}

#[test]
fn a_title_without_a_mapping_requires_nothing_with_a_warning() {
    let plan = format!("{PLAN}titles:\n  Enhetschef: {{ role: chef }}\n");
    let staff = "employee_id,unit,title,level\ne1,Avd 1,Städare,enhet\ne2,Avd 1,Enhetschef,enhet\n";
    let (stdout, stderr) = variant(
        staff.into(),
        "employee_id,course,completed\n".into(),
        &plan,
        &[],
    );
    assert_eq!(
        stdout,
        "employee_id,name,unit,role,level,course,status,due\ne2,,Avd 1,chef,enhet,webb,overdue,\ne2,,Avd 1,chef,enhet,chef25,overdue,\n"
    );
    assert_eq!(
        stderr,
        "kvu: warning: staff.csv:2: title `Städare` is not in the plan's titles and there is no \"*\" (1 row, the first here); it requires nothing\n"
    );
}

#[test]
fn excel_safe_quotes_cells_that_a_spreadsheet_would_run() {
    let k = Kvu::new()
        .staff("e1,=HYPERLINK(\"x\"),@Avd,medarbetare,enhet,\ne2,-Eva,+Avd,medarbetare,enhet,");
    let run = k.run(&[
        "gaps",
        "--format",
        "csv",
        "--as-of",
        "2024-01-01",
        "--excel-safe",
    ]);
    assert_eq!(
        run.ok(),
        "employee_id,name,unit,role,level,course,status,due\n\
         e2,'-Eva,'+Avd,medarbetare,enhet,webb,overdue,\n\
         e1,\"'=HYPERLINK(\"\"x\"\")\",'@Avd,medarbetare,enhet,webb,overdue,\n"
    );
    // Off by default: the values are as they were.
    let run = k.run(&["gaps", "--format", "csv", "--as-of", "2024-01-01"]);
    assert!(run.ok().contains("e2,-Eva,+Avd,"));
}
