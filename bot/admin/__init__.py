"""Admin commands (ADMIN_USER_IDS only): /stats and /reload.

handlers · store (aggregate counts)
"""
