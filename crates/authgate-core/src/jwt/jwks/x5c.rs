//! Just enough DER to take the RSA public key out of an X.509 certificate (`x5c[0]` of a JWK).
//! The certificate is not validated: the JWKS itself is the trust anchor, fetched over https.

/// `Certificate → tbsCertificate → subjectPublicKeyInfo → subjectPublicKey` (PKCS#1 DER).
pub fn rsa_public_key(cert: &[u8]) -> Option<&[u8]> {
    let (tag, certificate, _) = element(cert)?;
    if tag != 0x30 {
        return None;
    }
    let (tag, mut tbs, _) = element(certificate)?;
    if tag != 0x30 {
        return None;
    }
    // [0] version (optional), then serialNumber, signature, issuer, validity, subject, SPKI.
    if element(tbs)?.0 == 0xa0 {
        tbs = element(tbs)?.2;
    }
    for _ in 0..5 {
        tbs = element(tbs)?.2;
    }
    let (tag, spki, _) = element(tbs)?;
    if tag != 0x30 {
        return None;
    }
    let (_, _algorithm, rest) = element(spki)?;
    let (tag, bits, _) = element(rest)?;
    // A BIT STRING whose first byte (unused bits) is 0.
    (tag == 0x03 && bits.first() == Some(&0)).then(|| &bits[1..])
}

/// One DER element: (tag, contents, the bytes after it).
fn element(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let len = rest[..count]
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (len, &rest[count..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_a_minimal_certificate() {
        // SEQ { SEQ { [0]{INT 2}, INT 1, SEQ{}, SEQ{}, SEQ{}, SEQ{}, SEQ { SEQ{}, BIT STRING 00 AA BB } } }
        let spki = [0x30, 0x07, 0x30, 0x00, 0x03, 0x03, 0x00, 0xaa, 0xbb];
        let mut tbs = vec![0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x01, 0x01];
        tbs.extend([0x30, 0x00, 0x30, 0x00, 0x30, 0x00, 0x30, 0x00]);
        tbs.extend(spki);
        let mut tbs_seq = vec![0x30, u8::try_from(tbs.len()).unwrap()];
        tbs_seq.extend(&tbs);
        let mut cert = vec![0x30, u8::try_from(tbs_seq.len()).unwrap()];
        cert.extend(&tbs_seq);
        assert_eq!(rsa_public_key(&cert), Some(&[0xaa, 0xbb][..]));
        assert_eq!(rsa_public_key(&cert[..cert.len() - 1]), None);
        assert_eq!(rsa_public_key(&[]), None);
    }
}
