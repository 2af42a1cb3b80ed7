"""SIM Exit: a Telegram assistant that walks people through cancelling a Belgian mobile card."""
