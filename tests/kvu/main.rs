//! Integration tests: the real `kvu` binary on fixture files, one test per rule of the contract (docs/contract.md).

mod bombs;
mod cohorts;
mod conventions;
mod diff;
mod docs;
mod errors;
mod examples;
mod exports;
mod forecast;
mod gaps;
mod help;
mod hostile;
mod ids;
mod options;
mod outputs;
mod priority;
mod readme;
mod report;
mod robust;
mod safety;
mod split;
mod support;
mod trend;
mod units;
mod width;
mod workbooks;
