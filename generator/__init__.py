"""Explainer: seed articles plus YAML annotations become a static, multi-page news explainer."""
