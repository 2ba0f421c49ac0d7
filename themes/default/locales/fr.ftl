# Les mots de Billfold en français. Mêmes clés que en.ftl.

## Mise en page
skip-to-content = Aller au contenu
product-billing = Facturation
product-portal = Portail de facturation
nav-label = Facturation
nav-invoices = Factures
nav-payment-history = Historique des paiements
nav-statements = Relevés
nav-estimates = Devis
nav-subscriptions = Abonnements
nav-payment-methods = Moyens de paiement
nav-users = Utilisateurs
nav-activity = Activité
scope-banner = Vous avez ouvert ceci depuis un lien : vous ne voyez que cette page.
scope-sign-in = Connectez-vous
scope-sign-in-rest = pour voir toutes vos factures.

## Menu du compte
menu-switch-account = Changer de compte
menu-current = (actuel)
menu-security = Connexion et sécurité
menu-sign-out = Se déconnecter
menu-language = Langue
menu-language-apply = Changer de langue

## Statuts
badge-paid = Payée
badge-past-due = En retard
badge-unpaid = Impayée
badge-void = Annulée

## Lignes de facture
lines-caption = Lignes de la facture { $number }
lines-description = Description
lines-qty = Qté
lines-unit-price = Prix unitaire
lines-amount = Montant
lines-subtotal = Sous-total
lines-tax = TVA
lines-total = Total
lines-paid = Payé
lines-balance = Solde

## Pagination
pager-label = Pages
pager-invoice = { $first }–{ $last }{ $total ->
    [none] {""}
   *[other] {" "}sur { $total }
} { $count ->
    [one] facture
   *[other] factures
}
pager-payment = { $first }–{ $last }{ $total ->
    [none] {""}
   *[other] {" "}sur { $total }
} { $count ->
    [one] paiement
   *[other] paiements
}
pager-previous = Précédent
pager-next = Suivant

## Tableau de bord
invoices-title = Factures
view-only-strong = Vous pouvez consulter ce compte.
view-only = Les factures, les paiements et les relevés vous sont ouverts ; le paiement et les moyens de paiement sont réservés aux utilisateurs ayant le rôle Comptabilité ou Administrateur. Demandez à l’administrateur de votre compte si vous devez payer.
autopay-on-strong = Le paiement automatique est activé.
autopay-on = Chaque facture est payée { $timing } avec { $method }.
autopay-manage = Gérer le paiement automatique
autopay-stopped-strong = Paiement automatique arrêté :
autopay-stopped = les paiements avec { $method } ont échoué. Mettez à jour le moyen de paiement pour le réactiver.
autopay-update = Mettre à jour le paiement automatique
pay-selected = Payer la sélection
pay-full-balance = Payer le solde total
summary-label = Résumé
total-outstanding = Total dû
unpaid-invoices = Factures impayées
filter-label = Filtrer les factures par statut
filter-all = Toutes
filter-open = Impayées
filter-paid = Payées
sort-label = Trier les factures
sort = Trier :
sort-newest = Plus récentes
sort-due-first = Échéance d’abord
search-label = Rechercher par numéro de facture
search-placeholder = Numéro de facture
search-button = Rechercher
empty-search = Aucun numéro de facture ne contient « { $search } ».
empty-page = Il n’y a rien sur cette page.
empty-first-page = Aller à la première page
empty-open = Vous n’avez aucune facture impayée.
empty-paid = Aucune facture payée pour l’instant.
empty-all = Vous n’avez encore aucune facture.
col-invoice = Facture n°
col-status = Statut
col-issued = Émise le
col-due = Échéance
col-total = Total
col-balance = Solde
pending-amount = { $amount } en cours
comments-marker = { $count ->
    [one] 1 commentaire
   *[other] { $count } commentaires
}
comments-unresolved = , pas encore résolu
download-invoice = Télécharger la facture
view-invoice = Voir la facture
select-to-pay = Sélectionner la facture { $number } pour la payer
pay = Payer
pay-invoice-label = Payer la facture { $number }
export-invoices = Exporter ces factures (CSV)

## Formulaire de paiement
all-invoices = ← Toutes les factures
pay-title-invoice = Payer la facture { $number }
pay-title-selected = Payer les factures sélectionnées
pay-none-ticked = Aucune facture n’a été cochée : voici donc le solde total.
hold-mine = Vous avez commencé à payer { $amount } pour { $invoices } à
hold-mine-charging = et le prestataire de paiement le confirme encore. « Recommencer » vérifie d’abord auprès de lui : rien de ce qui a abouti n’est libéré.
hold-mine-open = sans terminer. Rien n’a été débité ; le montant vous est réservé jusqu’à
hold-resume = Reprendre
hold-start-over = Recommencer
hold-other = Quelqu’un d’autre sur ce compte paie { $amount } pour { $invoices }
hold-other-started = commencé à
hold-other-held = Ce montant est réservé jusqu’à
hold-other-held-rest = sauf si cette personne termine ou annule avant.
all-held = Tout ce qui reste à payer ici est déjà en cours de paiement ({ $amount } en cours).
all-held-bank = Les paiements par prélèvement restent en cours jusqu’à leur encaissement.
back-to-invoices = Retour à vos factures
nothing-owed = Rien n’est dû sur ce compte pour le moment.
nothing-owed-pending = { $amount } est en cours de paiement.
pay-amount = Montant
pay-help-selected = Les factures choisies s’élèvent à { $balance }. Un montant inférieur les règle de la plus ancienne à la plus récente, chacune en totalité, et la dernière atteinte en partie.
pay-help-partial = Le solde total est de { $balance }. Vous pouvez en payer une partie.
pay-help-whole = Le solde total : toutes les factures ouvertes ci-dessous, de la plus ancienne à la plus récente.
pay-help-selected-full = Les factures choisies ci-dessous, chacune en totalité.
pay-help-full = Cette facture se paie en totalité.
pay-with = Payer avec
method-default = Par défaut
method-expired = Expirée
method-new-card = Une nouvelle carte bancaire
method-card = Carte bancaire
method-new-bank = Un nouveau compte bancaire (ACH)
method-bank = Compte bancaire (ACH)
continue-to-payment = Continuer vers le paiement
pay-details-note = Vos coordonnées bancaires sont saisies sur la page du prestataire de paiement et ne sont jamais conservées par nous.
paying = Paiement
pay-reserved-note = { $amount } est déjà en cours de paiement et n’est pas inclus.

## E-mail de reçu
receipt-subject-numbered = Reçu { $number } pour votre paiement de { $amount } à { $vendor }
receipt-subject = Reçu pour votre paiement de { $amount } à { $vendor }
receipt-thanks = Merci pour votre paiement
receipt-thanks-text = Merci pour votre paiement.
receipt-number = Reçu
receipt-amount = Montant
receipt-date = Date
receipt-paid-with = Payé avec
receipt-reference = Référence
receipt-account = Compte
receipt-applied-to = Affecté à
receipt-view = Voir le reçu
receipt-view-text = Voir le reçu :
receipt-keep = Conservez cet e-mail pour vos dossiers. Vous pouvez télécharger un reçu PDF depuis l’historique des paiements de votre portail de facturation.
mail-help = Besoin d’aide ?
mail-call = Appelez le { $phone }.
mail-email = Écrivez à { $email }.

## Historique des paiements
export-csv = Exporter en CSV
no-payments = Aucun paiement pour l’instant.
payments-caption = Paiements de ce compte, du plus récent au plus ancien
col-date = Date
col-amount = Montant
col-type = Type
col-reference = Référence
unapplied = Non affecté
payment-status-pending = En cours
payment-status-succeeded = Réussi
payment-status-failed = Échoué
payment-status-refunded = Remboursé
payment-type-card = Carte bancaire
payment-type-ach = Prélèvement ACH
payment-type-check = Chèque
payment-type-wire = Virement
payment-type-cash = Espèces
payment-type-other = Autre

## Page de la facture
invoice-title = Facture { $number }
bill-to = Facturé à
po-number = N° de bon de commande
line-items = Lignes de facture
payments-applied = Paiements affectés
no-payments-applied = Aucun paiement n’a encore été affecté à cette facture.
comments = Commentaires
comments-waiting = En attente de la réponse de { $vendor }.
comments-none = Aucun commentaire pour l’instant. Une question sur cette facture ? Posez-la ici à { $vendor }.
comments-add = Ajouter un commentaire
comments-hint = { $vendor } voit votre commentaire et répond ici ; vous recevrez un e-mail à sa réponse.
comments-post = Publier le commentaire
vendor-from = Émetteur
vendor-tax-id = N° de TVA :
vendor-other-ways = Autres moyens de paiement

## Pages de confirmation et de reçu
confirm-title = Confirmer le paiement
confirm-change = Modifier
confirm-for = Pour
confirm-nothing-charged = Rien n’a été débité.
confirm-pay-without-saving = Payer { $amount } sans enregistrer
confirm-other-details = Utiliser d’autres coordonnées
confirm-check-card = Vérifiez le numéro de carte, la date d’expiration et le cryptogramme, ou essayez une autre carte.
confirm-different-card = Essayer une autre carte
confirm-save-bank = Enregistrer ce compte bancaire pour les prochains paiements
confirm-save-card = Enregistrer cette carte pour les prochains paiements
confirm-pay = Payer { $amount }
confirm-cancel = Annuler
ach-authorization = En sélectionnant « Payer { $amount } », vous autorisez { $merchant } à prélever une seule fois { $amount } sur le compte bancaire { $account }, le { $date } ou après. Il s’agit d’un paiement ponctuel : rien d’autre ne sera prélevé sans nouvelle autorisation. Si le prélèvement est rejeté (par exemple pour provision insuffisante), votre banque peut vous facturer des frais. Pour l’annuler avant son traitement, contactez { $merchant }.
receipt-failed-strong = Ce paiement n’a pas abouti.
receipt-failed = Rien n’a été débité. Vous pouvez payer la facture de nouveau depuis vos factures.
receipt-received-strong = Paiement reçu.
receipt-received = Merci : votre paiement de { $amount } a été accepté.
receipt-submitted-strong = Paiement envoyé.
receipt-submitted = Les paiements par prélèvement prennent quelques jours ; il reste en cours jusque-là.
receipt-confirming-strong = Nous confirmons votre paiement.
receipt-confirming = Le prestataire de paiement n’a pas répondu à temps : à notre connaissance, rien n’a encore été débité. Nous allons confirmer avec lui sous peu — ne payez pas de nouveau ; consultez l’historique des paiements dans quelques minutes.
receipt-not-completed = Paiement non abouti
receipt-title = Reçu de paiement
download-receipt = Télécharger le reçu
payment-status-paid = Payé

## Pages d’erreur et de message
message-other-accounts = Vous pouvez ouvrir l’un de vos autres comptes :
error-your-vendor = votre fournisseur
error-no-portal = Portail de facturation introuvable
error-no-portal-text = Il n’y a pas de portail de facturation à cette adresse. Vérifiez le lien suivi.
error-not-found = Page introuvable
error-not-found-text = Nous n’avons pas trouvé cette page. Elle a peut-être été déplacée, ou le lien est mal saisi.
error-session-ended = Votre session a pris fin
error-session-ended-text = Vous avez été déconnecté après une période d’inactivité.
error-sign-in = Veuillez vous connecter
error-sign-in-text = Vous devez être connecté pour voir vos factures.
error-open-again = Rouvrez le portail de facturation depuis votre compte { $vendor }, ou utilisez le lien d’un e-mail de facture.
error-bad-link = Ce lien de connexion n’est pas valide ou a expiré
error-bad-link-text = Les liens de connexion ne fonctionnent qu’une fois et seulement quelques minutes.
error-bad-link-again = Retournez sur { $vendor } et rouvrez le portail de facturation pour obtenir un nouveau lien.
error-access-denied = Accès refusé
error-access-denied-text = Votre utilisateur n’a pas encore de rôle sur ce compte : vous ne pouvez pas voir sa facturation.
error-access-denied-ask = Demandez à l’administrateur de votre compte de vous attribuer le rôle Comptabilité, ou contactez le support de { $vendor }, qui s’en chargera.
error-form-expired = Ce formulaire a expiré
error-forbidden = Vous ne pouvez pas faire cela ici
error-bad-request = Cette demande pose un problème
error-nothing-changed = Rien n’a été modifié.
error-internal = Une erreur s’est produite de notre côté
error-internal-text = Rien n’a été modifié. Réessayez dans une minute.

## Page de connexion
sign-in-title = Connexion à { $vendor }
sign-in-email = E-mail
sign-in-password = Mot de passe
sign-in-forgot = Mot de passe oublié ?
sign-in-button = Se connecter
sign-in-or = ou
sign-in-no-password = Pas de mot de passe ? Recevez un lien de connexion par e-mail
sign-in-email-me = M’envoyer un lien de connexion
sign-in-sso-only = Ouvrez le portail de facturation depuis votre compte { $vendor }, ou utilisez le lien d’un e-mail de facture.
sign-in-notice = Connectez-vous pour voir vos factures.
sign-in-notice-expired = Votre session a pris fin. Reconnectez-vous pour continuer.

## Moyens de paiement
methods-saved = Le moyen de paiement a été enregistré.
methods-removed = Le moyen de paiement a été supprimé.
methods-default-changed = Le moyen de paiement par défaut a été modifié.
methods-none = Aucun moyen de paiement enregistré pour l’instant. Enregistrez-en un pour payer plus vite la prochaine fois.
methods-label = Moyens de paiement enregistrés
methods-flag-soon = Expire bientôt
methods-kind-card = Carte
methods-kind-bank = Compte bancaire
methods-expires = expire le { $date }
methods-make-default = Définir par défaut
methods-remove = Supprimer
methods-remove-question = Supprimer { $method } ?
methods-remove-warning = Supprimer { $method } ? Il ne pourra plus servir à payer.
methods-successor = C’est votre moyen par défaut : { $method } le deviendra.
methods-no-successor = C’est votre moyen par défaut : vous n’en aurez plus jusqu’à ce que vous en choisissiez un.
methods-confirm-remove = Oui, supprimer { $method }
methods-used-by = Débité sur ce moyen : { $what }.
methods-autopay-stops = Le paiement automatique s’arrête jusqu’à ce que vous choisissiez un autre moyen.
methods-subscriptions-invoiced = Les abonnements sont facturés jusqu’à ce que vous choisissiez un autre moyen.
methods-add-card = Ajouter une carte
methods-add-bank = Ajouter un compte bancaire
methods-autopay = Paiement automatique
methods-autopay-hint = faites payer chaque facture automatiquement à son échéance.

## E-mail de facture
invoice-mail-subject = Facture { $number } de { $vendor } : { $amount } à payer avant le { $due }
invoice-mail-view = Voir la facture
invoice-mail-button-note = Le bouton ouvre cette facture dans le portail de facturation de { $vendor }, où vous pouvez la payer. Il fonctionne pendant { $days } jours.
invoice-mail-hello = Bonjour,
invoice-mail-sent = { $vendor } vous a envoyé la facture { $number } pour { $account }.
invoice-mail-amount-due = Montant dû
invoice-mail-link-note = Voir la facture (et la payer) ici ; le lien fonctionne pendant { $days } jours :

## Relevés
statement-title = Relevé
statement-from = Du
statement-to = Au
statement-show = Afficher le relevé
statement-pdf = Télécharger en PDF
statement-csv = Télécharger en CSV
statement-summary = Résumé du { $from } au { $to }
statement-opening = Solde d’ouverture
statement-invoiced = Facturé
statement-paid = Payé
statement-closing = Solde de clôture
statement-activity = Mouvements
statement-activity-caption = Factures et paiements du { $from } au { $to }, avec le solde après chacun
statement-charges = Débits
statement-payments = Paiements
statement-open = Factures ouvertes
statement-nothing-open = Rien n’est ouvert.
statement-open-caption = Factures avec un solde aujourd’hui
statement-days-overdue = Jours de retard

## Devis
estimates-none = Ce compte n’a aucun devis.
estimates-all = ← Tous les devis
estimate-number = Devis n°
estimate-title = Devis { $number }
estimate-valid-until = Valable jusqu’au
estimate-deposit = Acompte
estimate-download = Télécharger le devis
estimate-prepared-for = Établi pour
estimate-deposit-due = Acompte dû à l’acceptation : { $amount }
estimate-deposit-due-label = Acompte dû à l’acceptation
estimate-terms = Conditions
estimate-state-open = En attente d’acceptation
estimate-state-approved = Accepté
estimate-state-declined = Refusé
estimate-state-expired = Expiré
estimate-state-invoiced = Facturé
estimate-approved-by = Accepté par
estimate-declined-on = Refusé le { $date }.
estimate-reason = Motif :
estimate-deposit-invoice = Acompte : facture
estimate-deposit-paid = payée
estimate-deposit-to-pay = { $amount } à payer
estimate-pay-deposit = Payer l’acompte
estimate-expired = Ce devis a expiré le { $date } et ne peut plus être accepté. Demandez-en un nouveau à { $vendor }.
estimate-approve-heading = Accepter ce devis
estimate-your-name = Vos nom ou initiales
estimate-accept-terms = J’accepte les conditions ci-dessus et ce devis de { $total }.
estimate-accept = J’accepte ce devis de { $total }.
estimate-approve-deposit = Accepter et payer l’acompte ({ $amount })
estimate-approve = Accepter le devis
estimate-decline = Refuser
estimate-why = Pourquoi ?
optional = (facultatif)
estimate-decline-button = Refuser le devis

## Abonnements
sub-none = Ce compte n’a aucun abonnement.
sub-price = Prix
sub-billing = Facturation
sub-price-per = { $price } / { $unit ->
    [month] mois
   *[year] an
}
sub-price-every = { $price } tous les { $count } { $unit ->
    [month] mois
   *[year] ans
}
sub-canceled-on = Résilié le { $date }
sub-ends-on = Prend fin le { $date }
sub-paused = En pause : rien n’est facturé
sub-trial-ends = Essai jusqu’au { $date }
sub-renews-on = Renouvellement le { $date }
sub-status-canceling = Résiliation prévue
sub-status-trialing = Essai
sub-status-active = Actif
sub-status-past_due = En retard
sub-status-paused = En pause
sub-status-canceled = Résilié
sub-invoiced = Sur facture (vous payez chaque facture)
sub-done-canceled = Votre abonnement a été résilié.
sub-done-scheduled = Votre abonnement prendra fin à la fin de la période en cours. Vous pouvez le reprendre d’ici là.
sub-done-resumed = Votre abonnement a repris : il se renouvelle comme avant.
sub-done-method = Le moyen de paiement de l’abonnement a été modifié.
sub-pay-with = Payer { $plan } avec
sub-change-method = Changer de moyen de paiement
sub-save-method = Enregistrez un moyen de paiement
sub-save-method-rest = pour y débiter cet abonnement.
sub-cancel = Résilier l’abonnement
sub-cancel-title = Résilier { $plan }
sub-effect-period-end = { $plan } reste actif jusqu’au { $date }, fin de la période payée, puis prend fin. D’ici là, vous pouvez le reprendre ici.
sub-effect-now = { $plan } prend fin aujourd’hui. Ce n’est pas réversible ici : pour recommencer, contactez { $vendor }.
sub-effect-not-allowed = { $vendor } n’accepte pas les résiliations dans le portail. Contactez-le pour résilier { $plan }.
sub-why = Pourquoi résiliez-vous ?
sub-anything-else = Autre chose à dire à { $vendor } ?
sub-keep = Garder l’abonnement
sub-back = Retour aux abonnements
cancel-reason-too_expensive = C’est trop cher
cancel-reason-missing_features = Il manque des fonctionnalités
cancel-reason-switched_service = Je passe à un autre service
cancel-reason-unused = Je ne l’utilise pas assez
cancel-reason-customer_service = Le service client a déçu
cancel-reason-too_complex = C’est trop compliqué à utiliser
cancel-reason-low_quality = La qualité a déçu
cancel-reason-other = Autre raison

## Help box
help-heading = Besoin d’aide ?
help-phone = Téléphone :
help-email = E-mail :
help-hours = Horaires :

## Signing in by email, passwords
sign-in-link-text = Vous avez été invité à consulter et payer des factures ici. Ce lien ne fonctionne qu’une fois.
sign-in-open-link = Ouvrez le lien de connexion reçu par e-mail pour vous connecter.
sign-in-wrong-password = Cette adresse e-mail et ce mot de passe ne correspondent pas. Réessayez, ou réinitialisez votre mot de passe.
sign-in-too-many = Trop de tentatives. Réessayez dans { $count } { $count ->
    [one] minute
   *[other] minutes
}.
forgot-title = Mot de passe oublié ?
forgot-text = Saisissez l’adresse e-mail avec laquelle vous vous connectez. Nous vous enverrons un lien pour choisir un nouveau mot de passe.
forgot-button = Envoyer le lien de réinitialisation
forgot-back = Retour à la connexion
reset-title = Choisissez un nouveau mot de passe
reset-password = Nouveau mot de passe
reset-password-help = Au moins 8 caractères. Quelques mots faciles à retenir font très bien l’affaire.
reset-confirm = Saisissez-le à nouveau
reset-button = Enregistrer et se connecter
reset-signs-out = L’enregistrement vous déconnecte de tous vos autres appareils.
reset-mismatch = Les deux mots de passe ne correspondent pas.
password-too-short = Utilisez au moins 8 caractères.
password-too-long = Utilisez au plus 128 caractères.
password-common = Ce mot de passe fait partie des plus utilisés : il est facile à deviner. Choisissez-en un autre.
check-email = Consultez votre messagerie
check-email-link = Si { $email } peut utiliser ce portail de facturation, nous y avons envoyé un lien de connexion. Le lien ne fonctionne qu’une fois, pendant { $minutes } minutes.
check-email-reset = Si { $email } peut utiliser ce portail de facturation, nous y avons envoyé un lien pour choisir un nouveau mot de passe. Le lien ne fonctionne qu’une fois, pendant une heure.
check-email-nothing = Rien reçu ? Vérifiez votre dossier de courrier indésirable, ou demandez au collègue qui gère votre facturation de vous inviter.
email-invalid = Saisissez votre adresse e-mail, par exemple nom@entreprise.fr.

## Sign-in, password and invitation emails
mail-hello = Bonjour,
sign-in-link-mail-subject = Votre lien de connexion pour { $vendor }
sign-in-link-mail-heading = Votre lien de connexion
sign-in-link-mail-text = Voici le lien de connexion que vous avez demandé sur le portail de facturation de { $vendor }. Il ne fonctionne qu’une fois, pendant { $minutes } minutes.
sign-in-link-mail-ignore = Si vous ne l’avez pas demandé, vous pouvez ignorer cet e-mail : personne ne peut se connecter sans ce lien.
reset-mail-subject = Réinitialisez votre mot de passe pour { $vendor }
reset-mail-heading = Réinitialisez votre mot de passe
reset-mail-text = Quelqu’un (vous, nous l’espérons) a demandé à réinitialiser votre mot de passe sur le portail de facturation de { $vendor }. Le lien ne fonctionne qu’une fois, pendant { $minutes } minutes.
reset-mail-button = Choisir un nouveau mot de passe
reset-mail-ignore = Si vous ne l’avez pas demandé, vous pouvez ignorer cet e-mail : votre mot de passe reste inchangé.
invitation-mail-subject = { $inviter } vous a invité sur le portail de facturation de { $vendor }
invitation-mail-heading = Vous êtes invité
invitation-mail-text = { $inviter } vous a donné un accès « { $role } » aux factures de { $account } sur le portail de facturation de { $vendor }.
invitation-mail-expires = Le lien ne fonctionne qu’une fois, pendant { $days } jours.
invitation-mail-ignore = Si vous ne vous attendiez pas à cette invitation, vous pouvez ignorer cet e-mail.
access-viewer = Lecture seule
access-accounting = Comptabilité
access-admin = Administration
access-none = Aucun accès

## Refusals
signed-out = Vous êtes déconnecté
signed-out-text = Pour revenir, ouvrez à nouveau le portail de facturation depuis votre compte { $vendor }.
refused-form-expired = Le formulaire a expiré. Revenez en arrière, rechargez la page et réessayez.
refused-cannot-view = Votre rôle sur ce compte ne permet pas de voir ses factures.
refused-cannot-pay = Seuls les utilisateurs ayant le rôle Comptabilité ou Administration peuvent effectuer des paiements. Demandez-le à l’administrateur de votre compte si nécessaire.
refused-cannot-manage-users = Seuls les administrateurs de votre compte peuvent gérer ses utilisateurs.
refused-cancel-not-allowed = Les abonnements ne peuvent pas être résiliés dans le portail. Contactez-nous pour résilier.
refused-no-access-to-account = Vous n’avez pas accès à ce compte.
refused-someone-elses-payment = Une autre personne de ce compte a commencé ce paiement ; elle seule peut l’annuler. Il est libéré automatiquement à son expiration.

## Users
users-title = Utilisateurs
users-hint = Les personnes qui peuvent voir les factures de { $account }. Lecture seule : factures et paiements ; Comptabilité : peut aussi payer et gérer les moyens de paiement ; Administration : peut aussi gérer les utilisateurs.
users-caption = Utilisateurs de ce compte et leur accès
users-col-user = Utilisateur
users-col-access = Accès
users-you = Vous
users-pending = En attente
users-last-signed-in = Dernière connexion le { $when }
users-invited-not-yet = Invité le { $when } · pas encore connecté
users-not-yet = Pas encore connecté
users-resend = Renvoyer l’invitation
users-resend-to = à { $email }
users-access-for = Accès de { $email }
users-change = Modifier
users-change-for = l’accès de { $email }
users-remove = Retirer
users-invite-heading = Inviter un collègue
users-name-optional = Nom (facultatif)
users-send-invitation = Envoyer l’invitation
users-invite-help = Cette personne recevra un e-mail avec un lien de connexion valable une fois, pendant 7 jours.
users-done-invited = L’invitation a été envoyée.
users-done-resent = L’invitation a été renvoyée, avec un nouveau lien.
users-done-changed = Son accès a été modifié.
users-done-removed = Cette personne n’a plus accès à ce compte.
users-choose-access = Choisissez Lecture seule, Comptabilité ou Administration.
users-email-invalid = Saisissez l’adresse e-mail de votre collègue, par exemple nom@entreprise.fr.
users-name-too-long = Un nom compte au plus { $max } caractères. Raccourcissez-le ou laissez-le vide.
users-already-member = { $email } a déjà accès à ce compte.
users-last-admin = Un compte doit garder au moins un administrateur : donnez d’abord l’accès Administration à quelqu’un d’autre.
users-not-member = Cet utilisateur n’a pas accès à ce compte.

## Activity
activity-title = Activité
activity-hint = Paiements et modifications des moyens de paiement et des utilisateurs de { $account }, les plus récents d’abord.
activity-nothing = Rien pour l’instant.
activity-caption = Activité de ce compte, la plus récente d’abord
activity-when = Quand
activity-who = Qui
activity-what = Quoi
activity-details = Détails
activity-session = session { $session }
activity-older = Plus anciens
action-payment = Paiement
action-payment-cancelled = Paiement annulé
action-method-added = Moyen de paiement ajouté
action-method-removed = Moyen de paiement retiré
action-method-default = Moyen de paiement par défaut
action-member-invited = Utilisateur invité
action-member-added = Utilisateur ajouté
action-member-access = Accès modifié
action-member-reinvited = Invitation renvoyée
action-member-removed = Utilisateur retiré
action-other = Autre

## Sign-in & security
security-title = Connexion et sécurité
security-change-password = Changer votre mot de passe
security-set-password = Définir un mot de passe
security-why-password = Avec un mot de passe, vous pouvez vous connecter depuis la page de connexion, sans lien.
security-current = Mot de passe actuel
security-save = Enregistrer le mot de passe
security-where = Où vous êtes connecté
security-signed-in = Connecté le { $when }
security-last-active = Dernière activité le { $when }
security-this-browser = Ce navigateur
security-done-password = Votre mot de passe est enregistré. Toutes les autres sessions ont été déconnectées.
security-done-ended = La session a été déconnectée.
security-done-welcome = Vous êtes connecté. Définissez un mot de passe ci-dessous pour vous connecter sans lien la prochaine fois, ou accédez à vos factures.
security-wrong-current = Votre mot de passe actuel n’est pas correct.
security-mismatch = Les deux nouveaux mots de passe ne correspondent pas.
security-not-yours = Cette session n’est pas l’une des vôtres.
security-use-sign-out = Pour terminer cette session, utilisez Se déconnecter.

## AutoPay page
autopay-title = Paiement automatique
autopay-back = ← Moyens de paiement
autopay-is-on = Le paiement automatique est activé
autopay-badge-on = Activé
autopay-status = Chaque facture est payée { $timing } avec { $method }.
autopay-enrolled = Activé par { $who } le { $date }, qui a donné cette autorisation :
autopay-turn-off = Désactiver le paiement automatique
autopay-suspended = Le paiement automatique s’est arrêté car les paiements avec { $method } ont échoué. Choisissez un moyen de paiement qui fonctionne et réactivez-le.
autopay-pitch = Activez le paiement automatique et chaque facture est payée { $timing } : plus aucun retard. Vous recevez un reçu pour chaque paiement et vous pouvez le désactiver à tout moment.
autopay-another-method = Payer avec un autre moyen
autopay-turn-on = Activer le paiement automatique
autopay-save-first = Enregistrez un moyen de paiement
autopay-save-first-why = d’abord ; le paiement automatique débite l’une de vos cartes ou l’un de vos comptes bancaires enregistrés.
autopay-method = Moyen de paiement
autopay-agree = J’accepte cette autorisation.
autopay-use-method = Utiliser ce moyen
autopay-done-on = Le paiement automatique est activé.
autopay-done-off = Le paiement automatique est désactivé. Les factures ne sont plus payées automatiquement.
autopay-choose-method = Choisissez l’un de vos moyens de paiement enregistrés.
autopay-tick = Cochez la case pour donner l’autorisation.
autopay-removed-method = un moyen de paiement supprimé
autopay-when-due = à sa date d’échéance
autopay-when-issued = le jour de son émission
autopay-when-days = { $count ->
    [one] 1 jour après son émission
   *[other] { $count } jours après son émission
}
autopay-authorization = J’autorise { $vendor } à débiter le moyen de paiement que j’ai choisi du solde total de chaque facture de { $account }, { $when }, jusqu’à ce que je désactive le paiement automatique. Pour un compte bancaire, cela autorise des prélèvements ACH récurrents, que je peux révoquer en désactivant le paiement automatique au moins un jour ouvré avant un paiement. Chaque paiement fait l’objet d’un reçu envoyé par e-mail.

## Sandbox payment page (TEST MODE)
sandbox-title = Page de paiement de test
sandbox-banner-strong = MODE TEST
sandbox-banner = — ceci est la page de paiement de test de Billfold. Aucun argent réel n’est débité.
sandbox-pay = Payer { $merchant }
sandbox-save-card = Enregistrer une carte auprès de { $merchant }
sandbox-save-bank = Enregistrer un compte bancaire auprès de { $merchant }
sandbox-save-hint = Il vous sera proposé lors de votre prochain paiement. Seul le prestataire de paiement conserve le numéro.
sandbox-card-number = Numéro de carte
sandbox-expiry = Expiration (MM/AA)
sandbox-cvc = Cryptogramme (CVC)
sandbox-test-cards = Cartes de test
sandbox-approved = acceptée
sandbox-declined = refusée
sandbox-insufficient = fonds insuffisants
sandbox-processing-error = erreur de traitement
sandbox-routing = Code banque (routing number)
sandbox-account = Numéro de compte
sandbox-test-banks = Comptes bancaires de test
sandbox-routing-settles = Code banque { $number } — réglé
sandbox-routing-returned = Code banque { $number } — rejeté par la banque
sandbox-continue = Continuer
sandbox-save-card-button = Enregistrer la carte
sandbox-save-bank-button = Enregistrer le compte bancaire
cancel = Annuler

## Payment processor's fields
fields-title-pay = Coordonnées de paiement
fields-title-save = Ajouter un moyen de paiement
fields-add-card = Ajouter une carte
fields-add-bank = Ajouter un compte bancaire
fields-pay = Payer
fields-amount = Montant
fields-for = Pour
fields-hint-pay-card = Les données de votre carte vont directement à notre prestataire de paiement ; nous ne voyons ni ne conservons jamais le numéro complet. Vous confirmez le paiement à la page suivante.
fields-hint-pay-bank = Les données de votre compte bancaire vont directement à notre prestataire de paiement ; nous ne voyons ni ne conservons jamais le numéro complet. Vous confirmez le paiement à la page suivante.
fields-hint-save-card = Les données de votre carte vont directement à notre prestataire de paiement, qui les conserve pour { $merchant } ; nous ne gardons que les quatre derniers chiffres. Elle vous sera proposée lors de votre prochain paiement.
fields-hint-save-bank = Les données de votre compte bancaire vont directement à notre prestataire de paiement, qui les conserve pour { $merchant } ; nous ne gardons que les quatre derniers chiffres. Il vous sera proposé lors de votre prochain paiement.
fields-needs-js = Cette page de paiement nécessite JavaScript : les champs de carte et de compte bancaire sont fournis par notre prestataire de paiement.
fields-card-details = Données de la carte
fields-bank-details = Données du compte bancaire
fields-enter-card = Saisir les données de la carte
fields-enter-bank = Saisir les données du compte bancaire
fields-bank-did-not-confirm = Votre banque n’a pas confirmé le paiement : rien n’a été débité. Réessayez ou utilisez une autre carte.
authenticate-title-pay = Confirmer auprès de votre banque
authenticate-title-save = Confirmer votre carte auprès de votre banque
authenticate-pay = Votre banque souhaite confirmer ce paiement de { $amount }. Suivez ses étapes dans la fenêtre qui s’ouvre ; rien n’est débité avant sa confirmation.
authenticate-save = Votre banque souhaite confirmer cette carte avant son enregistrement. Suivez ses étapes dans la fenêtre qui s’ouvre ; la carte n’est enregistrée qu’une fois confirmée par votre banque.
authenticate-needs-js = La confirmation auprès de votre banque nécessite JavaScript.
authenticate-button = Confirmer auprès de ma banque

## Notices by email
notice-reply-subject = { $vendor } a répondu au sujet de la facture { $number }
notice-reply-heading = Une réponse au sujet de la facture { $number }
notice-reply-text = { $vendor } a répondu aux commentaires de la facture { $number } :
notice-reply-button = Voir la conversation
notice-autopay-failed = Le paiement automatique n’a pas pu régler la facture { $number }
notice-autopay-failed-text = Le paiement automatique a tenté de régler la facture { $number } ({ $amount }) pour { $account } avec { $method }, et le paiement n’a pas abouti.
notice-autopay-retry = Il réessaiera demain. Pour payer maintenant ou utiliser un autre moyen, ouvrez le portail de facturation.
notice-autopay-stopped-subject = Paiement automatique arrêté pour { $account }
notice-autopay-stopped = Paiement automatique arrêté
notice-autopay-stopped-text = Après { $count } { $count ->
    [one] paiement échoué
   *[other] paiements échoués
} d’affilée, le paiement automatique est désactivé pour { $account }.
notice-autopay-stopped-next = Mettez à jour le moyen de paiement et réactivez le paiement automatique ; d’ici là, les factures doivent être payées dans le portail.
notice-autopay-button = Ouvrir le paiement automatique
sub-mail-heading = Abonnement modifié
sub-mail-canceled-subject = Votre abonnement { $plan } a été résilié
sub-mail-canceled = { $who } a résilié { $plan } pour { $account }. Il a pris fin ; plus rien ne sera facturé à ce titre.
sub-mail-ending-subject = Votre abonnement { $plan } prendra fin le { $end }
sub-mail-ending = { $who } a résilié { $plan } pour { $account }. Il reste actif jusqu’au { $end }, puis prend fin. Vous pouvez le reprendre dans le portail d’ici là.
sub-mail-resumed-subject = Votre abonnement { $plan } a été repris
sub-mail-resumed = { $who } a repris { $plan } pour { $account } : il se renouvelle le { $end } comme prévu.
sub-mail-method-subject = { $plan } est désormais payé avec { $method }
sub-mail-method = { $who } a remplacé le moyen de paiement de { $plan } pour { $account } par { $method }.

## PDFs
pdf-page = Page { $page } sur { $count }
pdf-invoice = FACTURE
pdf-invoice-title = Facture { $number }
pdf-estimate = DEVIS
pdf-estimate-title = Devis { $number }
pdf-receipt = REÇU
pdf-receipt-title = Reçu { $number }
pdf-statement = RELEVÉ
pdf-statement-title = Relevé { $period }
pdf-bill-to = FACTURÉ À
pdf-prepared-for = ÉTABLI POUR
pdf-received-from = REÇU DE
pdf-account = COMPTE
pdf-account-id = Compte { $id }
pdf-issued = Émise le
pdf-due = Échéance
pdf-status = Statut
pdf-po = Bon de commande
pdf-valid-until = Valable jusqu’au
pdf-subtotal = Sous-total
pdf-tax = Taxes
pdf-total = Total
pdf-paid = Payé
pdf-balance-due = Solde dû
pdf-deposit-due = Acompte dû à l’acceptation
pdf-payments-applied = Paiements imputés
pdf-col-description = DÉSIGNATION
pdf-col-qty = QTÉ
pdf-col-unit-price = PRIX UNITAIRE
pdf-col-amount = MONTANT
pdf-col-date = DATE
pdf-col-charges = DÉBITS
pdf-col-payments = PAIEMENTS
pdf-col-balance = SOLDE
pdf-col-invoice = FACTURE N°
pdf-col-issued = ÉMISE LE
pdf-col-due = ÉCHÉANCE
pdf-terms = Conditions
pdf-approved = Accepté
pdf-approved-by = Accepté par { $name } le { $date }.
pdf-declined = Refusé
pdf-declined-on = Refusé le { $date }.
pdf-reason = Motif : { $reason }
pdf-tax-id = N° TVA { $tax }
pdf-other-ways = Autres moyens de paiement
pdf-date = Date
pdf-paid-with = Payé avec
pdf-reference = Référence
pdf-applied-to = IMPUTÉ SUR LA FACTURE
pdf-unapplied = Non imputé
pdf-total-paid = Total payé
pdf-opening = Solde d’ouverture
pdf-invoiced = Facturé
pdf-closing = Solde de clôture
pdf-activity = Mouvements
pdf-open-invoices = Factures ouvertes
pdf-nothing-open = Aucune facture ouverte.
pdf-questions-invoice = Une question sur cette facture ?
pdf-questions-estimate = Une question sur ce devis ?
pdf-questions-payment = Une question sur ce paiement ?
pdf-questions-statement = Une question sur ce relevé ?

## Payment refusals
refuse-use-comma = Utilisez une virgule pour les décimales, par exemple { $example }.
refuse-use-point = Utilisez un point pour les décimales et des virgules uniquement entre les milliers, par exemple { $example }.
refuse-unreadable = Saisissez un montant comme { $example } (au plus { $decimals } décimales).
refuse-above-zero = Saisissez un montant supérieur à zéro.
refuse-more-than-balance = C’est plus que le solde de { $amount }. Saisissez { $amount } ou moins.
refuse-more-than-chosen = C’est plus que le solde des factures choisies, { $amount }. Saisissez { $amount } ou moins.
refuse-whole-only = Les factures se paient ici en totalité : le montant est de { $amount }.
refuse-minimum = Le paiement minimum est de { $amount }.
refuse-choose-one = Choisissez au moins une facture à payer.
refuse-nothing-left-on = Il ne reste rien à payer sur la facture { $number }. Choisissez à nouveau vos factures.
refuse-being-paid = La facture { $number } est déjà en cours de paiement. Retirez-la, ou attendez la fin de ce paiement.
refuse-nothing-to-pay = Il ne reste rien à payer sur cette facture.
refuse-nothing-owed = Il ne reste rien à payer sur ce compte.
refuse-already-reserved = Une partie de ce solde est déjà en cours de paiement. Actualisez la page pour voir ce qu’il reste à payer.
refuse-expired = Ce paiement a expiré. Recommencez depuis vos factures.
refuse-cancelled = Ce paiement a été annulé et rien n’a été débité. Recommencez depuis vos factures.
refuse-ach-disabled = Les paiements par compte bancaire ne sont pas disponibles. Payez plutôt par carte.
refuse-bad-token = Les coordonnées de paiement n’ont pas pu servir pour ce paiement. Recommencez depuis vos factures.
refuse-still-confirming = Ce paiement est encore en cours de confirmation par le prestataire de paiement : il ne peut pas encore être annulé. Consultez l’historique des paiements dans quelques minutes.
refuse-too-large = Ce qui a été envoyé est trop volumineux.
refuse-too-slow = Le formulaire a mis trop de temps à arriver. Veuillez l’envoyer à nouveau.
refuse-unreadable-request = Ce qui a été envoyé n’a pas pu être lu.
refuse-unreadable-form = Ce formulaire contient quelque chose que nous ne pouvons pas lire (un champ en double, ou une valeur du mauvais type). Revenez en arrière, rechargez la page et réessayez.
refuse-wrong-method = Cette page ne peut pas être ouverte ainsi. Utilisez les liens et les boutons du portail.
refuse-unreadable-address = Quelque chose dans cette adresse ou ce formulaire est illisible. Revenez en arrière et réessayez.
refuse-language = Choisissez l’une des langues proposées.
refuse-token-other-payment = Ces données de carte ont été saisies pour un autre paiement. Recommencez ce paiement depuis vos factures.
refuse-details-expired = Les coordonnées de paiement ont expiré. Saisissez-les à nouveau.
refuse-method-gone = Ce moyen de paiement enregistré n’est plus disponible.
refuse-card-or-bank = Choisissez carte ou compte bancaire.
refuse-no-bank-save = Les comptes bancaires ne peuvent pas être enregistrés ici. Ajoutez plutôt une carte.
refuse-nothing-to-resume = Cet abonnement n’a pas de résiliation à annuler (ou sa période est terminée).
refuse-subscription-changed = Cet abonnement a changé depuis l’affichage de la page. Revenez en arrière et rechargez pour voir où il en est.
refuse-reason-long = Limitez le motif à { $max } caractères de texte simple.
est-done-approved = Merci : le devis est accepté.
est-done-declined = Le devis est refusé.
est-expired = Le devis { $number } a expiré le { $date } : il ne peut plus être accepté. Demandez-en un nouveau.
est-already = Le devis { $number } ne peut plus être modifié : { $state }.
est-type-name = Saisissez votre nom ou vos initiales pour accepter.
est-name-long = Saisissez votre nom ou vos initiales : au plus { $max } caractères.
est-tick-terms = Cochez la case pour accepter les conditions.
statement-not-a-date = « { $typed } » n’est pas une date : utilisez le calendrier, ou écrivez-la comme { $example }.
statement-backwards = Le début de la période est après sa fin.
statement-too-long = Un relevé couvre au plus { $max } jours. Choisissez une période plus courte.
methods-bank-did-not-confirm = Votre banque n’a pas confirmé cette carte.
methods-nothing-saved = Rien n’a été enregistré.
methods-processor-down = Notre prestataire de paiement n’a pas répondu : rien n’a été enregistré. Réessayez dans un instant.
methods-bank-wants-confirm = Votre banque souhaite confirmer cette carte avant son enregistrement.
methods-processor-silent = Notre prestataire de paiement n’a pas répondu.
stmt-invoice = Facture { $number }
stmt-payment = Paiement
stmt-payment-numbered = Paiement { $receipt }
decline-card = Votre carte a été refusée.
decline-funds = Votre carte a été refusée pour provision insuffisante.
decline-processing = Une erreur s’est produite lors du traitement de votre carte. Réessayez dans quelques instants.
decline-expired = Votre carte a expiré.
decline-cvc = Le cryptogramme de votre carte est incorrect.
decline-number = Le numéro de votre carte est incorrect.
decline-checked = Votre carte a été refusée lors de sa vérification.
decline-not-completed = Le paiement n’a pas abouti.
decline-try-another = Votre paiement n’a pas pu aboutir. Essayez une autre carte.
fields-unreadable = Vos coordonnées de paiement n’ont pas pu être lues. Vérifiez-les et réessayez.
fields-unloaded = Le formulaire de paiement n’a pas pu être chargé. Vérifiez votre connexion et rechargez la page.
