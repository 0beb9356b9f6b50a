"""FHIR R4: an intake as a ``collection`` Bundle for an EHR, and such a Bundle read back.

`questionnaires` turns the catalogue into Questionnaire resources, `bundle` writes an
intake (as an audience may see it) as a Bundle, `checks` validates what is written or
read (the ``fhir.resources`` R4B models, then what they miss), and `read` turns a Bundle
into an answers file for the ordinary import. `codes` holds every code and address.
"""
