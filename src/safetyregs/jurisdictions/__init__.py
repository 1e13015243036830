"""The built-in jurisdictions, one module per source document.

Each module exposes ``PROFILE`` and is registered in the entry-point group
``safetyregs.profiles`` like any third-party profile.
"""
