"""A fulfilment's export papers: commercial invoice, packing list, certificate tags (PDF).

``data`` holds the plain values a paper prints, ``builders`` reads a fulfilment into them,
``render`` turns them into PDF bytes (``pdf`` is the small A4 writer it uses), ``services``
issues and stores the papers and hands out short-lived URLs, ``views`` serves a file to a
signed token where there is no S3.
"""
