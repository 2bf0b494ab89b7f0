import rules

from ningju.accounts.predicates import is_audit_admin

rules.add_perm("core.view_audit", is_audit_admin)
rules.add_perm("core.export_audit", is_audit_admin)
