"""The calculators, one module each: the rule of law it computes and its `CALCULATOR`.

`calculators.registry` finds every module here that defines `CALCULATOR`; nothing else lists
them.
"""
