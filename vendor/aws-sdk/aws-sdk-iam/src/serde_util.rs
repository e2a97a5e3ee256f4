

pub(crate) fn create_role_output_output_correct_errors(
    mut builder: crate::operation::create_role::builders::CreateRoleOutputBuilder,
) -> crate::operation::create_role::builders::CreateRoleOutputBuilder {
    if builder.role.is_none() {
        builder.role = {
            let builder = crate::types::builders::RoleBuilder::default();
            crate::serde_util::role_correct_errors(builder).build().ok()
        }
    }
    builder
}

pub(crate) fn get_role_output_output_correct_errors(
    mut builder: crate::operation::get_role::builders::GetRoleOutputBuilder,
) -> crate::operation::get_role::builders::GetRoleOutputBuilder {
    if builder.role.is_none() {
        builder.role = {
            let builder = crate::types::builders::RoleBuilder::default();
            crate::serde_util::role_correct_errors(builder).build().ok()
        }
    }
    builder
}

pub(crate) fn get_role_policy_output_output_correct_errors(
    mut builder: crate::operation::get_role_policy::builders::GetRolePolicyOutputBuilder,
) -> crate::operation::get_role_policy::builders::GetRolePolicyOutputBuilder {
    if builder.role_name.is_none() {
        builder.role_name = Some(Default::default())
    }
    if builder.policy_name.is_none() {
        builder.policy_name = Some(Default::default())
    }
    if builder.policy_document.is_none() {
        builder.policy_document = Some(Default::default())
    }
    builder
}

pub(crate) fn list_role_policies_output_output_correct_errors(
    mut builder: crate::operation::list_role_policies::builders::ListRolePoliciesOutputBuilder,
) -> crate::operation::list_role_policies::builders::ListRolePoliciesOutputBuilder {
    if builder.policy_names.is_none() {
        builder.policy_names = Some(Default::default())
    }
    builder
}

pub(crate) fn list_roles_output_output_correct_errors(
    mut builder: crate::operation::list_roles::builders::ListRolesOutputBuilder,
) -> crate::operation::list_roles::builders::ListRolesOutputBuilder {
    if builder.roles.is_none() {
        builder.roles = Some(Default::default())
    }
    builder
}

pub(crate) fn list_users_output_output_correct_errors(
    mut builder: crate::operation::list_users::builders::ListUsersOutputBuilder,
) -> crate::operation::list_users::builders::ListUsersOutputBuilder {
    if builder.users.is_none() {
        builder.users = Some(Default::default())
    }
    builder
}

pub(crate) fn role_correct_errors(mut builder: crate::types::builders::RoleBuilder) -> crate::types::builders::RoleBuilder {
    if builder.path.is_none() {
        builder.path = Some(Default::default())
    }
    if builder.role_name.is_none() {
        builder.role_name = Some(Default::default())
    }
    if builder.role_id.is_none() {
        builder.role_id = Some(Default::default())
    }
    if builder.arn.is_none() {
        builder.arn = Some(Default::default())
    }
    if builder.create_date.is_none() {
        builder.create_date = Some(::aws_smithy_types::DateTime::from_fractional_secs(0, 0_f64))
    }
    builder
}

pub(crate) fn user_correct_errors(mut builder: crate::types::builders::UserBuilder) -> crate::types::builders::UserBuilder {
    if builder.path.is_none() {
        builder.path = Some(Default::default())
    }
    if builder.user_name.is_none() {
        builder.user_name = Some(Default::default())
    }
    if builder.user_id.is_none() {
        builder.user_id = Some(Default::default())
    }
    if builder.arn.is_none() {
        builder.arn = Some(Default::default())
    }
    if builder.create_date.is_none() {
        builder.create_date = Some(::aws_smithy_types::DateTime::from_fractional_secs(0, 0_f64))
    }
    builder
}

pub(crate) fn source_role_template_correct_errors(
    mut builder: crate::types::builders::SourceRoleTemplateBuilder,
) -> crate::types::builders::SourceRoleTemplateBuilder {
    if builder.template_arn.is_none() {
        builder.template_arn = Some(Default::default())
    }
    if builder.template_minor_version.is_none() {
        builder.template_minor_version = Some(Default::default())
    }
    builder
}

pub(crate) fn tag_correct_errors(mut builder: crate::types::builders::TagBuilder) -> crate::types::builders::TagBuilder {
    if builder.key.is_none() {
        builder.key = Some(Default::default())
    }
    if builder.value.is_none() {
        builder.value = Some(Default::default())
    }
    builder
}
