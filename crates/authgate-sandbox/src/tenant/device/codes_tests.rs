use super::*;

fn reader() -> Account {
    Account {
        user_id: "auth0|reader".into(),
        email: "reader@authgate.test".into(),
        name: "reader@authgate.test".into(),
    }
}

fn started(codes: &mut DeviceCodes) -> (String, String) {
    codes
        .start("cli", "https://pets", vec!["openid".into()], 0)
        .unwrap()
}

#[test]
fn user_codes_are_eight_consonants_with_a_dash_and_typing_is_forgiven() {
    let mut codes = DeviceCodes::default();
    let (_, user_code) = started(&mut codes);
    let (left, right) = user_code.split_once('-').unwrap();
    assert_eq!((left.len(), right.len()), (4, 4), "{user_code}");
    assert!(
        format!("{left}{right}")
            .bytes()
            .all(|b| ALPHABET.contains(&b)),
        "{user_code}"
    );
    let typed = format!(" {} {} ", left.to_lowercase(), right.to_lowercase());
    assert!(codes.by_user_code(&typed).is_some());
    assert!(codes.by_user_code("BBBB").is_none());
}

#[test]
fn polls_go_pending_then_slow_down_then_approved_once() {
    let mut codes = DeviceCodes::default();
    let (device, user) = started(&mut codes);
    assert!(matches!(codes.poll(&device, "cli", 0), Poll::Pending));
    assert!(matches!(codes.poll(&device, "cli", 1_000), Poll::SlowDown));
    assert!(matches!(codes.poll(&device, "other", 7_000), Poll::Invalid));
    let ticket = codes.sign_in(&user, reader(), 7_000).unwrap();
    assert!(codes.decide(&user, "forged", true, 7_000).is_none());
    codes.decide(&user, &ticket, true, 7_000).unwrap();
    match codes.poll(&device, "cli", 7_000) {
        Poll::Approved(authorization, account) => {
            assert_eq!(account, reader());
            assert_eq!(authorization.audience, "https://pets");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(codes.poll(&device, "cli", 20_000), Poll::Invalid));
}

#[test]
fn a_denied_login_is_told_once() {
    let mut codes = DeviceCodes::default();
    let (device, user) = started(&mut codes);
    let ticket = codes.sign_in(&user, reader(), 0).unwrap();
    codes.decide(&user, &ticket, false, 0).unwrap();
    assert!(matches!(codes.poll(&device, "cli", 0), Poll::Denied));
    assert!(matches!(codes.poll(&device, "cli", 9_000), Poll::Invalid));
}

#[test]
fn expiry_is_reported_once_then_the_code_is_invalid() {
    let mut codes = DeviceCodes::default();
    let (device, user) = started(&mut codes);
    let late = EXPIRES_IN * 1000;
    assert!(codes.sign_in(&user, reader(), late).is_none());
    assert!(matches!(codes.poll(&device, "cli", late), Poll::Expired));
    assert!(matches!(
        codes.poll(&device, "cli", late + 9_000),
        Poll::Invalid
    ));
}
