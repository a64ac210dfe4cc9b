-- Back-channel logout (dev.simplelogin.security.logout), shared by every instance.
-- Which provider session each session began in: the SHA-256 (hex) of the issuer, a space and
-- the ID token's sid, so a logout token naming a sid finds its sessions. A link goes with its
-- session.
CREATE TABLE SIMPLELOGIN_PROVIDER_SESSION (
	SESSION_PRIMARY_ID CHAR(36) NOT NULL,
	PROVIDER_SESSION CHAR(64) NOT NULL,
	CONSTRAINT SIMPLELOGIN_PROVIDER_SESSION_PK PRIMARY KEY (SESSION_PRIMARY_ID),
	CONSTRAINT SIMPLELOGIN_PROVIDER_SESSION_FK FOREIGN KEY (SESSION_PRIMARY_ID) REFERENCES SPRING_SESSION(PRIMARY_ID) ON DELETE CASCADE
);

CREATE INDEX SIMPLELOGIN_PROVIDER_SESSION_IX1 ON SIMPLELOGIN_PROVIDER_SESSION (PROVIDER_SESSION);

-- Logout tokens already used: the SHA-256 (hex) of the issuer, a space and the jti, kept
-- until the token would be refused as too old anyway (milliseconds since the epoch).
CREATE TABLE SIMPLELOGIN_LOGOUT_TOKEN (
	TOKEN_KEY CHAR(64) NOT NULL,
	EXPIRY_TIME BIGINT NOT NULL,
	CONSTRAINT SIMPLELOGIN_LOGOUT_TOKEN_PK PRIMARY KEY (TOKEN_KEY)
);

CREATE INDEX SIMPLELOGIN_LOGOUT_TOKEN_IX1 ON SIMPLELOGIN_LOGOUT_TOKEN (EXPIRY_TIME);
