"""BrowserAI's home in the facade: its adapter (the vendor contract), typed surface and run() options."""
