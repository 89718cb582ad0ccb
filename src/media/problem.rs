//! Why a bundle file may not be published, at its line and column: what the checks of
//! a file's bytes (pictures, drawings) hand back. Data only.

/// Why a file may not be published, at its line and column (1:1 for the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Problem {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl Problem {
    pub(crate) fn whole(message: String) -> Vec<Problem> {
        vec![Problem { line: 1, col: 1, message }]
    }
}
