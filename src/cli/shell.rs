//! `kvu completions SHELL` and `kvu man`: a shell completion script, or the manual page (roff), made
//! from the command line's own definition ([`crate::cli`]), so they always list what `--help` lists.
//! They read no input file and are printed before anything is loaded.

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, Command, Shell};

/// The text a command prints without reading any input (`completions`, `man`), or `None` for the
/// commands that read the inputs.
pub fn page(command: &Command) -> Option<Result<Vec<u8>>> {
    match command {
        Command::Completions(args) => Some(Ok(completions(args.shell))),
        Command::Man => Some(man()),
        _ => None,
    }
}

/// The completion script for a shell.
pub fn completions(shell: Shell) -> Vec<u8> {
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "kvu", &mut script);
    script
}

/// The manual page, `kvu(1)`, in roff.
pub fn man() -> Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .title("KVU")
        .section("1")
        .render(&mut page)?;
    Ok(page)
}
