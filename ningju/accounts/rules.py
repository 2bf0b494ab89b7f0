import rules

from .predicates import is_security_admin, is_system_admin

# 三员分立: the system admin runs accounts and configuration, the security admin grants
# roles and sets policy, the audit admin reads the trail (see ningju/core/rules.py).
rules.add_perm("accounts.manage_users", is_system_admin)
rules.add_perm("accounts.manage_roles", is_security_admin)
rules.add_perm("accounts.manage_policy", is_security_admin)
