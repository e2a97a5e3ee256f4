//! The command line: every subcommand and flag, parsed by clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// A terminal companion to "Secure AWS API Gateway Endpoints Using Custom Authorizers".
///
/// With no subcommand it opens the five-step wizard. `--sandbox` runs everything against a
/// local stand-in for Auth0 and AWS, so no account is needed.
#[derive(Debug, Parser)]
#[command(name = "authgate", version, about, long_about)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// With no subcommand: the wizard starts with this authorizer code (`setup` takes the same).
    #[command(flatten)]
    pub authorizer: AuthorizerArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Bring your own authorizer: its code, handler and runtime (remembered in the state file).
#[derive(Debug, Clone, Default, Args)]
pub struct AuthorizerArgs {
    /// Deploy this directory (zipped like `npm run bundle`, without .env, event.json and .git)
    /// or zip instead of the bundled authorizer; `bundled` goes back to it.
    #[arg(long, value_name = "PATH")]
    pub authorizer: Option<PathBuf>,
    /// Its handler, FILE.FUNCTION (detected: package.json main or index.* → `.handler`;
    /// Python: the module defining `lambda_handler` or `handler`).
    #[arg(long, value_name = "H", requires = "authorizer")]
    pub handler: Option<String>,
    /// Its Lambda runtime (detected: nodejs22.x, python3.13 or provided.al2023). nodejs24.x
    /// refuses callback-style handlers.
    #[arg(long, value_name = "R", requires = "authorizer")]
    pub runtime: Option<String>,
}

impl AuthorizerArgs {
    pub fn is_set(&self) -> bool {
        self.authorizer.is_some()
    }
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Talk to the local sandbox instead of Auth0 and AWS (starts one if none is running).
    #[arg(long, global = true)]
    pub sandbox: bool,
    /// Use this steps file instead of the built-in one (workshop instructors edit a copy).
    #[arg(long, global = true, value_name = "FILE")]
    pub steps: Option<PathBuf>,
    /// Use this check-texts file instead of the built-in one (the hints and fixes of
    /// `check` and the learn mode; instructors edit a copy).
    #[arg(long, global = true, value_name = "FILE")]
    pub checks: Option<PathBuf>,
    /// Use this scenarios file instead of the built-in one (`authgate scenario`; instructors
    /// write their own exercises in a copy).
    #[arg(long, global = true, value_name = "FILE")]
    pub scenarios: Option<PathBuf>,
    /// Working directory for state, config and logs.
    #[arg(long, global = true, value_name = "DIR", default_value = ".authgate")]
    pub state_dir: PathBuf,
    /// Auth0 tenant domain of the management application (e.g. `tenant.eu.auth0.com`).
    #[arg(long, global = true, env = "AUTH0_DOMAIN", value_name = "DOMAIN")]
    pub auth0_domain: Option<String>,
    /// Client id of the Auth0 machine-to-machine app authorized for the Management API.
    #[arg(long, global = true, env = "AUTH0_CLIENT_ID", value_name = "ID")]
    pub auth0_client_id: Option<String>,
    /// Its client secret (never written to disk; prefer the environment variable).
    #[arg(
        long,
        global = true,
        env = "AUTH0_CLIENT_SECRET",
        value_name = "SECRET",
        hide_env_values = true
    )]
    pub auth0_client_secret: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Verify an Authorization header exactly as the bundled authorizer would.
    Verify(VerifyArgs),
    /// Decode and explain a token (opens the inspector screen unless --json).
    Inspect(InspectArgs),
    /// The bundled Lambda authorizer: build its zip, run it locally, write a test event.
    #[command(subcommand)]
    Authorizer(AuthorizerCommand),
    /// Run the local sandbox (Auth0 tenant + AWS subset + invoke URLs) in the foreground.
    Sandbox(SandboxArgs),
    /// Run the tutorial's steps without the screen.
    Setup(SetupArgs),
    /// Show what exists: Auth0 objects, AWS resources, created vs reused.
    Status(StatusArgs),
    /// Fetch a fresh test access token for the configured API.
    Token(TokenArgs),
    /// Delete what authgate created.
    Teardown(TeardownArgs),
    /// Write what the wizard built, read back live, as infrastructure code (a bash script,
    /// CloudFormation, SAM or Terraform) another account and tenant can apply.
    Export(ExportArgs),
    /// Serve a sign-in page on 127.0.0.1 that calls the secured API from a browser.
    Web(WebArgs),
    /// Grade the tutorial's setup in the target, whoever built it (read-only): per step and
    /// check, what is right, what is wrong and the fix. Exit 0 all pass, 1 a check fails,
    /// 2 it could not check.
    Check(CheckArgs),
    /// Break-and-fix exercises: break one thing in a working setup, find it, fix it.
    #[command(subcommand)]
    Scenario(ScenarioCommand),
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

impl Command {
    /// Whether the command reads or writes the directory's state (`.authgate/`), so it may
    /// create it. The others (`verify`, `inspect`, `authorizer …`, `completions`) leave the
    /// directory they run in as it was (`scenario list` too).
    pub fn keeps_state(&self) -> bool {
        matches!(
            self,
            Self::Sandbox(_)
                | Self::Setup(_)
                | Self::Status(_)
                | Self::Token(_)
                | Self::Teardown(_)
                | Self::Web(_)
                | Self::Check(_)
                | Self::Scenario(
                    ScenarioCommand::Start { .. }
                        | ScenarioCommand::Hint
                        | ScenarioCommand::Reset { .. }
                )
        )
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum PolicyScopeArg {
    Method,
    #[default]
    Stage,
    Api,
}

#[derive(Debug, Clone, Args)]
pub struct VerifierArgs {
    /// Expected `iss`, exactly (Auth0: `https://TENANT/` with the trailing slash).
    #[arg(long, value_name = "ISS")]
    pub issuer: Option<String>,
    /// Expected audience: the Auth0 API identifier.
    #[arg(long, value_name = "AUD")]
    pub audience: Option<String>,
    /// JWKS URL (https, or http for loopback hosts).
    #[arg(long, value_name = "URL", conflicts_with = "jwks_file")]
    pub jwks_uri: Option<String>,
    /// JWKS from a local file.
    #[arg(long, value_name = "FILE")]
    pub jwks_file: Option<PathBuf>,
    /// The methodArn the policy is built for and evaluated against. Without it the policy is
    /// built for the placeholder `arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/GET/pets`
    /// and the output says so (`method_arn_placeholder: true` in --json).
    #[arg(long, value_name = "ARN")]
    pub method_arn: Option<String>,
    /// How wide the Allow policy is.
    #[arg(long, value_enum)]
    pub policy_scope: Option<PolicyScopeArg>,
    /// Clock leeway for exp/nbf, in seconds.
    #[arg(long, value_name = "SECS")]
    pub leeway: Option<u64>,
    /// The authorizer's permissions per route, a JSON object `"METHOD /path"` → permission
    /// (`*` = one path segment), e.g. `{"GET /pets":"read:pets","POST /pets":"write:pets"}`.
    /// The policy then lists every mapped route, and the report shows the methodArn's
    /// required permission and whether the token has it.
    #[arg(long, value_name = "JSON", env = "REQUIRED_PERMISSIONS")]
    pub required_permissions: Option<String>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub verifier: VerifierArgs,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// One Authorization value per stdin line, one JSON object per stdout line.
    #[arg(long)]
    pub batch: bool,
    /// The header value as API Gateway passes it (`Bearer eyJ…`); `-` or absent reads stdin.
    pub authorization: Option<String>,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub verifier: VerifierArgs,
    /// Print the decoded token as JSON instead of opening the screen.
    #[arg(long)]
    pub json: bool,
    /// The token (with or without `Bearer `); `-` reads stdin.
    pub token: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AuthorizerCommand {
    /// Run the authorizer on an event (the tutorial's `npm test`): the bundled handler with
    /// node, or your code (--authorizer, or the one the state file remembers) in the
    /// sandbox's Lambda runtime.
    Run {
        #[command(flatten)]
        code: AuthorizerArgs,
        /// The event JSON (`{type, authorizationToken, methodArn}`).
        #[arg(long, value_name = "FILE")]
        event: PathBuf,
        /// A `.env`-style file with `TOKEN_ISSUER`, `JWKS_URI`, `AUDIENCE` (default: the environment).
        #[arg(long, value_name = "FILE")]
        env: Option<PathBuf>,
        /// Print the token in full (it is masked by default).
        #[arg(long)]
        show_token: bool,
    },
    /// Write the deterministic authorizer zip (of your code with --authorizer DIR).
    Bundle {
        #[command(flatten)]
        code: AuthorizerArgs,
        #[arg(
            short,
            long,
            value_name = "FILE",
            default_value = "custom-authorizer.zip"
        )]
        output: PathBuf,
    },
    /// Put an authorizer through hostile and edge-case tokens and measure its behaviours,
    /// locally in the sandbox's Lambda runtime. Exit 1 when a security row fails (a CI gate),
    /// 2 when the audit cannot run.
    Audit(AuditArgs),
    /// Write an event.json for `authorizer run`.
    Event {
        /// The access token (with or without `Bearer `); `-` reads it from stdin.
        #[arg(long)]
        token: String,
        #[arg(long, value_name = "ARN")]
        method_arn: String,
        #[arg(short, long, value_name = "FILE", default_value = "event.json")]
        output: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// A directory (zipped like `authorizer bundle` zips it) or a zip; none: the bundled
    /// authorizer.
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
    /// Audit a deployed function's code instead: read with Lambda `GetFunction` (the only call
    /// to AWS, or the sandbox with --sandbox), then run locally.
    #[arg(long, value_name = "NAME", conflicts_with = "path")]
    pub function: Option<String>,
    /// PATH's Lambda runtime (detected as for --authorizer).
    #[arg(long, value_name = "R", requires = "path", conflicts_with = "function")]
    pub runtime: Option<String>,
    /// PATH's handler, FILE.FUNCTION (detected as for --authorizer).
    #[arg(long, value_name = "H", requires = "path", conflicts_with = "function")]
    pub handler: Option<String>,
    /// Print the report as JSON (docs/audit-json.md).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Port on 127.0.0.1. Without it: the port this directory's sandbox had before (the
    /// first time 4566 when free); with it the directory moves there (0 picks a free one).
    #[arg(long)]
    pub port: Option<u16>,
    /// Where the sandbox keeps its state.
    #[arg(long, value_name = "DIR", default_value = ".authgate/sandbox")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct SetupArgs {
    /// Run every remaining action without asking.
    #[arg(long)]
    pub yes: bool,
    /// Start at this step (1-5).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=5))]
    pub from_step: Option<u8>,
    /// The origin of the page that calls the API (step 4 allows it: preflights, CORS gateway
    /// responses); `none` for no browser. Remembered; the default is `authgate web`'s page.
    #[arg(long, value_name = "ORIGIN")]
    pub browser_origin: Option<String>,
    #[command(flatten)]
    pub code: AuthorizerArgs,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[arg(long)]
    pub json: bool,
    /// Only what the state file records: skip reading each resource back to detect drift.
    #[arg(long)]
    pub offline: bool,
}

#[derive(Debug, Args)]
pub struct TokenArgs {
    /// Print the token response, decoded claims and verification as JSON.
    #[arg(long)]
    pub json: bool,
    /// A user's token instead, by the device flow: open the URL shown on stderr (or scan
    /// its QR code), enter the code and sign in; the token goes to stdout.
    #[arg(long)]
    pub user: bool,
}

#[derive(Debug, Args)]
pub struct WebArgs {
    /// The page's port on 127.0.0.1 (its origin must be step 4's browser origin).
    #[arg(long, default_value_t = authgate_providers::aws::cors::DEFAULT_WEB_PORT)]
    pub port: u16,
    /// Do not open the page in the desktop's browser.
    #[arg(long)]
    pub no_open: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Only this step's checks (1-5); root causes are still looked for in every step.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=5))]
    pub step: Option<u8>,
    /// Print the report as JSON on stdout (the shape is in the README).
    #[arg(long)]
    pub json: bool,
    /// Also write the report as `JUnit` XML (one testcase per check) to FILE.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// The REST API to grade (default: the one named `PetStore`).
    #[arg(long, value_name = "ID")]
    pub api_id: Option<String>,
    /// Test with this access token (`-` reads it from stdin) instead of one from an
    /// application granted for the API.
    #[arg(long, value_name = "JWT")]
    pub token: Option<String>,
    /// The origin of the page that calls the API (`http://127.0.0.1:5180`, `*`), for step 4's
    /// CORS checks; `none`: no browser. Default: step 4's setting in the state file, else the
    /// origin a 4XX gateway response allows, else no browser (those checks pass, saying so).
    #[arg(long, value_name = "ORIGIN")]
    pub browser_origin: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ScenarioCommand {
    /// The scenarios, with their symptom and the tutorial steps involved.
    List {
        /// `[{"name", "title", "symptom", "steps"}]` on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Break the setup as scenario NAME describes (it must pass `authgate check` first).
    Start {
        name: String,
        /// On a real account: do not ask before changing it.
        #[arg(long)]
        yes: bool,
    },
    /// A nudge for the scenario in progress; asked again, its documented fix.
    Hint,
    /// Undo the scenario in progress (asks first; --yes does not).
    Reset {
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct TeardownArgs {
    /// Do not ask for confirmation.
    #[arg(long)]
    pub yes: bool,
    /// Also delete objects authgate found and reused rather than created.
    #[arg(long)]
    pub include_reused: bool,
    /// Reset from this step (1-4) on: undo what it and the later steps made, so they can be
    /// done again (by hand, in learn mode, or by `setup`). Earlier steps stay.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=4))]
    pub from_step: Option<u8>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write: `sh` (bash: AWS CLI + curl to the Management API), `cloudformation` or
    /// `sam` (template.yaml, AWS only), `terraform` (the auth0 and aws providers).
    #[arg(long, value_enum)]
    pub format: crate::export::Format,
    /// The directory to write (created if missing; files of the same name are replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn sandbox_flag_is_accepted_before_or_after_the_subcommand() {
        let before = Cli::try_parse_from(["authgate", "--sandbox", "status"]).unwrap();
        let after = Cli::try_parse_from(["authgate", "status", "--sandbox"]).unwrap();
        assert!(before.global.sandbox && after.global.sandbox);
    }

    #[test]
    fn byo_authorizer_flags_for_the_wizard_and_setup() {
        let wizard = Cli::try_parse_from(["authgate", "--sandbox", "--authorizer", "dir"]).unwrap();
        assert_eq!(wizard.authorizer.authorizer, Some(PathBuf::from("dir")));
        assert!(wizard.command.is_none());
        let setup = Cli::try_parse_from([
            "authgate",
            "setup",
            "--authorizer",
            "a.zip",
            "--handler",
            "app.handler",
            "--runtime",
            "python3.13",
        ])
        .unwrap();
        let Some(Command::Setup(args)) = setup.command else {
            panic!("setup")
        };
        assert_eq!(args.code.runtime.as_deref(), Some("python3.13"));
        assert!(Cli::try_parse_from(["authgate", "setup", "--handler", "x.y"]).is_err());
    }

    #[test]
    fn audit_takes_a_path_or_a_function_not_both() {
        let parse = |args: &[&str]| {
            Cli::try_parse_from([&["authgate", "authorizer", "audit"], args].concat())
        };
        assert!(parse(&[]).is_ok());
        assert!(parse(&["dir", "--runtime", "python3.13", "--json"]).is_ok());
        assert!(parse(&["--function", "f"]).is_ok());
        assert!(parse(&["dir", "--function", "f"]).is_err());
        assert!(parse(&["--function", "f", "--handler", "a.b"]).is_err());
    }
}
