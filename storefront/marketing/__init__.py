"""Campaigns and their attribution: links and expo QR codes, visits, orders they brought in, reports."""
