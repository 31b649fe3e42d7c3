"""Small readers for deploy-time values taken from the environment."""

import os


def env_str(name, default=""):
    return os.environ.get(name, default).strip()


def env_list(name, default=""):
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = env_str(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_int(name, default=0):
    value = env_str(name)
    return int(value) if value else default
