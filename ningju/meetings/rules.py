import rules

from .predicates import (
    in_organisation,
    is_chair,
    is_leader,
    is_member,
    is_office,
    is_own_leave,
    may_decide_leave,
)

rules.add_perm("meetings.manage", is_office)
rules.add_perm("meetings.manage_meeting", in_organisation & is_office)
rules.add_perm("meetings.view_attendance", is_office | is_leader)
rules.add_perm("meetings.view_overview", is_office | is_leader)
rules.add_perm("meetings.attend", is_member)
rules.add_perm("meetings.decide_leave", may_decide_leave)
rules.add_perm("meetings.approve_any_leave", is_office | is_chair)
rules.add_perm("meetings.withdraw_leave", is_own_leave)
