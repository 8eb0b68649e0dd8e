"""The keys and the locks: key derivation, the key hierarchy, and sealing each value.

No files and no SQL here: the store decides where sealed bytes live.
"""
