//! Pages of a list, for the portal and the API.

/// A page of results without a total: whether more follow is known by reading one row past the page, so its cost
/// does not grow with the number of rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slice<T> {
    /// The page's rows.
    pub items: Vec<T>,
    /// How many rows were skipped.
    pub offset: i64,
    /// How many were asked for.
    pub limit: i64,
    /// Whether more rows follow.
    pub has_more: bool,
}
