"""Language knowledge: scripts, sentence splitting, line breaking, pinyin.

Exporters call these helpers; the helpers never call exporters.
"""
