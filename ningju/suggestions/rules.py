import rules

from .predicates import (
    in_organisation,
    is_assignee,
    is_author,
    is_member,
    is_office_staff,
    is_unit_staff,
)

rules.add_perm("suggestions.submit", is_member)
rules.add_perm("suggestions.view_queue", is_office_staff | is_unit_staff)
rules.add_perm("suggestions.triage", in_organisation & is_office_staff)
rules.add_perm("suggestions.reply", in_organisation & is_assignee)
rules.add_perm("suggestions.view", in_organisation & (is_office_staff | is_assignee | is_author))
