"""Tests of the loopback API sandbox."""
