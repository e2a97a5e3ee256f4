//! Rendering (pure).

pub mod inspector;
