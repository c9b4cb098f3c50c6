# Multi-stage build of storegister-api and storegister-admin.
FROM rust:1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libssl-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked --features postgres-tls \
        -p storegister-api -p storegister-admin \
    && cp target/release/storegister-api target/release/storegister-admin /usr/local/bin/

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libssl3 curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/storegister --create-home storegister
COPY --from=build /usr/local/bin/storegister-api /usr/local/bin/storegister-admin /usr/local/bin/
USER storegister
WORKDIR /var/lib/storegister
ENV STOREGISTER__SERVER__HOST=0.0.0.0 \
    STOREGISTER__SERVER__PORT=8080 \
    STOREGISTER__STORAGE__PATH=/var/lib/storegister/files
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD curl -fsS http://127.0.0.1:8080/ready || exit 1
CMD ["storegister-api"]
