// Package api owns piid's HTTP API: routing, auth, limits, JSON shapes and
// the OpenAPI description (openapi.yaml, embedded and served), thin over
// the daemon's Backend (and, later, dsar/).
//
// The routes, their bodies and statuses are in openapi.yaml, which
// TestOpenAPIMatchesRoutes holds against the routes NewServer registers:
//
//	GET  /healthz               liveness                       (no auth)
//	GET  /readyz                readiness, 503 until ready     (no auth)
//	GET  /metrics               Prometheus metrics             (no auth)
//	GET  /openapi.yaml          the OpenAPI 3.1 description    (no auth)
//	POST /v1/scans              index paths now (202)
//	GET  /v1/scans/{id}         a scan's progress
//	GET  /v1/findings           page through the index
//	POST /v1/subjects/search    a data subject's findings and records
//
// What it guarantees:
//   - Every /v1/ route needs "Authorization: Bearer <token>", compared in
//     constant time (digests of equal length: not even the token's length
//     leaks); otherwise 401 with "WWW-Authenticate: Bearer".
//   - Every error is {"error": {"code", "message"}}: unknown routes 404,
//     wrong methods 405 with Allow, bodies over 1 MiB 413, malformed JSON
//     (syntax, unknown fields, trailing data) 400 naming the problem,
//     internal errors 500 with a generic message and the detail logged.
//   - No raw value is served: every finding's Value is cleared, whatever
//     the Backend returns.
//   - One log line per request (method, route pattern, status, duration,
//     bytes) and metrics by route pattern (piid_http_requests_total,
//     piid_http_request_duration_seconds): never a URL, query value, body
//     or id, so neither personal data nor unbounded label values.
//
// It must not import cmd/ and knows nothing of Badger or the scanner's
// workers: the daemon implements Backend.
package api
