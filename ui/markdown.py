"""Text from files and accounts shown literally in Streamlit's markdown elements.

``st.markdown``, ``st.caption``, ``st.info``/``warning``/``error``/``success`` and
widget labels read Markdown, GitHub's bare links (``https://…``, ``www.…``, ``a@b.be``),
LaTeX (``$…$``), colour directives (``:red[…]``) and icon and emoji codes
(``:material/home:``). A file or organisation name is data, so every ASCII punctuation
mark is backslash-escaped, and a word joiner (U+2060, invisible) follows ``:``, ``@``
and ``www`` where a bare link or a code would start: Streamlit finds those on the
text after the escapes are read.
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINK_STARTS = re.compile(r"(:|@|(?i:www)(?=\.))")


def literal(text: object) -> str:
    """``text`` as Markdown that Streamlit shows as exactly these characters."""
    joined = _LINK_STARTS.sub(lambda m: m.group(1) + WORD_JOINER, str(text))
    return _PUNCTUATION.sub(r"\\\1", joined)
