# The harbor theme's own words: these override the default theme's messages of the same key.
help-heading = ¿Necesita ayuda? Nuestro equipo de facturación está aquí.
help-phone = Llame
help-email = Escriba
help-hours = Abierto
product-billing = Facturación de clientes
