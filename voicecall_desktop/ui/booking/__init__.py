"""Booking one call: the form, its times, the preview, presets and what Send/Save draft do."""
