

pub(crate) fn capacity_provider_config_correct_errors(
    mut builder: crate::types::builders::CapacityProviderConfigBuilder,
) -> crate::types::builders::CapacityProviderConfigBuilder {
    if builder.lambda_managed_instances_capacity_provider_config.is_none() {
        builder.lambda_managed_instances_capacity_provider_config = {
            let builder = crate::types::builders::LambdaManagedInstancesCapacityProviderConfigBuilder::default();
            crate::serde_util::lambda_managed_instances_capacity_provider_config_correct_errors(builder)
                .build()
                .ok()
        }
    }
    builder
}

pub(crate) fn ephemeral_storage_correct_errors(
    mut builder: crate::types::builders::EphemeralStorageBuilder,
) -> crate::types::builders::EphemeralStorageBuilder {
    if builder.size.is_none() {
        builder.size = Some(Default::default())
    }
    builder
}

pub(crate) fn tags_error_correct_errors(mut builder: crate::types::builders::TagsErrorBuilder) -> crate::types::builders::TagsErrorBuilder {
    if builder.error_code.is_none() {
        builder.error_code = Some(Default::default())
    }
    if builder.message.is_none() {
        builder.message = Some(Default::default())
    }
    builder
}

pub(crate) fn tenancy_config_correct_errors(
    mut builder: crate::types::builders::TenancyConfigBuilder,
) -> crate::types::builders::TenancyConfigBuilder {
    if builder.tenant_isolation_mode.is_none() {
        builder.tenant_isolation_mode = "no value was set".parse::<crate::types::TenantIsolationMode>().ok()
    }
    builder
}

pub(crate) fn file_system_config_correct_errors(
    mut builder: crate::types::builders::FileSystemConfigBuilder,
) -> crate::types::builders::FileSystemConfigBuilder {
    if builder.arn.is_none() {
        builder.arn = Some(Default::default())
    }
    if builder.local_mount_path.is_none() {
        builder.local_mount_path = Some(Default::default())
    }
    builder
}

pub(crate) fn lambda_managed_instances_capacity_provider_config_correct_errors(
    mut builder: crate::types::builders::LambdaManagedInstancesCapacityProviderConfigBuilder,
) -> crate::types::builders::LambdaManagedInstancesCapacityProviderConfigBuilder {
    if builder.capacity_provider_arn.is_none() {
        builder.capacity_provider_arn = Some(Default::default())
    }
    builder
}
