"""A small trained spaCy NER pipeline that marks VENDOR, BUYER and ADDRESS (the vendor's) on invoice text.

The workflow (generate -> convert -> train -> evaluate -> save) is `python -m extraction.spacy.train`; the
trained pipeline ships in `extraction/spacy/model/` and is read from there, never downloaded.
"""
