# The harbor theme's own words: these override the default theme's messages of the same key.
help-heading = Besoin d’aide ? Notre équipe facturation est là pour vous.
help-phone = Appelez
help-email = Écrivez
help-hours = Ouvert
product-billing = Facturation client
