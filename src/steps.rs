//! steps.toml → typed specs.
