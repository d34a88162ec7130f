# phi-lint in a small container image (docs/ci.md, "Container image").
#
#   docker build -t phi-lint .
#   docker run --rm -v "$PWD:/src" phi-lint check templates/
#
# Stage 1 builds the release binary with the committed lockfile; stage 2 is distroless (glibc,
# no shell, runs as non-root), holding only the binary: the rule packs are embedded in it.
# The runtime image has no git, so --staged and --diff-base are not available in it.

FROM rust:1.95-slim-bookworm AS build
WORKDIR /build
COPY . .
RUN cargo build --release --locked --bin phi-lint \
 && strip target/release/phi-lint

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /build/target/release/phi-lint /usr/local/bin/phi-lint
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/phi-lint"]
CMD ["check", "."]
