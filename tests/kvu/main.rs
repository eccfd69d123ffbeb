//! Integration tests: the real `kvu` binary on fixture files, one test per rule of SPEC.md.

mod bombs;
mod errors;
mod examples;
mod exports;
mod gaps;
mod options;
mod priority;
mod readme;
mod report;
mod robust;
mod support;
