//! Integration tests: the real `kvu` binary on fixture files, one test per rule of SPEC.md.

mod bombs;
mod diff;
mod errors;
mod examples;
mod exports;
mod forecast;
mod gaps;
mod hostile;
mod ids;
mod options;
mod priority;
mod readme;
mod report;
mod robust;
mod safety;
mod support;
mod trend;
mod workbooks;
