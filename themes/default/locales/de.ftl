# Billfolds Wörter auf Deutsch. Dieselben Schlüssel wie en.ftl.

## Seitenrahmen
skip-to-content = Zum Inhalt springen
product-billing = Abrechnung
product-portal = Abrechnungsportal
nav-label = Abrechnung
nav-invoices = Rechnungen
nav-payment-history = Zahlungsverlauf
nav-statements = Kontoauszüge
nav-estimates = Angebote
nav-subscriptions = Abonnements
nav-payment-methods = Zahlungsmethoden
nav-users = Benutzer
nav-activity = Aktivität
scope-banner = Sie haben dies über einen Link geöffnet und sehen daher nur diese Seite.
scope-sign-in = Melden Sie sich an,
scope-sign-in-rest = um alle Ihre Rechnungen zu sehen.

## Kontomenü
menu-switch-account = Konto wechseln
menu-current = (aktuell)
menu-security = Anmeldung & Sicherheit
menu-sign-out = Abmelden
menu-language = Sprache
menu-language-apply = Sprache ändern

## Status
badge-paid = Bezahlt
badge-past-due = Überfällig
badge-unpaid = Offen
badge-void = Storniert

## Rechnungspositionen
lines-caption = Positionen der Rechnung { $number }
lines-description = Beschreibung
lines-qty = Menge
lines-unit-price = Einzelpreis
lines-amount = Betrag
lines-subtotal = Zwischensumme
lines-tax = Steuer
lines-total = Gesamt
lines-paid = Bezahlt
lines-balance = Offener Betrag

## Seiten
pager-label = Seiten
pager-invoice = { $first }–{ $last }{ $total ->
    [none] {""}
   *[other] {" "}von { $total }
} { $count ->
    [one] Rechnung
   *[other] Rechnungen
}
pager-payment = { $first }–{ $last }{ $total ->
    [none] {""}
   *[other] {" "}von { $total }
} { $count ->
    [one] Zahlung
   *[other] Zahlungen
}
pager-previous = Zurück
pager-next = Weiter

## Übersicht
invoices-title = Rechnungen
view-only-strong = Sie können dieses Konto ansehen.
view-only = Rechnungen, Zahlungen und Kontoauszüge stehen Ihnen offen; Bezahlen und Zahlungsmethoden sind Benutzern mit der Rolle Buchhaltung oder Administrator vorbehalten. Wenden Sie sich an den Administrator Ihres Kontos, wenn Sie bezahlen müssen.
autopay-on-strong = Die automatische Zahlung ist aktiv.
autopay-on = Jede Rechnung wird { $timing } mit { $method } bezahlt.
autopay-manage = Automatische Zahlung verwalten
autopay-stopped-strong = Automatische Zahlung gestoppt:
autopay-stopped = Zahlungen mit { $method } sind fehlgeschlagen. Aktualisieren Sie die Zahlungsmethode, um sie wieder zu aktivieren.
autopay-update = Automatische Zahlung aktualisieren
pay-selected = Auswahl bezahlen
pay-full-balance = Gesamtbetrag bezahlen
summary-label = Übersicht
total-outstanding = Offener Gesamtbetrag
unpaid-invoices = Offene Rechnungen
filter-label = Rechnungen nach Status filtern
filter-all = Alle
filter-open = Offen
filter-paid = Bezahlt
sort-label = Rechnungen sortieren
sort = Sortieren:
sort-newest = Neueste
sort-due-first = Nach Fälligkeit
search-label = Nach Rechnungsnummer suchen
search-placeholder = Rechnungsnummer
search-button = Suchen
empty-search = Keine Rechnungsnummer enthält „{ $search }“.
empty-page = Auf dieser Seite gibt es nichts.
empty-first-page = Zur ersten Seite
empty-open = Sie haben keine offenen Rechnungen.
empty-paid = Noch keine bezahlten Rechnungen.
empty-all = Sie haben noch keine Rechnungen.
col-invoice = Rechnungsnr.
col-status = Status
col-issued = Ausgestellt
col-due = Fällig
col-total = Gesamt
col-balance = Offen
pending-amount = { $amount } in Bearbeitung
comments-marker = { $count ->
    [one] 1 Kommentar
   *[other] { $count } Kommentare
}
comments-unresolved = , noch nicht geklärt
download-invoice = Rechnung herunterladen
view-invoice = Rechnung ansehen
select-to-pay = Rechnung { $number } zum Bezahlen auswählen
pay = Bezahlen
pay-invoice-label = Rechnung { $number } bezahlen
export-invoices = Diese Rechnungen exportieren (CSV)

## Zahlungsformular
all-invoices = ← Alle Rechnungen
pay-title-invoice = Rechnung { $number } bezahlen
pay-title-selected = Ausgewählte Rechnungen bezahlen
pay-none-ticked = Es wurde keine Rechnung ausgewählt, daher ist dies der Gesamtbetrag.
hold-mine = Sie haben begonnen, { $amount } für { $invoices } zu bezahlen, um
hold-mine-charging = und der Zahlungsanbieter bestätigt die Zahlung noch. „Neu beginnen“ fragt zuerst dort nach: Nichts, was durchgegangen ist, wird freigegeben.
hold-mine-open = und haben nicht abgeschlossen. Es wurde nichts belastet; der Betrag ist für Sie reserviert bis
hold-resume = Fortsetzen
hold-start-over = Neu beginnen
hold-other = Jemand anderes in diesem Konto bezahlt { $amount } für { $invoices }
hold-other-started = begonnen um
hold-other-held = Dieser Betrag ist reserviert bis
hold-other-held-rest = sofern die Zahlung nicht vorher abgeschlossen oder abgebrochen wird.
all-held = Alles, was hier noch offen ist, wird bereits bezahlt ({ $amount } in Bearbeitung).
all-held-bank = Bankzahlungen bleiben in Bearbeitung, bis sie gutgeschrieben sind.
back-to-invoices = Zurück zu Ihren Rechnungen
nothing-owed = Auf diesem Konto ist derzeit nichts offen.
nothing-owed-pending = { $amount } wird gerade bezahlt (in Bearbeitung).
pay-amount = Betrag
pay-help-selected = Die ausgewählten Rechnungen ergeben { $balance }. Ein kleinerer Betrag bezahlt sie von der ältesten an, jede vollständig, und die zuletzt erreichte teilweise.
pay-help-partial = Der offene Gesamtbetrag ist { $balance }. Sie können einen Teil davon bezahlen.
pay-help-whole = Der gesamte offene Betrag: alle offenen Rechnungen unten, die älteste zuerst.
pay-help-selected-full = Die ausgewählten Rechnungen unten, jede vollständig.
pay-help-full = Diese Rechnung wird vollständig bezahlt.
pay-with = Bezahlen mit
method-default = Standard
method-expired = Abgelaufen
method-new-card = Eine neue Kredit- oder Debitkarte
method-card = Kredit- oder Debitkarte
method-new-bank = Ein neues Bankkonto (ACH)
method-bank = Bankkonto (ACH)
continue-to-payment = Weiter zur Zahlung
pay-details-note = Ihre Karten- oder Bankdaten geben Sie auf der Seite des Zahlungsanbieters ein; wir speichern sie nie.
paying = Zu bezahlen
pay-reserved-note = { $amount } wird bereits bezahlt (in Bearbeitung) und ist nicht enthalten.

## Zahlungsbeleg per E-Mail
receipt-subject-numbered = Beleg { $number } für Ihre Zahlung von { $amount } an { $vendor }
receipt-subject = Beleg für Ihre Zahlung von { $amount } an { $vendor }
receipt-thanks = Vielen Dank für Ihre Zahlung
receipt-thanks-text = Vielen Dank für Ihre Zahlung.
receipt-number = Beleg
receipt-amount = Betrag
receipt-date = Datum
receipt-paid-with = Bezahlt mit
receipt-reference = Referenz
receipt-account = Konto
receipt-applied-to = Verrechnet mit
receipt-view = Beleg ansehen
receipt-view-text = Beleg ansehen:
receipt-keep = Bewahren Sie diese E-Mail für Ihre Unterlagen auf. Einen PDF-Beleg können Sie im Zahlungsverlauf Ihres Abrechnungsportals herunterladen.
mail-help = Brauchen Sie Hilfe?
mail-call = Rufen Sie { $phone } an.
mail-email = Schreiben Sie an { $email }.

## Zahlungsverlauf
export-csv = Als CSV exportieren
no-payments = Noch keine Zahlungen.
payments-caption = Zahlungen dieses Kontos, die neueste zuerst
col-date = Datum
col-amount = Betrag
col-type = Art
col-reference = Referenz
unapplied = Nicht zugeordnet
payment-status-pending = In Bearbeitung
payment-status-succeeded = Erfolgreich
payment-status-failed = Fehlgeschlagen
payment-status-refunded = Erstattet
payment-type-card = Kreditkarte
payment-type-ach = ACH-Lastschrift
payment-type-check = Scheck
payment-type-wire = Überweisung
payment-type-cash = Bar
payment-type-other = Sonstige

## Rechnungsseite
invoice-title = Rechnung { $number }
bill-to = Rechnungsempfänger
po-number = Bestellnummer
line-items = Positionen
payments-applied = Verrechnete Zahlungen
no-payments-applied = Mit dieser Rechnung wurden noch keine Zahlungen verrechnet.
comments = Kommentare
comments-waiting = Wartet auf die Antwort von { $vendor }.
comments-none = Noch keine Kommentare. Eine Frage zu dieser Rechnung? Stellen Sie sie hier { $vendor }.
comments-add = Kommentar hinzufügen
comments-hint = { $vendor } sieht Ihren Kommentar und antwortet hier; Sie erhalten dann eine E-Mail.
comments-post = Kommentar senden
vendor-from = Von
vendor-tax-id = USt-IdNr.:
vendor-other-ways = Weitere Zahlungswege

## Bestätigung und Beleg
confirm-title = Zahlung bestätigen
confirm-change = Ändern
confirm-for = Für
confirm-nothing-charged = Es wurde nichts belastet.
confirm-pay-without-saving = { $amount } ohne Speichern bezahlen
confirm-other-details = Andere Daten verwenden
confirm-check-card = Prüfen Sie Kartennummer, Ablaufdatum und Prüfnummer, oder verwenden Sie eine andere Karte.
confirm-different-card = Andere Karte verwenden
confirm-save-bank = Dieses Bankkonto für künftige Zahlungen speichern
confirm-save-card = Diese Karte für künftige Zahlungen speichern
confirm-pay = { $amount } bezahlen
confirm-cancel = Abbrechen
ach-authorization = Mit „{ $amount } bezahlen“ ermächtigen Sie { $merchant }, einmalig { $amount } am oder nach dem { $date } vom Bankkonto { $account } abzubuchen. Dies ist eine einmalige Zahlung: Ohne neue Ermächtigung wird nichts weiter abgebucht. Wird die Lastschrift zurückgegeben (etwa mangels Deckung), kann Ihre Bank eine Gebühr erheben. Um sie vor der Ausführung zu widerrufen, wenden Sie sich an { $merchant }.
receipt-failed-strong = Diese Zahlung ist nicht durchgegangen.
receipt-failed = Es wurde nichts belastet. Sie können die Rechnung über Ihre Rechnungen erneut bezahlen.
receipt-received-strong = Zahlung eingegangen.
receipt-received = Vielen Dank – Ihre Zahlung von { $amount } ist durchgegangen.
receipt-submitted-strong = Zahlung übermittelt.
receipt-submitted = Bankzahlungen brauchen einige Tage; bis dahin wird die Zahlung als in Bearbeitung angezeigt.
receipt-confirming-strong = Wir bestätigen Ihre Zahlung.
receipt-confirming = Der Zahlungsanbieter hat nicht rechtzeitig geantwortet; nach unserem Stand wurde noch nichts belastet. Wir klären das in Kürze – bitte nicht erneut bezahlen; sehen Sie in einigen Minuten im Zahlungsverlauf nach.
receipt-not-completed = Zahlung nicht abgeschlossen
receipt-title = Zahlungsbeleg
download-receipt = Beleg herunterladen
payment-status-paid = Bezahlt

## Fehler- und Hinweisseiten
message-other-accounts = Sie können eines Ihrer anderen Konten öffnen:
error-your-vendor = Ihrem Anbieter
error-no-portal = Abrechnungsportal nicht gefunden
error-no-portal-text = Unter dieser Adresse gibt es kein Abrechnungsportal. Prüfen Sie den Link, dem Sie gefolgt sind.
error-not-found = Seite nicht gefunden
error-not-found-text = Diese Seite wurde nicht gefunden. Sie wurde vielleicht verschoben, oder der Link ist falsch geschrieben.
error-session-ended = Ihre Sitzung ist beendet
error-session-ended-text = Sie wurden nach einer Zeit ohne Aktivität abgemeldet.
error-sign-in = Bitte melden Sie sich an
error-sign-in-text = Sie müssen angemeldet sein, um Ihre Rechnungen zu sehen.
error-open-again = Öffnen Sie das Abrechnungsportal erneut aus Ihrem Konto bei { $vendor } oder über den Link in einer Rechnungs-E-Mail.
error-bad-link = Dieser Anmeldelink ist ungültig oder abgelaufen
error-bad-link-text = Anmeldelinks funktionieren nur einmal und nur wenige Minuten lang.
error-bad-link-again = Gehen Sie zurück zu { $vendor } und öffnen Sie das Abrechnungsportal erneut, um einen neuen Link zu erhalten.
error-access-denied = Zugriff verweigert
error-access-denied-text = Ihr Benutzer hat in diesem Konto noch keine Rolle, daher können Sie die Abrechnung nicht sehen.
error-access-denied-ask = Bitten Sie den Administrator Ihres Kontos, Ihnen die Rolle Buchhaltung zu geben, oder wenden Sie sich an den Support von { $vendor }.
error-form-expired = Dieses Formular ist abgelaufen
error-forbidden = Das ist hier nicht möglich
error-bad-request = Mit dieser Anfrage stimmt etwas nicht
error-nothing-changed = Es wurde nichts geändert.
error-internal = Bei uns ist ein Fehler aufgetreten
error-internal-text = Es wurde nichts geändert. Bitte versuchen Sie es in einer Minute erneut.

## Anmeldeseite
sign-in-title = Bei { $vendor } anmelden
sign-in-email = E-Mail
sign-in-password = Passwort
sign-in-forgot = Passwort vergessen?
sign-in-button = Anmelden
sign-in-or = oder
sign-in-no-password = Kein Passwort? Anmeldelink per E-Mail erhalten
sign-in-email-me = Anmeldelink per E-Mail senden
sign-in-sso-only = Öffnen Sie das Abrechnungsportal aus Ihrem Konto bei { $vendor } oder über den Link in einer Rechnungs-E-Mail.
sign-in-notice = Bitte melden Sie sich an, um Ihre Rechnungen zu sehen.
sign-in-notice-expired = Ihre Sitzung ist beendet. Melden Sie sich erneut an, um fortzufahren.

## Zahlungsmethoden
methods-saved = Die Zahlungsmethode wurde gespeichert.
methods-removed = Die Zahlungsmethode wurde entfernt.
methods-default-changed = Die Standard-Zahlungsmethode wurde geändert.
methods-none = Noch keine gespeicherten Zahlungsmethoden. Speichern Sie eine, um beim nächsten Mal schneller zu bezahlen.
methods-label = Gespeicherte Zahlungsmethoden
methods-flag-soon = Läuft bald ab
methods-kind-card = Karte
methods-kind-bank = Bankkonto
methods-expires = gültig bis { $date }
methods-make-default = Als Standard festlegen
methods-remove = Entfernen
methods-remove-question = { $method } entfernen?
methods-remove-warning = { $method } entfernen? Danach kann damit nicht mehr bezahlt werden.
methods-successor = Sie ist Ihre Standardmethode: { $method } wird neuer Standard.
methods-no-successor = Sie ist Ihre Standardmethode: Sie haben dann keinen Standard, bis Sie einen wählen.
methods-confirm-remove = Ja, { $method } entfernen
methods-used-by = Darüber wird abgerechnet: { $what }.
methods-autopay-stops = Die automatische Zahlung stoppt, bis Sie eine andere Methode wählen.
methods-subscriptions-invoiced = Abonnements werden in Rechnung gestellt, bis Sie eine andere Methode wählen.
methods-add-card = Karte hinzufügen
methods-add-bank = Bankkonto hinzufügen
methods-autopay = Automatische Zahlung
methods-autopay-hint = jede Rechnung bei Fälligkeit automatisch bezahlen lassen.

## Rechnungs-E-Mail
invoice-mail-subject = Rechnung { $number } von { $vendor }: { $amount } fällig am { $due }
invoice-mail-view = Rechnung ansehen
invoice-mail-button-note = Die Schaltfläche öffnet diese Rechnung im Abrechnungsportal von { $vendor }, wo Sie sie bezahlen können. Sie funktioniert { $days } Tage lang.
invoice-mail-hello = Guten Tag,
invoice-mail-sent = { $vendor } hat Ihnen die Rechnung { $number } für { $account } gesendet.
invoice-mail-amount-due = Fälliger Betrag
invoice-mail-link-note = Hier können Sie die Rechnung ansehen (und bezahlen); der Link funktioniert { $days } Tage lang:

## Kontoauszüge
statement-title = Kontoauszug
statement-from = Von
statement-to = Bis
statement-show = Kontoauszug anzeigen
statement-pdf = PDF herunterladen
statement-csv = CSV herunterladen
statement-summary = Übersicht vom { $from } bis { $to }
statement-opening = Anfangssaldo
statement-invoiced = In Rechnung gestellt
statement-paid = Bezahlt
statement-closing = Schlusssaldo
statement-activity = Bewegungen
statement-activity-caption = Rechnungen und Zahlungen vom { $from } bis { $to }, mit dem Saldo nach jeder Buchung
statement-charges = Belastungen
statement-payments = Zahlungen
statement-open = Offene Rechnungen
statement-nothing-open = Nichts ist offen.
statement-open-caption = Rechnungen mit offenem Betrag heute
statement-days-overdue = Tage überfällig

## Angebote
estimates-none = Für dieses Konto gibt es keine Angebote.
estimates-all = ← Alle Angebote
estimate-number = Angebotsnr.
estimate-title = Angebot { $number }
estimate-valid-until = Gültig bis
estimate-deposit = Anzahlung
estimate-download = Angebot herunterladen
estimate-prepared-for = Erstellt für
estimate-deposit-due = Anzahlung bei Annahme fällig: { $amount }
estimate-deposit-due-label = Anzahlung bei Annahme fällig
estimate-terms = Bedingungen
estimate-state-open = Wartet auf Annahme
estimate-state-approved = Angenommen
estimate-state-declined = Abgelehnt
estimate-state-expired = Abgelaufen
estimate-state-invoiced = Abgerechnet
estimate-approved-by = Angenommen von
estimate-declined-on = Abgelehnt am { $date }.
estimate-reason = Grund:
estimate-deposit-invoice = Anzahlung: Rechnung
estimate-deposit-paid = bezahlt
estimate-deposit-to-pay = { $amount } zu bezahlen
estimate-pay-deposit = Anzahlung bezahlen
estimate-expired = Dieses Angebot ist am { $date } abgelaufen und kann nicht mehr angenommen werden. Bitten Sie { $vendor } um ein neues.
estimate-approve-heading = Dieses Angebot annehmen
estimate-your-name = Ihr Name oder Ihre Initialen
estimate-accept-terms = Ich akzeptiere die obigen Bedingungen und dieses Angebot über { $total }.
estimate-accept = Ich akzeptiere dieses Angebot über { $total }.
estimate-approve-deposit = Annehmen und Anzahlung bezahlen ({ $amount })
estimate-approve = Angebot annehmen
estimate-decline = Ablehnen
estimate-why = Warum?
optional = (optional)
estimate-decline-button = Angebot ablehnen

## Abonnements
sub-none = Für dieses Konto gibt es keine Abonnements.
sub-price = Preis
sub-billing = Abrechnung
sub-price-per = { $price } / { $unit ->
    [month] Monat
   *[year] Jahr
}
sub-price-every = { $price } alle { $count } { $unit ->
    [month] Monate
   *[year] Jahre
}
sub-canceled-on = Gekündigt am { $date }
sub-ends-on = Endet am { $date }
sub-paused = Pausiert: es wird nichts berechnet
sub-trial-ends = Testphase endet am { $date }
sub-renews-on = Verlängert sich am { $date }
sub-status-canceling = Gekündigt zum Laufzeitende
sub-status-trialing = Testphase
sub-status-active = Aktiv
sub-status-past_due = Überfällig
sub-status-paused = Pausiert
sub-status-canceled = Gekündigt
sub-invoiced = Per Rechnung (Sie bezahlen jede Rechnung)
sub-done-canceled = Ihr Abonnement wurde gekündigt.
sub-done-scheduled = Ihr Abonnement endet mit dem Ende der laufenden Periode. Bis dahin können Sie es fortsetzen.
sub-done-resumed = Ihr Abonnement wurde fortgesetzt: Es verlängert sich wie bisher.
sub-done-method = Die Zahlungsmethode des Abonnements wurde geändert.
sub-pay-with = { $plan } bezahlen mit
sub-change-method = Zahlungsmethode ändern
sub-save-method = Speichern Sie eine Zahlungsmethode,
sub-save-method-rest = um dieses Abonnement darüber abzurechnen.
sub-cancel = Abonnement kündigen
sub-cancel-title = { $plan } kündigen
sub-effect-period-end = { $plan } bleibt bis zum { $date } aktiv, dem Ende der bezahlten Periode, und endet dann. Bis dahin können Sie es hier fortsetzen.
sub-effect-now = { $plan } endet heute. Das lässt sich hier nicht rückgängig machen: Für einen Neustart wenden Sie sich an { $vendor }.
sub-effect-not-allowed = { $vendor } nimmt Kündigungen nicht im Portal entgegen. Wenden Sie sich an { $vendor }, um { $plan } zu kündigen.
sub-why = Warum kündigen Sie?
sub-anything-else = Möchten Sie { $vendor } noch etwas mitteilen?
sub-keep = Abonnement behalten
sub-back = Zurück zu den Abonnements
cancel-reason-too_expensive = Es ist zu teuer
cancel-reason-missing_features = Es fehlen Funktionen
cancel-reason-switched_service = Ich wechsle zu einem anderen Dienst
cancel-reason-unused = Ich nutze es zu selten
cancel-reason-customer_service = Der Kundenservice hat enttäuscht
cancel-reason-too_complex = Es ist zu kompliziert
cancel-reason-low_quality = Die Qualität hat enttäuscht
cancel-reason-other = Anderer Grund

## Help box
help-heading = Brauchen Sie Hilfe?
help-phone = Telefon:
help-email = E-Mail:
help-hours = Erreichbar:

## Signing in by email, passwords
sign-in-link-text = Sie wurden eingeladen, hier Rechnungen einzusehen und zu bezahlen. Dieser Link funktioniert nur einmal.
sign-in-open-link = Öffnen Sie den Anmeldelink aus Ihrer E-Mail, um sich anzumelden.
sign-in-wrong-password = E-Mail-Adresse und Passwort passen nicht zusammen. Versuchen Sie es erneut oder setzen Sie Ihr Passwort zurück.
sign-in-too-many = Zu viele Versuche. Versuchen Sie es in { $count } { $count ->
    [one] Minute
   *[other] Minuten
} erneut.
forgot-title = Passwort vergessen?
forgot-text = Geben Sie die E-Mail-Adresse ein, mit der Sie sich anmelden. Wir senden Ihnen einen Link, mit dem Sie ein neues Passwort wählen.
forgot-button = Link zum Zurücksetzen senden
forgot-back = Zurück zur Anmeldung
reset-title = Neues Passwort wählen
reset-password = Neues Passwort
reset-password-help = Mindestens 8 Zeichen. Ein paar Wörter, die Sie sich gut merken können, eignen sich gut.
reset-confirm = Noch einmal eingeben
reset-button = Passwort speichern und anmelden
reset-signs-out = Beim Speichern werden Sie auf allen anderen Geräten abgemeldet.
reset-mismatch = Die beiden Passwörter stimmen nicht überein.
password-too-short = Verwenden Sie mindestens 8 Zeichen.
password-too-long = Verwenden Sie höchstens 128 Zeichen.
password-common = Dieses Passwort gehört zu den am häufigsten verwendeten und ist daher leicht zu erraten. Wählen Sie ein anderes.
check-email = Sehen Sie in Ihr E-Mail-Postfach
check-email-link = Falls { $email } dieses Rechnungsportal nutzen darf, haben wir dorthin einen Anmeldelink gesendet. Der Link funktioniert einmal, { $minutes } Minuten lang.
check-email-reset = Falls { $email } dieses Rechnungsportal nutzen darf, haben wir dorthin einen Link gesendet, mit dem Sie ein neues Passwort wählen. Der Link funktioniert einmal, eine Stunde lang.
check-email-nothing = Nichts angekommen? Sehen Sie im Spam-Ordner nach, oder bitten Sie die Person, die bei Ihnen die Rechnungen verwaltet, Sie einzuladen.
email-invalid = Geben Sie Ihre E-Mail-Adresse ein, z. B. name@firma.de.

## Sign-in, password and invitation emails
mail-hello = Guten Tag,
sign-in-link-mail-subject = Ihr Anmeldelink für { $vendor }
sign-in-link-mail-heading = Ihr Anmeldelink
sign-in-link-mail-text = Hier ist der Anmeldelink, den Sie für das Rechnungsportal von { $vendor } angefordert haben. Er funktioniert einmal, { $minutes } Minuten lang.
sign-in-link-mail-ignore = Wenn Sie ihn nicht angefordert haben, können Sie diese E-Mail ignorieren: Ohne den Link kann sich niemand anmelden.
reset-mail-subject = Passwort für { $vendor } zurücksetzen
reset-mail-heading = Passwort zurücksetzen
reset-mail-text = Jemand (hoffentlich Sie) hat angefordert, Ihr Passwort für das Rechnungsportal von { $vendor } zurückzusetzen. Der Link funktioniert einmal, { $minutes } Minuten lang.
reset-mail-button = Neues Passwort wählen
reset-mail-ignore = Wenn Sie das nicht angefordert haben, können Sie diese E-Mail ignorieren: Ihr Passwort bleibt unverändert.
invitation-mail-subject = { $inviter } hat Sie zum Rechnungsportal von { $vendor } eingeladen
invitation-mail-heading = Sie wurden eingeladen
invitation-mail-text = { $inviter } hat Ihnen Zugriff „{ $role }“ auf die Rechnungen von { $account } im Rechnungsportal von { $vendor } gegeben.
invitation-mail-expires = Der Link funktioniert einmal, { $days } Tage lang.
invitation-mail-ignore = Wenn Sie diese Einladung nicht erwartet haben, können Sie diese E-Mail ignorieren.
access-viewer = Nur lesen
access-accounting = Buchhaltung
access-admin = Verwaltung
access-none = Kein Zugriff

## Refusals
signed-out = Sie haben sich abgemeldet
signed-out-text = Um zurückzukehren, öffnen Sie das Rechnungsportal erneut über Ihr Konto bei { $vendor }.
refused-form-expired = Das Formular ist abgelaufen. Gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es erneut.
refused-cannot-view = Ihre Rolle für dieses Konto erlaubt es nicht, seine Rechnungen zu sehen.
refused-cannot-pay = Nur Benutzer mit der Rolle Buchhaltung oder Verwaltung können Zahlungen leisten. Wenden Sie sich bei Bedarf an die Verwaltung Ihres Kontos.
refused-cannot-manage-users = Nur die Verwaltung Ihres Kontos kann seine Benutzer verwalten.
refused-cancel-not-allowed = Abonnements können im Portal nicht gekündigt werden. Wenden Sie sich für eine Kündigung an uns.
refused-no-access-to-account = Sie haben keinen Zugriff auf dieses Konto.
refused-someone-elses-payment = Jemand anderes aus diesem Konto hat diese Zahlung begonnen; nur diese Person kann sie abbrechen. Sie wird automatisch freigegeben, wenn sie abläuft.

## Users
users-title = Benutzer
users-hint = Personen, die die Rechnungen von { $account } sehen können. „Nur lesen“ sieht Rechnungen und Zahlungen; „Buchhaltung“ kann außerdem bezahlen und Zahlungsmethoden verwalten; „Verwaltung“ kann außerdem Benutzer verwalten.
users-caption = Benutzer dieses Kontos und ihr Zugriff
users-col-user = Benutzer
users-col-access = Zugriff
users-you = Sie
users-pending = Ausstehend
users-last-signed-in = Zuletzt angemeldet am { $when }
users-invited-not-yet = Eingeladen am { $when } · noch nicht angemeldet
users-not-yet = Noch nicht angemeldet
users-resend = Einladung erneut senden
users-resend-to = an { $email }
users-access-for = Zugriff für { $email }
users-change = Ändern
users-change-for = Zugriff für { $email }
users-remove = Entfernen
users-invite-heading = Eine Kollegin oder einen Kollegen einladen
users-name-optional = Name (optional)
users-send-invitation = Einladung senden
users-invite-help = Sie erhalten eine E-Mail mit einem Anmeldelink, der einmal funktioniert, 7 Tage lang.
users-done-invited = Die Einladung wurde gesendet.
users-done-resent = Die Einladung wurde mit einem neuen Link erneut gesendet.
users-done-changed = Der Zugriff wurde geändert.
users-done-removed = Diese Person hat keinen Zugriff mehr auf dieses Konto.
users-choose-access = Wählen Sie „Nur lesen“, „Buchhaltung“ oder „Verwaltung“.
users-email-invalid = Geben Sie die E-Mail-Adresse ein, z. B. name@firma.de.
users-name-too-long = Ein Name darf höchstens { $max } Zeichen lang sein. Kürzen Sie ihn oder lassen Sie das Feld leer.
users-already-member = { $email } hat bereits Zugriff auf dieses Konto.
users-last-admin = Ein Konto braucht mindestens eine Person mit Verwaltungszugriff: Geben Sie zuerst jemand anderem den Zugriff „Verwaltung“.
users-not-member = Dieser Benutzer hat keinen Zugriff auf dieses Konto.

## Activity
activity-title = Aktivität
activity-hint = Zahlungen sowie Änderungen an Zahlungsmethoden und Benutzern von { $account }, neueste zuerst.
activity-nothing = Noch nichts.
activity-caption = Aktivität in diesem Konto, neueste zuerst
activity-when = Wann
activity-who = Wer
activity-what = Was
activity-details = Einzelheiten
activity-session = Sitzung { $session }
activity-older = Ältere
action-payment = Zahlung
action-payment-cancelled = Zahlung abgebrochen
action-method-added = Zahlungsmethode hinzugefügt
action-method-removed = Zahlungsmethode entfernt
action-method-default = Standard-Zahlungsmethode
action-member-invited = Benutzer eingeladen
action-member-added = Benutzer hinzugefügt
action-member-access = Zugriff geändert
action-member-reinvited = Einladung erneut gesendet
action-member-removed = Benutzer entfernt
action-other = Sonstiges

## Sign-in & security
security-title = Anmeldung & Sicherheit
security-change-password = Passwort ändern
security-set-password = Passwort festlegen
security-why-password = Mit einem Passwort können Sie sich ohne Link auf der Anmeldeseite anmelden.
security-current = Aktuelles Passwort
security-save = Passwort speichern
security-where = Wo Sie angemeldet sind
security-signed-in = Angemeldet am { $when }
security-last-active = Zuletzt aktiv am { $when }
security-this-browser = Dieser Browser
security-done-password = Ihr Passwort ist gespeichert. Alle anderen Sitzungen wurden abgemeldet.
security-done-ended = Die Sitzung wurde abgemeldet.
security-done-welcome = Sie sind angemeldet. Legen Sie unten ein Passwort fest, um sich beim nächsten Mal ohne Link anzumelden, oder gehen Sie zu Ihren Rechnungen.
security-wrong-current = Ihr aktuelles Passwort ist nicht richtig.
security-mismatch = Die beiden neuen Passwörter stimmen nicht überein.
security-not-yours = Diese Sitzung gehört nicht zu Ihnen.
security-use-sign-out = Um diese Sitzung zu beenden, verwenden Sie Abmelden.

## AutoPay page
autopay-title = Automatische Zahlung
autopay-back = ← Zahlungsmethoden
autopay-is-on = Automatische Zahlung ist aktiv
autopay-badge-on = Aktiv
autopay-status = Jede Rechnung wird { $timing } mit { $method } bezahlt.
autopay-enrolled = Aktiviert von { $who } am { $date }, mit dieser Ermächtigung:
autopay-turn-off = Automatische Zahlung ausschalten
autopay-suspended = Die automatische Zahlung wurde beendet, weil Zahlungen mit { $method } fehlgeschlagen sind. Wählen Sie eine funktionierende Zahlungsmethode und schalten Sie sie wieder ein.
autopay-pitch = Schalten Sie die automatische Zahlung ein, dann wird jede Rechnung { $timing } bezahlt und nichts ist mehr überfällig. Sie erhalten für jede Zahlung einen Beleg und können sie jederzeit ausschalten.
autopay-another-method = Mit einer anderen Methode bezahlen
autopay-turn-on = Automatische Zahlung einschalten
autopay-save-first = Speichern Sie zuerst eine Zahlungsmethode
autopay-save-first-why = – die automatische Zahlung belastet eine Ihrer gespeicherten Karten oder eines Ihrer Bankkonten.
autopay-method = Zahlungsmethode
autopay-agree = Ich stimme dieser Ermächtigung zu.
autopay-use-method = Diese Methode verwenden
autopay-done-on = Die automatische Zahlung ist aktiv.
autopay-done-off = Die automatische Zahlung ist ausgeschaltet. Rechnungen werden nicht mehr automatisch bezahlt.
autopay-choose-method = Wählen Sie eine Ihrer gespeicherten Zahlungsmethoden.
autopay-tick = Setzen Sie das Häkchen, um die Ermächtigung zu erteilen.
autopay-removed-method = einer entfernten Zahlungsmethode
autopay-when-due = an ihrem Fälligkeitsdatum
autopay-when-issued = am Tag ihrer Ausstellung
autopay-when-days = { $count ->
    [one] 1 Tag nach ihrer Ausstellung
   *[other] { $count } Tage nach ihrer Ausstellung
}
autopay-authorization = Ich ermächtige { $vendor }, die von mir gewählte Zahlungsmethode mit dem vollen offenen Betrag jeder Rechnung von { $account } { $when } zu belasten, bis ich die automatische Zahlung ausschalte. Bei einem Bankkonto ermächtigt dies zu wiederkehrenden ACH-Lastschriften, die ich widerrufen kann, indem ich die automatische Zahlung spätestens einen Geschäftstag vor einer Zahlung ausschalte. Jede Zahlung wird per E-Mail als Beleg bestätigt.

## Sandbox payment page (TEST MODE)
sandbox-title = Testzahlungsseite
sandbox-banner-strong = TESTMODUS
sandbox-banner = – dies ist die Test-Zahlungsseite von Billfold. Es fließt kein echtes Geld.
sandbox-pay = { $merchant } bezahlen
sandbox-save-card = Eine Karte bei { $merchant } speichern
sandbox-save-bank = Ein Bankkonto bei { $merchant } speichern
sandbox-save-hint = Sie wird Ihnen bei der nächsten Zahlung angeboten. Nur der Zahlungsdienstleister speichert die Nummer.
sandbox-card-number = Kartennummer
sandbox-expiry = Gültig bis (MM/JJ)
sandbox-cvc = Prüfnummer (CVC)
sandbox-test-cards = Testkarten
sandbox-approved = genehmigt
sandbox-declined = abgelehnt
sandbox-insufficient = keine ausreichende Deckung
sandbox-processing-error = Verarbeitungsfehler
sandbox-routing = Bankleitzahl (Routing Number)
sandbox-account = Kontonummer
sandbox-test-banks = Test-Bankkonten
sandbox-routing-settles = Bankleitzahl { $number } — wird ausgeführt
sandbox-routing-returned = Bankleitzahl { $number } — von der Bank zurückgegeben
sandbox-continue = Weiter
sandbox-save-card-button = Karte speichern
sandbox-save-bank-button = Bankkonto speichern
cancel = Abbrechen

## Payment processor's fields
fields-title-pay = Zahlungsdaten
fields-title-save = Zahlungsmethode hinzufügen
fields-add-card = Karte hinzufügen
fields-add-bank = Bankkonto hinzufügen
fields-pay = Empfänger
fields-amount = Betrag
fields-for = Für
fields-hint-pay-card = Ihre Kartendaten gehen direkt an unseren Zahlungsdienstleister; wir sehen oder speichern nie die vollständige Nummer. Sie bestätigen die Zahlung auf der nächsten Seite.
fields-hint-pay-bank = Ihre Kontodaten gehen direkt an unseren Zahlungsdienstleister; wir sehen oder speichern nie die vollständige Nummer. Sie bestätigen die Zahlung auf der nächsten Seite.
fields-hint-save-card = Ihre Kartendaten gehen direkt an unseren Zahlungsdienstleister, der sie für { $merchant } aufbewahrt; wir behalten nur die letzten vier Ziffern. Sie wird Ihnen bei der nächsten Zahlung angeboten.
fields-hint-save-bank = Ihre Kontodaten gehen direkt an unseren Zahlungsdienstleister, der sie für { $merchant } aufbewahrt; wir behalten nur die letzten vier Ziffern. Es wird Ihnen bei der nächsten Zahlung angeboten.
fields-needs-js = Diese Zahlungsseite benötigt JavaScript: Die Karten- und Kontofelder kommen von unserem Zahlungsdienstleister.
fields-card-details = Kartendaten
fields-bank-details = Kontodaten
fields-enter-card = Kartendaten eingeben
fields-enter-bank = Kontodaten eingeben
fields-bank-did-not-confirm = Ihre Bank hat die Zahlung nicht bestätigt, daher wurde nichts belastet. Versuchen Sie es erneut oder verwenden Sie eine andere Karte.
authenticate-title-pay = Bei Ihrer Bank bestätigen
authenticate-title-save = Karte bei Ihrer Bank bestätigen
authenticate-pay = Ihre Bank möchte diese Zahlung über { $amount } bestätigen. Folgen Sie den Schritten im sich öffnenden Fenster; belastet wird erst nach der Bestätigung.
authenticate-save = Ihre Bank möchte diese Karte bestätigen, bevor sie gespeichert wird. Folgen Sie den Schritten im sich öffnenden Fenster; die Karte wird erst nach der Bestätigung Ihrer Bank gespeichert.
authenticate-needs-js = Die Bestätigung bei Ihrer Bank benötigt JavaScript.
authenticate-button = Bei meiner Bank bestätigen

## Notices by email
notice-reply-subject = { $vendor } hat zu Rechnung { $number } geantwortet
notice-reply-heading = Eine Antwort zu Rechnung { $number }
notice-reply-text = { $vendor } hat auf die Kommentare zu Rechnung { $number } geantwortet:
notice-reply-button = Unterhaltung ansehen
notice-autopay-failed = Die automatische Zahlung konnte Rechnung { $number } nicht bezahlen
notice-autopay-failed-text = Die automatische Zahlung hat versucht, Rechnung { $number } ({ $amount }) für { $account } mit { $method } zu bezahlen, aber die Zahlung ist nicht durchgegangen.
notice-autopay-retry = Morgen wird es erneut versucht. Um jetzt zu bezahlen oder eine andere Methode zu verwenden, öffnen Sie das Rechnungsportal.
notice-autopay-stopped-subject = Automatische Zahlung für { $account } beendet
notice-autopay-stopped = Automatische Zahlung beendet
notice-autopay-stopped-text = Nach { $count } { $count ->
    [one] fehlgeschlagenen Zahlung
   *[other] fehlgeschlagenen Zahlungen
} in Folge ist die automatische Zahlung für { $account } ausgeschaltet.
notice-autopay-stopped-next = Aktualisieren Sie die Zahlungsmethode und schalten Sie die automatische Zahlung wieder ein; bis dahin müssen Rechnungen im Portal bezahlt werden.
notice-autopay-button = Automatische Zahlung öffnen
sub-mail-heading = Abonnement geändert
sub-mail-canceled-subject = Ihr Abonnement { $plan } wurde gekündigt
sub-mail-canceled = { $who } hat { $plan } für { $account } gekündigt. Es ist beendet; dafür wird nichts mehr berechnet.
sub-mail-ending-subject = Ihr Abonnement { $plan } endet am { $end }
sub-mail-ending = { $who } hat { $plan } für { $account } gekündigt. Es bleibt bis { $end } aktiv und endet dann. Bis dahin können Sie es im Portal fortsetzen.
sub-mail-resumed-subject = Ihr Abonnement { $plan } wird fortgesetzt
sub-mail-resumed = { $who } hat { $plan } für { $account } fortgesetzt: Es verlängert sich wie bisher am { $end }.
sub-mail-method-subject = { $plan } wird jetzt mit { $method } bezahlt
sub-mail-method = { $who } hat die Zahlungsmethode von { $plan } für { $account } auf { $method } geändert.

## PDFs
pdf-page = Seite { $page } von { $count }
pdf-invoice = RECHNUNG
pdf-invoice-title = Rechnung { $number }
pdf-estimate = ANGEBOT
pdf-estimate-title = Angebot { $number }
pdf-receipt = BELEG
pdf-receipt-title = Beleg { $number }
pdf-statement = KONTOAUSZUG
pdf-statement-title = Kontoauszug { $period }
pdf-bill-to = RECHNUNG AN
pdf-prepared-for = ERSTELLT FÜR
pdf-received-from = ERHALTEN VON
pdf-account = KONTO
pdf-account-id = Konto { $id }
pdf-issued = Ausgestellt
pdf-due = Fällig
pdf-status = Status
pdf-po = Bestellnummer
pdf-valid-until = Gültig bis
pdf-subtotal = Zwischensumme
pdf-tax = Steuer
pdf-total = Gesamt
pdf-paid = Bezahlt
pdf-balance-due = Offener Betrag
pdf-deposit-due = Anzahlung bei Annahme
pdf-payments-applied = Verrechnete Zahlungen
pdf-col-description = BESCHREIBUNG
pdf-col-qty = MENGE
pdf-col-unit-price = EINZELPREIS
pdf-col-amount = BETRAG
pdf-col-date = DATUM
pdf-col-charges = BELASTUNGEN
pdf-col-payments = ZAHLUNGEN
pdf-col-balance = SALDO
pdf-col-invoice = RECHNUNG NR.
pdf-col-issued = AUSGESTELLT
pdf-col-due = FÄLLIG
pdf-terms = Bedingungen
pdf-approved = Angenommen
pdf-approved-by = Angenommen von { $name } am { $date }.
pdf-declined = Abgelehnt
pdf-declined-on = Abgelehnt am { $date }.
pdf-reason = Grund: { $reason }
pdf-tax-id = USt-IdNr. { $tax }
pdf-other-ways = Weitere Zahlungswege
pdf-date = Datum
pdf-paid-with = Bezahlt mit
pdf-reference = Referenz
pdf-applied-to = VERRECHNET MIT RECHNUNG
pdf-unapplied = Nicht verrechnet
pdf-total-paid = Gesamt bezahlt
pdf-opening = Anfangssaldo
pdf-invoiced = In Rechnung gestellt
pdf-closing = Endsaldo
pdf-activity = Bewegungen
pdf-open-invoices = Offene Rechnungen
pdf-nothing-open = Nichts ist offen.
pdf-questions-invoice = Fragen zu dieser Rechnung?
pdf-questions-estimate = Fragen zu diesem Angebot?
pdf-questions-payment = Fragen zu dieser Zahlung?
pdf-questions-statement = Fragen zu diesem Kontoauszug?

## Payment refusals
refuse-use-comma = Verwenden Sie ein Komma für Dezimalstellen, z. B. { $example }.
refuse-use-point = Verwenden Sie einen Punkt für Dezimalstellen und Kommas nur zwischen Tausendern, z. B. { $example }.
refuse-unreadable = Geben Sie einen Betrag wie { $example } ein (höchstens { $decimals } Dezimalstellen).
refuse-above-zero = Geben Sie einen Betrag über null ein.
refuse-more-than-balance = Das ist mehr als der offene Betrag von { $amount }. Geben Sie { $amount } oder weniger ein.
refuse-more-than-chosen = Das ist mehr als der offene Betrag der gewählten Rechnungen von { $amount }. Geben Sie { $amount } oder weniger ein.
refuse-whole-only = Rechnungen werden hier vollständig bezahlt: Der Betrag ist { $amount }.
refuse-minimum = Die kleinste Zahlung beträgt { $amount }.
refuse-choose-one = Wählen Sie mindestens eine Rechnung zum Bezahlen.
refuse-nothing-left-on = Auf Rechnung { $number } ist nichts mehr offen. Wählen Sie Ihre Rechnungen erneut.
refuse-being-paid = Rechnung { $number } wird bereits bezahlt. Lassen Sie sie weg oder warten Sie, bis diese Zahlung abgeschlossen ist.
refuse-nothing-to-pay = Auf dieser Rechnung ist nichts mehr offen.
refuse-nothing-owed = Auf diesem Konto ist nichts mehr offen.
refuse-already-reserved = Ein Teil dieses Betrags wird bereits bezahlt. Laden Sie die Seite neu, um zu sehen, was noch offen ist.
refuse-expired = Diese Zahlung ist abgelaufen. Beginnen Sie erneut bei Ihren Rechnungen.
refuse-cancelled = Diese Zahlung wurde abgebrochen, es wurde nichts belastet. Beginnen Sie erneut bei Ihren Rechnungen.
refuse-ach-disabled = Zahlungen per Bankkonto sind nicht verfügbar. Bezahlen Sie stattdessen mit Karte.
refuse-bad-token = Die Zahlungsdaten konnten für diese Zahlung nicht verwendet werden. Beginnen Sie erneut bei Ihren Rechnungen.
refuse-still-confirming = Diese Zahlung wird vom Zahlungsdienstleister noch bestätigt und kann daher noch nicht abgebrochen werden. Sehen Sie in einigen Minuten im Zahlungsverlauf nach.
refuse-too-large = Das Gesendete ist zu groß.
refuse-too-slow = Das Formular kam zu langsam an. Bitte senden Sie es erneut.
refuse-unreadable-request = Das Gesendete konnte nicht gelesen werden.
refuse-unreadable-form = Das Formular enthält etwas, das wir nicht lesen können (ein doppeltes Feld oder einen Wert der falschen Art). Gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es erneut.
refuse-wrong-method = Diese Seite kann so nicht geöffnet werden. Verwenden Sie die Links und Schaltflächen im Portal.
refuse-unreadable-address = Etwas in dieser Adresse oder diesem Formular ist nicht lesbar. Gehen Sie zurück und versuchen Sie es erneut.
refuse-language = Wählen Sie eine der angebotenen Sprachen.
refuse-token-other-payment = Diese Kartendaten wurden für eine andere Zahlung eingegeben. Beginnen Sie diese Zahlung erneut bei Ihren Rechnungen.
refuse-details-expired = Die Zahlungsdaten sind abgelaufen. Geben Sie sie erneut ein.
refuse-method-gone = Diese gespeicherte Zahlungsmethode ist nicht mehr verfügbar.
refuse-card-or-bank = Wählen Sie Karte oder Bankkonto.
refuse-no-bank-save = Bankkonten können hier nicht gespeichert werden. Fügen Sie stattdessen eine Karte hinzu.
refuse-nothing-to-resume = Für dieses Abonnement gibt es keine Kündigung zurückzunehmen (oder sein Zeitraum ist abgelaufen).
refuse-subscription-changed = Dieses Abonnement hat sich geändert, seit die Seite angezeigt wurde. Gehen Sie zurück und laden Sie neu, um den aktuellen Stand zu sehen.
refuse-reason-long = Der Grund darf höchstens { $max } Zeichen einfachen Text umfassen.
est-done-approved = Vielen Dank: Das Angebot ist angenommen.
est-done-declined = Das Angebot ist abgelehnt.
est-expired = Angebot { $number } ist am { $date } abgelaufen und kann nicht mehr angenommen werden. Fordern Sie ein neues an.
est-already = Angebot { $number } kann nicht mehr geändert werden: { $state }.
est-type-name = Geben Sie zum Annehmen Ihren Namen oder Ihre Initialen ein.
est-name-long = Geben Sie Ihren Namen oder Ihre Initialen ein: höchstens { $max } Zeichen.
est-tick-terms = Setzen Sie das Häkchen, um die Bedingungen zu akzeptieren.
statement-not-a-date = „{ $typed }“ ist kein Datum: Verwenden Sie die Datumsauswahl oder schreiben Sie es wie { $example }.
statement-backwards = Der Beginn des Zeitraums liegt nach seinem Ende.
statement-too-long = Ein Kontoauszug umfasst höchstens { $max } Tage. Wählen Sie einen kürzeren Zeitraum.
methods-bank-did-not-confirm = Ihre Bank hat diese Karte nicht bestätigt.
methods-nothing-saved = Es wurde nichts gespeichert.
methods-processor-down = Unser Zahlungsdienstleister hat nicht geantwortet, daher wurde nichts gespeichert. Versuchen Sie es gleich noch einmal.
methods-bank-wants-confirm = Ihre Bank möchte diese Karte bestätigen, bevor sie gespeichert werden kann.
methods-processor-silent = Unser Zahlungsdienstleister hat nicht geantwortet.
stmt-invoice = Rechnung { $number }
stmt-payment = Zahlung
stmt-payment-numbered = Zahlung { $receipt }
decline-card = Ihre Karte wurde abgelehnt.
decline-funds = Ihre Karte wurde mangels Deckung abgelehnt.
decline-processing = Bei der Verarbeitung Ihrer Karte ist ein Fehler aufgetreten. Versuchen Sie es gleich noch einmal.
decline-expired = Ihre Karte ist abgelaufen.
decline-cvc = Die Prüfnummer Ihrer Karte ist falsch.
decline-number = Ihre Kartennummer ist falsch.
decline-checked = Ihre Karte wurde bei der Prüfung abgelehnt.
decline-not-completed = Die Zahlung wurde nicht abgeschlossen.
decline-try-another = Ihre Zahlung konnte nicht abgeschlossen werden. Versuchen Sie es mit einer anderen Karte.
fields-unreadable = Ihre Zahlungsdaten konnten nicht gelesen werden. Prüfen Sie sie und versuchen Sie es erneut.
fields-unloaded = Das Zahlungsformular konnte nicht geladen werden. Prüfen Sie Ihre Verbindung und laden Sie die Seite neu.
