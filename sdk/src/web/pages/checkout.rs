//! The checkout a page works on: one of the signed-in member's account, by its public id — shared by the pay,
//! gateway-fields and sandbox pages.

use crate::domain::Checkout;
use crate::web::error::WebError;
use crate::web::session::Member;
use crate::web::PortalState;

/// A checkout of the member's account, by its public id.
pub(crate) async fn checkout_of(
    state: &PortalState,
    member: &Member,
    id: &str,
) -> Result<Checkout, WebError> {
    state
        .store
        .checkout(member.ctx.tenant.id, id)
        .await?
        .filter(|c| c.account_id == member.membership.account.id)
        .ok_or(WebError::NotFound)
}
