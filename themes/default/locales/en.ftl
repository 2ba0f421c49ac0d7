# Billfold's words in English. Keys are shared by every language; a theme may override any of them in its own
# locales/<lang>.ftl. Terms from the seeds: Total Outstanding, Unpaid Invoices, Past Due, Unpaid, Paid, Pay,
# Download Invoice, Continue to Payment, Payment History, Payment Methods, Make Default.

## Layout
skip-to-content = Skip to content
product-billing = Billing
product-portal = Billing portal
nav-label = Billing
nav-invoices = Invoices
nav-payment-history = Payment History
nav-statements = Statements
nav-estimates = Estimates
nav-subscriptions = Subscriptions
nav-payment-methods = Payment Methods
nav-users = Users
nav-activity = Activity
scope-banner = You opened this from a link, so you can see only this.
scope-sign-in = Sign in
scope-sign-in-rest = to see all your invoices.

## Account menu
menu-switch-account = Switch account
menu-current = (current)
menu-security = Sign-in & security
menu-sign-out = Sign out
menu-language = Language
menu-language-apply = Change language

## Badges
badge-paid = Paid
badge-past-due = Past Due
badge-unpaid = Unpaid
badge-void = Void

## Invoice lines
lines-caption = Line items of invoice { $number }
lines-description = Description
lines-qty = Qty
lines-unit-price = Unit price
lines-amount = Amount
lines-subtotal = Subtotal
lines-tax = Tax
lines-total = Total
lines-paid = Paid
lines-balance = Balance

## Pager
pager-label = Pages
pager-invoice = Showing { $first }–{ $last }{ $total -> 
    [none] {""}
   *[other] {" "}of { $total }
} { $count ->
    [one] invoice
   *[other] invoices
}
pager-payment = Showing { $first }–{ $last }{ $total -> 
    [none] {""}
   *[other] {" "}of { $total }
} { $count ->
    [one] payment
   *[other] payments
}
pager-previous = Previous
pager-next = Next

## Dashboard
invoices-title = Invoices
view-only-strong = You can view this account.
view-only = Invoices, payments and statements are open to you; paying and payment methods are for users with the Accounting or Admin role. Ask your account's admin if you need to pay.
autopay-on-strong = AutoPay is on.
autopay-on = Each invoice is paid { $timing } with { $method }.
autopay-manage = Manage AutoPay
autopay-stopped-strong = AutoPay stopped:
autopay-stopped = payments with { $method } failed. Update the payment method to turn it on again.
autopay-update = Update AutoPay
pay-selected = Pay selected
pay-full-balance = Pay full balance
summary-label = Summary
total-outstanding = Total Outstanding
unpaid-invoices = Unpaid Invoices
filter-label = Filter invoices by status
filter-all = All
filter-open = Unpaid
filter-paid = Paid
sort-label = Sort invoices
sort = Sort:
sort-newest = Newest
sort-due-first = Due first
search-label = Search by invoice number
search-placeholder = Invoice number
search-button = Search
empty-search = No invoice number contains “{ $search }”.
empty-page = There is nothing on this page.
empty-first-page = Go to the first page
empty-open = You have no unpaid invoices.
empty-paid = No paid invoices yet.
empty-all = You have no invoices yet.
col-invoice = Invoice #
col-status = Status
col-issued = Issued
col-due = Due
col-total = Total
col-balance = Balance
pending-amount = { $amount } pending
comments-marker = { $count ->
    [one] 1 comment
   *[other] { $count } comments
}
comments-unresolved = , not resolved yet
download-invoice = Download Invoice
view-invoice = View invoice
select-to-pay = Select invoice { $number } to pay
pay = Pay
pay-invoice-label = Pay invoice { $number }
export-invoices = Export these invoices (CSV)

## Pay form
all-invoices = ← All invoices
pay-title-invoice = Pay invoice { $number }
pay-title-selected = Pay selected invoices
pay-none-ticked = No invoices were ticked, so this is the whole balance.
hold-mine = You started paying { $amount } for { $invoices } at
hold-mine-charging = and the payment provider is still confirming it. Start over checks with them first: nothing that went through is released.
hold-mine-open = and didn't finish. Nothing has been charged; the amount is held for you until
hold-resume = Resume
hold-start-over = Start over
hold-other = Someone else on this account is paying { $amount } for { $invoices }
hold-other-started = started
hold-other-held = That amount is held until
hold-other-held-rest = unless they finish or cancel first.
all-held = Everything left to pay here is already being paid ({ $amount } pending).
all-held-bank = Bank payments show as pending until they clear.
back-to-invoices = Back to your invoices
nothing-owed = Nothing is owed on this account right now.
nothing-owed-pending = { $amount } is being paid (pending).
pay-amount = Amount
pay-help-selected = The chosen invoices come to { $balance }. A smaller amount pays them oldest first, each in full, and the last one it reaches in part.
pay-help-partial = The full balance is { $balance }. You can pay part of it.
pay-help-whole = The whole balance: every open invoice below, oldest first.
pay-help-selected-full = The chosen invoices below, each in full.
pay-help-full = This invoice is paid in full.
pay-with = Pay with
method-default = Default
method-expired = Expired
method-new-card = A new credit or debit card
method-card = Credit or debit card
method-new-bank = A new bank account (ACH)
method-bank = Bank account (ACH)
continue-to-payment = Continue to Payment
pay-details-note = Your card or bank details are entered on the payment provider's page and never stored by us.
paying = Paying
pay-reserved-note = { $amount } is already being paid (pending) and is not included.

## Receipt email
receipt-subject-numbered = Receipt { $number } for your payment of { $amount } to { $vendor }
receipt-subject = Receipt for your payment of { $amount } to { $vendor }
receipt-thanks = Thank you for your payment
receipt-thanks-text = Thank you for your payment.
receipt-number = Receipt
receipt-amount = Amount
receipt-date = Date
receipt-paid-with = Paid with
receipt-reference = Reference
receipt-account = Account
receipt-applied-to = Applied to
receipt-view = View receipt
receipt-view-text = View the receipt:
receipt-keep = Keep this email for your records. You can download a PDF receipt from Payment History in your billing portal.
mail-help = Need help?
mail-call = Call { $phone }.
mail-email = Email { $email }.

## Payment History
export-csv = Export CSV
no-payments = No payments yet.
payments-caption = Payments on this account, newest first
col-date = Date
col-amount = Amount
col-type = Type
col-reference = Reference
unapplied = Unapplied
payment-status-pending = Pending
payment-status-succeeded = Succeeded
payment-status-failed = Failed
payment-status-refunded = Refunded
payment-type-card = Credit card
payment-type-ach = ACH
payment-type-check = Check
payment-type-wire = Wire
payment-type-cash = Cash
payment-type-other = Other

## Invoice page
invoice-title = Invoice { $number }
bill-to = Bill to
po-number = PO number
line-items = Line items
payments-applied = Payments applied
no-payments-applied = No payments have been applied to this invoice yet.
comments = Comments
comments-waiting = Waiting for { $vendor } to reply.
comments-none = No comments yet. A question about this invoice? Ask { $vendor } here.
comments-add = Add a comment
comments-hint = { $vendor } sees your comment and replies here; you'll get an email when they do.
comments-post = Post comment
vendor-from = From
vendor-tax-id = Tax ID:
vendor-other-ways = Other ways to pay

## Confirmation and receipt pages
confirm-title = Confirm payment
confirm-change = Change
confirm-for = For
confirm-nothing-charged = Nothing was charged.
confirm-pay-without-saving = Pay { $amount } without saving
confirm-other-details = Use other details
confirm-check-card = Check your card number, expiry and CVV, or try a different card.
confirm-different-card = Try a different card
confirm-save-bank = Save this bank account for future payments
confirm-save-card = Save this card for future payments
confirm-pay = Pay { $amount }
confirm-cancel = Cancel
ach-authorization = By selecting Pay { $amount }, you authorize { $merchant } to debit { $amount } from the bank account { $account } on or after { $date }, once. This is a one-time payment: nothing else will be debited without a new authorization. If the debit is returned (for example for insufficient funds) you may be charged a fee by your bank. To cancel before it is processed, contact { $merchant }.
receipt-failed-strong = This payment did not go through.
receipt-failed = Nothing was charged for it. You can pay the invoice again from your invoices.
receipt-received-strong = Payment received.
receipt-received = Thank you — your payment of { $amount } went through.
receipt-submitted-strong = Payment submitted.
receipt-submitted = Bank payments take a few days to clear; it shows as pending until then.
receipt-confirming-strong = We're confirming your payment.
receipt-confirming = The payment provider didn't answer in time, so you have not been charged yet as far as we know. We'll confirm it with them shortly — don't pay again; check Payment History in a few minutes.
receipt-not-completed = Payment not completed
receipt-title = Payment receipt
download-receipt = Download receipt
payment-status-paid = Paid

## Error and message pages
message-other-accounts = You can open one of your other accounts:
error-your-vendor = your vendor
error-no-portal = Billing portal not found
error-no-portal-text = There is no billing portal at this address. Check the link you followed.
error-not-found = Page not found
error-not-found-text = We couldn't find that page. It may have moved, or the link may be mistyped.
error-session-ended = Your session has ended
error-session-ended-text = You were signed out after a period of inactivity.
error-sign-in = Please sign in
error-sign-in-text = You need to be signed in to see your invoices.
error-open-again = Open the billing portal again from your { $vendor } account, or use the link in an invoice email.
error-bad-link = This sign-in link is invalid or has expired
error-bad-link-text = Sign-in links work only once and only for a few minutes.
error-bad-link-again = Go back to { $vendor } and open the billing portal again to get a fresh link.
error-access-denied = Access denied
error-access-denied-text = Your user doesn't have a role on this account yet, so you can't see its billing.
error-access-denied-ask = Ask your account's admin to give you the Accounting role, or contact { $vendor } support and we'll set it up for you.
error-form-expired = This form has expired
error-forbidden = You can't do that here
error-bad-request = Something is wrong with that request
error-nothing-changed = Nothing was changed.
error-internal = Something went wrong on our side
error-internal-text = Nothing was changed. Please try again in a minute.

## Sign-in page
sign-in-title = Sign in to { $vendor }
sign-in-email = Email
sign-in-password = Password
sign-in-forgot = Forgot password?
sign-in-button = Sign in
sign-in-or = or
sign-in-no-password = No password? Get a sign-in link by email
sign-in-email-me = Email me a sign-in link
sign-in-sso-only = Open the billing portal from your { $vendor } account, or use the link in an invoice email.
sign-in-notice = Please sign in to see your invoices.
sign-in-notice-expired = Your session has ended. Sign in again to continue.

## Payment Methods
methods-saved = The payment method was saved.
methods-removed = The payment method was removed.
methods-default-changed = The default payment method was changed.
methods-none = No saved payment methods yet. Save one to pay faster next time.
methods-label = Saved payment methods
methods-flag-soon = Expires soon
methods-kind-card = Card
methods-kind-bank = Bank account
methods-expires = expires { $date }
methods-make-default = Make Default
methods-remove = Remove
methods-remove-question = Remove { $method }?
methods-remove-warning = Remove { $method }? It can't be used to pay after this.
methods-successor = It is your default: { $method } becomes the default.
methods-no-successor = It is your default: you will have no default until you choose one.
methods-confirm-remove = Yes, remove { $method }
methods-used-by = Charged to it: { $what }.
methods-autopay-stops = AutoPay stops until you choose another method.
methods-subscriptions-invoiced = Subscriptions are invoiced until you choose another method.
methods-add-card = Add a card
methods-add-bank = Add a bank account
methods-autopay = AutoPay
methods-autopay-hint = have each invoice paid automatically when it is due.

## Invoice email
invoice-mail-subject = Invoice { $number } from { $vendor }: { $amount } due { $due }
invoice-mail-view = View Invoice
invoice-mail-button-note = The button opens this invoice in { $vendor }'s billing portal, where you can pay it. It works for { $days } days.
invoice-mail-hello = Hello,
invoice-mail-sent = { $vendor } sent you invoice { $number } for { $account }.
invoice-mail-amount-due = Amount due
invoice-mail-link-note = View Invoice (and pay it) here; the link works for { $days } days:

## Statements
statement-title = Statement
statement-from = From
statement-to = To
statement-show = Show statement
statement-pdf = Download PDF
statement-csv = Download CSV
statement-summary = Summary for { $from } to { $to }
statement-opening = Opening balance
statement-invoiced = Invoiced
statement-paid = Paid
statement-closing = Closing balance
statement-activity = Activity
statement-activity-caption = Invoices and payments from { $from } to { $to }, with the balance after each
statement-charges = Charges
statement-payments = Payments
statement-open = Open invoices
statement-nothing-open = Nothing is open.
statement-open-caption = Invoices with a balance today
statement-days-overdue = Days overdue

## Estimates
estimates-none = This account has no estimates.
estimates-all = ← All estimates
estimate-number = Estimate #
estimate-title = Estimate { $number }
estimate-valid-until = Valid until
estimate-deposit = Deposit
estimate-download = Download Estimate
estimate-prepared-for = Prepared for
estimate-deposit-due = Deposit due on approval: { $amount }
estimate-deposit-due-label = Deposit due on approval
estimate-terms = Terms
estimate-state-open = Awaiting approval
estimate-state-approved = Approved
estimate-state-declined = Declined
estimate-state-expired = Expired
estimate-state-invoiced = Invoiced
estimate-approved-by = Approved by
estimate-declined-on = Declined on { $date }.
estimate-reason = Reason:
estimate-deposit-invoice = Deposit: invoice
estimate-deposit-paid = paid
estimate-deposit-to-pay = { $amount } to pay
estimate-pay-deposit = Pay deposit
estimate-expired = This estimate expired on { $date }, so it can't be approved. Ask { $vendor } for a new one.
estimate-approve-heading = Approve this estimate
estimate-your-name = Your name or initials
estimate-accept-terms = I accept the terms above and this estimate of { $total }.
estimate-accept = I accept this estimate of { $total }.
estimate-approve-deposit = Approve and pay deposit ({ $amount })
estimate-approve = Approve estimate
estimate-decline = Decline
estimate-why = Why?
optional = (optional)
estimate-decline-button = Decline estimate

## Subscriptions
sub-none = This account has no subscriptions.
sub-price = Price
sub-billing = Billing
sub-price-per = { $price } / { $unit ->
    [month] month
   *[year] year
}
sub-price-every = { $price } every { $count } { $unit ->
    [month] months
   *[year] years
}
sub-canceled-on = Canceled on { $date }
sub-ends-on = Ends on { $date }
sub-paused = Paused: nothing is billed
sub-trial-ends = Trial ends on { $date }
sub-renews-on = Renews on { $date }
sub-status-canceling = Canceling
sub-status-trialing = Trial
sub-status-active = Active
sub-status-past_due = Past Due
sub-status-paused = Paused
sub-status-canceled = Canceled
sub-invoiced = Invoiced (you pay each invoice)
sub-done-canceled = Your subscription was canceled.
sub-done-scheduled = Your subscription will end at the end of its current period. You can resume it until then.
sub-done-resumed = Your subscription was resumed: it renews as before.
sub-done-method = The subscription's payment method was changed.
sub-pay-with = Pay { $plan } with
sub-change-method = Change payment method
sub-save-method = Save a payment method
sub-save-method-rest = to have this subscription charged to it.
sub-cancel = Cancel subscription
sub-cancel-title = Cancel { $plan }
sub-effect-period-end = { $plan } stays active until { $date }, the end of the period you have paid for, and then ends. Until then you can resume it here.
sub-effect-now = { $plan } ends today. This can't be undone here: to start again, contact { $vendor }.
sub-effect-not-allowed = { $vendor } doesn't take cancellations in the portal. Contact them to cancel { $plan }.
sub-why = Why are you canceling?
sub-anything-else = Anything else you'd like { $vendor } to know?
sub-keep = Keep subscription
sub-back = Back to subscriptions
cancel-reason-too_expensive = It's too expensive
cancel-reason-missing_features = Some features are missing
cancel-reason-switched_service = I'm switching to a different service
cancel-reason-unused = I don't use it enough
cancel-reason-customer_service = Customer service was less than expected
cancel-reason-too_complex = It's too hard to use
cancel-reason-low_quality = Quality was less than expected
cancel-reason-other = Other reason

## Help box
help-heading = Need Help?
help-phone = Phone:
help-email = Email:
help-hours = Hours:

## Signing in by email, passwords
sign-in-link-text = You were invited to see and pay invoices here. This link works once.
sign-in-open-link = Open the sign-in link from your email to sign in.
sign-in-wrong-password = That email and password don't match. Try again, or reset your password.
sign-in-too-many = Too many attempts. Try again in { $count } { $count ->
    [one] minute
   *[other] minutes
}.
forgot-title = Forgot your password?
forgot-text = Enter the email you sign in with. We'll send a link to choose a new password.
forgot-button = Send reset link
forgot-back = Back to sign in
reset-title = Choose a new password
reset-password = New password
reset-password-help = At least 8 characters. A few words you'll remember work well.
reset-confirm = Type it again
reset-button = Save password and sign in
reset-signs-out = Saving signs you out everywhere else.
reset-mismatch = The two passwords don't match.
password-too-short = Use at least 8 characters.
password-too-long = Use at most 128 characters.
password-common = That password is one of the most commonly used, so it is easy to guess. Choose another.
check-email = Check your email
check-email-link = If { $email } can use this billing portal, we've sent it a sign-in link. The link works once, for { $minutes } minutes.
check-email-reset = If { $email } can use this billing portal, we've sent it a link to choose a new password. The link works once, for an hour.
check-email-nothing = Nothing arrived? Check your spam folder, or ask the colleague who manages your billing to invite you.
email-invalid = Enter your email address, like name@company.com.

## Sign-in, password and invitation emails
mail-hello = Hello,
sign-in-link-mail-subject = Your sign-in link for { $vendor }
sign-in-link-mail-heading = Your sign-in link
sign-in-link-mail-text = Here is the sign-in link you asked for on { $vendor }'s billing portal. It works once, for { $minutes } minutes.
sign-in-link-mail-ignore = If you didn't ask for it, you can ignore this email: nobody can sign in without the link.
reset-mail-subject = Reset your password for { $vendor }
reset-mail-heading = Reset your password
reset-mail-text = Someone (we hope you) asked to reset your password on { $vendor }'s billing portal. The link works once, for { $minutes } minutes.
reset-mail-button = Choose a new password
reset-mail-ignore = If you didn't ask for it, you can ignore this email: your password stays as it is.
invitation-mail-subject = { $inviter } invited you to { $vendor }'s billing portal
invitation-mail-heading = You're invited
invitation-mail-text = { $inviter } gave you { $role } access to { $account }'s invoices on { $vendor }'s billing portal.
invitation-mail-expires = The link works once, for { $days } days.
invitation-mail-ignore = If you weren't expecting this, you can ignore this email.
access-viewer = Viewer
access-accounting = Accounting
access-admin = Admin
access-none = No access

## Refusals
signed-out = You have signed out
signed-out-text = To come back, open the billing portal again from your { $vendor } account.
refused-form-expired = The form has expired. Go back, reload the page and try again.
refused-cannot-view = Your role on this account does not include seeing its invoices.
refused-cannot-pay = Only users with the Accounting or Admin role can make payments. Ask your account's admin if you need to.
refused-cannot-manage-users = Only your account's admins can manage its users.
refused-cancel-not-allowed = Subscriptions can't be canceled in the portal. Contact us to cancel.
refused-no-access-to-account = You don't have access to that account.
refused-someone-elses-payment = Someone else on this account started that payment; only they can cancel it. It is released by itself when it expires.

## Users
users-title = Users
users-hint = People who can see { $account }'s invoices. Viewers see invoices and payments; Accounting can also pay and manage payment methods; Admins can also manage users.
users-caption = Users of this account and their access
users-col-user = User
users-col-access = Access
users-you = You
users-pending = Pending
users-last-signed-in = Last signed in { $when }
users-invited-not-yet = Invited { $when } · hasn't signed in yet
users-not-yet = Hasn't signed in yet
users-resend = Resend invitation
users-resend-to = to { $email }
users-access-for = Access for { $email }
users-change = Change
users-change-for = access for { $email }
users-remove = Remove
users-invite-heading = Invite a colleague
users-name-optional = Name (optional)
users-send-invitation = Send invitation
users-invite-help = They get an email with a sign-in link that works once, for 7 days.
users-done-invited = The invitation was sent.
users-done-resent = The invitation was sent again, with a new link.
users-done-changed = Their access was changed.
users-done-removed = They no longer have access to this account.
users-choose-access = Choose Viewer, Accounting or Admin.
users-email-invalid = Enter the colleague's email address, like name@company.com.
users-name-too-long = A name can be at most { $max } characters. Shorten it, or leave it empty.
users-already-member = { $email } already has access to this account.
users-last-admin = An account must keep at least one admin: make someone else an admin first.
users-not-member = That user has no access to this account.

## Activity
activity-title = Activity
activity-hint = Payments, payment method and user changes on { $account }, newest first.
activity-nothing = Nothing yet.
activity-caption = Activity on this account, newest first
activity-when = When
activity-who = Who
activity-what = What
activity-details = Details
activity-session = session { $session }
activity-older = Older
action-payment = Payment
action-payment-cancelled = Payment cancelled
action-method-added = Payment method added
action-method-removed = Payment method removed
action-method-default = Default payment method
action-member-invited = User invited
action-member-added = User added
action-member-access = Access changed
action-member-reinvited = Invitation sent again
action-member-removed = User removed
action-other = Other

## Sign-in & security
security-title = Sign-in & security
security-change-password = Change your password
security-set-password = Set a password
security-why-password = With a password you can sign in from the sign-in page, without a link.
security-current = Current password
security-save = Save password
security-where = Where you're signed in
security-signed-in = Signed in { $when }
security-last-active = Last active { $when }
security-this-browser = This browser
security-done-password = Your password is saved. Every other session was signed out.
security-done-ended = The session was signed out.
security-done-welcome = You're signed in. Set a password below to sign in without a link next time, or go to your invoices.
security-wrong-current = Your current password is not right.
security-mismatch = The two new passwords don't match.
security-not-yours = That session is not one of yours.
security-use-sign-out = To end this session, use Sign out.

## AutoPay page
autopay-title = AutoPay
autopay-back = ← Payment Methods
autopay-is-on = AutoPay is on
autopay-badge-on = On
autopay-status = Each invoice is paid { $timing } with { $method }.
autopay-enrolled = Turned on by { $who } on { $date }, who gave this authorization:
autopay-turn-off = Turn AutoPay off
autopay-suspended = AutoPay stopped because payments with { $method } failed. Choose a payment method that works and turn it on again.
autopay-pitch = Turn on AutoPay and each invoice is paid { $timing }, so nothing is ever late. You get a receipt for each payment, and you can turn it off any time.
autopay-another-method = Pay with another method
autopay-turn-on = Turn on AutoPay
autopay-save-first = Save a payment method
autopay-save-first-why = first; AutoPay charges one of your saved cards or bank accounts.
autopay-method = Payment method
autopay-agree = I agree to this authorization.
autopay-use-method = Use this method
autopay-done-on = AutoPay is on.
autopay-done-off = AutoPay is off. Invoices are no longer paid automatically.
autopay-choose-method = Choose one of your saved payment methods.
autopay-tick = Tick the box to give the authorization.
autopay-removed-method = a removed payment method
autopay-when-due = on its due date
autopay-when-issued = on the day it is issued
autopay-when-days = { $count ->
    [one] 1 day after it is issued
   *[other] { $count } days after it is issued
}
autopay-authorization = I authorize { $vendor } to charge the payment method I selected for the full balance of each invoice of { $account }, { $when }, until I turn AutoPay off. For a bank account, this authorizes recurring ACH debits from it, which I may revoke by turning AutoPay off at least one business day before a payment. Each payment is emailed as a receipt.

## Sandbox payment page (TEST MODE)
sandbox-title = Test payment page
sandbox-banner-strong = TEST MODE
sandbox-banner = — this is Billfold's sandbox payment page. No real money moves.
sandbox-pay = Pay { $merchant }
sandbox-save-card = Save a card with { $merchant }
sandbox-save-bank = Save a bank account with { $merchant }
sandbox-save-hint = It will be offered the next time you pay. Only the gateway keeps the number.
sandbox-card-number = Card number
sandbox-expiry = Expiry (MM/YY)
sandbox-cvc = CVC
sandbox-test-cards = Test cards
sandbox-approved = approved
sandbox-declined = declined
sandbox-insufficient = insufficient funds
sandbox-processing-error = processing error
sandbox-routing = Routing number
sandbox-account = Account number
sandbox-test-banks = Test bank accounts
sandbox-routing-settles = Routing { $number } — settles
sandbox-routing-returned = Routing { $number } — returned by the bank
sandbox-continue = Continue
sandbox-save-card-button = Save card
sandbox-save-bank-button = Save bank account
cancel = Cancel

## Payment processor's fields
fields-title-pay = Payment details
fields-title-save = Add a payment method
fields-add-card = Add a card
fields-add-bank = Add a bank account
fields-pay = Pay
fields-amount = Amount
fields-for = For
fields-hint-pay-card = Your card details go straight to our payment processor; we never see or store the full number. You confirm the payment on the next page.
fields-hint-pay-bank = Your bank account details go straight to our payment processor; we never see or store the full number. You confirm the payment on the next page.
fields-hint-save-card = Your card details go straight to our payment processor, which keeps them for { $merchant }; we keep only the last four digits. It will be offered the next time you pay.
fields-hint-save-bank = Your bank account details go straight to our payment processor, which keeps them for { $merchant }; we keep only the last four digits. It will be offered the next time you pay.
fields-needs-js = This payment page needs JavaScript: the card and bank fields are served by our payment processor.
fields-card-details = Card details
fields-bank-details = Bank account details
fields-enter-card = Enter card details
fields-enter-bank = Enter bank account details
fields-bank-did-not-confirm = Your bank didn't confirm the payment, so nothing was charged. Try again, or use another card.
authenticate-title-pay = Confirm with your bank
authenticate-title-save = Confirm your card with your bank
authenticate-pay = Your bank wants to confirm this payment of { $amount }. Follow its steps in the window that opens; nothing is charged until it confirms.
authenticate-save = Your bank wants to confirm this card before it is saved. Follow its steps in the window that opens; the card is saved only once your bank confirms.
authenticate-needs-js = Confirming with your bank needs JavaScript.
authenticate-button = Confirm with my bank

## Notices by email
notice-reply-subject = { $vendor } replied about invoice { $number }
notice-reply-heading = A reply about invoice { $number }
notice-reply-text = { $vendor } replied to the comments on invoice { $number }:
notice-reply-button = View the conversation
notice-autopay-failed = AutoPay couldn't pay invoice { $number }
notice-autopay-failed-text = AutoPay tried to pay invoice { $number } ({ $amount }) for { $account } with { $method }, and the payment didn't go through.
notice-autopay-retry = It tries again tomorrow. To pay now or use another method, open the billing portal.
notice-autopay-stopped-subject = AutoPay stopped for { $account }
notice-autopay-stopped = AutoPay stopped
notice-autopay-stopped-text = After { $count } failed { $count ->
    [one] payment
   *[other] payments
} in a row, AutoPay is off for { $account }.
notice-autopay-stopped-next = Update the payment method and turn AutoPay on again; until then, invoices need paying in the portal.
notice-autopay-button = Open AutoPay
sub-mail-heading = Subscription changed
sub-mail-canceled-subject = Your { $plan } subscription was canceled
sub-mail-canceled = { $who } canceled { $plan } for { $account }. It has ended; nothing more will be billed for it.
sub-mail-ending-subject = Your { $plan } subscription will end on { $end }
sub-mail-ending = { $who } canceled { $plan } for { $account }. It stays active until { $end } and then ends. You can resume it in the portal until then.
sub-mail-resumed-subject = Your { $plan } subscription was resumed
sub-mail-resumed = { $who } resumed { $plan } for { $account }: it renews on { $end } as before.
sub-mail-method-subject = { $plan } is now charged to { $method }
sub-mail-method = { $who } changed the payment method of { $plan } for { $account } to { $method }.

## PDFs
pdf-page = Page { $page } of { $count }
pdf-invoice = INVOICE
pdf-invoice-title = Invoice { $number }
pdf-estimate = ESTIMATE
pdf-estimate-title = Estimate { $number }
pdf-receipt = RECEIPT
pdf-receipt-title = Receipt { $number }
pdf-statement = STATEMENT
pdf-statement-title = Statement { $period }
pdf-bill-to = BILL TO
pdf-prepared-for = PREPARED FOR
pdf-received-from = RECEIVED FROM
pdf-account = ACCOUNT
pdf-account-id = Account { $id }
pdf-issued = Issued
pdf-due = Due
pdf-status = Status
pdf-po = PO number
pdf-valid-until = Valid until
pdf-subtotal = Subtotal
pdf-tax = Tax
pdf-total = Total
pdf-paid = Paid
pdf-balance-due = Balance due
pdf-deposit-due = Deposit due on approval
pdf-payments-applied = Payments applied
pdf-col-description = DESCRIPTION
pdf-col-qty = QTY
pdf-col-unit-price = UNIT PRICE
pdf-col-amount = AMOUNT
pdf-col-date = DATE
pdf-col-charges = CHARGES
pdf-col-payments = PAYMENTS
pdf-col-balance = BALANCE
pdf-col-invoice = INVOICE #
pdf-col-issued = ISSUED
pdf-col-due = DUE
pdf-terms = Terms
pdf-approved = Approved
pdf-approved-by = Approved by { $name } on { $date }.
pdf-declined = Declined
pdf-declined-on = Declined on { $date }.
pdf-reason = Reason: { $reason }
pdf-tax-id = Tax ID { $tax }
pdf-other-ways = Other ways to pay
pdf-date = Date
pdf-paid-with = Paid with
pdf-reference = Reference
pdf-applied-to = APPLIED TO INVOICE
pdf-unapplied = Unapplied
pdf-total-paid = Total paid
pdf-opening = Opening balance
pdf-invoiced = Invoiced
pdf-closing = Closing balance
pdf-activity = Activity
pdf-open-invoices = Open invoices
pdf-nothing-open = Nothing is open.
pdf-questions-invoice = Questions about this invoice?
pdf-questions-estimate = Questions about this estimate?
pdf-questions-payment = Questions about this payment?
pdf-questions-statement = Questions about this statement?

## Payment refusals
refuse-use-comma = Use a comma for decimals, like { $example }.
refuse-use-point = Use a point for decimals and commas only between thousands, like { $example }.
refuse-unreadable = Enter an amount like { $example } (up to { $decimals } decimals).
refuse-above-zero = Enter an amount above zero.
refuse-more-than-balance = That is more than the balance of { $amount }. Enter { $amount } or less.
refuse-more-than-chosen = That is more than the chosen invoices' balance of { $amount }. Enter { $amount } or less.
refuse-whole-only = Invoices are paid in full here: the amount is { $amount }.
refuse-minimum = The smallest payment is { $amount }.
refuse-choose-one = Choose at least one invoice to pay.
refuse-nothing-left-on = Invoice { $number } has nothing left to pay. Choose your invoices again.
refuse-being-paid = Invoice { $number } is already being paid. Leave it out, or wait until that payment is done.
refuse-nothing-to-pay = This invoice has nothing left to pay.
refuse-nothing-owed = There is nothing left to pay on this account.
refuse-already-reserved = Part of this balance is already being paid. Refresh the page to see what is left to pay.
refuse-expired = This payment has expired. Start again from your invoices.
refuse-cancelled = This payment was cancelled, and nothing was charged. Start again from your invoices.
refuse-ach-disabled = Bank account payments are not available. Pay by card instead.
refuse-bad-token = The payment details could not be used for this payment. Start again from your invoices.
refuse-still-confirming = This payment is still being confirmed by the payment provider, so it can't be cancelled yet. Check Payment History in a few minutes.
refuse-too-large = What was sent is too large.
refuse-too-slow = The form took too long to arrive. Please send it again.
refuse-unreadable-request = What was sent could not be read.
refuse-unreadable-form = That form came back with something we can't read (a field given twice, or a value of the wrong kind). Go back, reload the page and try again.
refuse-wrong-method = That page can't be opened this way. Use the links and buttons in the portal.
refuse-unreadable-address = Something in that address or form can't be read. Go back and try again.
refuse-language = Choose one of the languages listed.
refuse-token-other-payment = Those card details were entered for another payment. Start this payment again from your invoices.
refuse-details-expired = The payment details have expired. Enter them again.
refuse-method-gone = That saved payment method is no longer available.
refuse-card-or-bank = Choose card or bank account.
refuse-no-bank-save = Bank accounts can't be saved here. Add a card instead.
refuse-nothing-to-resume = This subscription has no cancellation to undo (or its period has ended).
refuse-subscription-changed = This subscription changed since the page was shown. Go back and reload to see where it stands.
refuse-reason-long = Keep the reason to { $max } characters of plain text.
est-done-approved = Thank you: the estimate is approved.
est-done-declined = The estimate is declined.
est-expired = Estimate { $number } expired on { $date }, so it can't be approved any more. Ask for a new one.
est-already = Estimate { $number } can't be changed any more: { $state }.
est-type-name = Type your name or initials to approve.
est-name-long = Type your name or initials: at most { $max } characters.
est-tick-terms = Tick the box to accept the terms.
statement-not-a-date = “{ $typed }” is not a date: use the date picker, or write it like { $example }.
statement-backwards = The start of the period is after its end.
statement-too-long = A statement covers at most { $max } days. Choose a shorter period.
methods-bank-did-not-confirm = Your bank didn't confirm this card.
methods-nothing-saved = Nothing was saved.
methods-processor-down = Our payment processor didn't answer, so nothing was saved. Try again in a moment.
methods-bank-wants-confirm = Your bank wants to confirm this card before it can be saved.
methods-processor-silent = Our payment processor didn't answer.
stmt-invoice = Invoice { $number }
stmt-payment = Payment
stmt-payment-numbered = Payment { $receipt }
decline-card = Your card was declined.
decline-funds = Your card was declined for insufficient funds.
decline-processing = An error occurred while processing your card. Try again in a little bit.
decline-expired = Your card has expired.
decline-cvc = Your card's security code is incorrect.
decline-number = Your card number is incorrect.
decline-checked = Your card was declined when we checked it.
decline-not-completed = The payment was not completed.
decline-try-another = Your payment could not be completed. Try a different card.
fields-unreadable = Your payment details could not be read. Check them and try again.
fields-unloaded = The payment form could not be loaded. Check your connection and reload the page.
