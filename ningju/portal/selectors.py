"""Reads for the public site and the editors' workspace."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ningju.orgs.models import Organisation

from .site import NavLink, PublicSite, fallback_site, root_organisation, site_home_url

DEFAULT_COLUMNS = (
    ("dajiatan", gettext_lazy("大家谈")),
    ("zhuxi", gettext_lazy("主席论坛")),
    ("weiyuan", gettext_lazy("委员说话")),
    ("tongxin", gettext_lazy("同心论坛")),
    ("yishiting", gettext_lazy("议事厅")),
    ("wangping", gettext_lazy("政协网评")),
    ("weiyan", gettext_lazy("微言大义")),
)


def public_site_for(org: Organisation | None, language: str | None) -> PublicSite:
    org = org or root_organisation()
    if org is None:
        return fallback_site()
    home = site_home_url(org)
    return PublicSite(
        organisation=org,
        title=org.localized_name(language),
        subtitle=_("政协门户网站"),
        home_url=home,
        search_url=home,
        sponsor=org.localized_name(language),
        icp_line="",
        nav_columns=[NavLink(str(label), f"{home}", slug) for slug, label in DEFAULT_COLUMNS],
    )
