"""A small OpenID Connect provider standing in for the federal login (CSAM) in tests.

It is django-oauth-toolkit's OIDC provider in a Django project of its own, run as a second process on a
free loopback port (`serve.py`). Its people are given on the command line with their national number,
released as the `egovNRN` claim under the `egovnrn` scope, as the federal authentication service does.
Nothing in Wieg imports it.
"""
