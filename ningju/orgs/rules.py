import rules

from ningju.accounts.predicates import is_chair_meeting, is_office_staff

rules.add_perm("orgs.view_statistics", is_chair_meeting | is_office_staff)
