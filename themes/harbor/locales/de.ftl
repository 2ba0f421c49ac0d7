# The harbor theme's own words: these override the default theme's messages of the same key.
help-heading = Brauchen Sie Hilfe? Unser Abrechnungsteam ist für Sie da.
help-phone = Anrufen
help-email = Schreiben
help-hours = Geöffnet
product-billing = Kundenabrechnung
