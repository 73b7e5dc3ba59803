//! `spbe score`: reading, scoring and every output format.
