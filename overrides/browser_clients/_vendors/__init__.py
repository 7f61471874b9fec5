"""The vendor APIs, a folder each: their facts, requests, statuses, listings and typed surfaces."""
