"""One module per vendor: how each facade operation becomes that vendor's request and model."""
