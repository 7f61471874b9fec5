"""One folder per vendor: its adapter (see _contract.VendorModule), typed surface and run() options."""
