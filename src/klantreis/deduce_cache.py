"""deduce's street list in a form that loads four times faster.

deduce keeps its lookup lists as tries: one Python object with a dictionary per node. The
street trie has almost a million nodes, nine tenths of everything deduce loads, and unpickling
them took most of the de-identifier's start (1.9 of 2.3 seconds). `FlatTrie` holds the same
streets as one set of strings, which unpickles in a fraction of that, and answers the questions
deduce's multi-token annotator asks of a trie the same way: its start words (`children`), its
`matching_pipeline` and `longest_matching_prefix`.

Only imported when deduce is loaded (`redactie._load_deduce`), and by the unpickling of the
kit's copy of deduce's lookup cache.
"""

from __future__ import annotations

from docdeid.ds.lookup import LookupStructure, LookupTrie

SEP = "\x00"  # between the tokens of one street name (no token holds it)


class FlatTrie(LookupTrie):
    """A `LookupTrie` that only looks up: every complete sequence as one string."""

    def __init__(self, trie: LookupTrie):
        LookupStructure.__init__(self, matching_pipeline=trie.matching_pipeline)
        terminals, depth = [], 0
        stack = [(trie, ())]
        while stack:
            node, path = stack.pop()
            if node.is_terminal and path:
                terminals.append(SEP.join(path))
                depth = max(depth, len(path))
            stack.extend((child, (*path, token)) for token, child in node.children.items())
        self.terminals = frozenset(terminals)
        self.depth = depth
        self.children = dict.fromkeys(trie.children)  # the first tokens: the annotator's start words
        self.is_terminal = trie.is_terminal

    def add_item(self, item: list[str]) -> None:
        raise TypeError("FlatTrie is read-only")

    def __contains__(self, item: list[str]) -> bool:
        if len(item) == 0:
            return self.is_terminal
        return SEP.join(self._apply_matching_pipeline(t) for t in item) in self.terminals

    def longest_matching_prefix(self, item: list[str], start_i: int = 0) -> list[str] | None:
        """As `LookupTrie.longest_matching_prefix`: the longest run of tokens from `start_i` that
        is a whole entry, after the matching pipeline; None when there is none."""
        longest = 0
        path = None
        for i in range(min(self.depth, len(item) - start_i)):
            token = self._apply_matching_pipeline(item[start_i + i])
            if i == 0 and token not in self.children:
                break
            path = token if path is None else path + SEP + token
            if path in self.terminals:
                longest = i + 1
        if not longest:
            return None
        return [self._apply_matching_pipeline(t) for t in item[start_i:start_i + longest]]


def flatten(structs, names: tuple[str, ...] = ("street",)) -> None:
    """Replace the tries `names` of a deduce `DsCollection` by `FlatTrie`s (in place)."""
    for name in names:
        if name in structs and type(structs[name]) is LookupTrie:
            structs[name] = FlatTrie(structs[name])
