"""Production-safe settings shared by every environment.

Everything deploy-specific comes from the environment (see .env.example).
"""

import datetime
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from cms import formats

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "cms.views.csrf_failure"

INSTALLED_APPS = [
    "home",
    "reports",
    "outreach",
    "policies",
    "wagtail_modeladmin",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.routable_page",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "import_export",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above the page cache, so a cached draft page gets today's headers too (see the security headers block).
    "cms.security.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above session, CSRF and auth: a cached anonymous public page skips them (cms/page_cache.py).
    "cms.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Below CSRF so that the fresh token of a recovery page gets its cookie.
    "policies.recovery.CommentRecoveryMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
            # cms is no app: its template filters are named here ({% load vn_numbers %}).
            "libraries": {"vn_numbers": "cms.numbers"},
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Day-first input formats for every admin language (Django's `vi` has none): see cms/formats.
FORMAT_MODULE_PATH = ["cms.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = env_str("STATIC_ROOT") or str(BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env_str("MEDIA_ROOT") or str(BASE_DIR / "media")
# Files only staff may read (comment attachments, uploaded sheets): never under MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = env_str("PRIVATE_MEDIA_ROOT") or str(BASE_DIR / "private-media")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cong-thong-tin@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# How many reverse proxies in front of the app append to X-Forwarded-For.
# 0 means the client address is REMOTE_ADDR and the header is ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

WAGTAIL_SITE_NAME = "Cổng truyền thông dự thảo chính sách"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# Wagtail's own login form labels the password field with Django's untranslated default.
WAGTAILADMIN_USER_LOGIN_FORM = "home.forms.AdminLoginForm"
WAGTAIL_I18N_ENABLED = False
# Page addresses are printed and read aloud: ASCII only (the admin script folds đ to d; see policies/slugs.py).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "xls", "odt", "ods", "jpg", "jpeg", "png", "mp3", "ogg", "m4a"]
# Recordings for the commune radio are checked by content and size (policies/audio.py) at upload.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "policies.audio_forms.AudioCheckedDocumentForm"
AUDIO_MAX_BYTES = env_int("AUDIO_MAX_BYTES", 30 * 1024 * 1024)
# The text-to-speech program for synthetic loudspeaker readings; empty switches them off.
LOUDSPEAKER_SPEECH_COMMAND = env_str("LOUDSPEAKER_SPEECH_COMMAND", "espeak-ng")
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from an outside service: offices may have no Internet and it leaks e-mail hashes.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# What the admin's date widgets show: the first input format of cms/formats, so shown = parsed.
WAGTAIL_DATE_FORMAT = formats.DATE
WAGTAIL_DATETIME_FORMAT = formats.DATETIME
WAGTAIL_TIME_FORMAT = formats.TIME

# Several app servers sit behind a cache or CDN: publishing purges the cached URLs.
WAGTAILFRONTENDCACHE = {}
if env_str("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["default"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env_str("FRONTEND_CACHE_PURGE_URL"),
    }

IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Task start/finish lines and Wagtail's page log drown out what matters.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# Public comments (issue 3): per-client limits as (hits, seconds), cache-backed.
RATE_LIMITS = {
    "comment": (env_int("COMMENT_RATE_LIMIT", 5), 600),
    "subscribe": (env_int("SUBSCRIBE_RATE_LIMIT", 5), 3600),
    "receipt": (env_int("RECEIPT_LOOKUP_RATE_LIMIT", 20), 600),
    "open_data": (env_int("OPEN_DATA_RATE_LIMIT", 60), 60),
}
# A human needs at least this long to read and fill in the comment form.
COMMENT_MIN_SECONDS = env_int("COMMENT_MIN_SECONDS", 4)
COMMENT_MAX_ATTACHMENTS = 3
COMMENT_ATTACHMENT_MAX_BYTES = env_int("COMMENT_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)
# Larger requests are refused before Django reads them (3 files plus the text).
COMMENT_MAX_REQUEST_BYTES = env_int("COMMENT_MAX_REQUEST_BYTES", 16 * 1024 * 1024)

# Comment hardening (issue 9).
# A form stamp is good for one comment and for this long after the form was served.
COMMENT_STAMP_MAX_AGE = env_int("COMMENT_STAMP_MAX_AGE", 6 * 3600)
# Attached images are counted in pixels, read from their header: a small file can be a huge picture.
COMMENT_IMAGE_MAX_PIXELS = env_int("COMMENT_IMAGE_MAX_PIXELS", 40_000_000)
# The admin's image uploads: Wagtail's own pixel check, set explicitly to the same limit.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = COMMENT_IMAGE_MAX_PIXELS

# ---------------------------------------------------------------------------------------------------------------
# Staff sign-in security (issue 9): login throttling, optional two-factor, idle expiry. Kept in one block.
# ---------------------------------------------------------------------------------------------------------------
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp"]
_after_auth = MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1
MIDDLEWARE[_after_auth:_after_auth] = [
    "home.security.IdleStaffSessionMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "home.security.StaffTwoFactorMiddleware",
]
# Last, as django-axes asks: it turns a flagged login response into the lockout page.
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
# Axes first: a locked-out client is refused before the password is even checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# Failures counted in the database, which every app server shares; a lockout after LOGIN_FAILURE_LIMIT
# failures for one user name OR from one address, lifted LOGIN_COOLOFF_MINUTES after the last failure.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "cms.http.client_ip"
AXES_LOCKOUT_CALLABLE = "home.security.lockout_response"
# With STAFF_TWO_FACTOR on, superusers and the Justice Office must enter a TOTP code after the password.
STAFF_TWO_FACTOR = env_bool("STAFF_TWO_FACTOR", False)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# A signed-in session unused for this long is signed out (anonymous visitors get no session at all).
STAFF_IDLE_MINUTES = env_int("STAFF_IDLE_MINUTES", 60)

# Security headers (issue 9), on every response, cached draft pages included.
# Public pages run no inline script or style: every stylesheet is a static file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Wagtail 8's admin, under /admin/ (cms/security.py picks it by path), needs more, and no more than this:
# inline <script> (date widgets, inline panels, workflow), <style> elements its editor's script inserts
# and style attributes in its templates. No template has an inline event handler, so those stay blocked.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "script-src-attr": [NONE],
        "style-src": [SELF, UNSAFE_INLINE],
        # Image uploads are previewed from blob: addresses before they are sent.
        "img-src": [SELF, "data:", "blob:"],
        # The editor shows its live preview in a frame of the admin itself.
        "frame-ancestors": [SELF],
    }
}
PERMISSIONS_POLICY = {"camera": [], "microphone": [], "geolocation": [], "payment": [], "usb": []}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
