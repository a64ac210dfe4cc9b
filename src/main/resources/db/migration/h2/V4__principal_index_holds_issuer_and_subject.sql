-- The principal index holds issuer and subject (a URL, a space, up to 255 characters), not
-- the bare subject, which two providers may give to different people.
ALTER TABLE SPRING_SESSION ALTER COLUMN PRINCIPAL_NAME SET DATA TYPE VARCHAR(1024);
