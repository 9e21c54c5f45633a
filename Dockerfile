# syntax=docker/dockerfile:1
# One image for both processes: the API (default command) and the worker
# (`node apps/worker/dist/main.js`, as docker-compose.yml runs it).

ARG NODE_IMAGE=node:24-bookworm-slim

# ── build: every dependency, TypeScript compiled ───────────────────────────────
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund \
 && npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 # Stage only what runs: production node_modules, compiled code, Lua scripts, package.json files.
 && mkdir -p /out \
 && cp -a package.json package-lock.json node_modules /out/ \
 && for dir in packages/* apps/*; do mkdir -p "/out/$dir" && cp -a "$dir/package.json" "$dir/dist" "/out/$dir/"; done \
 && for lua in packages/*/lua; do cp -a "$lua" "/out/$lua"; done

# ── runtime: production dependencies and compiled output only, non-root ─────────
FROM ${NODE_IMAGE} AS runtime
# Both processes default to 127.0.0.1 (this machine only); in a container that would be unreachable.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    WORKER_HEALTH_HOST=0.0.0.0
WORKDIR /app
# Owned by root and read-only for the service user: the process cannot rewrite its own code.
COPY --from=build /out/ /app/
USER node
EXPOSE 8000 8001
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/api/dist/main.js"]
