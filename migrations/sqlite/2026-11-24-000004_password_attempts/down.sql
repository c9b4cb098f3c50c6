DROP TABLE password_attempts;
