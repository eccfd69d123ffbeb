//! An input's path as the command line gives it, with its `FILE#Sheet` worked out once.

/// An input's path as given, its `FILE#Sheet` worked out once (by the request): `book.xlsx#Sheet` names
/// the sheet `Sheet` of the workbook `book.xlsx` when that is a workbook that exists and
/// `book.xlsx#Sheet` itself is no file. It reads as the path given (`&str`), which messages name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputPath {
    pub given: String,
    /// The workbook it names, if it is one: its file and the sheet (`None`: the first sheet).
    pub workbook: Option<(String, Option<String>)>,
}

impl InputPath {
    pub fn new(given: String) -> InputPath {
        let workbook = super::reader::workbook::workbook_of(&given)
            .map(|(file, sheet)| (file.to_string(), sheet.map(str::to_string)));
        InputPath { given, workbook }
    }

    /// The file it is in: itself, or the workbook before `#Sheet`.
    pub fn file(&self) -> &str {
        self.workbook.as_ref().map_or(&self.given, |(file, _)| file)
    }
}

impl std::ops::Deref for InputPath {
    type Target = str;
    fn deref(&self) -> &str {
        &self.given
    }
}

impl crate::error::AsSource for InputPath {
    fn path(&self) -> &str {
        &self.given
    }
    fn sheet(&self) -> Option<&std::sync::Arc<crate::error::SheetRef>> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_path_names_a_sheet_only_of_a_workbook_that_exists() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("book.xlsx");
        std::fs::write(&book, b"").unwrap();
        let book = book.to_str().unwrap().to_string();
        let sheet = InputPath::new(format!("{book}#Personal"));
        assert_eq!(
            sheet.workbook,
            Some((book.clone(), Some("Personal".to_string())))
        );
        assert_eq!(
            (sheet.file(), &*sheet),
            (book.as_str(), sheet.given.as_str())
        );
        let whole = InputPath::new(book.clone());
        assert_eq!(whole.workbook, Some((book.clone(), None)));
        let text = format!("{}#Personal", dir.path().join("staff.csv").display());
        let plain = InputPath::new(text.clone());
        assert_eq!((&plain.workbook, plain.file()), (&None, text.as_str()));
        assert_eq!(InputPath::new("-".to_string()).workbook, None);
    }
}
