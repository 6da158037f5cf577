"""The charter rules; :mod:`generator.check.rules.registry` lists them in one place.

Each rule is a small function with a stable code and a docstring naming the practice it
protects; the docstring is also the rule's section of the diagnostics reference. Charter rules
look at one charter; handbook rules compare files. Importing one rule module imports no other,
so the rules across files load without the rest.
"""
