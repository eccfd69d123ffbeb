//! Integration tests: the real `kvu` binary on fixture files, one test per rule of SPEC.md.

mod errors;
mod examples;
mod gaps;
mod options;
mod report;
mod support;
