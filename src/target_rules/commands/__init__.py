"""CLI subcommands, one module each (see target_rules.cli)."""
