"""W3C Verifiable Credentials for origin certificates: the pure-Python cryptographic core.

No Django here, so the same code signs in the shop, verifies on the public page,
and runs offline in ``verify_certificate``:

- ``jcs``: RFC 8785 canonical JSON (fast path proven byte-identical to ``rfc8785``);
- ``multibase``/``multikey``: Ed25519 Multikey values and ``did:key``;
- ``did``: the shop's ``did:web`` document and verification method lookup;
- ``eddsa_jcs_2022``: the Data Integrity cryptosuite (create and verify a proof);
- ``status_list``: Bitstring Status List v1.0 (encode, decode, random indexes, shapes);
- ``verify``: ``verify_credential``, every check with its reason, lookups injected
  (with ``status_check``, ``media``, ``verification_cache``, ``results``);
- ``verdict``: what the checks add up to (valid only for a trusted issuer, failing closed);
- ``timestamps``, ``credential``, ``errors``: XML Schema date-times, credential readers,
  ``VcError`` and its codes;
- ``benchmark``: ``python -m provenance.vc.benchmark``.
"""
