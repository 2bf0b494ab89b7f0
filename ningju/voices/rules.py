import rules

from .predicates import in_organisation, is_office_staff, is_receiver

rules.add_perm("voices.manage", is_office_staff)
rules.add_perm("voices.moderate", in_organisation & is_office_staff)
rules.add_perm("voices.answer", in_organisation & (is_office_staff | is_receiver))
