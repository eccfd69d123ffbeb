//! Integration tests: the real `kvu` binary on fixture files, one test per rule of SPEC.md.

mod errors;
mod examples;
mod gaps;
mod options;
mod priority;
mod report;
mod support;
