"""A certificate copied and re-signed by a stranger: sound cryptography, wrong issuer.

Anyone can take a served certificate, move the piece to a village in Bali, keep the
cooperative's name and sign it again with a ``did:key`` of their own: the proof holds and the
key is the issuer's own, so only the issuer's trust tells it from the cooperative's.
"""

from __future__ import annotations

import copy
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from provenance.vc.eddsa_jcs_2022 import sign
from provenance.vc.multikey import did_key_verification_method_id

BALI_ORIGIN = {
    "village": "Tegallalang",
    "district": "Tegallalang",
    "regency": "Gianyar",
    "province": "Bali",
    "country": "ID",
    "latitude": "-8.4312",
    "longitude": "115.2790",
}


def resigned_by_stranger(credential: dict[str, Any], *, keep_status: bool = False) -> dict[str, Any]:
    """``credential`` moved to Bali and signed with a fresh ``did:key`` as its issuer.

    Without ``keep_status`` the status entries go too (the stranger's copy cannot point at the
    cooperative's lists, whose issuer would not match).
    """
    key = Ed25519PrivateKey.generate()
    method = did_key_verification_method_id(key.public_key())
    forged = copy.deepcopy(credential)
    forged.pop("proof", None)
    if not keep_status:
        forged.pop("credentialStatus", None)
    forged["issuer"] = method.split("#")[0]
    forged["credentialSubject"]["origin"] = dict(BALI_ORIGIN)
    assert forged["credentialSubject"]["producerGroup"]["name"] == "BUMDes Desa Loyok"
    return sign(forged, private_key=key, verification_method=method)
