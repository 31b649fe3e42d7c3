"""Staff two-factor screens: enrol an authenticator app (TOTP, QR code) and enter its code after the password."""

from base64 import b32encode
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

import segno
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Mã xác thực (6 chữ số)"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        error_messages={
            "required": _("Hãy nhập mã 6 chữ số đang hiện trên ứng dụng xác thực."),
            "min_length": _("Mã xác thực gồm đúng 6 chữ số."),
            "max_length": _("Mã xác thực gồm đúng 6 chữ số."),
        },
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not (token.isascii() and token.isdigit()):
            raise forms.ValidationError(_("Mã xác thực chỉ gồm chữ số."))
        return token


WRONG_CODE = _("Mã không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trên ứng dụng (mã đổi sau mỗi 30 giây).")
TOO_SOON = _("Vừa nhập sai mã: hãy chờ vài giây rồi nhập mã mới đang hiện trên ứng dụng.")


def code_error(devices, token):
    """(the device that accepts the code, None) or (None, the error to show).
    django-otp makes each device wait longer after every wrong code."""
    waiting = False
    for device in devices:
        if not device.verify_is_allowed()[0]:
            waiting = True
        elif device.verify_token(token):
            return device, None
    return None, TOO_SOON if waiting else WRONG_CODE


def step_url(url_name, next_url):
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


class TwoFactorStepView(FormView):
    form_class = TokenForm

    def next_url(self):
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(target, {self.request.get_host()}, self.request.is_secure()):
            return target
        return reverse("wagtailadmin_home")

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.next_url(), **kwargs)


class VerifyView(TwoFactorStepView):
    """The code asked after the password, for a user with an enrolled device."""

    template_name = "security/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if not user_has_device(request.user):
            return redirect(step_url("two_factor:enrol", self.next_url()))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        device, error = code_error(devices_for_user(self.request.user), form.cleaned_data["token"])
        if error:
            form.add_error("token", error)
            return self.form_invalid(form)
        otp_login(self.request, device)
        return redirect(self.next_url())


class EnrolView(TwoFactorStepView):
    """Shows a new secret as a QR code; the first correct code confirms the device."""

    template_name = "security/two_factor_enrol.html"

    def dispatch(self, request, *args, **kwargs):
        # Whoever has a device proves it before adding another: a stolen password alone enrols nothing.
        if user_has_device(request.user) and not request.user.is_verified():
            return redirect(step_url("two_factor:verify", self.next_url()))
        return super().dispatch(request, *args, **kwargs)

    def pending_device(self):
        user = self.request.user
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        return device or TOTPDevice.objects.create(user=user, name=str(_("Ứng dụng xác thực")), confirmed=False)

    def get_context_data(self, **kwargs):
        device = self.pending_device()
        qr = segno.make(device.config_url, error="m")
        return super().get_context_data(
            qr_svg=mark_safe(qr.svg_inline(scale=5, title=str(_("Mã QR để thêm vào ứng dụng xác thực")))),  # noqa: S308 - segno's own markup
            secret=b32encode(device.bin_key).decode(),
            has_device=user_has_device(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        device, error = code_error([self.pending_device()], form.cleaned_data["token"])
        if error:
            form.add_error("token", error)
            return self.form_invalid(form)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(self.request, device)
        messages.success(self.request, _("Đã bật xác thực hai bước cho tài khoản của bạn."))
        return redirect(self.next_url())
