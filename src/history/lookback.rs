//! What a look back over the history store needs (`trend --history`, `site --history`), read in one
//! go: the recordings (their dates, whether their inputs are kept) and their figures, of one unit or of
//! every unit. Which recording serves a point of a trend is decided here: the latest recording dated
//! in the point's month, on or before the point.

use std::collections::HashMap;

use anyhow::Result;
use jiff::civil::Date;

use super::Store;
use crate::date::Month;

/// The recordings of a store and their figures.
#[derive(Debug, Clone, Default)]
pub struct Lookback {
    /// The store's path, as given.
    pub store: String,
    /// The recordings' dates, oldest first, each with whether its inputs are kept.
    pub recordings: Vec<(Date, bool)>,
    /// Per recording (as `recordings`), per unit id (empty: the whole organisation), per course id:
    /// required, met, exempt, overdue, due, expired.
    figures: Vec<HashMap<String, HashMap<String, [u64; 6]>>>,
}

impl Lookback {
    /// The recordings of `store` and their figures, of one unit (`Some("")`: the whole organisation)
    /// or of all (`None`).
    pub fn read(store: &str, unit: Option<&str>) -> Result<Lookback> {
        let opened = Store::open_to_read(store)?;
        let recordings = opened.recording_dates()?;
        let mut figures = vec![HashMap::new(); recordings.len()];
        for (date, figure) in opened.all_figures(unit)? {
            let Ok(r) = recordings.binary_search_by_key(&date, |&(d, _)| d) else {
                continue;
            };
            let per_unit: &mut HashMap<String, [u64; 6]> =
                figures[r].entry(figure.unit).or_default();
            per_unit.insert(figure.course, figure.counts);
        }
        Ok(Lookback {
            store: store.to_string(),
            recordings,
            figures,
        })
    }

    /// The month of the first recording, if any.
    pub fn first_month(&self) -> Option<Month> {
        self.recordings.first().map(|&(d, _)| Month::of(d))
    }

    /// The recording that serves a point: the latest dated in the point's month on or before it.
    pub fn serving(&self, point: Date) -> Option<usize> {
        let month = Month::of(point);
        let after = self.recordings.partition_point(|&(d, _)| d <= point);
        (after > 0 && Month::of(self.recordings[after - 1].0) == month).then(|| after - 1)
    }

    /// The date of a recording.
    pub fn date(&self, recording: usize) -> Date {
        self.recordings[recording].0
    }

    /// Whether a recording's inputs are kept (not forgotten).
    pub fn kept(&self, recording: usize) -> bool {
        self.recordings[recording].1
    }

    /// A recording's figure for a unit (empty: the whole organisation) and course: required, met,
    /// exempt, overdue, due, expired; zeros where it has none (nobody in the unit was required to
    /// take the course, or the unit or the course was not there then).
    pub fn counts(&self, recording: usize, unit: &str, course: &str) -> [u64; 6] {
        self.figures[recording]
            .get(unit)
            .and_then(|u| u.get(course))
            .copied()
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(dates: &[&str]) -> Lookback {
        Lookback {
            recordings: dates.iter().map(|d| (d.parse().unwrap(), true)).collect(),
            figures: vec![HashMap::new(); dates.len()],
            ..Lookback::default()
        }
    }

    #[test]
    fn lookback_point_takes_the_latest_recording_of_its_month_on_or_before_it() {
        let l = at(&["2026-04-30", "2026-05-10", "2026-05-20", "2026-06-30"]);
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(l.serving(d("2026-05-31")), Some(2));
        assert_eq!(
            l.serving(d("2026-05-15")),
            Some(1),
            "not the one after the point"
        );
        assert_eq!(l.serving(d("2026-05-05")), None, "April's is another month");
        assert_eq!(l.serving(d("2026-03-31")), None);
        assert_eq!(l.serving(d("2026-06-30")), Some(3));
    }
}
