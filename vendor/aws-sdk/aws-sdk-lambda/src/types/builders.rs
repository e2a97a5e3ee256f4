

pub use crate::types::_error_object::ErrorObjectBuilder;

pub use crate::types::_durable_config::DurableConfigBuilder;

pub use crate::types::_function_code::FunctionCodeBuilder;

pub use crate::types::_vpc_config::VpcConfigBuilder;

pub use crate::types::_dead_letter_config::DeadLetterConfigBuilder;

pub use crate::types::_environment::EnvironmentBuilder;

pub use crate::types::_tracing_config::TracingConfigBuilder;

pub use crate::types::_image_config::ImageConfigBuilder;

pub use crate::types::_ephemeral_storage::EphemeralStorageBuilder;

pub use crate::types::_snap_start::SnapStartBuilder;

pub use crate::types::_logging_config::LoggingConfigBuilder;

pub use crate::types::_tenancy_config::TenancyConfigBuilder;

pub use crate::types::_capacity_provider_config::CapacityProviderConfigBuilder;

pub use crate::types::_vpc_config_response::VpcConfigResponseBuilder;

pub use crate::types::_environment_response::EnvironmentResponseBuilder;

pub use crate::types::_tracing_config_response::TracingConfigResponseBuilder;

pub use crate::types::_image_config_response::ImageConfigResponseBuilder;

pub use crate::types::_snap_start_response::SnapStartResponseBuilder;

pub use crate::types::_runtime_version_config::RuntimeVersionConfigBuilder;

pub use crate::types::_function_configuration::FunctionConfigurationBuilder;

pub use crate::types::_function_code_location::FunctionCodeLocationBuilder;

pub use crate::types::_tags_error::TagsErrorBuilder;

pub use crate::types::_concurrency::ConcurrencyBuilder;

pub use crate::types::_event::EventBuilder;

pub use crate::types::_file_system_config::FileSystemConfigBuilder;

pub use crate::types::_lambda_managed_instances_capacity_provider_config::LambdaManagedInstancesCapacityProviderConfigBuilder;

pub use crate::types::_environment_error::EnvironmentErrorBuilder;

pub use crate::types::_layer::LayerBuilder;

pub use crate::types::_image_config_error::ImageConfigErrorBuilder;

pub use crate::types::_runtime_version_error::RuntimeVersionErrorBuilder;

pub use crate::types::_resolved_s3_object::ResolvedS3ObjectBuilder;

pub use crate::types::_function_code_location_error::FunctionCodeLocationErrorBuilder;

pub use crate::types::_invoke_response_stream_update::InvokeResponseStreamUpdateBuilder;

pub use crate::types::_invoke_with_response_stream_complete_event::InvokeWithResponseStreamCompleteEventBuilder;

pub use crate::types::_execution_started_details::ExecutionStartedDetailsBuilder;

pub use crate::types::_execution_succeeded_details::ExecutionSucceededDetailsBuilder;

pub use crate::types::_execution_failed_details::ExecutionFailedDetailsBuilder;

pub use crate::types::_execution_timed_out_details::ExecutionTimedOutDetailsBuilder;

pub use crate::types::_execution_stopped_details::ExecutionStoppedDetailsBuilder;

pub use crate::types::_context_started_details::ContextStartedDetailsBuilder;

pub use crate::types::_context_succeeded_details::ContextSucceededDetailsBuilder;

pub use crate::types::_context_failed_details::ContextFailedDetailsBuilder;

pub use crate::types::_wait_started_details::WaitStartedDetailsBuilder;

pub use crate::types::_wait_succeeded_details::WaitSucceededDetailsBuilder;

pub use crate::types::_wait_cancelled_details::WaitCancelledDetailsBuilder;

pub use crate::types::_step_started_details::StepStartedDetailsBuilder;

pub use crate::types::_step_succeeded_details::StepSucceededDetailsBuilder;

pub use crate::types::_step_failed_details::StepFailedDetailsBuilder;

pub use crate::types::_chained_invoke_started_details::ChainedInvokeStartedDetailsBuilder;

pub use crate::types::_chained_invoke_succeeded_details::ChainedInvokeSucceededDetailsBuilder;

pub use crate::types::_chained_invoke_failed_details::ChainedInvokeFailedDetailsBuilder;

pub use crate::types::_chained_invoke_timed_out_details::ChainedInvokeTimedOutDetailsBuilder;

pub use crate::types::_chained_invoke_stopped_details::ChainedInvokeStoppedDetailsBuilder;

pub use crate::types::_callback_started_details::CallbackStartedDetailsBuilder;

pub use crate::types::_callback_succeeded_details::CallbackSucceededDetailsBuilder;

pub use crate::types::_callback_failed_details::CallbackFailedDetailsBuilder;

pub use crate::types::_callback_timed_out_details::CallbackTimedOutDetailsBuilder;

pub use crate::types::_invocation_completed_details::InvocationCompletedDetailsBuilder;

pub use crate::types::_s3_files_config::S3FilesConfigBuilder;

pub use crate::types::_event_input::EventInputBuilder;

pub use crate::types::_event_result::EventResultBuilder;

pub use crate::types::_event_error::EventErrorBuilder;

pub use crate::types::_retry_details::RetryDetailsBuilder;
