import rules

from ningju.accounts.predicates import (
    in_same_organisation,
    is_chair_meeting,
    is_office_staff,
    is_self_member,
)

# A member's duty record is read by the member, the office staff and the chair meeting.
rules.add_perm(
    "performance.view_duty_records",
    is_self_member | ((is_office_staff | is_chair_meeting) & in_same_organisation),
)
