"""What the public incident site is made of, apart from its views: the public projection of an
incident, place and country names in both languages, map shapes and SVG drawing, charts, and the
small caches that keep the pages fast. Nothing here reads notes or sensitive fields.
"""
