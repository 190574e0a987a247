# Concord's container image (issue 25 item 4). Two stages: `build` compiles the binary
# (GOV.UK Frontend and MoJ Frontend are fetched by npm, pinned by package-lock.json, and
# embedded in it); `run` is Debian slim with that one binary, the PostgreSQL client tools
# for `concord backup`/`restore`, and a non-root user. The container runs with a
# read-only root filesystem: the only place it writes is /var/lib/concord (a volume:
# a SQLite database, the audit anchor file) and /tmp.
#
#   docker build -t concord .
#   docker run --read-only --tmpfs /tmp -v concord:/var/lib/concord -p 127.0.0.1:8080:8080 concord demo --bind 0.0.0.0
#
# scripts/check-container runs this file's build command and starts the binary as the run
# stage does, with only its data directory writable; CI runs it.

FROM rust:1-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p concord-cli

FROM debian:bookworm-slim AS run
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /var/lib/concord --create-home concord
COPY --from=build /src/target/release/concord /usr/local/bin/concord
USER 10001:10001
WORKDIR /var/lib/concord
VOLUME ["/var/lib/concord"]
ENV CONCORD_BIND=0.0.0.0 \
    CONCORD_PORT=8080 \
    CONCORD_METRICS_BIND=0.0.0.0:9464 \
    CONCORD_LOG_FORMAT=json \
    DATABASE_URL=/var/lib/concord/concord.db
EXPOSE 8080 9464
ENTRYPOINT ["concord"]
CMD ["serve"]
