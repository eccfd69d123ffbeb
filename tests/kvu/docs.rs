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
    for doc in ["README.md", "docs/contract.md"] {
        let path = repo().join(doc);
        let text = std::fs::read_to_string(&path).unwrap();
        for target in climbing(&text) {
            let resolved = path.parent().unwrap().join(target).canonicalize();
            assert!(
                resolved.is_ok_and(|r| r.starts_with(&root)),
                "{doc} names `{target}`, outside the repository"
            );
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
