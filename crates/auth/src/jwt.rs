use std::time::Duration;

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{
    Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use storegister_app::{Session, TokenError, TokenIssuer};
use storegister_kernel::{Clock, CompanyId, ContactId};
use uuid::Uuid;

/// The claims of a session token.
#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    /// The contact (tenant) id.
    sub: Uuid,
    /// The company id.
    cid: Uuid,
    /// The security stamp at issue time.
    sst: Uuid,
    /// The stored session.
    sid: Uuid,
    /// Issued at (seconds since the epoch).
    iat: i64,
    /// Expires at (seconds since the epoch).
    exp: i64,
}

/// Why a session token was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenRejection {
    /// Well-formed and correctly signed, but past its expiry.
    #[error("token expired")]
    Expired,
    /// Malformed, wrongly signed, or with claims we do not issue.
    #[error("invalid token")]
    Invalid,
}

/// Issues and verifies HS256 session tokens.
///
/// Tokens name their key (`kid` in the header: a digest of the secret, which reveals nothing
/// of a random secret), so that earlier secrets can still verify the tokens they signed while
/// a secret is rotated; only the current secret signs.
pub struct JwtCodec {
    kid: String,
    encoding: EncodingKey,
    /// The current key first, then the earlier ones.
    decoding: Vec<(String, DecodingKey)>,
    validation: Validation,
    ttl: Duration,
    clock: Box<dyn Clock>,
}

/// The public name of a secret: the first 16 hex digits of a SHA-256 digest of it.
fn key_id(secret: &[u8]) -> String {
    let digest = Sha256::new()
        .chain_update(b"storegister-jwt-kid:")
        .chain_update(secret)
        .finalize();
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

impl JwtCodec {
    /// A codec signing with `secret`, issuing tokens valid for `ttl`.
    pub fn new(secret: &[u8], ttl: Duration, clock: Box<dyn Clock>) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        let kid = key_id(secret);
        Self {
            decoding: vec![(kid.clone(), DecodingKey::from_secret(secret))],
            kid,
            encoding: EncodingKey::from_secret(secret),
            validation,
            ttl,
            clock,
        }
    }

    /// The codec also accepting tokens signed with these earlier secrets.
    pub fn accepting<'a>(mut self, previous: impl IntoIterator<Item = &'a [u8]>) -> Self {
        for secret in previous {
            self.decoding
                .push((key_id(secret), DecodingKey::from_secret(secret)));
        }
        self
    }

    /// The keys that may have signed `token`: the one its `kid` names, or every key for a
    /// token without one (issued before tokens named their key).
    fn keys_for(&self, token: &str) -> Result<Vec<&DecodingKey>, TokenRejection> {
        let header = decode_header(token).map_err(|_| TokenRejection::Invalid)?;
        Ok(match header.kid {
            Some(kid) => self
                .decoding
                .iter()
                .filter(|(id, _)| *id == kid)
                .map(|(_, key)| key)
                .collect(),
            None => self.decoding.iter().map(|(_, key)| key).collect(),
        })
    }

    /// The session a token speaks for, if it is ours, intact and unexpired.
    ///
    /// Whether the security stamp is still current is for the use case to check against the
    /// store.
    pub fn verify(&self, token: &str) -> Result<Session, TokenRejection> {
        let token = token.trim();
        let mut outcome = Err(TokenRejection::Invalid);
        for key in self.keys_for(token)? {
            outcome = decode::<Claims>(token, key, &self.validation).map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => TokenRejection::Expired,
                _ => TokenRejection::Invalid,
            });
            if outcome.is_ok() {
                break;
            }
        }
        let data = outcome?;
        // jsonwebtoken compares exp with the system clock; our clock may be a test's
        if data.claims.exp <= self.clock.now().timestamp() {
            return Err(TokenRejection::Expired);
        }
        Ok(Session {
            contact_id: ContactId(data.claims.sub),
            company_id: CompanyId(data.claims.cid),
            security_stamp: data.claims.sst,
            session_id: data.claims.sid,
        })
    }
}

impl TokenIssuer for JwtCodec {
    fn issue(&self, session: &Session) -> Result<String, TokenError> {
        let iat = self.clock.now().timestamp();
        let ttl = i64::try_from(self.ttl.as_secs()).unwrap_or(i64::MAX);
        let claims = Claims {
            sub: session.contact_id.uuid(),
            cid: session.company_id.uuid(),
            sst: session.security_stamp,
            sid: session.session_id,
            iat,
            exp: iat.saturating_add(ttl),
        };
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.kid.clone());
        encode(&header, &claims, &self.encoding).map_err(|e| TokenError(e.into()))
    }
}

#[cfg(test)]
mod tests {
    use storegister_kernel::{FixedClock, SystemClock};

    use super::*;

    fn session() -> Session {
        Session {
            contact_id: ContactId::generate(),
            company_id: CompanyId::generate(),
            security_stamp: Uuid::new_v4(),
            session_id: Uuid::new_v4(),
        }
    }

    #[test]
    fn a_token_without_a_session_is_invalid() {
        // as issued before sessions were stored: no `sid`
        #[derive(Serialize)]
        struct Old {
            sub: Uuid,
            cid: Uuid,
            sst: Uuid,
            iat: i64,
            exp: i64,
        }
        let now = chrono::Utc::now().timestamp();
        let old = Old {
            sub: Uuid::new_v4(),
            cid: Uuid::new_v4(),
            sst: Uuid::new_v4(),
            iat: now,
            exp: now + 60,
        };
        let token = encode(
            &Header::new(Algorithm::HS256),
            &old,
            &EncodingKey::from_secret(b"secret"),
        )
        .unwrap();
        let codec = JwtCodec::new(b"secret", Duration::from_secs(60), Box::new(SystemClock));
        assert_eq!(codec.verify(&token), Err(TokenRejection::Invalid));
    }

    #[test]
    fn an_issued_token_verifies_to_its_session() {
        let codec = JwtCodec::new(b"secret", Duration::from_secs(60), Box::new(SystemClock));
        let session = session();
        let token = codec.issue(&session).unwrap();
        assert_eq!(codec.verify(&token).unwrap(), session);
    }

    #[test]
    fn a_token_signed_with_another_secret_is_invalid() {
        let ours = JwtCodec::new(b"secret", Duration::from_secs(60), Box::new(SystemClock));
        let theirs = JwtCodec::new(b"other", Duration::from_secs(60), Box::new(SystemClock));
        let token = theirs.issue(&session()).unwrap();
        assert_eq!(ours.verify(&token), Err(TokenRejection::Invalid));
        assert_eq!(ours.verify("garbage"), Err(TokenRejection::Invalid));
        assert_eq!(ours.verify(""), Err(TokenRejection::Invalid));
    }

    #[test]
    fn tokens_of_a_previous_secret_verify_until_it_is_dropped() {
        let clock = || Box::new(SystemClock);
        let old = JwtCodec::new(b"old-secret", Duration::from_secs(60), clock());
        let token = old.issue(&session()).unwrap();
        let rotated = JwtCodec::new(b"new-secret", Duration::from_secs(60), clock())
            .accepting([&b"old-secret"[..]]);
        assert!(rotated.verify(&token).is_ok());
        // new tokens are signed with the new secret only
        let fresh = rotated.issue(&session()).unwrap();
        assert_eq!(old.verify(&fresh), Err(TokenRejection::Invalid));
        let dropped = JwtCodec::new(b"new-secret", Duration::from_secs(60), clock());
        assert_eq!(dropped.verify(&token), Err(TokenRejection::Invalid));
        assert!(dropped.verify(&fresh).is_ok());
        // the header names the key, not the secret
        let header = decode_header(&fresh).unwrap();
        assert_eq!(header.kid.as_deref(), Some(key_id(b"new-secret").as_str()));
        assert!(!fresh.contains("new-secret"));
    }

    #[test]
    fn an_expired_token_is_expired() {
        let past = chrono::Utc::now() - chrono::Duration::hours(2);
        let issuer = JwtCodec::new(
            b"secret",
            Duration::from_secs(60),
            Box::new(FixedClock(past)),
        );
        let verifier = JwtCodec::new(b"secret", Duration::from_secs(60), Box::new(SystemClock));
        let token = issuer.issue(&session()).unwrap();
        assert_eq!(verifier.verify(&token), Err(TokenRejection::Expired));
    }
}
