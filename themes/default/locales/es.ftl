# Las palabras de Billfold en español. Las mismas claves que en.ftl.

## Estructura
skip-to-content = Ir al contenido
product-billing = Facturación
product-portal = Portal de facturación
nav-label = Facturación
nav-invoices = Facturas
nav-payment-history = Historial de pagos
nav-statements = Estados de cuenta
nav-estimates = Presupuestos
nav-subscriptions = Suscripciones
nav-payment-methods = Métodos de pago
nav-users = Usuarios
nav-activity = Actividad
scope-banner = Abrió esto desde un enlace, así que solo puede ver esta página.
scope-sign-in = Inicie sesión
scope-sign-in-rest = para ver todas sus facturas.

## Menú de la cuenta
menu-switch-account = Cambiar de cuenta
menu-current = (actual)
menu-security = Inicio de sesión y seguridad
menu-sign-out = Cerrar sesión
menu-language = Idioma
menu-language-apply = Cambiar idioma

## Estados
badge-paid = Pagada
badge-past-due = Vencida
badge-unpaid = Pendiente
badge-void = Anulada

## Conceptos de la factura
lines-caption = Conceptos de la factura { $number }
lines-description = Descripción
lines-qty = Cant.
lines-unit-price = Precio unitario
lines-amount = Importe
lines-subtotal = Subtotal
lines-tax = Impuestos
lines-total = Total
lines-paid = Pagado
lines-balance = Saldo

## Paginación
pager-label = Páginas
pager-invoice = { $first }–{ $last }{ $total ->
    [none] {""}
   *[other] {" "}de { $total }
} { $count ->
    [one] factura
   *[other] facturas
}
pager-payment = { $first }–{ $last }{ $total ->
    [none] {""}
   *[other] {" "}de { $total }
} { $count ->
    [one] pago
   *[other] pagos
}
pager-previous = Anterior
pager-next = Siguiente

## Panel
invoices-title = Facturas
view-only-strong = Puede consultar esta cuenta.
view-only = Las facturas, los pagos y los estados de cuenta están a su disposición; pagar y gestionar métodos de pago corresponde a los usuarios con el rol Contabilidad o Administrador. Pida al administrador de su cuenta si necesita pagar.
autopay-on-strong = El pago automático está activado.
autopay-on = Cada factura se paga { $timing } con { $method }.
autopay-manage = Gestionar el pago automático
autopay-stopped-strong = Pago automático detenido:
autopay-stopped = los pagos con { $method } fallaron. Actualice el método de pago para volver a activarlo.
autopay-update = Actualizar el pago automático
pay-selected = Pagar la selección
pay-full-balance = Pagar el saldo total
summary-label = Resumen
total-outstanding = Total pendiente
unpaid-invoices = Facturas pendientes
filter-label = Filtrar facturas por estado
filter-all = Todas
filter-open = Pendientes
filter-paid = Pagadas
sort-label = Ordenar facturas
sort = Ordenar:
sort-newest = Más recientes
sort-due-first = Por vencimiento
search-label = Buscar por número de factura
search-placeholder = Número de factura
search-button = Buscar
empty-search = Ningún número de factura contiene «{ $search }».
empty-page = No hay nada en esta página.
empty-first-page = Ir a la primera página
empty-open = No tiene facturas pendientes.
empty-paid = Todavía no hay facturas pagadas.
empty-all = Todavía no tiene facturas.
col-invoice = N.º de factura
col-status = Estado
col-issued = Emitida
col-due = Vence
col-total = Total
col-balance = Saldo
pending-amount = { $amount } en proceso
comments-marker = { $count ->
    [one] 1 comentario
   *[other] { $count } comentarios
}
comments-unresolved = , aún sin resolver
download-invoice = Descargar factura
view-invoice = Ver factura
select-to-pay = Seleccionar la factura { $number } para pagarla
pay = Pagar
pay-invoice-label = Pagar la factura { $number }
export-invoices = Exportar estas facturas (CSV)

## Formulario de pago
all-invoices = ← Todas las facturas
pay-title-invoice = Pagar la factura { $number }
pay-title-selected = Pagar las facturas seleccionadas
pay-none-ticked = No se marcó ninguna factura, así que este es el saldo total.
hold-mine = Empezó a pagar { $amount } de { $invoices } a las
hold-mine-charging = y el proveedor de pagos aún lo está confirmando. «Empezar de nuevo» consulta primero con él: no se libera nada que se haya cobrado.
hold-mine-open = y no terminó. No se ha cobrado nada; el importe queda reservado para usted hasta
hold-resume = Continuar
hold-start-over = Empezar de nuevo
hold-other = Otra persona de esta cuenta está pagando { $amount } de { $invoices }
hold-other-started = comenzado a las
hold-other-held = Ese importe queda reservado hasta
hold-other-held-rest = salvo que termine o cancele antes.
all-held = Todo lo que queda por pagar aquí ya se está pagando ({ $amount } en proceso).
all-held-bank = Los pagos bancarios aparecen en proceso hasta que se acreditan.
back-to-invoices = Volver a sus facturas
nothing-owed = No hay nada pendiente en esta cuenta por ahora.
nothing-owed-pending = Se está pagando { $amount } (en proceso).
pay-amount = Importe
pay-help-selected = Las facturas elegidas suman { $balance }. Un importe menor las paga de la más antigua a la más reciente, cada una completa, y la última a la que llega en parte.
pay-help-partial = El saldo total es { $balance }. Puede pagar una parte.
pay-help-whole = El saldo total: todas las facturas abiertas de abajo, de la más antigua a la más reciente.
pay-help-selected-full = Las facturas elegidas abajo, cada una completa.
pay-help-full = Esta factura se paga completa.
pay-with = Pagar con
method-default = Predeterminado
method-expired = Caducada
method-new-card = Una nueva tarjeta de crédito o débito
method-card = Tarjeta de crédito o débito
method-new-bank = Una nueva cuenta bancaria (ACH)
method-bank = Cuenta bancaria (ACH)
continue-to-payment = Continuar al pago
pay-details-note = Los datos de su tarjeta o cuenta se introducen en la página del proveedor de pagos y nunca los guardamos.
paying = A pagar
pay-reserved-note = { $amount } ya se está pagando (en proceso) y no está incluido.

## Correo del recibo
receipt-subject-numbered = Recibo { $number } de su pago de { $amount } a { $vendor }
receipt-subject = Recibo de su pago de { $amount } a { $vendor }
receipt-thanks = Gracias por su pago
receipt-thanks-text = Gracias por su pago.
receipt-number = Recibo
receipt-amount = Importe
receipt-date = Fecha
receipt-paid-with = Pagado con
receipt-reference = Referencia
receipt-account = Cuenta
receipt-applied-to = Aplicado a
receipt-view = Ver recibo
receipt-view-text = Ver el recibo:
receipt-keep = Conserve este correo para sus registros. Puede descargar un recibo en PDF desde el historial de pagos de su portal de facturación.
mail-help = ¿Necesita ayuda?
mail-call = Llame al { $phone }.
mail-email = Escriba a { $email }.

## Historial de pagos
export-csv = Exportar CSV
no-payments = Todavía no hay pagos.
payments-caption = Pagos de esta cuenta, del más reciente al más antiguo
col-date = Fecha
col-amount = Importe
col-type = Tipo
col-reference = Referencia
unapplied = Sin aplicar
payment-status-pending = En proceso
payment-status-succeeded = Correcto
payment-status-failed = Fallido
payment-status-refunded = Reembolsado
payment-type-card = Tarjeta de crédito
payment-type-ach = Débito ACH
payment-type-check = Cheque
payment-type-wire = Transferencia
payment-type-cash = Efectivo
payment-type-other = Otro

## Página de la factura
invoice-title = Factura { $number }
bill-to = Facturar a
po-number = N.º de orden de compra
line-items = Conceptos
payments-applied = Pagos aplicados
no-payments-applied = Todavía no se ha aplicado ningún pago a esta factura.
comments = Comentarios
comments-waiting = Esperando la respuesta de { $vendor }.
comments-none = Todavía no hay comentarios. ¿Tiene una pregunta sobre esta factura? Hágasela aquí a { $vendor }.
comments-add = Añadir un comentario
comments-hint = { $vendor } ve su comentario y responde aquí; recibirá un correo cuando lo haga.
comments-post = Publicar comentario
vendor-from = De
vendor-tax-id = NIF/CIF:
vendor-other-ways = Otras formas de pago

## Confirmación y recibo
confirm-title = Confirmar el pago
confirm-change = Cambiar
confirm-for = Para
confirm-nothing-charged = No se cobró nada.
confirm-pay-without-saving = Pagar { $amount } sin guardar
confirm-other-details = Usar otros datos
confirm-check-card = Compruebe el número de tarjeta, la caducidad y el CVV, o pruebe con otra tarjeta.
confirm-different-card = Probar con otra tarjeta
confirm-save-bank = Guardar esta cuenta bancaria para futuros pagos
confirm-save-card = Guardar esta tarjeta para futuros pagos
confirm-pay = Pagar { $amount }
confirm-cancel = Cancelar
ach-authorization = Al seleccionar «Pagar { $amount }», autoriza a { $merchant } a debitar una sola vez { $amount } de la cuenta bancaria { $account } el { $date } o después. Es un pago único: no se debitará nada más sin una nueva autorización. Si el débito se devuelve (por ejemplo, por fondos insuficientes), su banco puede cobrarle una comisión. Para cancelarlo antes de que se procese, contacte con { $merchant }.
receipt-failed-strong = Este pago no se completó.
receipt-failed = No se cobró nada. Puede volver a pagar la factura desde sus facturas.
receipt-received-strong = Pago recibido.
receipt-received = Gracias: su pago de { $amount } se ha realizado.
receipt-submitted-strong = Pago enviado.
receipt-submitted = Los pagos bancarios tardan unos días en acreditarse; hasta entonces aparece en proceso.
receipt-confirming-strong = Estamos confirmando su pago.
receipt-confirming = El proveedor de pagos no respondió a tiempo, así que, por lo que sabemos, todavía no se le ha cobrado. Lo confirmaremos en breve: no vuelva a pagar; consulte el historial de pagos en unos minutos.
receipt-not-completed = Pago no completado
receipt-title = Recibo de pago
download-receipt = Descargar recibo
payment-status-paid = Pagado

## Páginas de error y de aviso
message-other-accounts = Puede abrir otra de sus cuentas:
error-your-vendor = su proveedor
error-no-portal = Portal de facturación no encontrado
error-no-portal-text = No hay ningún portal de facturación en esta dirección. Compruebe el enlace que siguió.
error-not-found = Página no encontrada
error-not-found-text = No encontramos esa página. Puede que se haya movido o que el enlace esté mal escrito.
error-session-ended = Su sesión ha terminado
error-session-ended-text = Se cerró su sesión tras un periodo de inactividad.
error-sign-in = Inicie sesión
error-sign-in-text = Tiene que iniciar sesión para ver sus facturas.
error-open-again = Vuelva a abrir el portal de facturación desde su cuenta de { $vendor } o use el enlace de un correo de factura.
error-bad-link = Este enlace de inicio de sesión no es válido o ha caducado
error-bad-link-text = Los enlaces de inicio de sesión funcionan una sola vez y solo durante unos minutos.
error-bad-link-again = Vuelva a { $vendor } y abra de nuevo el portal de facturación para obtener un enlace nuevo.
error-access-denied = Acceso denegado
error-access-denied-text = Su usuario todavía no tiene un rol en esta cuenta, así que no puede ver su facturación.
error-access-denied-ask = Pida al administrador de su cuenta que le asigne el rol Contabilidad, o contacte con el soporte de { $vendor } y lo configurarán.
error-form-expired = Este formulario ha caducado
error-forbidden = No puede hacer eso aquí
error-bad-request = Hay un problema con esa solicitud
error-nothing-changed = No se cambió nada.
error-internal = Algo salió mal por nuestra parte
error-internal-text = No se cambió nada. Inténtelo de nuevo en un minuto.

## Página de inicio de sesión
sign-in-title = Iniciar sesión en { $vendor }
sign-in-email = Correo electrónico
sign-in-password = Contraseña
sign-in-forgot = ¿Olvidó su contraseña?
sign-in-button = Iniciar sesión
sign-in-or = o
sign-in-no-password = ¿Sin contraseña? Reciba un enlace de inicio de sesión por correo
sign-in-email-me = Enviarme un enlace de inicio de sesión
sign-in-sso-only = Abra el portal de facturación desde su cuenta de { $vendor } o use el enlace de un correo de factura.
sign-in-notice = Inicie sesión para ver sus facturas.
sign-in-notice-expired = Su sesión ha terminado. Vuelva a iniciar sesión para continuar.

## Métodos de pago
methods-saved = Se guardó el método de pago.
methods-removed = Se eliminó el método de pago.
methods-default-changed = Se cambió el método de pago predeterminado.
methods-none = Todavía no hay métodos de pago guardados. Guarde uno para pagar más rápido la próxima vez.
methods-label = Métodos de pago guardados
methods-flag-soon = Caduca pronto
methods-kind-card = Tarjeta
methods-kind-bank = Cuenta bancaria
methods-expires = caduca { $date }
methods-make-default = Hacer predeterminado
methods-remove = Eliminar
methods-remove-question = ¿Eliminar { $method }?
methods-remove-warning = ¿Eliminar { $method }? Después no se podrá usar para pagar.
methods-successor = Es su método predeterminado: { $method } pasará a serlo.
methods-no-successor = Es su método predeterminado: no tendrá ninguno hasta que elija otro.
methods-confirm-remove = Sí, eliminar { $method }
methods-used-by = Se cobra con él: { $what }.
methods-autopay-stops = El pago automático se detiene hasta que elija otro método.
methods-subscriptions-invoiced = Las suscripciones se facturan hasta que elija otro método.
methods-add-card = Añadir una tarjeta
methods-add-bank = Añadir una cuenta bancaria
methods-autopay = Pago automático
methods-autopay-hint = haga que cada factura se pague automáticamente al vencer.

## Correo de factura
invoice-mail-subject = Factura { $number } de { $vendor }: { $amount } con vencimiento el { $due }
invoice-mail-view = Ver factura
invoice-mail-button-note = El botón abre esta factura en el portal de facturación de { $vendor }, donde puede pagarla. Funciona durante { $days } días.
invoice-mail-hello = Hola:
invoice-mail-sent = { $vendor } le ha enviado la factura { $number } de { $account }.
invoice-mail-amount-due = Importe pendiente
invoice-mail-link-note = Vea la factura (y páguela) aquí; el enlace funciona durante { $days } días:

## Estados de cuenta
statement-title = Estado de cuenta
statement-from = Desde
statement-to = Hasta
statement-show = Ver estado de cuenta
statement-pdf = Descargar PDF
statement-csv = Descargar CSV
statement-summary = Resumen del { $from } al { $to }
statement-opening = Saldo inicial
statement-invoiced = Facturado
statement-paid = Pagado
statement-closing = Saldo final
statement-activity = Movimientos
statement-activity-caption = Facturas y pagos del { $from } al { $to }, con el saldo después de cada uno
statement-charges = Cargos
statement-payments = Pagos
statement-open = Facturas abiertas
statement-nothing-open = No hay nada abierto.
statement-open-caption = Facturas con saldo a día de hoy
statement-days-overdue = Días de retraso

## Presupuestos
estimates-none = Esta cuenta no tiene presupuestos.
estimates-all = ← Todos los presupuestos
estimate-number = N.º de presupuesto
estimate-title = Presupuesto { $number }
estimate-valid-until = Válido hasta
estimate-deposit = Anticipo
estimate-download = Descargar presupuesto
estimate-prepared-for = Preparado para
estimate-deposit-due = Anticipo a pagar al aprobar: { $amount }
estimate-deposit-due-label = Anticipo a pagar al aprobar
estimate-terms = Condiciones
estimate-state-open = Pendiente de aprobación
estimate-state-approved = Aprobado
estimate-state-declined = Rechazado
estimate-state-expired = Caducado
estimate-state-invoiced = Facturado
estimate-approved-by = Aprobado por
estimate-declined-on = Rechazado el { $date }.
estimate-reason = Motivo:
estimate-deposit-invoice = Anticipo: factura
estimate-deposit-paid = pagada
estimate-deposit-to-pay = { $amount } por pagar
estimate-pay-deposit = Pagar anticipo
estimate-expired = Este presupuesto caducó el { $date }, así que no se puede aprobar. Pida uno nuevo a { $vendor }.
estimate-approve-heading = Aprobar este presupuesto
estimate-your-name = Su nombre o iniciales
estimate-accept-terms = Acepto las condiciones anteriores y este presupuesto de { $total }.
estimate-accept = Acepto este presupuesto de { $total }.
estimate-approve-deposit = Aprobar y pagar el anticipo ({ $amount })
estimate-approve = Aprobar presupuesto
estimate-decline = Rechazar
estimate-why = ¿Por qué?
optional = (opcional)
estimate-decline-button = Rechazar presupuesto

## Suscripciones
sub-none = Esta cuenta no tiene suscripciones.
sub-price = Precio
sub-billing = Facturación
sub-price-per = { $price } / { $unit ->
    [month] mes
   *[year] año
}
sub-price-every = { $price } cada { $count } { $unit ->
    [month] meses
   *[year] años
}
sub-canceled-on = Cancelada el { $date }
sub-ends-on = Termina el { $date }
sub-paused = En pausa: no se factura nada
sub-trial-ends = La prueba termina el { $date }
sub-renews-on = Se renueva el { $date }
sub-status-canceling = Cancelación programada
sub-status-trialing = Prueba
sub-status-active = Activa
sub-status-past_due = Vencida
sub-status-paused = En pausa
sub-status-canceled = Cancelada
sub-invoiced = Por factura (paga cada factura)
sub-done-canceled = Se canceló su suscripción.
sub-done-scheduled = Su suscripción terminará al final del periodo actual. Puede reanudarla hasta entonces.
sub-done-resumed = Se reanudó su suscripción: se renueva como antes.
sub-done-method = Se cambió el método de pago de la suscripción.
sub-pay-with = Pagar { $plan } con
sub-change-method = Cambiar método de pago
sub-save-method = Guarde un método de pago
sub-save-method-rest = para que se le cobre esta suscripción.
sub-cancel = Cancelar suscripción
sub-cancel-title = Cancelar { $plan }
sub-effect-period-end = { $plan } sigue activa hasta el { $date }, final del periodo pagado, y después termina. Hasta entonces puede reanudarla aquí.
sub-effect-now = { $plan } termina hoy. No se puede deshacer aquí: para volver a empezar, contacte con { $vendor }.
sub-effect-not-allowed = { $vendor } no acepta cancelaciones en el portal. Contacte con ellos para cancelar { $plan }.
sub-why = ¿Por qué cancela?
sub-anything-else = ¿Algo más que quiera decirle a { $vendor }?
sub-keep = Mantener la suscripción
sub-back = Volver a las suscripciones
cancel-reason-too_expensive = Es demasiado caro
cancel-reason-missing_features = Faltan funciones
cancel-reason-switched_service = Me cambio a otro servicio
cancel-reason-unused = No lo uso lo suficiente
cancel-reason-customer_service = El servicio de atención no estuvo a la altura
cancel-reason-too_complex = Es demasiado difícil de usar
cancel-reason-low_quality = La calidad no estuvo a la altura
cancel-reason-other = Otro motivo

## Help box
help-heading = ¿Necesita ayuda?
help-phone = Teléfono:
help-email = Correo:
help-hours = Horario:

## Signing in by email, passwords
sign-in-link-text = Le han invitado a consultar y pagar facturas aquí. Este enlace solo funciona una vez.
sign-in-open-link = Abra el enlace de inicio de sesión de su correo para iniciar sesión.
sign-in-wrong-password = Ese correo electrónico y esa contraseña no coinciden. Inténtelo de nuevo o restablezca su contraseña.
sign-in-too-many = Demasiados intentos. Inténtelo de nuevo dentro de { $count } { $count ->
    [one] minuto
   *[other] minutos
}.
forgot-title = ¿Ha olvidado su contraseña?
forgot-text = Introduzca el correo electrónico con el que inicia sesión. Le enviaremos un enlace para elegir una contraseña nueva.
forgot-button = Enviar enlace de restablecimiento
forgot-back = Volver a iniciar sesión
reset-title = Elija una contraseña nueva
reset-password = Contraseña nueva
reset-password-help = Al menos 8 caracteres. Unas cuantas palabras fáciles de recordar funcionan bien.
reset-confirm = Escríbala de nuevo
reset-button = Guardar la contraseña e iniciar sesión
reset-signs-out = Al guardarla se cerrará su sesión en todos los demás dispositivos.
reset-mismatch = Las dos contraseñas no coinciden.
password-too-short = Use al menos 8 caracteres.
password-too-long = Use como máximo 128 caracteres.
password-common = Esa contraseña es una de las más utilizadas, así que es fácil de adivinar. Elija otra.
check-email = Revise su correo electrónico
check-email-link = Si { $email } puede usar este portal de facturación, le hemos enviado un enlace de inicio de sesión. El enlace funciona una sola vez, durante { $minutes } minutos.
check-email-reset = Si { $email } puede usar este portal de facturación, le hemos enviado un enlace para elegir una contraseña nueva. El enlace funciona una sola vez, durante una hora.
check-email-nothing = ¿No ha llegado nada? Revise la carpeta de correo no deseado o pida a la persona que gestiona su facturación que le invite.
email-invalid = Introduzca su dirección de correo electrónico, por ejemplo nombre@empresa.es.

## Sign-in, password and invitation emails
mail-hello = Hola:
sign-in-link-mail-subject = Su enlace de inicio de sesión para { $vendor }
sign-in-link-mail-heading = Su enlace de inicio de sesión
sign-in-link-mail-text = Este es el enlace de inicio de sesión que solicitó en el portal de facturación de { $vendor }. Funciona una sola vez, durante { $minutes } minutos.
sign-in-link-mail-ignore = Si no lo ha solicitado, puede ignorar este correo: nadie puede iniciar sesión sin el enlace.
reset-mail-subject = Restablezca su contraseña de { $vendor }
reset-mail-heading = Restablezca su contraseña
reset-mail-text = Alguien (esperamos que usted) ha solicitado restablecer su contraseña en el portal de facturación de { $vendor }. El enlace funciona una sola vez, durante { $minutes } minutos.
reset-mail-button = Elegir una contraseña nueva
reset-mail-ignore = Si no lo ha solicitado, puede ignorar este correo: su contraseña no cambia.
invitation-mail-subject = { $inviter } le ha invitado al portal de facturación de { $vendor }
invitation-mail-heading = Le han invitado
invitation-mail-text = { $inviter } le ha dado acceso de «{ $role }» a las facturas de { $account } en el portal de facturación de { $vendor }.
invitation-mail-expires = El enlace funciona una sola vez, durante { $days } días.
invitation-mail-ignore = Si no esperaba esta invitación, puede ignorar este correo.
access-viewer = Solo lectura
access-accounting = Contabilidad
access-admin = Administración
access-none = Sin acceso

## Refusals
signed-out = Ha cerrado la sesión
signed-out-text = Para volver, abra de nuevo el portal de facturación desde su cuenta de { $vendor }.
refused-form-expired = El formulario ha caducado. Vuelva atrás, recargue la página e inténtelo de nuevo.
refused-cannot-view = Su rol en esta cuenta no incluye ver sus facturas.
refused-cannot-pay = Solo los usuarios con el rol de Contabilidad o Administración pueden realizar pagos. Pídaselo al administrador de su cuenta si lo necesita.
refused-cannot-manage-users = Solo los administradores de su cuenta pueden gestionar sus usuarios.
refused-cancel-not-allowed = Las suscripciones no se pueden cancelar en el portal. Póngase en contacto con nosotros para cancelarla.
refused-no-access-to-account = No tiene acceso a esa cuenta.
refused-someone-elses-payment = Otra persona de esta cuenta inició ese pago; solo ella puede cancelarlo. Se libera por sí solo cuando caduca.

## Users
users-title = Usuarios
users-hint = Personas que pueden ver las facturas de { $account }. Solo lectura: facturas y pagos; Contabilidad: además puede pagar y gestionar los métodos de pago; Administración: además puede gestionar los usuarios.
users-caption = Usuarios de esta cuenta y su acceso
users-col-user = Usuario
users-col-access = Acceso
users-you = Usted
users-pending = Pendiente
users-last-signed-in = Último inicio de sesión: { $when }
users-invited-not-yet = Invitado el { $when } · aún no ha iniciado sesión
users-not-yet = Aún no ha iniciado sesión
users-resend = Reenviar invitación
users-resend-to = a { $email }
users-access-for = Acceso de { $email }
users-change = Cambiar
users-change-for = el acceso de { $email }
users-remove = Quitar
users-invite-heading = Invitar a un compañero
users-name-optional = Nombre (opcional)
users-send-invitation = Enviar invitación
users-invite-help = Recibirá un correo con un enlace de inicio de sesión que funciona una sola vez, durante 7 días.
users-done-invited = Se ha enviado la invitación.
users-done-resent = Se ha vuelto a enviar la invitación, con un enlace nuevo.
users-done-changed = Se ha cambiado su acceso.
users-done-removed = Ya no tiene acceso a esta cuenta.
users-choose-access = Elija Solo lectura, Contabilidad o Administración.
users-email-invalid = Introduzca la dirección de correo de su compañero, por ejemplo nombre@empresa.es.
users-name-too-long = Un nombre puede tener como máximo { $max } caracteres. Acórtelo o déjelo vacío.
users-already-member = { $email } ya tiene acceso a esta cuenta.
users-last-admin = Una cuenta debe conservar al menos un administrador: dé primero el acceso de Administración a otra persona.
users-not-member = Ese usuario no tiene acceso a esta cuenta.

## Activity
activity-title = Actividad
activity-hint = Pagos y cambios de métodos de pago y de usuarios en { $account }, los más recientes primero.
activity-nothing = Todavía nada.
activity-caption = Actividad en esta cuenta, la más reciente primero
activity-when = Cuándo
activity-who = Quién
activity-what = Qué
activity-details = Detalles
activity-session = sesión { $session }
activity-older = Anteriores
action-payment = Pago
action-payment-cancelled = Pago cancelado
action-method-added = Método de pago añadido
action-method-removed = Método de pago eliminado
action-method-default = Método de pago predeterminado
action-member-invited = Usuario invitado
action-member-added = Usuario añadido
action-member-access = Acceso cambiado
action-member-reinvited = Invitación reenviada
action-member-removed = Usuario quitado
action-other = Otro

## Sign-in & security
security-title = Inicio de sesión y seguridad
security-change-password = Cambie su contraseña
security-set-password = Establezca una contraseña
security-why-password = Con una contraseña puede iniciar sesión desde la página de inicio de sesión, sin enlace.
security-current = Contraseña actual
security-save = Guardar contraseña
security-where = Dónde tiene la sesión iniciada
security-signed-in = Sesión iniciada el { $when }
security-last-active = Última actividad: { $when }
security-this-browser = Este navegador
security-done-password = Su contraseña se ha guardado. Se han cerrado todas las demás sesiones.
security-done-ended = Se ha cerrado la sesión.
security-done-welcome = Ha iniciado sesión. Establezca una contraseña abajo para iniciar sesión sin enlace la próxima vez, o vaya a sus facturas.
security-wrong-current = Su contraseña actual no es correcta.
security-mismatch = Las dos contraseñas nuevas no coinciden.
security-not-yours = Esa sesión no es una de las suyas.
security-use-sign-out = Para terminar esta sesión, use Cerrar sesión.

## AutoPay page
autopay-title = Pago automático
autopay-back = ← Métodos de pago
autopay-is-on = El pago automático está activado
autopay-badge-on = Activado
autopay-status = Cada factura se paga { $timing } con { $method }.
autopay-enrolled = Activado por { $who } el { $date }, que dio esta autorización:
autopay-turn-off = Desactivar el pago automático
autopay-suspended = El pago automático se detuvo porque fallaron los pagos con { $method }. Elija un método de pago que funcione y vuelva a activarlo.
autopay-pitch = Active el pago automático y cada factura se pagará { $timing }, así nunca habrá retrasos. Recibirá un recibo por cada pago y puede desactivarlo cuando quiera.
autopay-another-method = Pagar con otro método
autopay-turn-on = Activar el pago automático
autopay-save-first = Guarde un método de pago
autopay-save-first-why = primero; el pago automático cobra en una de sus tarjetas o cuentas bancarias guardadas.
autopay-method = Método de pago
autopay-agree = Acepto esta autorización.
autopay-use-method = Usar este método
autopay-done-on = El pago automático está activado.
autopay-done-off = El pago automático está desactivado. Las facturas ya no se pagan automáticamente.
autopay-choose-method = Elija uno de sus métodos de pago guardados.
autopay-tick = Marque la casilla para dar la autorización.
autopay-removed-method = un método de pago eliminado
autopay-when-due = en su fecha de vencimiento
autopay-when-issued = el día de su emisión
autopay-when-days = { $count ->
    [one] 1 día después de su emisión
   *[other] { $count } días después de su emisión
}
autopay-authorization = Autorizo a { $vendor } a cobrar en el método de pago que he elegido el saldo total de cada factura de { $account }, { $when }, hasta que desactive el pago automático. Para una cuenta bancaria, esto autoriza adeudos ACH recurrentes, que puedo revocar desactivando el pago automático al menos un día hábil antes de un pago. Cada pago se confirma con un recibo por correo electrónico.

## Sandbox payment page (TEST MODE)
sandbox-title = Página de pago de prueba
sandbox-banner-strong = MODO DE PRUEBA
sandbox-banner = — esta es la página de pago de prueba de Billfold. No se mueve dinero real.
sandbox-pay = Pagar a { $merchant }
sandbox-save-card = Guardar una tarjeta con { $merchant }
sandbox-save-bank = Guardar una cuenta bancaria con { $merchant }
sandbox-save-hint = Se le ofrecerá la próxima vez que pague. Solo la pasarela de pago guarda el número.
sandbox-card-number = Número de tarjeta
sandbox-expiry = Caducidad (MM/AA)
sandbox-cvc = Código de seguridad (CVC)
sandbox-test-cards = Tarjetas de prueba
sandbox-approved = aprobada
sandbox-declined = rechazada
sandbox-insufficient = fondos insuficientes
sandbox-processing-error = error de procesamiento
sandbox-routing = Número de ruta bancaria
sandbox-account = Número de cuenta
sandbox-test-banks = Cuentas bancarias de prueba
sandbox-routing-settles = Ruta { $number } — se liquida
sandbox-routing-returned = Ruta { $number } — devuelta por el banco
sandbox-continue = Continuar
sandbox-save-card-button = Guardar tarjeta
sandbox-save-bank-button = Guardar cuenta bancaria
cancel = Cancelar

## Payment processor's fields
fields-title-pay = Datos de pago
fields-title-save = Añadir un método de pago
fields-add-card = Añadir una tarjeta
fields-add-bank = Añadir una cuenta bancaria
fields-pay = Pagar a
fields-amount = Importe
fields-for = Para
fields-hint-pay-card = Los datos de su tarjeta van directamente a nuestro procesador de pagos; nunca vemos ni guardamos el número completo. Confirmará el pago en la página siguiente.
fields-hint-pay-bank = Los datos de su cuenta bancaria van directamente a nuestro procesador de pagos; nunca vemos ni guardamos el número completo. Confirmará el pago en la página siguiente.
fields-hint-save-card = Los datos de su tarjeta van directamente a nuestro procesador de pagos, que los guarda para { $merchant }; nosotros solo guardamos los cuatro últimos dígitos. Se le ofrecerá la próxima vez que pague.
fields-hint-save-bank = Los datos de su cuenta bancaria van directamente a nuestro procesador de pagos, que los guarda para { $merchant }; nosotros solo guardamos los cuatro últimos dígitos. Se le ofrecerá la próxima vez que pague.
fields-needs-js = Esta página de pago necesita JavaScript: los campos de tarjeta y de cuenta bancaria los sirve nuestro procesador de pagos.
fields-card-details = Datos de la tarjeta
fields-bank-details = Datos de la cuenta bancaria
fields-enter-card = Introducir los datos de la tarjeta
fields-enter-bank = Introducir los datos de la cuenta bancaria
fields-bank-did-not-confirm = Su banco no confirmó el pago, así que no se ha cobrado nada. Inténtelo de nuevo o use otra tarjeta.
authenticate-title-pay = Confirmar con su banco
authenticate-title-save = Confirmar su tarjeta con su banco
authenticate-pay = Su banco quiere confirmar este pago de { $amount }. Siga sus pasos en la ventana que se abre; no se cobra nada hasta que lo confirme.
authenticate-save = Su banco quiere confirmar esta tarjeta antes de guardarla. Siga sus pasos en la ventana que se abre; la tarjeta solo se guarda cuando su banco lo confirma.
authenticate-needs-js = Para confirmar con su banco se necesita JavaScript.
authenticate-button = Confirmar con mi banco

## Notices by email
notice-reply-subject = { $vendor } ha respondido sobre la factura { $number }
notice-reply-heading = Una respuesta sobre la factura { $number }
notice-reply-text = { $vendor } ha respondido a los comentarios de la factura { $number }:
notice-reply-button = Ver la conversación
notice-autopay-failed = El pago automático no pudo pagar la factura { $number }
notice-autopay-failed-text = El pago automático intentó pagar la factura { $number } ({ $amount }) de { $account } con { $method }, y el pago no se completó.
notice-autopay-retry = Volverá a intentarlo mañana. Para pagar ahora o usar otro método, abra el portal de facturación.
notice-autopay-stopped-subject = Pago automático detenido para { $account }
notice-autopay-stopped = Pago automático detenido
notice-autopay-stopped-text = Tras { $count } { $count ->
    [one] pago fallido
   *[other] pagos fallidos
} seguidos, el pago automático está desactivado para { $account }.
notice-autopay-stopped-next = Actualice el método de pago y vuelva a activar el pago automático; hasta entonces, las facturas deben pagarse en el portal.
notice-autopay-button = Abrir el pago automático
sub-mail-heading = Suscripción modificada
sub-mail-canceled-subject = Su suscripción { $plan } se ha cancelado
sub-mail-canceled = { $who } canceló { $plan } de { $account }. Ha terminado; no se facturará nada más por ella.
sub-mail-ending-subject = Su suscripción { $plan } terminará el { $end }
sub-mail-ending = { $who } canceló { $plan } de { $account }. Sigue activa hasta el { $end } y después termina. Puede reanudarla en el portal hasta entonces.
sub-mail-resumed-subject = Su suscripción { $plan } se ha reanudado
sub-mail-resumed = { $who } reanudó { $plan } de { $account }: se renueva el { $end } como antes.
sub-mail-method-subject = { $plan } se cobra ahora con { $method }
sub-mail-method = { $who } cambió el método de pago de { $plan } de { $account } a { $method }.

## PDFs
pdf-page = Página { $page } de { $count }
pdf-invoice = FACTURA
pdf-invoice-title = Factura { $number }
pdf-estimate = PRESUPUESTO
pdf-estimate-title = Presupuesto { $number }
pdf-receipt = RECIBO
pdf-receipt-title = Recibo { $number }
pdf-statement = EXTRACTO
pdf-statement-title = Extracto { $period }
pdf-bill-to = FACTURAR A
pdf-prepared-for = PREPARADO PARA
pdf-received-from = RECIBIDO DE
pdf-account = CUENTA
pdf-account-id = Cuenta { $id }
pdf-issued = Emitida
pdf-due = Vence
pdf-status = Estado
pdf-po = Orden de compra
pdf-valid-until = Válido hasta
pdf-subtotal = Subtotal
pdf-tax = Impuestos
pdf-total = Total
pdf-paid = Pagado
pdf-balance-due = Saldo pendiente
pdf-deposit-due = Anticipo a la aprobación
pdf-payments-applied = Pagos aplicados
pdf-col-description = DESCRIPCIÓN
pdf-col-qty = CANT.
pdf-col-unit-price = PRECIO UNITARIO
pdf-col-amount = IMPORTE
pdf-col-date = FECHA
pdf-col-charges = CARGOS
pdf-col-payments = PAGOS
pdf-col-balance = SALDO
pdf-col-invoice = FACTURA N.º
pdf-col-issued = EMITIDA
pdf-col-due = VENCE
pdf-terms = Condiciones
pdf-approved = Aprobado
pdf-approved-by = Aprobado por { $name } el { $date }.
pdf-declined = Rechazado
pdf-declined-on = Rechazado el { $date }.
pdf-reason = Motivo: { $reason }
pdf-tax-id = NIF { $tax }
pdf-other-ways = Otras formas de pago
pdf-date = Fecha
pdf-paid-with = Pagado con
pdf-reference = Referencia
pdf-applied-to = APLICADO A LA FACTURA
pdf-unapplied = Sin aplicar
pdf-total-paid = Total pagado
pdf-opening = Saldo inicial
pdf-invoiced = Facturado
pdf-closing = Saldo final
pdf-activity = Movimientos
pdf-open-invoices = Facturas pendientes
pdf-nothing-open = No hay nada pendiente.
pdf-questions-invoice = ¿Preguntas sobre esta factura?
pdf-questions-estimate = ¿Preguntas sobre este presupuesto?
pdf-questions-payment = ¿Preguntas sobre este pago?
pdf-questions-statement = ¿Preguntas sobre este extracto?

## Payment refusals
refuse-use-comma = Use una coma para los decimales, por ejemplo { $example }.
refuse-use-point = Use un punto para los decimales y comas solo entre los miles, por ejemplo { $example }.
refuse-unreadable = Introduzca un importe como { $example } (hasta { $decimals } decimales).
refuse-above-zero = Introduzca un importe mayor que cero.
refuse-more-than-balance = Es más que el saldo de { $amount }. Introduzca { $amount } o menos.
refuse-more-than-chosen = Es más que el saldo de las facturas elegidas, { $amount }. Introduzca { $amount } o menos.
refuse-whole-only = Aquí las facturas se pagan completas: el importe es { $amount }.
refuse-minimum = El pago mínimo es de { $amount }.
refuse-choose-one = Elija al menos una factura para pagar.
refuse-nothing-left-on = No queda nada por pagar en la factura { $number }. Vuelva a elegir sus facturas.
refuse-being-paid = La factura { $number } ya se está pagando. Déjela fuera o espere a que termine ese pago.
refuse-nothing-to-pay = No queda nada por pagar en esta factura.
refuse-nothing-owed = No queda nada por pagar en esta cuenta.
refuse-already-reserved = Parte de este saldo ya se está pagando. Actualice la página para ver lo que queda por pagar.
refuse-expired = Este pago ha caducado. Empiece de nuevo desde sus facturas.
refuse-cancelled = Este pago se canceló y no se cobró nada. Empiece de nuevo desde sus facturas.
refuse-ach-disabled = Los pagos con cuenta bancaria no están disponibles. Pague con tarjeta.
refuse-bad-token = Los datos de pago no se pudieron usar para este pago. Empiece de nuevo desde sus facturas.
refuse-still-confirming = El proveedor de pagos aún está confirmando este pago, así que todavía no se puede cancelar. Consulte el historial de pagos dentro de unos minutos.
refuse-too-large = Lo enviado es demasiado grande.
refuse-too-slow = El formulario tardó demasiado en llegar. Envíelo de nuevo.
refuse-unreadable-request = No se pudo leer lo enviado.
refuse-unreadable-form = Ese formulario contiene algo que no podemos leer (un campo repetido o un valor de tipo incorrecto). Vuelva atrás, recargue la página e inténtelo de nuevo.
refuse-wrong-method = Esa página no se puede abrir así. Use los enlaces y botones del portal.
refuse-unreadable-address = Algo en esa dirección o formulario no se puede leer. Vuelva atrás e inténtelo de nuevo.
refuse-language = Elija uno de los idiomas de la lista.
refuse-token-other-payment = Esos datos de tarjeta se introdujeron para otro pago. Empiece este pago de nuevo desde sus facturas.
refuse-details-expired = Los datos de pago han caducado. Introdúzcalos de nuevo.
refuse-method-gone = Ese método de pago guardado ya no está disponible.
refuse-card-or-bank = Elija tarjeta o cuenta bancaria.
refuse-no-bank-save = Aquí no se pueden guardar cuentas bancarias. Añada una tarjeta.
refuse-nothing-to-resume = Esta suscripción no tiene ninguna cancelación que deshacer (o su periodo ha terminado).
refuse-subscription-changed = Esta suscripción ha cambiado desde que se mostró la página. Vuelva atrás y recargue para ver su estado.
refuse-reason-long = El motivo debe tener como máximo { $max } caracteres de texto sin formato.
est-done-approved = Gracias: el presupuesto está aprobado.
est-done-declined = El presupuesto está rechazado.
est-expired = El presupuesto { $number } caducó el { $date }, así que ya no se puede aprobar. Pida uno nuevo.
est-already = El presupuesto { $number } ya no se puede cambiar: { $state }.
est-type-name = Escriba su nombre o sus iniciales para aprobar.
est-name-long = Escriba su nombre o sus iniciales: como máximo { $max } caracteres.
est-tick-terms = Marque la casilla para aceptar las condiciones.
statement-not-a-date = «{ $typed }» no es una fecha: use el selector de fecha o escríbala como { $example }.
statement-backwards = El inicio del periodo es posterior a su final.
statement-too-long = Un extracto abarca como máximo { $max } días. Elija un periodo más corto.
methods-bank-did-not-confirm = Su banco no confirmó esta tarjeta.
methods-nothing-saved = No se ha guardado nada.
methods-processor-down = Nuestro procesador de pagos no respondió, así que no se ha guardado nada. Inténtelo de nuevo en un momento.
methods-bank-wants-confirm = Su banco quiere confirmar esta tarjeta antes de guardarla.
methods-processor-silent = Nuestro procesador de pagos no respondió.
stmt-invoice = Factura { $number }
stmt-payment = Pago
stmt-payment-numbered = Pago { $receipt }
decline-card = Su tarjeta ha sido rechazada.
decline-funds = Su tarjeta ha sido rechazada por fondos insuficientes.
decline-processing = Se produjo un error al procesar su tarjeta. Inténtelo de nuevo en un momento.
decline-expired = Su tarjeta ha caducado.
decline-cvc = El código de seguridad de su tarjeta es incorrecto.
decline-number = El número de su tarjeta es incorrecto.
decline-checked = Su tarjeta fue rechazada al comprobarla.
decline-not-completed = El pago no se completó.
decline-try-another = No se pudo completar su pago. Pruebe con otra tarjeta.
fields-unreadable = No se pudieron leer sus datos de pago. Revíselos e inténtelo de nuevo.
fields-unloaded = No se pudo cargar el formulario de pago. Compruebe su conexión y recargue la página.
