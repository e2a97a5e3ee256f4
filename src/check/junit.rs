//! `check --junit FILE`: the report as `JUnit` XML (one test suite per tutorial step, one test
//! case per check), written by `quick-junit`, so any grader or CI that reads `JUnit` shows a
//! class's results. A failure's message is `what`; its body the nudge and the fix; a check
//! the target cannot answer is `skipped`, never a pass.

use std::fmt::Write as _;

use quick_junit::{NonSuccessKind, Report as JUnit, TestCase, TestCaseStatus, TestSuite};

use super::model::{Report, Status};

pub fn xml(report: &Report) -> Result<String, quick_junit::SerializeError> {
    let mut junit = JUnit::new("authgate check");
    for step in &report.steps {
        let mut suite = TestSuite::new(format!("step {}: {}", step.step, step.title));
        for check in &step.checks {
            let mut status = match check.status {
                Status::Pass => TestCaseStatus::success(),
                Status::Fail => {
                    let mut failed = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    failed.set_message(check.what.as_str()).set_type("check");
                    failed
                }
                Status::NotCheckable => {
                    let mut skipped = TestCaseStatus::skipped();
                    skipped.set_message(check.what.as_str());
                    skipped
                }
            };
            let mut detail = String::new();
            if let Some(hint) = &check.hint {
                let _ = writeln!(detail, "hint: {hint}");
            }
            if let Some(fix) = &check.fix {
                let _ = writeln!(detail, "fix:\n{}", fix.text());
            }
            if check.status == Status::Fail {
                status.set_description(detail.as_str());
            }
            let mut case = TestCase::new(check.id, status);
            case.set_classname(format!("authgate.step{}", step.step));
            if check.status != Status::Fail {
                case.set_system_out(format!("{}\n{detail}", check.what));
            }
            suite.add_test_case(case);
        }
        junit.add_test_suite(suite);
    }
    junit.to_string()
}
