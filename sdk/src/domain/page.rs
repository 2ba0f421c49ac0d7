//! Pages of a list, for the portal and the API.

/// A page of results without a total: whether more follow is known by reading one row past the page, so its cost
/// does not grow with the number of rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slice<T> {
    pub items: Vec<T>,
    pub offset: i64,
    pub limit: i64,
    pub has_more: bool,
}

/// A page of results with the position to continue from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
}
