"""Write stage: the only package that creates files; it never overwrites an authored file or leaves half an output.

Every folder pm builds carries :data:`~postmortem.write.marked.MARKER`, a random token that its name repeats while
it waits next to the output (``.<out>.tmp-<token>``, ``.<out>.old-<token>``, ``.<out>.del-<token>`` while a process
of its own removes it, ``.<out>.spare-<token>`` kept for the next build to fill): pm removes or puts back only
folders so marked (never one being removed), and replaces an output folder only when it holds pm's manifest (or
nothing at all).
"""
