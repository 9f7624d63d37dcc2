// Package api owns piid's HTTP API: routing, auth, limits, JSON shapes and
// the OpenAPI description, thin over dsar/ and index/.
package api
