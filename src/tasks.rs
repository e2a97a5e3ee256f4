//! The task runner: the only place that spawns.
