//! The repository carries its own contract: the README points at `docs/contract.md`, and no document
//! points at a file outside the repository.

use crate::support::repo;

/// Every relative path a Markdown text names (in backticks or a link) that climbs out of its folder.
fn climbing(text: &str) -> Vec<&str> {
    text.split(['`', '(', ')', ' ', '\n'])
        .filter(|w| w.contains("../"))
        .collect()
}

#[test]
fn the_docs_name_no_file_outside_the_repository() {
    let root = repo().canonicalize().unwrap();
    for doc in [
        "README.md",
        "docs/guide.md",
        "docs/cron.md",
        "docs/contract.md",
        "docs/benchmarks.md",
        "docs/architecture.md",
        "docs/glossary.md",
    ] {
        let path = repo().join(doc);
        let text = std::fs::read_to_string(&path).unwrap();
        for target in climbing(&text) {
            let resolved = path.parent().unwrap().join(target).canonicalize();
            assert!(
                resolved.is_ok_and(|r| r.starts_with(&root)),
                "{doc} names `{target}`, outside the repository"
            );
            assert!(!target.contains("shared"), "{doc} names `{target}`");
        }
    }
}

#[test]
fn the_readme_names_the_contract_in_the_repository() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(readme.contains("[docs/contract.md](docs/contract.md)"));
    let contract = std::fs::read_to_string(repo().join("docs/contract.md")).unwrap();
    for header in [
        "`employee_id,name,unit,role,level,course,status,due`",
        "`unit,course,required,met,exempt,overdue,due,expired`",
        "`course,name,participants,completions,sessions,hours`",
        "`rank,tier,employee_id,name,unit,role,level,course,status,due`",
    ] {
        assert!(contract.contains(header), "{header}");
    }
}

#[test]
fn the_readme_is_short_and_links_every_page_of_docs() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let lines = readme.lines().count();
    assert!(lines <= 400, "the README has {lines} lines, at most 400");
    for page in [
        "guide.md",
        "cron.md",
        "contract.md",
        "benchmarks.md",
        "architecture.md",
        "glossary.md",
    ] {
        assert!(
            readme.contains(&format!("](docs/{page})")),
            "the README links no docs/{page}"
        );
    }
    // In this order: what it is, install, set up, quick start, then the links.
    let at = |h: &str| readme.find(h).unwrap_or_else(|| panic!("no {h}"));
    assert!(at("## Install") < at("## Set up"));
    assert!(at("## Set up") < at("## Quick start"));
    assert!(at("## Quick start") < at("## Read on"));
}
