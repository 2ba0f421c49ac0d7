# The harbor theme's own words: these override the default theme's messages of the same key.
help-heading = Need Help? Our billing team is here.
help-phone = Call
help-email = Write
help-hours = Open
product-billing = Customer billing
