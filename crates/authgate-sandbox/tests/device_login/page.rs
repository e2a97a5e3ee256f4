//! The `/activate` page: escaping, its sandbox note, failed steps, and the CSRF refusal.

use reqwest::StatusCode;

use super::fixture::{PASSWORD, Tenant, hidden};

#[tokio::test]
async fn the_page_escapes_what_it_echoes_and_names_the_seeded_users() {
    let tenant = Tenant::start().await;
    let response = tenant
        .http
        .get(format!(
            "{}/activate?user_code=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
            tenant.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let html = response.text().await.unwrap();
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        html.contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.contains("<label for=\"user_code\">"), "{html}");
    assert!(html.contains("Sandbox only."), "{html}");
    for user in ["reader@authgate.test", "writer@authgate.test", PASSWORD] {
        assert!(html.contains(user), "{user} missing: {html}");
    }

    let (status, html) = tenant
        .activate(&[("step", "code"), ("user_code", "<b>BCDF-GHJK</b>")])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("&lt;b&gt;BCDF-GHJK&lt;/b&gt;"), "{html}");
}

#[tokio::test]
async fn a_wrong_password_or_a_forged_ticket_gets_nowhere() {
    let tenant = Tenant::start().await;
    let started = tenant.started("openid").await;
    let typed = started.user_code.to_lowercase().replace('-', " ");
    let (status, html) = tenant
        .activate(&[("step", "code"), ("user_code", &typed)])
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_eq!(hidden(&html, "user_code"), started.user_code);
    let (status, html) = tenant
        .activate(&[
            ("step", "login"),
            ("user_code", &started.user_code),
            ("email", "reader@authgate.test"),
            ("password", "guess"),
        ])
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(html.contains("Wrong email or password."), "{html}");
    let (status, _) = tenant
        .activate(&[
            ("step", "consent"),
            ("user_code", &started.user_code),
            ("ticket", "forged"),
            ("decision", "accept"),
        ])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = tenant.poll(&started.device_code).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("authorization_pending"))
    );
}

#[tokio::test]
async fn a_cross_site_post_to_the_page_is_refused() {
    let tenant = Tenant::start().await;
    let started = tenant.started("openid").await;
    let fields = [
        ("step", "login"),
        ("user_code", started.user_code.as_str()),
        ("email", "writer@authgate.test"),
        ("password", PASSWORD),
    ];
    let forged = [
        ("origin", "http://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ];
    for (name, value) in forged {
        let response = tenant
            .http
            .post(format!("{}/activate", tenant.base))
            .header(name, value)
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{name}: {value}");
        let html = response.text().await.unwrap();
        assert!(html.contains("cross-origin request refused"), "{html}");
        assert!(!html.contains("ticket"), "{html}");
    }
    // The same post from the page itself goes through.
    let (status, html) = tenant.activate(&fields).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("name=\"ticket\""), "{html}");
}
