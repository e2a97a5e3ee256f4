//! Rendering (pure).
