//! The wizard's state machine (filled in by the foundation work).
