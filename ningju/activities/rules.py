import rules

from .predicates import (
    in_organisation,
    is_editable,
    is_member,
    is_office_staff,
    is_reporter,
    is_submitted,
    is_unconfirmed,
)

rules.add_perm("activities.view", is_member | is_office_staff)
rules.add_perm("activities.record_own", is_member)
rules.add_perm("activities.manage", is_office_staff)
rules.add_perm(
    "activities.edit",
    in_organisation & ((is_reporter & is_editable) | (is_office_staff & is_unconfirmed)),
)
rules.add_perm("activities.submit", in_organisation & is_reporter & is_editable)
rules.add_perm("activities.confirm", in_organisation & is_office_staff & is_unconfirmed)
rules.add_perm("activities.return", in_organisation & is_office_staff & is_submitted)
rules.add_perm("activities.add_photo", in_organisation & (is_reporter | is_office_staff))
rules.add_perm("study.view", is_member | is_office_staff)
rules.add_perm("study.manage", is_office_staff)
rules.add_perm("study.write_note", is_member)
rules.add_perm("study.read", is_member)
rules.add_perm("study.staff_calendar", is_office_staff)
