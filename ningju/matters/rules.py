import rules

from .predicates import in_organisation, is_leader, is_office_staff, is_owner, may_own

rules.add_perm("matters.create", is_office_staff)
rules.add_perm("matters.list", is_office_staff | is_leader | may_own)
rules.add_perm("matters.manage", in_organisation & is_office_staff)
rules.add_perm("matters.work", in_organisation & (is_office_staff | is_owner))
rules.add_perm("matters.view", in_organisation & (is_office_staff | is_leader | is_owner))
